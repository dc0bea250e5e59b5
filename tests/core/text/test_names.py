"""Speaker entries to bare names: roles, honorifics and role notes are not names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.library.load import load_library
from viewer.core.search.people import people
from viewer.core.text import names as names_module
from viewer.core.text.names import is_role_or_honorific, person_key, split_entry


@pytest.mark.parametrize(
    ("entry", "name", "role", "affiliation"),
    [
        ("Moderator: Lina Haddad, Daily Ledger", "Lina Haddad", "Moderator", "Daily Ledger"),
        ("Lina Haddad (Moderator), Daily Ledger", "Lina Haddad", "Moderator", "Daily Ledger"),
        ("(Moderator) Lina Haddad, Daily Ledger", "Lina Haddad", "Moderator", "Daily Ledger"),
        ("Lina Haddad, Daily Ledger (Moderator)", "Lina Haddad", "Moderator", "Daily Ledger"),
        ("Chair - Dr. Omar Kell, Port Trust", "Omar Kell", "Chair", "Port Trust"),
        ("Co-Chair: Prof. Ines Varga", "Ines Varga", "Co-Chair", ""),
        ("Host: Ms. Ada Stone", "Ada Stone", "Host", ""),
        (
            "Sh. Tarun Bose- Director, Grid Co - Panelist",
            "Tarun Bose",
            "Panelist",
            "Director, Grid Co",
        ),
        ("Kiran Dutt, Volt Labs (Keynote Speaker)", "Kiran Dutt", "Keynote Speaker", "Volt Labs"),
        ("Shri Anil Rao, Water Board", "Anil Rao", "", "Water Board"),
        ("Shri, Anil Rao, Water Board", "Anil Rao", "", "Water Board"),
        ("Shri.Anil Rao", "Anil Rao", "", ""),
        ("Smt. Mira Nair", "Mira Nair", "", ""),
        ("(Dr.) Mira Nair, Health Dept", "Mira Nair", "", "Health Dept"),
        ("Prof(Dr) Mira Nair", "Mira Nair", "", ""),
        ("Prof. (Dr.) Mira Nair", "Mira Nair", "", ""),
        ("H.E. Jon Berg, Embassy of Norden", "Jon Berg", "", "Embassy of Norden"),
        ("Hon'ble Mr Justice Ravi Lal, Retired", "Ravi Lal", "", "Retired"),
        ("Dr . Piya Sen, State Govt", "Piya Sen", "", "State Govt"),
        ("Shri Vikram Das IPS, Police", "Vikram Das", "", "Police"),
        ("Col Aman Gill (Retd), Defence", "Aman Gill", "", "Retd, Defence"),
        ("Chenai Chair, Language Hub", "Chenai Chair", "", "Language Hub"),
        ("Moderator", "", "Moderator", ""),
        ("Shri", "", "", ""),
        ("He Wei, Lab", "He Wei", "", "Lab"),
        ("H.E. Hendrik J. (Harry) Berg, Embassy", "Hendrik J. Berg", "", "Embassy"),
        ("R. S. Iyer, Institute", "R. S. Iyer", "", "Institute"),
    ],
)
def test_split_entry(entry: str, name: str, role: str, affiliation: str) -> None:
    parts = split_entry(entry)
    assert (parts.name, parts.role, parts.affiliation) == (name, role, affiliation)


def test_person_key_and_role_words() -> None:
    assert person_key("Shri R. S. Iyer") == person_key("R S Iyer") == "r s iyer"
    assert person_key("Dr. José Núñez") == "jose nunez"
    for word in ("Moderator", "Panelist", "Shri", "Sh.", "Dr.", "H.E.", "Hon'ble", "(Dr.)"):
        assert is_role_or_honorific(word), word
    for word in ("Lina Haddad", "Chenai Chair", "Hostetler"):
        assert not is_role_or_honorific(word), word


def test_hostile_entries_are_bounded() -> None:
    for entry in ("(" * 5000, "Moderator: " * 2000, "Dr. " * 3000 + "X", "\u2060\u200b", ""):
        parts = split_entry(entry)
        assert len(parts.name) <= 4000


@pytest.mark.corpus
def test_no_role_or_honorific_is_a_person_in_the_corpus(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    everyone = people(library.sessions)
    assert len(everyone) > 500
    for person in everyone:
        assert person.name and not is_role_or_honorific(person.name), person
        first = person.name.split()[0]
        assert not is_role_or_honorific(first), person
        assert not person.name.startswith("("), person
    # An entry stating a role beside the name puts that person under their own name.
    moderated = [
        sp
        for s in library.sessions
        for sp in s.speakers
        if "moderator" in sp.text.casefold() and sp.name
    ]
    assert len(moderated) >= 5
    for speaker in moderated:
        assert "moderator" not in speaker.key, speaker
        assert "Moderator" in speaker.affiliation, speaker


# The role patterns write the role words once, an opening bracket asking for the closing one
# (`(?(open)...)`); written out with two copies of the words, as the rule reads, they must match
# the same texts at the same places and take the same role.
_WORDS = names_module._ROLE_WORDS
_LEADING_TWO_COPIES = re.compile(
    rf"^(?:\(\s*(?P<b>{_WORDS})\s*\)|(?P<p>{_WORDS})\s*(?::|[-–—]\s|\|))\s*", re.IGNORECASE
)
_TRAILING_TWO_COPIES = re.compile(
    rf"(?:\(\s*(?P<b>{_WORDS})\s*\)|(?:^|[,;|]|\s[-–—])\s*(?P<p>{_WORDS}))\s*$", re.IGNORECASE
)
_PIECES = [
    "Moderator", "(Chair)", "( co-host )", "Panelist", "Keynote Speaker", "chair", "host",
    "Speakers", "In conversation with", "Dr. Asha Rao", "Org Ltd", " - ", ", ", "(", ")", ": ",
    " | ", " ", "—", ";", "IAS", "X (Bo) Y",
]  # fmt: skip


def _same(mine: re.Match[str] | None, written: re.Match[str] | None) -> bool:
    if mine is None or written is None:
        return mine is written
    role = written.group("b") or written.group("p")
    return mine.span() == written.span() and mine.group("role") == role


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join))
def test_the_role_patterns_match_as_the_rule_written_out(text: str) -> None:
    assert _same(names_module._LEADING_ROLE.match(text), _LEADING_TWO_COPIES.match(text))
    assert _same(names_module._TRAILING_ROLE.search(text), _TRAILING_TWO_COPIES.search(text))
