"""Venue names: one canonical spelling per room, natural order."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from viewer.core.library.load import load_library
from viewer.core.text.venues import canonical_room, canonical_venue, natural_key


@pytest.mark.parametrize(
    ("variants", "canonical"),
    [
        (["Room 12", "Room No. 12", "Room No 12", "Room number 12", "Room #12"], "Room 12"),
        (["Audi 3", "Audi III", "audi iii"], "Audi 3"),
        (["Amphitheater", "Amphitheatre", "Amphitheatre (300 seats)"], "Amphitheater"),
        (
            ["Plenary Hall - C", "Plenary Hall C", "Plenary Hall-C", "Plenary  Hall – C"],
            "Plenary Hall C",
        ),
        (
            ["L2 Meeting Room 4", "Meeting Room 4, Level 2", "Meeting Room No. 4 Level 2"],
            "L2 Meeting Room 4",
        ),
        (["Convention Centre", "Convention Center"], "Convention Center"),
    ],
)
def test_variants_share_one_name(variants: list[str], canonical: str) -> None:
    assert {canonical_room(v) for v in variants} == {canonical}


def test_words_that_only_look_like_numerals_stay() -> None:
    assert canonical_room("Vivid Hall") == "Vivid Hall"
    assert canonical_room("Hall I.T. Wing") == "Hall I.T. Wing"
    assert canonical_room("Mix Lounge") == "Mix Lounge"
    assert canonical_venue("Expo - North", "") == "Expo North"


def test_natural_order() -> None:
    names = ["Room 10", "Room 7", "room 9", "Audi 2", "Room 100"]
    assert sorted(names, key=natural_key) == ["Audi 2", "Room 7", "room 9", "Room 10", "Room 100"]
    assert natural_key("9" * 5000)  # no int conversion limit


@pytest.mark.corpus
def test_corpus_venues_differ_in_more_than_spelling(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    written = {(s.building, s.room) for s in library.sessions}
    venues = library.venues()
    assert len(venues) < len(written)  # some rooms were spelled several ways
    assert venues == sorted(venues, key=natural_key)

    # No two entries that differ only in case, spacing, punctuation, "No." or a numeral's form.
    def skeleton(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum()).replace("no", "")

    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for venue in venues:
        by_skeleton[skeleton(venue)].append(venue)
    assert all(len(v) == 1 for v in by_skeleton.values()), by_skeleton
    # Every room number is sorted by value within its building.
    rooms = [v for v in venues if v.startswith("Bharat Mandapam — L1 Meeting Room")]
    numbers = [int(v.rsplit(" ", 1)[1]) for v in rooms if v.rsplit(" ", 1)[1].isdigit()]
    assert numbers == sorted(numbers) and len(numbers) >= 5
    # Each written spelling maps into the list.
    assert {canonical_venue(b, r) for b, r in written} - {""} == set(venues)


def test_canonical_venue_filters_every_spelling(tmp_path: Path) -> None:
    from tests.core.search.search_fixtures import FILLER, write_session
    from viewer.core.search.index import Facets, SearchIndex

    root = tmp_path / "lib"
    for n, room in enumerate(("Room No. 12", "Room 12", "Room XII Annex", "Room 2")):
        write_session(
            root,
            f"Day-1_Feb-16/sessions/00{n}-S",
            f"Session {n}",
            venue=f"Hall A | {room}",
            transcript=f"{FILLER} tides number {n} {FILLER}",
        )
    library = load_library([root])
    assert library.venues() == ["Hall A — Room 2", "Hall A — Room 12", "Hall A — Room XII Annex"]
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update(library)
    found = index.search("tides", Facets(venues=frozenset({"Hall A — Room 12"})))
    assert sorted(g.path for g in found.groups) == [
        "Day-1_Feb-16/sessions/000-S",
        "Day-1_Feb-16/sessions/001-S",
    ]
    index.close()
