"""The Schedule tab in the assembled window: built on first use, clicks open sessions, the
list's filters dim blocks, favorites star them, and on the real corpus every timed session
of each day is in its room."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView, QWidget

from viewer.core.session.model import Session
from viewer.core.text.venues import canonical_room
from viewer.ui.mainwindow.actions import ActionId
from viewer.ui.mainwindow.application import create_window
from viewer.ui.mainwindow.window import MainWindow
from viewer.ui.schedule.items import SessionBlock

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
LOAD_TIMEOUT_MS = 30_000


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[..., MainWindow]]:
    opened: list[MainWindow] = []

    def factory(paths: list[Path | str]) -> MainWindow:
        window = create_window([str(p) for p in paths])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
            window.show()
        window.resize(1400, 900)
        opened.append(window)
        return window

    yield factory
    for window in opened:  # no search indexing may start after the test (its delayed hand-off)
        window._search_timer.stop()


def blocks(window: MainWindow) -> dict[str, SessionBlock]:
    view = window.findChild(QGraphicsView, "scheduleView")
    assert view is not None
    return {i.data(0): i for i in view.scene().items() if isinstance(i, SessionBlock)}


def click(qtbot: Any, window: MainWindow, path: str) -> None:
    view = window.schedule.panel.view
    item = blocks(window)[path]
    view.ensureVisible(item.sceneBoundingRect())
    point = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def day_paths(sessions: list[Session], day: int) -> set[str]:
    return {s.path for s in sessions if s.day == day and re.fullmatch(r"\d\d:\d\d", s.start)}


def test_tab_is_built_when_opened_beside_the_list(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    tabs = window.side_tabs
    assert tabs.tabText(tabs.indexOf(window.browser) + 1) == "Schedule"
    assert window.findChild(QGraphicsView, "scheduleView") is None  # not built at start-up
    tabs.setCurrentIndex(tabs.indexOf(window.browser) + 1)
    view = window.findChild(QGraphicsView, "scheduleView")
    assert view is not None and view.isVisible()
    assert tabs.currentWidget() is window.schedule.panel
    assert window._search_panel is None  # opening the schedule does not start the search
    # The day of the open session is shown, with every timed session of that day.
    shown = window.library.session(window.current_path)
    assert shown is not None
    assert set(blocks(window)) == day_paths(window.library.sessions, shown.day or 0)
    assert blocks(window)[window.current_path].look.current


def test_click_opens_the_session_as_the_list_does(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.schedule.show()
    target = next(p for p in blocks(window) if p != window.current_path)
    with qtbot.waitSignal(window.sessionShown) as shown:
        click(qtbot, window, target)
    assert shown.args == [target] and window.current_path == target
    assert window.browser.current_path() == target  # the list follows, as for any opening
    assert [p for p, item in blocks(window).items() if item.look.current] == [target]


def test_filters_dim_the_blocks_they_hide(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.schedule.show()
    window.schedule.panel.show_day_number(1)
    window.browser.filter_edit.setText("health")
    proxy = window.browser.proxy
    kept = {proxy.path_at(r) for r in range(proxy.rowCount())}
    by = blocks(window)
    assert {p for p, i in by.items() if not i.dimmed} == kept & set(by)
    assert any(i.dimmed for i in by.values())
    window.browser.clear_filters()
    assert not any(i.dimmed for i in blocks(window).values())


def test_day_filter_and_sessions_opened_elsewhere_move_the_schedule(
    open_window, library_dir: Path
) -> None:
    window = open_window([library_dir])
    library = window.library
    assert library is not None
    window.schedule.show()
    window.browser.proxy.set_filter(day=4)
    assert set(blocks(window)) == day_paths(library.sessions, 4) != set()
    window.browser.clear_filters()
    languages = next(s.path for s in library.sessions if s.path.endswith("002-Languages"))
    window.open_session(languages)  # e.g. from Ctrl+P or search
    assert set(blocks(window)) == day_paths(library.sessions, 2)
    assert blocks(window)[languages].look.current


def test_favorites_are_starred(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.schedule.show()
    path = window.current_path
    window.commands[ActionId.TOGGLE_FAVORITE].trigger()  # Ctrl+D
    assert blocks(window)[path].look.starred
    window.commands[ActionId.TOGGLE_FAVORITE].trigger()
    assert not blocks(window)[path].look.starred
    window.detail.favoriteToggled.emit(True)  # the detail pane's star button
    assert blocks(window)[path].look.starred


def test_enter_reads_the_focused_block(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.schedule.show()
    view = window.schedule.panel.view
    view.setFocus()
    assert window.current_path.endswith("001-Opening")  # Plenary Hall, right of Hall 2
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.focused.endswith("002-Health")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.current_path == view.focused, timeout=2000)
    focus = window.focusWidget()
    assert isinstance(focus, QWidget) and focus.objectName() == "transcriptView"


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]+", " ", text.casefold()).split()


@pytest.mark.corpus
def test_corpus_every_timed_session_in_its_room_each_day(open_window, corpus_root: Path) -> None:
    window = open_window([corpus_root])
    library = window.library
    assert library is not None
    window.schedule.show()
    panel = window.schedule.panel
    days = sorted({s.day for s in library.sessions if s.day is not None})
    assert [d.key[0] for d in panel.days] == days
    for day in days:
        assert panel.show_day_number(day)
        expected = day_paths(library.sessions, day)
        by = blocks(window)
        assert set(by) == expected, f"day {day}"
        scene = panel.scene
        assert scene is not None
        columns: dict[int, list[SessionBlock]] = defaultdict(list)
        for path, item in by.items():
            session = library.session(path)
            assert session is not None
            room = scene.grid.columns[item.block.column].room
            # One column per room, whichever spelling of it the session's entry uses.
            assert _words(canonical_room(room.name)) == _words(canonical_room(session.room)), path
            same_building = _words(canonical_room(room.building))
            assert same_building == _words(canonical_room(session.building)), path
            columns[item.block.column].append(item)
        for items in columns.values():  # overlapping sessions side by side, never stacked
            rects = [i.sceneBoundingRect() for i in items]
            for a in range(len(rects)):
                for b in range(a + 1, len(rects)):
                    assert not rects[a].intersects(rects[b])


def test_the_schedule_action_shows_the_tab_with_the_keyboard_in_it(
    open_window, library_dir: Path
) -> None:
    window = open_window([library_dir])
    action = window.commands[ActionId.SHOW_SCHEDULE]
    assert action.objectName() == "actionShowSchedule" and action.shortcut().toString() == "Ctrl+T"
    action.trigger()
    view = window.findChild(QGraphicsView, "scheduleView")
    assert view is not None and window.side_tabs.currentWidget() is window.schedule.panel
    assert view.hasFocus() or window.focusWidget() is view


def test_a_hidden_schedule_catches_up_with_the_filters_when_shown(
    open_window, library_dir: Path
) -> None:
    window = open_window([library_dir])
    window.schedule.show()
    window.schedule.panel.show_day_number(1)
    window.side_tabs.setCurrentWidget(window.browser)  # hidden: typing does not touch it
    window.browser.filter_edit.setText("health")
    assert not any(i.dimmed for i in blocks(window).values())
    window.schedule.show()
    assert any(i.dimmed for i in blocks(window).values())


def test_quality_flags_judged_after_the_load_reach_the_blocks(
    open_window, qtbot, library_dir: Path
) -> None:
    window = open_window([library_dir])
    library = window.library
    qtbot.waitUntil(lambda: library.quality_known, timeout=20_000)
    window.schedule.show()
    panel = window.schedule.panel
    flagged = {
        path
        for path, quality in library.qualities().items()
        if quality.level in ("partial", "doubtful")
    }
    shown = {item.data(0) for item in panel.view.blocks() if item.look.warning}
    on_this_day = {item.data(0) for item in panel.view.blocks()}
    assert shown == flagged & on_this_day
    assert shown  # the fixture library has short transcripts for hour-long slots
