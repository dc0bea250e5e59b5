"""One canonical name per room, and the natural order of venue names.

Why: the session files spell one room several ways ("Room 10" / "Room No. 10", "Audi 2" /
"Audi II", "Amphitheater" / "Amphitheatre", "Plenary Hall - B" / "Plenary Hall B",
"Meeting Room 7, Level 1" / "L1 Meeting Room 7"), so a venue filter built from the text as
written lists one room several times, and sorted as text "Room 10" comes before "Room 7".
`canonical_venue` rewrites the spelling only (numbers, "No."/"number", Roman numerals after a
room word, British/American "-re"/"-er", dashes and spacing, capacity notes); it never guesses
that two different-looking rooms are one. The text as written stays in the session and is
shown in the detail pane.
"""

from __future__ import annotations

import re
from functools import lru_cache

from viewer.core.text.folding import clean

MAX_VENUE_CHARS = 500

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_ROMAN_VALUES = "|".join(sorted(_ROMAN, key=len, reverse=True))
# Words after which a Roman numeral is a room number ("Audi II", "Hall IV", "Room iii").
_NUMBERED_WORDS = (
    r"audi|auditorium|hall|room|theatre|theater|amphitheatre|amphitheater|wing|block|gate"
    r"|level|floor|court|studio|stage|pavilion|lounge|suite|zone|arena|plenary"
)
_ROMAN_AFTER = re.compile(
    rf"\b(?P<word>{_NUMBERED_WORDS})\s+(?P<roman>{_ROMAN_VALUES})\b(?!\.)", re.IGNORECASE
)
# "No. 10", "No 10", "number 10", "Nr. 10", "#10" -> "10".
_NUMBER_WORD = re.compile(r"\b(?:no|nr|number|num)\s*\.?\s*(?=\d)|#\s*(?=\d)", re.IGNORECASE)
# "Theatre"/"Theater", "Centre"/"Center": one spelling (the American, as most rooms use it).
_RE_ER = re.compile(r"\b(amphithea|thea|cen)tre(s?)\b", re.IGNORECASE)
# Capacity and other notes in brackets: "(200pax)", "(capacity 120)", "(Ground Floor)" stay.
_CAPACITY = re.compile(r"\(\s*(?:capacity\s*)?\d+\s*(?:pax|seats?|people|persons)?\s*\)", re.I)
# "Meeting Room 7, Level 1" -> "L1 Meeting Room 7" (the usual order in the collection).
_TRAILING_LEVEL = re.compile(r"^(?P<room>.+?),?\s+(?:level|lvl|floor)\s*(?P<n>\d{1,2})$", re.I)
_LEVEL_WORD = re.compile(r"\b(?:level|lvl)\s*(\d{1,2})\b", re.IGNORECASE)
# A dash between words ("Plenary Hall - B", "Hall - A") is spacing, not meaning.
_DASH = re.compile(r"\s*[-–—]\s+|\s+[-–—]\s*")
# "Hall-A", "Audi-2": a hyphen between a room word and its letter or number.
_HYPHENED = re.compile(rf"\b({_NUMBERED_WORDS})-(\w{{1,3}})\b", re.IGNORECASE)
_SPLIT_DIGITS = re.compile(r"(\d{1,12})")


def _roman(match: re.Match[str]) -> str:
    return f"{match.group('word')} {_ROMAN[match.group('roman').lower()]}"


def _fix_case(word: str) -> str:
    """Title-case all-lowercase words so "meeting room" and "Meeting Room" agree."""
    return word[:1].upper() + word[1:] if word.islower() and len(word) > 2 else word


@lru_cache(maxsize=4096)
def canonical_room(room: str) -> str:
    """The canonical spelling of a room ("L1 Meeting Room No. 10" -> "L1 Meeting Room 10")."""
    text = " ".join(clean(room[:MAX_VENUE_CHARS]).split())
    text = _CAPACITY.sub(" ", text)
    text = _NUMBER_WORD.sub("", text)
    text = _RE_ER.sub(lambda m: f"{m.group(1)}ter{m.group(2)}", text)
    text = _ROMAN_AFTER.sub(_roman, text)
    text = _DASH.sub(" ", text)
    text = _HYPHENED.sub(r"\1 \2", text)
    text = " ".join(text.split()).strip(" ,;-")
    level = _TRAILING_LEVEL.match(text)
    if level and not re.match(r"^L\d", level.group("room")):
        text = f"L{level.group('n')} {level.group('room').strip(' ,')}"
    text = _LEVEL_WORD.sub(lambda m: f"L{m.group(1)}", text)
    return " ".join(_fix_case(w) for w in text.split())


@lru_cache(maxsize=4096)
def canonical_venue(building: str, room: str) -> str:
    """Building and room, each in canonical spelling, joined like `Session.venue` (" — ")."""
    parts = (canonical_room(building), canonical_room(room))
    return " — ".join(part for part in parts if part)


def natural_key(text: str) -> str:
    """Sort key that orders numbers by value: "Room 7" before "Room 10", case ignored.

    A string (numbers zero-padded to 12 digits), so it mixes with other string sort keys.
    """
    return _SPLIT_DIGITS.sub(lambda m: m.group().zfill(12), text[:MAX_VENUE_CHARS].casefold())
