"""People: one entry per normalised name, with sessions and transcript mentions."""

from __future__ import annotations

from pathlib import Path

from tests.core.search.search_fixtures import build_corpus
from viewer.core.library.load import load_library
from viewer.core.search.index import SearchIndex
from viewer.core.search.people import mentions_query, people
from viewer.core.session.model import Session
from viewer.core.session.parse import split_speaker


def test_people_group_spellings_and_find_mentions(tmp_path: Path) -> None:
    build_corpus(tmp_path / "lib")
    library = load_library([tmp_path / "lib"])
    everyone = {p.key: p for p in people(library.sessions)}
    asha = everyone["asha verma"]
    assert asha.sessions == (
        "Day-1_Feb-16/sessions/001-Robotics-in-Farming",
        "Day-1_Feb-16/sessions/002-City-Water",
    )
    assert set(asha.affiliations) == {"Agritech Lab", "Director"}
    assert "jose nunez" in everyone
    names = [p.name.casefold() for p in people(library.sessions)]
    assert names == sorted(names)

    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update(library)
    mentions = index.search(mentions_query(asha))
    # Spoken once in a transcript; the speaker lists that also hold the name do not count.
    assert [(h.path, h.field) for h in mentions.hits] == [
        ("Day-2_Feb-17/sessions/003-Open-Data", "transcript")
    ]
    assert "<b>Asha</b> <b>Verma</b>" in mentions.hits[0].snippet_html
    index.close()


def _session(path: str, *entries: str) -> Session:
    return Session(path=path, speakers=tuple(split_speaker(e) for e in entries))


def test_one_person_under_one_name_with_variants() -> None:
    sessions = [
        _session("a", "Moderator: Lina Haddad, Daily Ledger", "Shri K. Arun Pillai, Grid Board"),
        _session("b", "Lina Haddad (Moderator), Daily Ledger", "Arun Pillai, Grid Board"),
        _session("c", "Dr. Lina Hadad, Daily Ledger", "(Dr.) Arun Pillai"),
        # One letter apart but nothing shared: two people.
        _session("d", "Amit Sethi, River Council", "Amir Sethi, Orbit Labs"),
        _session("e", "Moderator", "Shri", "Panelist:"),
    ]
    everyone = {p.key: p for p in people(sessions)}
    lina = everyone["lina haddad"]
    assert lina.sessions == ("a", "b", "c") and lina.variants == ("Lina Hadad",)
    assert set(lina.keys) == {"lina haddad", "lina hadad"}
    arun = everyone["arun pillai"]
    assert arun.sessions == ("a", "b", "c") and "K. Arun Pillai" in arun.variants
    assert {"amit sethi", "amir sethi"} <= set(everyone)
    assert not {"moderator", "shri", "panelist", ""} & set(everyone)


def test_initials_only_join_when_unambiguous() -> None:
    sessions = [
        _session("a", "A. Ravi Kumar, X Org"),
        _session("b", "B. Ravi Kumar, Y Org"),
        _session("c", "Ravi Kumar, Z Org"),
    ]
    assert len(people(sessions)) == 3
