"""The session list's shown-rows model: layout changes, persistent indexes, the per-row cell
cache, sorting under a filter, and the browser's selection and count on top of it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, QPoint, Qt
from PySide6.QtTest import QSignalSpy

from tests.ui.conftest import make_session
from viewer.core.session.model import Session
from viewer.ui.sessions.browser import SessionBrowser
from viewer.ui.sessions.filter import (
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
    COL_VENUE,
    COL_VIDEO,
    SessionFilterProxy,
    SessionPathRole,
    SessionRole,
    SessionTableModel,
    SortKeyRole,
)

# Showing a top-level widget under the offscreen platform warns; any other Qt warning fails.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def build(sessions: list[Session]) -> tuple[SessionTableModel, SessionFilterProxy]:
    model = SessionTableModel()
    model.set_sessions(sessions)
    proxy = SessionFilterProxy()
    proxy.setSourceModel(model)
    return model, proxy


def shown(proxy: SessionFilterProxy) -> list[str]:
    return [proxy.path_at(r) for r in range(proxy.rowCount())]


def titles(proxy: SessionFilterProxy) -> list[str]:
    return [proxy.index(r, COL_TITLE).data() for r in range(proxy.rowCount())]


def test_model_tester_watches_filtering_sorting_and_resets(qapp, qtmodeltester, sessions) -> None:
    """Qt's model tester stays attached (it fails the test on any inconsistency it sees in
    the layout-change and reset signals)."""
    model, proxy = build(sessions)
    qtmodeltester.check(proxy)
    for text in ("k", "ke", "key", "keynote", "ke", "", "health", "zzz", ""):
        proxy.set_filter(text=text)
    proxy.set_filter(day=1)
    proxy.sort(COL_TITLE, DESC)
    proxy.set_filter(day=None, has_video=True)
    proxy.sort(-1, ASC)
    model.set_sessions(sessions[:4])
    proxy.set_filter(reset=True)
    assert proxy.rowCount() == 4


def test_source_model_tester_while_sorting(qapp, qtmodeltester, sessions) -> None:
    model, _ = build(sessions)
    qtmodeltester.check(model)
    model.sort(COL_SPEAKERS, DESC)
    model.sort(COL_TITLE, ASC)
    model.sort(-1, ASC)


def test_rows_flags_and_roles(qapp, sessions) -> None:
    model, proxy = build(sessions)
    proxy.set_filter(text="keynote")
    assert shown(proxy) == [sessions[0].path, sessions[2].path]
    index = proxy.index(1, COL_DAY)
    assert index.data() == "2"
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter)
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "day 2"
    assert index.data(SessionPathRole) == sessions[2].path
    assert index.data(SessionRole) is sessions[2]
    assert index.data(SortKeyRole) == model.index(2, COL_DAY).data(SortKeyRole)
    assert index.data(Qt.ItemDataRole.FontRole) is None
    assert proxy.index(0, COL_VIDEO).data(Qt.ItemDataRole.ToolTipRole) == "Has a YouTube video"
    assert proxy.index(1, COL_TRANSCRIPT).data(Qt.ItemDataRole.ToolTipRole) == "No transcript"
    flags = proxy.flags(index)
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert flags & Qt.ItemFlag.ItemNeverHasChildren and not flags & Qt.ItemFlag.ItemIsEditable
    assert proxy.data(proxy.index(5, 0)) is None  # no such row: an invalid index
    assert proxy.path_at(-1) == proxy.path_at(2) == ""
    assert proxy.proxy_row_of(sessions[1].path) == -1
    assert proxy.proxy_row_of("missing") == -1


def test_a_filter_change_is_one_layout_change_and_none_when_rows_stay(qapp, sessions) -> None:
    _, proxy = build(sessions)
    about = QSignalSpy(proxy.layoutAboutToBeChanged)
    changed = QSignalSpy(proxy.layoutChanged)
    resets = QSignalSpy(proxy.modelReset)
    counts: list[tuple[int, int]] = []
    proxy.filterChanged.connect(lambda n, total: counts.append((n, total)))
    proxy.set_filter(text="e")  # every session has an "e": nothing for the view to redo
    assert (about.count(), changed.count(), counts) == (0, 0, [(6, 6)])
    proxy.set_filter(text="keynote")
    assert (about.count(), changed.count(), resets.count()) == (1, 1, 0)
    assert counts[-1] == (2, 6)


def test_persistent_indexes_follow_their_sessions(qapp, sessions) -> None:
    _, proxy = build(sessions)
    keynote = QPersistentModelIndex(proxy.index(2, COL_SPEAKERS))
    health = QPersistentModelIndex(proxy.index(1, COL_TITLE))
    proxy.set_filter(text="keynote")
    assert (keynote.row(), keynote.column()) == (1, COL_SPEAKERS)
    assert keynote.data(SessionPathRole) == sessions[2].path
    assert not health.isValid()  # hidden: gone, not moved onto another session
    proxy.sort(COL_TITLE, DESC)  # "Opening ..." before "Keynote: ..."
    assert keynote.row() == 1 and keynote.data(SessionPathRole) == sessions[2].path
    proxy.sort(COL_TITLE, ASC)
    assert keynote.row() == 0 and keynote.data(SessionPathRole) == sessions[2].path
    proxy.set_filter(text="")
    assert keynote.data(SessionPathRole) == sessions[2].path


def test_sorting_with_a_filter_active(qapp) -> None:
    rows = [
        make_session(f"d/s{i}", title, day=day, start=start, speakers=speakers)
        for i, (title, day, start, speakers) in enumerate(
            [
                ("Data beta", 2, "10:00", ()),
                ("Other", 1, "09:00", ()),
                ("data alpha", 1, "11:00", (("A", "", "a"),)),
                ("Data gamma", 1, "11:00", (("B", "", "b"), ("C", "", "c"))),
                ("Data alpha", 3, "09:00", ()),
            ]
        )
    ]
    model, proxy = build(rows)
    proxy.set_filter(text="data")
    proxy.sort(COL_TITLE, ASC)
    # Equal keys ("data alpha" twice) keep load order; the two rows that would read the same
    # are told apart by their speakers (`titles.display_titles`).
    assert titles(proxy) == ["data alpha — A", "Data alpha", "Data beta", "Data gamma"]
    proxy.sort(COL_TITLE, DESC)
    assert titles(proxy) == ["Data gamma", "Data beta", "data alpha — A", "Data alpha"]
    proxy.sort(COL_DAY, ASC)
    assert shown(proxy) == ["d/s2", "d/s3", "d/s0", "d/s4"]
    proxy.sort(COL_SPEAKERS, DESC)
    assert shown(proxy) == ["d/s3", "d/s2", "d/s0", "d/s4"]
    assert proxy.sort_state() == (COL_SPEAKERS, DESC) == model.sort_state
    proxy.set_filter(text="")  # widening keeps the sort
    assert shown(proxy) == ["d/s3", "d/s2", "d/s0", "d/s1", "d/s4"]
    proxy.sort(-1, ASC)  # load order again
    assert shown(proxy) == [f"d/s{i}" for i in range(5)]


def test_cells_are_cached_per_shown_row_and_dropped_with_new_sessions(qapp, sessions) -> None:
    model, proxy = build(sessions)
    assert model.cells == [None] * len(sessions)
    proxy.set_filter(text="keynote")
    assert proxy.index(1, COL_TITLE).data() == sessions[2].title
    cached = model.cells[2]
    assert cached is not None and [c is None for c in model.cells].count(False) == 1
    proxy.sort(COL_TITLE, DESC)  # the cache moves with its row
    assert model.cells[model.row_of(sessions[2].path)] is cached
    assert proxy.index(proxy.proxy_row_of(sessions[2].path), COL_TITLE).data() == (
        sessions[2].title
    )
    renamed = dataclasses.replace(sessions[2], title="Keynote: Compute, renamed", speakers=())
    model.set_sessions([*sessions[:2], renamed, *sessions[3:]])
    assert all(c is None for c in model.cells)
    row = proxy.proxy_row_of(renamed.path)
    assert proxy.index(row, COL_TITLE).data() == "Keynote: Compute, renamed"
    assert proxy.index(row, COL_SPEAKERS).data() == ""


def test_matching_rows_within_the_rows_shown_before(sessions) -> None:
    prepared = prepare_rows(sessions)
    everything = matching_rows(SessionFilter(), sessions, prepared)
    assert everything == list(range(len(sessions)))
    keynote = matching_rows(SessionFilter(text="keynote"), sessions, prepared)
    assert keynote == [0, 2]
    assert matching_rows(SessionFilter(text="keynote"), sessions, prepared, within=[2]) == [2]
    both = SessionFilter(text="perez", day=2, has_video=True, speaker_key="lin wei")
    assert matching_rows(both, sessions, prepared) == [2]
    agenda = SessionFilter(only_paths=frozenset({sessions[4].path, "elsewhere"}))
    assert matching_rows(agenda, sessions, prepared) == [4]


def browser_with(qtbot, sessions: list[Session]) -> SessionBrowser:
    browser = SessionBrowser()
    qtbot.addWidget(browser)
    browser.set_sessions(sessions, {"days": [1, 2, 4]})
    browser.resize(520, 600)
    browser.show()
    return browser


def test_browser_keeps_the_selection_while_its_session_is_shown(qtbot, sessions) -> None:
    browser = browser_with(qtbot, sessions)
    keynote = sessions[2].path
    browser.select_path(keynote, notify=False)
    for text in ("k", "key", "keynote", "keynote compute", "keynote", ""):
        browser.filter_edit.setText(text)
        assert browser.current_path() == keynote, text
        rows = browser.table.selectionModel().selectedRows()
        assert [r.data(SessionPathRole) for r in rows] == [keynote], text
    browser.filter_edit.setText("health")  # hidden: nothing selected, nothing opened
    assert not browser.table.selectionModel().hasSelection()
    assert browser.count_label.text() == "Showing 2 of 6 sessions"
    browser.filter_edit.setText("")
    assert browser.current_path() == keynote
    assert browser.count_label.text() == "6 sessions"


def test_browser_favorites_are_told_to_whoever_follows_them(qtbot, sessions) -> None:
    # The schedule's stars follow the list's favorites, whoever changed them (the favorite
    # command, the detail pane's star, a library bound), in any order of connection.
    browser = browser_with(qtbot, sessions)
    chosen = frozenset({sessions[1].path, sessions[4].path})
    with qtbot.waitSignal(browser.favoritesChanged, timeout=1000):
        browser.set_favorites(chosen)
    assert browser.favorites() == chosen
    browser.agenda_toggle().setChecked(True)  # My agenda: the list follows at once
    assert [s.path for s in browser.shown_sessions()] == [
        s.path for s in sessions if s.path in chosen
    ]
    with qtbot.waitSignal(browser.favoritesChanged, timeout=1000):
        browser.set_favorites(frozenset({sessions[1].path}))
    assert [s.path for s in browser.shown_sessions()] == [sessions[1].path]


def test_browser_sorts_by_header_click_with_a_filter(qtbot, sessions) -> None:
    browser = browser_with(qtbot, sessions)
    browser.filter_edit.setText("keynote")
    browser.select_path(sessions[0].path, notify=False)
    header = browser.table.horizontalHeader()
    at = QPoint(header.sectionViewportPosition(COL_DAY) + 10, 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert browser.proxy.sort_state() == (COL_DAY, ASC)
    assert browser.proxy.path_at(0) == sessions[0].path
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert browser.proxy.sort_state() == (COL_DAY, DESC)
    assert browser.proxy.path_at(0) == sessions[2].path  # day 2 first
    assert browser.current_path() == sessions[0].path  # the selection followed its row
    assert browser.count_label.text() == "Showing 2 of 6 sessions"


def test_browser_keyboard_moves_through_the_shown_rows(qtbot, sessions) -> None:
    browser = browser_with(qtbot, sessions)
    browser.filter_edit.setText("perez")  # sessions 0 and 2
    opened: list[str] = []
    browser.sessionActivated.connect(opened.append)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Home)
    assert browser.current_path() == sessions[0].path
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    assert browser.current_path() == sessions[2].path
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)  # last shown row: stays
    assert browser.current_path() == sessions[2].path
    assert opened[0] == sessions[0].path


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("text"), st.sampled_from(["", "a", "al", "alp", "a b", "é", "x"])),
            st.tuples(st.just("day"), st.sampled_from([None, 1, 2])),
            st.tuples(st.just("sort"), st.sampled_from([-1, COL_TITLE, COL_DAY, COL_SPEAKERS])),
        ),
        max_size=12,
    )
)
def test_any_sequence_of_filters_and_sorts_shows_what_a_fresh_filter_would(qapp, steps) -> None:
    rows = [
        make_session(f"d/s{i}", title, day=1 + i % 2, speakers=(("B", "", "b"),) * (i % 3))
        for i, title in enumerate(["Alpha", "Beta", "alps", "Élan", "Xylo", "al b", "Gamma"])
    ]
    model, proxy = build(rows)
    for kind, value in steps:
        if kind == "sort":
            proxy.sort(value, DESC if value == COL_SPEAKERS else ASC)
        elif kind == "day":
            proxy.set_filter(day=value)
        else:
            proxy.set_filter(text=value)
        f = proxy.current_filter
        terms = filter_terms(f.text)
        expected = [
            s.path
            for s in model.sessions
            if all(t in haystack(s) for t in terms) and f.day in (None, s.day)
        ]
        assert shown(proxy) == expected, steps


def test_filter_data_arrives_later_in_load_order_and_fits_a_sorted_list(qapp) -> None:
    # The loader hands the folded rows over after the first paint, in load order, while the
    # list may already be sorted; before they arrive, a filter folds the rows itself.
    rows = [
        make_session(f"d/s{i}", title, speakers=((name, "", name.lower()),))
        for i, (title, name) in enumerate(
            [("Zeta health", "Ann"), ("Alpha", "Bo"), ("Mid health", "Cy")]
        )
    ]
    model, proxy = build(rows)  # no prepared rows yet
    proxy.sort(COL_TITLE, ASC)
    assert model.adopt_prepared(prepare_rows(rows))
    proxy.set_filter(text="health")
    assert titles(proxy) == ["Mid health", "Zeta health"]
    proxy.set_filter(text="", speaker_key="bo")
    assert titles(proxy) == ["Alpha"]
    assert not model.adopt_prepared(prepare_rows(rows[:2]))  # not these sessions: ignored
    _fresh, fresh_proxy = build(rows)
    fresh_proxy.sort(COL_TITLE, DESC)
    fresh_proxy.set_filter(text="health")  # nothing handed over: folded on demand
    assert titles(fresh_proxy) == ["Zeta health", "Mid health"]


def test_venue_filter_and_column_use_the_canonical_room(qapp) -> None:
    rows = [
        make_session("d/a", "A", room="Meeting Room No. 10"),
        make_session("d/b", "B", room="Meeting Room 10"),
        make_session("d/c", "C", room="Meeting Room 7"),
    ]
    _model, proxy = build(rows)
    proxy.set_filter(venue="Bharat Mandapam — Meeting Room 10")
    assert sorted(proxy.path_at(r) for r in range(proxy.rowCount())) == ["d/a", "d/b"]
    proxy.set_filter(reset=True)
    proxy.sort(COL_VENUE, ASC)
    shown = [proxy.index(r, COL_VENUE).data() for r in range(proxy.rowCount())]
    assert shown == ["Meeting Room 7", "Meeting Room 10", "Meeting Room 10"]  # 7 before 10
    tips = {
        proxy.path_at(r): proxy.index(r, COL_VENUE).data(Qt.ItemDataRole.ToolTipRole)
        for r in range(3)
    }
    assert tips["d/a"].endswith("Meeting Room No. 10")  # as written in the tooltip


def test_a_narrow_list_drops_the_venue_column_and_no_other_row_stays_selected(
    qtbot, sessions
) -> None:
    from viewer.ui.sessions.model import COL_VENUE

    browser = browser_with(qtbot, sessions)
    assert not browser.table.isColumnHidden(COL_VENUE)
    browser.resize(360, 600)
    qtbot.waitUntil(lambda: browser.table.isColumnHidden(COL_VENUE))
    header = browser.table.horizontalHeader()
    assert header.sectionSize(COL_TITLE) > browser.table.viewport().width() // 3
    browser.resize(700, 600)
    qtbot.waitUntil(lambda: not browser.table.isColumnHidden(COL_VENUE))

    browser.filter_edit.setText(sessions[1].title)
    assert browser.select_path(sessions[1].path, notify=False)
    assert browser.table.selectionModel().selectedRows()
    # a search hit opens a session the filter hides: the list must not keep another row lit
    assert not browser.select_path(sessions[0].path, notify=False)
    assert not browser.table.selectionModel().selectedRows()
