"""Dates as shown, against the standard library's calendar (which they replace at start-up)."""

from __future__ import annotations

import datetime

import pytest

from viewer.core.text.dates import long_label, parse_iso, short_label, weekday


def test_every_day_of_four_centuries_reads_as_datetime_writes_it() -> None:
    day = datetime.date(1899, 12, 25)
    end = datetime.date(2301, 1, 6)
    step = datetime.timedelta(days=1)
    while day <= end:  # leap years of every kind: 1900 (no), 2000 (yes), 2100, 2104...
        text = day.isoformat()
        assert parse_iso(text) == (day.year, day.month, day.day)
        assert weekday(day.year, day.month, day.day) == day.weekday()
        assert long_label(text) == day.strftime("%a %d %b %Y")
        assert short_label(text) == f"{day.day} {day.strftime('%b')}"
        day += step


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-02-29",  # not a leap year
        "1900-02-29",  # a century that is not one
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "2026-04-00",
        "0000-01-01",
        "2026/02/17",
        "2026-2-17",
        "20260217",  # other ISO forms are shown as written
        "2026-02-17T10:00",
        " 2026-02-17",
        "２０２６-02-17",  # full-width digits
        "abcd-ef-gh",
    ],
)
def test_what_is_no_date_gives_none(text: str) -> None:
    assert parse_iso(text) is None
    assert long_label(text) is None and short_label(text) is None


def test_leap_days_that_exist() -> None:
    assert long_label("2000-02-29") == "Tue 29 Feb 2000"
    assert long_label("2024-02-29") == "Thu 29 Feb 2024"
    assert short_label("2026-02-17") == "17 Feb"
