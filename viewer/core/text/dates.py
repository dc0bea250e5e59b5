"""A session's date as the program shows it: "Tue 17 Feb 2026" (the detail pane, exports) or
"17 Feb" (the schedule's day tabs), from the `YYYY-MM-DD` of its file.

Why not `datetime`: importing it was about 2 ms of every start that shows a session, for a
weekday and a month name. This is the proleptic Gregorian calendar `datetime.date` uses, in
the English names `strftime("%a %d %b %Y")` gives under the C locale (the program never
sets another); a test compares the two on every day of four centuries.
"""

from __future__ import annotations

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# Sakamoto's method: the weekday of the first of each month, offset, in a year from March.
_MONTH_OFFSET = (0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def parse_iso(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a valid `YYYY-MM-DD` date (year 1-9999), else None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    digits = (text[:4], text[5:7], text[8:])
    if not all(part.isascii() and part.isdigit() for part in digits):
        return None
    year, month, day = (int(part) for part in digits)
    if year < 1 or not 1 <= month <= 12:
        return None
    last = 29 if month == 2 and _is_leap(year) else _DAYS_IN_MONTH[month - 1]
    return (year, month, day) if 1 <= day <= last else None


def weekday(year: int, month: int, day: int) -> int:
    """0 for Monday to 6 for Sunday (as `datetime.date.weekday`)."""
    y = year - (month < 3)
    sunday_first = (y + y // 4 - y // 100 + y // 400 + _MONTH_OFFSET[month - 1] + day) % 7
    return (sunday_first + 6) % 7


def long_label(text: str) -> str | None:
    """ "Tue 17 Feb 2026" for "2026-02-17"; None when `text` is no valid date."""
    parsed = parse_iso(text)
    if parsed is None:
        return None
    year, month, day = parsed
    return f"{WEEKDAYS[weekday(year, month, day)]} {day:02d} {MONTHS[month - 1]} {year}"


def short_label(text: str) -> str | None:
    """ "17 Feb" for "2026-02-17"; None when `text` is no valid date."""
    parsed = parse_iso(text)
    return None if parsed is None else f"{parsed[2]} {MONTHS[parsed[1] - 1]}"
