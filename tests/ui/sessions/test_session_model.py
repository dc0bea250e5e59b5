"""The session table model and its filter proxy: model contract, filtering, sorting, speed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from tests.ui.conftest import make_session
from viewer.core.session.model import Session, Speaker
from viewer.core.text.folding import fold
from viewer.ui.sessions.filter import (
    MAX_FILTER_CHARS,
    SessionFilter,
    filter_terms,
    haystack,
    matching_rows,
    prepare_rows,
)
from viewer.ui.sessions.model import (
    COL_DAY,
    COL_SPEAKERS,
    COL_TITLE,
    COL_TRANSCRIPT,
    COL_VIDEO,
    HEADERS,
    SessionFilterProxy,
    SessionPathRole,
    SessionTableModel,
)


def build(sessions: list[Session]) -> tuple[SessionTableModel, SessionFilterProxy]:
    model = SessionTableModel()
    model.set_sessions(sessions)
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown_paths(proxy: SessionFilterProxy) -> list[str]:
    return [proxy.path_at(r) for r in range(proxy.rowCount())]


def test_models_pass_qtmodeltester(qapp, qtmodeltester, sessions) -> None:
    model, proxy = build(sessions)
    qtmodeltester.check(model)
    proxy.set_filter(text="health")
    proxy.sort(COL_TITLE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_empty_model_passes_qtmodeltester(qtmodeltester) -> None:
    model, proxy = build([])
    qtmodeltester.check(model)
    qtmodeltester.check(proxy)


def test_display_and_roles(qapp, sessions) -> None:
    model, _ = build(sessions)
    assert model.rowCount() == len(sessions)
    assert model.columnCount() == len(HEADERS)
    first = model.index(0, COL_TITLE)
    assert first.data() == sessions[0].title
    assert first.data(SessionPathRole) == sessions[0].path
    assert model.index(2, COL_SPEAKERS).data() == "2"
    assert model.index(0, COL_DAY).data() == "1"
    assert not model.index(0, COL_VIDEO).data(Qt.ItemDataRole.DecorationRole).isNull()
    assert model.index(1, COL_VIDEO).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(4, COL_TRANSCRIPT).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "no transcript"
    )
    assert model.row_of(sessions[3].path) == 3
    assert model.row_of("missing") == -1


def test_fold_is_case_and_diacritic_insensitive() -> None:
    assert fold("José PÉREZ") == fold("jose perez") == "jose perez"
    assert fold("Ünïcode") == "unicode"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("health", {"Day-1/sessions/002-Health", "Day-4/sessions/001-Closing"}),
        ("HEALTH rural", {"Day-1/sessions/002-Health"}),
        ("rural health", {"Day-1/sessions/002-Health"}),
        ("perez", {"Day-1/sessions/001-Opening", "Day-2/sessions/001-Keynote"}),
        ("pérez", {"Day-1/sessions/001-Opening", "Day-2/sessions/001-Keynote"}),
        ("open data trust", {"Day-1/sessions/001-Opening", "Day-2/sessions/002-Languages"}),
        ("sushma", {"Day-4/sessions/002-Startups"}),
        ("unicode", {"Day-4/sessions/002-Startups"}),
        ("nothing-like-this", set()),
    ],
)
def test_text_filter_matches_title_speakers_partners_venue(qapp, sessions, text, expected) -> None:
    _, proxy = build(sessions)
    proxy.set_filter(text=text)
    want = {s.path for s in sessions} if expected is None else expected
    assert set(shown_paths(proxy)) == want


def test_facets_combine_with_text(qapp, sessions) -> None:
    _, proxy = build(sessions)
    counts: list[tuple[int, int]] = []
    proxy.filterChanged.connect(lambda shown, total: counts.append((shown, total)))
    proxy.set_filter(day=2)
    assert set(shown_paths(proxy)) == {s.path for s in sessions if s.day == 2}
    proxy.set_filter(has_video=True)
    assert set(shown_paths(proxy)) == {s.path for s in sessions if s.day == 2 and s.video_url}
    proxy.set_filter(day=None, has_video=False, has_transcript=True)
    assert set(shown_paths(proxy)) == {s.path for s in sessions if s.has_transcript}
    proxy.set_filter(reset=True, venue="Bharat Mandapam — Hall 2")
    assert set(shown_paths(proxy)) == {s.path for s in sessions if s.room == "Hall 2"}
    proxy.set_filter(reset=True, partner="Open Data Trust")
    assert set(shown_paths(proxy)) == {s.path for s in sessions if "Open Data Trust" in s.partners}
    proxy.set_filter(reset=True, speaker_key="asha rao", text="startup")
    assert shown_paths(proxy) == ["Day-4/sessions/002-Startups"]
    assert counts[-1] == (1, len(sessions))
    proxy.set_filter(reset=True)
    assert proxy.rowCount() == len(sessions)
    assert proxy.current_filter.is_empty()


def test_unknown_filter_field_is_an_error(qapp, sessions) -> None:
    _, proxy = build(sessions)
    with pytest.raises(TypeError):
        proxy.set_filter(colour="red")


def test_sort_by_columns(qapp, sessions) -> None:
    _, proxy = build(sessions)
    proxy.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    titles = [proxy.index(r, COL_TITLE).data() for r in range(proxy.rowCount())]
    assert titles == sorted(titles, key=fold)
    proxy.sort(COL_DAY, Qt.SortOrder.DescendingOrder)
    days = [int(proxy.index(r, COL_DAY).data()) for r in range(proxy.rowCount())]
    assert days == sorted(days, reverse=True)
    proxy.sort(COL_SPEAKERS, Qt.SortOrder.DescendingOrder)
    assert proxy.path_at(0) == "Day-2/sessions/001-Keynote"
    # Sorting survives filtering.
    proxy.set_filter(text="plenary")
    counts = [proxy.index(r, COL_SPEAKERS).data() for r in range(proxy.rowCount())]
    assert counts == sorted(counts, key=lambda c: int(c or 0), reverse=True)


def test_source_reset_refilters(qapp, sessions) -> None:
    model, proxy = build(sessions)
    proxy.set_filter(text="keynote")
    assert proxy.rowCount() == 2
    model.set_sessions(sessions[:3])
    assert set(shown_paths(proxy)) == {sessions[0].path, sessions[2].path}
    assert proxy.proxy_row_of(sessions[0].path) >= 0
    assert proxy.proxy_row_of(sessions[1].path) == -1


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_fuzzed_filter_text_never_fails(qapp, text: str) -> None:
    rows = [
        make_session(f"d/s{i}", title, speakers=((name, "", name.lower()),))
        for i, (title, name) in enumerate(
            [("Alpha [beta] (gamma)", "Ñoño"), ("Δelta *star* \\back", "O'Brien"), ("", "")]
        )
    ]
    _, proxy = build(rows)
    proxy.set_filter(text=text)
    assert 0 <= proxy.rowCount() <= len(rows)
    assert len(proxy.current_filter.text) <= MAX_FILTER_CHARS


def synthetic(n: int) -> list[Session]:
    words = [
        "data",
        "model",
        "health",
        "policy",
        "compute",
        "language",
        "speech",
        "equity",
        "trust",
        "safety",
    ]
    return [
        make_session(
            f"Day-{i % 5 + 1}/sessions/{i:05d}",
            f"Session {i} on {words[i % 10]} and {words[(i * 7) % 10]}",
            day=i % 5 + 1,
            start=f"{9 + i % 9:02d}:00",
            room=f"Room {i % 40}",
            video_id="v" if i % 3 else "",
            speakers=tuple((f"Person {j} {words[j % 10]}", "Org", f"p{j}") for j in range(i % 4)),
            partners=(f"Partner {i % 25}",),
        )
        for i in range(n)
    ]


def test_filtering_seven_thousand_rows_while_typing(qapp) -> None:
    """Every keystroke of typing, erasing and retyping keeps the right rows (its speed is
    `filter_keystroke` in benchmarks/)."""
    rows = synthetic(7000)
    _, proxy = build(rows)
    proxy.sort(COL_TITLE, Qt.SortOrder.AscendingOrder)
    word = "health poli"

    def text_of(s: Session) -> str:
        return " ".join([s.title, s.venue, *(x.text for x in s.speakers), *s.partners]).lower()

    texts = [text_of(s) for s in rows]
    # Type it, erase back to "" (widening re-inserts sorted rows), then type it again.
    prefixes = [word[:n] for n in range(1, len(word) + 1)]
    for typed in [*prefixes, *reversed(prefixes[:-1]), "", *prefixes]:
        proxy.set_filter(text=typed)
        expected = sum(1 for text in texts if all(term in text for term in typed.split()))
        assert proxy.rowCount() == expected, typed
    assert 0 < proxy.rowCount() < len(rows)


def test_corpus_filter_counts(qapp, corpus_root: Path) -> None:
    from viewer.core.library.load import load_library

    library = load_library([corpus_root])
    _, proxy = build(library.sessions)
    assert proxy.rowCount() == len(library.sessions)
    want = [
        s
        for s in library.sessions
        if "health"
        in fold(" ".join([s.title, s.venue, *(x.text for x in s.speakers), *s.partners]))
    ]
    proxy.set_filter(text="HEALTH")
    assert proxy.rowCount() == len(want) > 0
    with_video = sum(1 for s in library.sessions if s.video_url and s.day == 2)
    proxy.set_filter(reset=True, day=2, has_video=True)
    assert proxy.rowCount() == with_video > 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "i", " ", "he", "al", "th", "é", "z"]), max_size=8))
def test_incremental_narrowing_matches_a_full_refilter(qapp, pieces: list[str]) -> None:
    rows = [
        make_session(f"d/s{i}", title)
        for i, title in enumerate(["Health AI", "Héalth", "Ai in health", "Zeal", "Other", "tha"])
    ]
    _, typed = build(rows)
    text = ""
    for piece in pieces:  # typing character groups one after another narrows incrementally
        text += piece
        typed.set_filter(text=text)
        terms = filter_terms(text)
        expected = [s.path for s in rows if all(t in haystack(s) for t in terms)]
        assert shown_paths(typed) == expected, text


def test_session_filter_folds_like_search() -> None:
    written = "Pe\u2060\u0301rez\u00a0Nu\u0301\u00f1ez"  # as test_folding.WRITTEN
    session = Session(path="a", title="Talk", speakers=(Speaker(text=written, name=written),))
    other = Session(path="b", title="Another talk")
    sessions = [session, other]
    assert matching_rows(SessionFilter(text="perez nunez"), sessions, prepare_rows(sessions)) == [0]
