"""People: one entry per normalised name, with sessions and transcript mentions."""

from __future__ import annotations

from pathlib import Path

from tests.core.search.search_fixtures import build_corpus
from viewer.core.library.load import load_library
from viewer.core.search.index import SearchIndex
from viewer.core.search.people import mentions_query, people


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
