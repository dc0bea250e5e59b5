"""The assembled main window, driven through its controls with pytest-qt.

Libraries: a tmp collection written from the `sessions` fixture (counts known by construction),
the bundled sample library, and the real corpus (counts computed here independently).
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget

from tests.fixtures.probe import LOADED_WINDOW, run_probe
from tests.ui.conftest import SIDE_TABS, tab_texts
from viewer.core.session.model import Session
from viewer.ui.common.settings import AppSettings, open_settings
from viewer.ui.mainwindow.actions import ActionId
from viewer.ui.mainwindow.application import SAMPLE_LIBRARY, create_window
from viewer.ui.mainwindow.window import MainWindow
from viewer.ui.sessions.model import COL_TITLE, COL_VENUE, SessionPathRole

PROJECT = Path(__file__).resolve().parents[3]
# The offscreen platform plugin warns when a main window is shown; that is not our bug.
OFFSCREEN_NOTICE = "This plugin does not support propagateSizeHints()"
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
LOAD_TIMEOUT_MS = 30_000


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[..., MainWindow]]:
    """Factory: a shown window on `paths`, returned once `loaded` fired."""

    def factory(paths: list[Path | str], **kwargs: Any) -> MainWindow:
        window = create_window([str(p) for p in paths], **kwargs)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
            window.show()
        return window

    yield factory


def titles_shown(window: MainWindow) -> list[str]:
    proxy = window.browser.proxy
    return [proxy.index(r, COL_TITLE).data() for r in range(proxy.rowCount())]


def path_with_title(window: MainWindow, title: str) -> str:
    assert window.library is not None
    return next(s.path for s in window.library.sessions if s.title == title)


def test_create_window_contract(open_window, library_dir: Path, sessions: list[Session]) -> None:
    window = open_window([library_dir])
    assert isinstance(window, MainWindow)
    for name, kind in (
        ("sessionList", QTableView),
        ("sessionFilter", QLineEdit),
        ("detailPane", QWidget),
        ("transcriptView", QWidget),
        ("openVideoButton", QWidget),
    ):
        assert isinstance(window.findChild(kind, name), kind), name
    assert window.library is not None
    assert len(window.library.sessions) == len(sessions)
    # The first session is open once `loaded` fired.
    assert window.current_path == window.browser.proxy.path_at(0)
    assert window.detail.title_label.text() == sessions[0].title
    assert window.browser.count_label.text() == f"{len(sessions)} sessions"
    # Every interactive control has an accessible name.
    unnamed = [
        w.objectName() or type(w).__name__
        for w in window.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(window)
        and not w.accessibleName()
        and w.objectName() not in ("qt_scrollarea_viewport",)
        and type(w).__name__ not in ("QScrollBar", "QTabBar", "QSplitterHandle", "QMenuBar")
    ]
    assert unnamed == []


def test_filter_box_and_count(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    qtbot.keyClicks(window.browser.filter_edit, "health")
    assert sorted(titles_shown(window)) == [
        "AI for Rural Health",
        "Closing Plenary: Health and Equity",
    ]
    assert window.browser.count_label.text() == "Showing 2 of 6 sessions"
    window.browser.filter_edit.setText("PEREZ keynote")  # speaker + title, any order, no accents
    assert sorted(titles_shown(window)) == [
        "Keynote: Compute for Everyone",
        "Opening Keynote on Sovereign AI",
    ]
    window.activateWindow()
    qtbot.waitActive(window)
    window.browser.filter_edit.setFocus()
    qtbot.keyClick(window.browser.filter_edit, Qt.Key.Key_Escape)  # Esc empties the box
    assert window.browser.filter_edit.text() == ""
    assert window.browser.proxy.rowCount() == 6


def test_facets_and_toggles(open_window, library_dir: Path, sessions: list[Session]) -> None:
    window = open_window([library_dir])
    b, f = window.browser, window.browser.facet_bar
    assert [f.day_combo.itemText(i) for i in range(f.day_combo.count())] == [
        "All days",
        "Day 1",
        "Day 2",
        "Day 4",
    ]
    f.day_combo.setCurrentIndex(f.day_combo.findData(2))
    assert b.proxy.rowCount() == sum(1 for s in sessions if s.day == 2)
    f.video_toggle.click()
    assert b.proxy.rowCount() == sum(1 for s in sessions if s.day == 2 and s.video_url)
    f.clear_button.click()
    assert b.proxy.rowCount() == len(sessions)
    f.transcript_toggle.click()
    assert b.proxy.rowCount() == sum(1 for s in sessions if s.transcript)
    f.clear_button.click()
    f.venue_combo.setCurrentIndex(f.venue_combo.findData("Bharat Mandapam — Plenary Hall"))
    assert b.proxy.rowCount() == sum(1 for s in sessions if s.room == "Plenary Hall")
    f.partner_combo.setCurrentIndex(f.partner_combo.findData("Open Data Trust"))
    assert sorted(titles_shown(window)) == ["Opening Keynote on Sovereign AI"]


def test_sort_by_header_click(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    header = window.browser.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_TITLE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    shown = titles_shown(window)
    assert shown == sorted(shown, key=str.casefold)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert titles_shown(window) == sorted(shown, key=str.casefold, reverse=True)


def test_selecting_rows_opens_sessions(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    table = window.browser.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    second = window.browser.proxy.path_at(1)
    assert window.current_path == second
    assert window.detail.title_label.text() == window.library.session(second).title
    window.activateWindow()
    qtbot.waitActive(window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter: read it (focus moves to the transcript)
    assert QApplication.focusWidget() is window.findChild(QWidget, "transcriptView")
    # Clicking a row opens it; the transcript shows its text.
    window.browser.filter_edit.setText("rural health")
    rect = table.visualRect(window.browser.proxy.index(0, COL_TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.detail.title_label.text() == "AI for Rural Health")
    view = window.findChild(QWidget, "transcriptView")
    assert "Health workers in villages" in view.toPlainText()
    assert "<b>Asha Rao</b>" in window.detail.speakers_label.text()  # the bare name


def test_video_button_state_and_open(open_window, library_dir: Path, url_log: Path) -> None:
    window = open_window([library_dir])
    button = window.findChild(QWidget, "openVideoButton")
    window.open_session(path_with_title(window, "AI for Rural Health"))
    assert not button.isEnabled()
    assert "no video" in button.toolTip().lower()
    assert not window.commands[ActionId.OPEN_VIDEO].isEnabled()
    window.open_session(path_with_title(window, "Keynote: Compute for Everyone"))
    assert button.isEnabled()
    button.click()
    assert url_log.read_text(encoding="utf-8").split() == [
        "https://youtube.com/live/vidBBBBBBB2?feature=share"
    ]


def test_copy_video_link(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.open_session(path_with_title(window, "Indic Languages and Speech Models"))
    window.detail.copy_button.click()
    assert (
        QGuiApplication.clipboard().text() == "https://youtube.com/live/vidCCCCCCC3?feature=share"
    )


def test_speaker_and_partner_links_filter_the_list(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.open_session(path_with_title(window, "AI for Rural Health"))
    window.detail.speakers_label.linkActivated.emit("speaker:0")
    assert sorted(titles_shown(window)) == [
        "AI for Rural Health",
        "Startup Showcase Ünïcode Edition",
    ]
    assert window.browser.facet_bar.speaker_chip.isVisible()
    window.browser.facet_bar.speaker_chip.click()
    assert window.browser.proxy.rowCount() == 6
    window.detail.partners_label.linkActivated.emit("partner:0")
    assert window.browser.facet_bar.partner_combo.currentData() == "Health Foundation"
    assert titles_shown(window) == ["AI for Rural Health"]


def test_problems_button_lists_failed_files(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    assert window.problems_button.isVisible()
    assert window.problems_button.text() == "1 file not read"
    window.problems_button.click()
    dialog = window._problems_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.item(0, 0).text().endswith("999-Broken.md")
    dialog.close()


def test_drop_a_folder_loads_it(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir / "Day-1_Feb-16"])
    assert window.browser.proxy.rowCount() == 2
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(library_dir))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.dropEvent(event)
    assert window.browser.proxy.rowCount() == 6
    assert window.library_paths == [str(library_dir)]


def test_settings_round_trip(open_window, qtbot, library_dir: Path, private_config: Path) -> None:
    window = open_window([library_dir])
    window.resize(640, 470)  # fits the offscreen screen, so restoring does not clamp it
    window.side_splitter.setSizes([500, 140])  # a list wide enough to show its venue column
    qtbot.waitUntil(lambda: not window.browser.table.isColumnHidden(COL_VENUE))
    header = window.browser.table.horizontalHeader()
    header.setSortIndicator(COL_TITLE, Qt.SortOrder.DescendingOrder)
    window.browser.facet_bar.transcript_toggle.click()
    window.browser.filter_edit.setText("speech")
    target = path_with_title(window, "Indic Languages and Speech Models")
    window.open_session(target)
    window.reader_splitter.setSizes([123, 500])
    window.reader_splitter.splitterMoved.emit(123, 1)  # what a drag of the handle says
    window.browser.table.horizontalHeader().resizeSection(COL_VENUE, 77)
    window.close()

    settings = AppSettings(open_settings(private_config / "settings.ini"))
    assert settings.last_library() == [str(library_dir)]
    assert settings.last_session() == target
    assert settings.sort() == (COL_TITLE, Qt.SortOrder.DescendingOrder.value)
    assert settings.filters()["text"] == "speech"
    assert settings.recent_libraries()[0] == [str(library_dir)]

    again = open_window([])  # no paths: the last library
    assert again.library_paths == [str(library_dir)]
    assert again.current_path == target
    assert again.browser.filter_edit.text() == "speech"
    assert again.browser.facet_bar.transcript_toggle.isChecked()
    assert again.browser.table.horizontalHeader().sortIndicatorSection() == COL_TITLE
    assert again.size().width() == 640
    assert again.reader_splitter.sizes()[0] == 123
    assert again.browser.table.horizontalHeader().sectionSize(COL_VENUE) == 77


def test_corrupt_settings_are_kept_aside(open_window, library_dir: Path, private_config) -> None:
    ini = private_config / "settings.ini"
    ini.write_bytes(b"[window]\ngeometry=\x00\x00garbage\n")
    window = open_window([library_dir])
    assert (private_config / "settings.ini.corrupt").read_bytes().startswith(b"[window]")
    assert "reset" in window.statusBar().currentMessage() or window.library is not None
    window.close()
    assert b"\x00" not in ini.read_bytes()


def test_recent_libraries_menu(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in window.recent_menu.actions()]
    assert labels[0] == library_dir.name
    assert "Clear Recent Libraries" in labels


def test_find_and_search_shortcuts(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.open_session(path_with_title(window, "Opening Keynote on Sovereign AI"))
    window.activateWindow()
    qtbot.waitActive(window)
    window.browser.table.setFocus()
    qtbot.keySequence(window.browser.table, QKeySequence(QKeySequence.StandardKey.Find))
    find_input = window.findChild(QLineEdit, "findInput")
    assert find_input is not None and find_input.isVisible()
    qtbot.keySequence(window.browser.table, QKeySequence("Ctrl+L"))
    assert QApplication.focusWidget() is window.browser.filter_edit
    qtbot.keySequence(window.browser.table, QKeySequence("Ctrl+Shift+F"))
    assert window.side_tabs.currentWidget() is window.search_panel
    assert QApplication.focusWidget() is window.findChild(QWidget, "searchInput")


def test_search_panel_is_built_when_its_tab_opens(open_window, qtbot, library_dir: Path) -> None:
    # Built on first use (off the first paint), in the same tab, with the library handed over.
    window = open_window([library_dir])
    assert window._search_panel is None
    assert window.findChild(QWidget, "searchInput") is None
    tabs = window.side_tabs
    assert tab_texts(tabs) == SIDE_TABS
    tabs.setCurrentIndex(2)
    panel = window._search_panel
    assert panel is not None and tabs.currentWidget() is panel and panel.isVisible()
    assert tab_texts(tabs) == SIDE_TABS
    assert panel._library is window.library  # the library was handed over with the tab
    assert window.search_panel is panel  # built once
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(2)
    assert window._search_panel is panel and tabs.count() == 4


def test_search_panel_gets_the_library_a_moment_after_start(
    open_window, qtbot, library_dir: Path
) -> None:
    window = open_window([library_dir])
    assert window._search_panel is None
    qtbot.waitUntil(lambda: window._search_panel is not None, timeout=10_000)
    assert window._search_panel._library is window.library
    assert window.side_tabs.currentWidget() is window.browser  # the user's tab is kept


def test_indexed_transcripts_open_with_the_stored_paragraphs(
    open_window, qtbot, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.ui.reader import transcript_panel

    window = open_window([library_dir])
    panel = window.search_panel
    window._hand_library_to_search()
    with qtbot.waitSignal(panel.indexReady, timeout=20_000):
        pass
    splits: list[str] = []
    real = transcript_panel.read_paragraphs
    monkeypatch.setattr(
        transcript_panel, "read_paragraphs", lambda text: splits.append(text) or real(text)
    )
    target = path_with_title(window, "Indic Languages and Speech Models")
    assert window.current_path != target
    window.open_session(target)
    assert splits == []  # the index had them: no split on opening
    assert "twenty two languages" in window.findChild(QWidget, "transcriptView").toPlainText()


def test_sample_library_opens(open_window) -> None:
    window = open_window([SAMPLE_LIBRARY])
    assert window.library is not None and len(window.library.sessions) >= 4
    assert window.detail.title_label.text() == window.library.session(window.current_path).title


def test_real_corpus_filters(open_window, corpus_root: Path) -> None:
    window = open_window([corpus_root])
    library = window.library
    assert library is not None and len(library.sessions) == 356

    def text_of(s: Session) -> str:
        return " ".join([s.title, s.venue, *(x.text for x in s.speakers), *s.partners]).lower()

    window.browser.filter_edit.setText("Health")
    assert window.browser.proxy.rowCount() == sum("health" in text_of(s) for s in library.sessions)
    window.browser.filter_edit.setText("")
    b, f = window.browser, window.browser.facet_bar
    f.day_combo.setCurrentIndex(f.day_combo.findData(4))
    f.video_toggle.click()
    f.transcript_toggle.click()
    expected = [s for s in library.sessions if s.day == 4 and s.video_url and s.has_transcript]
    assert b.proxy.rowCount() == len(expected) > 0
    assert b.count_label.text() == f"Showing {len(expected)} of 356 sessions"
    # Selecting a row fills the detail pane and the transcript.
    b.table.selectRow(0)
    path = b.table.currentIndex().data(SessionPathRole)
    full = library.full_session(path)
    assert window.detail.title_label.text() == full.title
    view = window.findChild(QWidget, "transcriptView")
    first_words = " ".join(full.transcript.split()[:3]).replace(">>", "").strip()
    assert first_words.split()[0] in view.toPlainText()


def test_quit_when_ready_exits_zero(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SUMMIT_CONFIG_DIR=str(tmp_path / "c"))
    done = subprocess.run(
        [sys.executable, str(PROJECT / "main.py"), "--quit-when-ready", str(SAMPLE_LIBRARY)],
        env=env,
        capture_output=True,
        timeout=60,
        cwd=PROJECT,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]


START_PROBE = (
    LOADED_WINDOW
    + """
import PySide6.QtWidgets as widgets
built = "QStyle" in widgets.__dict__  # PySide6 builds a type's Python class on first use
print(built, window.style().name(), window.browser.table.model().rowCount(), flush=True)
window.loader.shutdown()
"""
)


def test_start_up_is_fusion_without_building_the_qstyle_type(tmp_path: Path) -> None:
    # Building PySide6's QStyle class costs ~15 ms: the window is themed, shown, populated and
    # painted without it, and is Fusion even when the environment asks for another style.
    printed = run_probe(
        START_PROBE, str(SAMPLE_LIBRARY), config=tmp_path / "c", QT_STYLE_OVERRIDE="Windows"
    )
    built, style, rows = printed.split()
    assert (built, style) == ("False", "fusion")
    assert int(rows) > 0


def test_quick_exit_keeps_what_closing_saves(tmp_path: Path) -> None:
    # The process skips interpreter teardown after the window closes: the settings, the last
    # session and the reading places must be on disk all the same, and the exit code kept.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SUMMIT_CONFIG_DIR=str(tmp_path / "c"))
    for entry in (["main.py"], ["-m", "viewer"]):
        done = subprocess.run(
            [sys.executable, *entry, "--quit-when-ready", str(SAMPLE_LIBRARY)],
            env=env,
            capture_output=True,
            timeout=60,
            cwd=PROJECT,
        )
        stderr = done.stderr.decode(errors="replace").replace(OFFSCREEN_NOTICE, "")
        assert done.returncode == 0 and not stderr.strip(), stderr[-2000:]
    saved = AppSettings(open_settings(tmp_path / "c" / "settings.ini"))
    assert saved.last_library() == [str(SAMPLE_LIBRARY)]
    assert saved.last_session()
    assert saved.get_bytes("window/geometry")


def test_holding_down_coalesces_opens(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    opened: list[str] = []
    window.transcript.show_session = lambda session, *_args, **_kw: opened.append(session.path)
    window.browser.table.setFocus()
    for _ in range(5):
        qtbot.keyClick(window.browser.table, Qt.Key.Key_Down)
    last = window.browser.proxy.path_at(5)
    qtbot.waitUntil(lambda: window.current_path == last)
    assert opened[0] == window.browser.proxy.path_at(1)  # the first press opens at once
    assert opened[-1] == last
    assert len(opened) < 5


def test_window_filters_with_the_rows_its_loader_folded(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, library_dir: Path
) -> None:
    # The list is shown first; its filter data is folded in the loader's thread and handed over
    # after the first paint. The list must then filter with those rows, never fold them itself.
    import viewer.ui.sessions.model as session_model

    def must_not_fold(_sessions: Any) -> Any:
        raise AssertionError("the list folded its rows on the UI thread")

    monkeypatch.setattr(session_model, "prepare_rows", must_not_fold)
    window = create_window([str(library_dir)])
    qtbot.addWidget(window)
    events: list[str] = []
    window.loaded.connect(lambda: events.append("loaded"))
    window.loader.prepared.connect(lambda *_: events.append("prepared"))
    with qtbot.waitSignal(window.loader.prepared, timeout=LOAD_TIMEOUT_MS):
        window.show()
    assert events == ["loaded", "prepared"]
    window.browser.filter_edit.setText("rural health")
    assert titles_shown(window) == ["AI for Rural Health"]


def test_filtering_keeps_the_open_session(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    opened = path_with_title(window, "AI for Rural Health")
    window.open_session(opened)
    with qtbot.assertNotEmitted(window.browser.sessionActivated):
        window.browser.filter_edit.setText("keynote")  # hides the open session
        assert window.current_path == opened
        assert not window.browser.table.selectionModel().hasSelection()
        window.browser.filter_edit.setText("")  # shows it again, selected
    assert window.browser.current_path() == opened
    assert window.detail.title_label.text() == "AI for Rural Health"


def test_saved_theme_is_shown_from_the_start(open_window, qapp, tmp_path, library_dir) -> None:
    # Applied before the window is built (cheaper than re-polishing it), menu entry ticked.
    from viewer.ui.common.theme import ThemeMode, apply_theme, is_dark

    settings = open_settings(tmp_path / "settings.ini")
    settings.setValue("view/theme", "dark")
    try:
        window = open_window([library_dir], settings=settings)
        assert is_dark(qapp)
        assert window.commands[ActionId.THEME_DARK].isChecked()
        assert not window.commands[ActionId.THEME_SYSTEM].isChecked()
        base = window.browser.table.palette().color(QPalette.ColorRole.Base)
        assert base.lightness() < 60
    finally:
        apply_theme(qapp, ThemeMode.LIGHT)


def test_window_commands(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.commands[ActionId.THEME_DARK].trigger()
    assert window.commands[ActionId.THEME_DARK].isChecked()
    assert window.settings.get_str("view/theme") == "dark"
    window.commands[ActionId.THEME_LIGHT].trigger()
    assert not window.commands[ActionId.THEME_DARK].isChecked()
    window.commands[ActionId.QUICK_SWITCH].trigger()
    switcher = window.dialogs["quick"]
    qtbot.keyClicks(switcher.findChild(QLineEdit, "quickSwitcherInput"), "startup showcase")
    qtbot.keyClick(switcher.findChild(QLineEdit, "quickSwitcherInput"), Qt.Key.Key_Return)
    assert window.detail.title_label.text() == "Startup Showcase Ünïcode Edition"
    window.commands[ActionId.SHORTCUTS].trigger()
    assert window.dialogs["shortcuts"].isVisible()
    window.dialogs["shortcuts"].close()
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.commands[ActionId.RELOAD].trigger()
    assert window.browser.proxy.rowCount() == 6


def test_files_changed_on_disk_reload(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    qtbot.waitUntil(lambda: bool(window.watcher.roots()))  # watching starts after first paint
    opened = window.current_path
    source = Path(window.library.session(opened).source)
    added = source.with_name("050-Added.md")
    added.write_text(
        source.read_text(encoding="utf-8").replace("Opening Keynote", "Freshly Added"),
        encoding="utf-8",
    )
    window.browser.filter_edit.setText("sovereign")  # what is on screen survives the reload
    assert titles_shown(window) == ["Opening Keynote on Sovereign AI"]
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.watcher.rescan_now()
    assert window.browser.proxy.total() == 7
    assert window.browser.filter_edit.text() == "sovereign"
    assert sorted(titles_shown(window)) == [
        "Freshly Added on Sovereign AI",
        "Opening Keynote on Sovereign AI",
    ]
    assert window.current_path == opened  # still reading the same session


def test_session_deleted_while_open_stays_readable(open_window, qtbot, library_dir: Path) -> None:
    window = open_window([library_dir])
    qtbot.waitUntil(lambda: bool(window.watcher.roots()))
    opened = window.current_path
    title = window.detail.title_label.text()
    text = window.transcript.view.plain_text()
    assert text  # the first session has a transcript
    Path(window.library.session(opened).source).unlink()
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.watcher.rescan_now()
    assert window.library.session(opened) is None
    assert window.browser.proxy.total() == 5
    # Still on screen, from memory, with a notice; the list shows no stale selection.
    assert window.current_path == opened
    assert window.detail.title_label.text() == title
    assert window.transcript.view.plain_text() == text
    assert "deleted" in window.statusBar().currentMessage()
    assert window.browser.current_path() == ""
    window.commands[ActionId.TOGGLE_FAVORITE].trigger()  # nothing breaks on a vanished session
    window.commands[ActionId.WATCH_NEAR_HERE].trigger()


def test_open_folder_and_files_dialogs(open_window, qtbot, library_dir: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = open_window([SAMPLE_LIBRARY])
    day4 = library_dir / "Day-4_Feb-19"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(day4))
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.commands[ActionId.OPEN_FOLDER].trigger()
    assert sorted(titles_shown(window)) == [
        "Closing Plenary: Health and Equity",
        "Startup Showcase Ünïcode Edition",
    ]
    files = sorted(str(p) for p in (library_dir / "Day-2_Feb-17" / "sessions").glob("*.md"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.commands[ActionId.OPEN_FILE].trigger()
    assert window.browser.proxy.rowCount() == 2
    assert window.library_paths == files
    # A cancelled dialog changes nothing.
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: "")
    window.commands[ActionId.OPEN_FOLDER].trigger()
    assert window.library_paths == files


def test_search_hit_opens_the_session(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    assert window.search_panel is not None
    target = path_with_title(window, "Indic Languages and Speech Models")
    window.search_panel.hitActivated.emit(target, 0, ["speech"])
    assert window.current_path == target
    assert window.detail.title_label.text() == "Indic Languages and Speech Models"
    assert "twenty two languages" in window.findChild(QWidget, "transcriptView").toPlainText()


def test_quit_action_closes_and_saves(open_window, library_dir: Path, private_config) -> None:
    window = open_window([library_dir])
    target = path_with_title(window, "AI for Rural Health")
    window.open_session(target)
    window.commands[ActionId.QUIT].trigger()
    assert not window.isVisible()
    assert AppSettings(open_settings(private_config / "settings.ini")).last_session() == target


@pytest.mark.parametrize("loadable", [True, False])
def test_run_gui_quit_when_ready_status(qtbot, monkeypatch, loadable: bool) -> None:
    from viewer.ui.mainwindow import application

    if not loadable:

        def failing_load(*_args: Any, **_kwargs: Any) -> Any:
            raise OSError("disk on fire")

        monkeypatch.setattr("viewer.core.library.load.load_library", failing_load)
    windows: list[MainWindow] = []
    real_create = application.create_window

    def create(*a: Any, **k: Any) -> MainWindow:
        windows.append(real_create(*a, **k))
        qtbot.addWidget(windows[-1])
        return windows[-1]

    def run_until_loaded(_self: Any = None) -> int:  # stands in for the event loop
        with qtbot.waitSignal(windows[0].loaded, timeout=LOAD_TIMEOUT_MS):
            pass
        QApplication.processEvents()
        return 0

    monkeypatch.setattr(application, "create_window", create)
    monkeypatch.setattr(application.QApplication, "exec", run_until_loaded)
    args = argparse.Namespace(paths=[str(SAMPLE_LIBRARY)], quit_when_ready=True, cache_dir=None)
    ready: list[bool] = []
    status = application.run_gui(args, on_ready=lambda: ready.append(windows[0].library is None))
    assert status == (0 if loadable else 1)
    assert (windows[0].library is not None) is loadable
    assert ready == [not loadable]  # once, on the turn after the library was shown (or failed)
    windows[0].loaded.emit()
    QApplication.processEvents()
    assert len(ready) == 1


def test_the_collector_sleeps_through_start_up(monkeypatch) -> None:
    from viewer import app as app_module
    from viewer.ui.mainwindow import application

    seen: list[tuple[str, bool]] = []

    def fake_run_gui(_args: Any, *, on_ready: Any) -> int:
        seen.append(("start-up", gc.isenabled()))
        built = [object() for _ in range(10)] + [[n] for n in range(1000)]
        on_ready()
        seen.append(("ready", gc.isenabled()))
        oldest = {id(item) for item in gc.get_objects(generation=2)}
        seen.append(("built kept", all(id(item) in oldest for item in built[10:])))
        return 0

    monkeypatch.setattr(application, "run_gui", fake_run_gui)
    monkeypatch.setattr(app_module, "_window_closed", False)
    assert gc.isenabled()
    assert app_module.run_window(argparse.Namespace()) == 0
    assert seen == [("start-up", False), ("ready", True), ("built kept", True)]
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_empty_folder_shows_the_welcome_page(open_window, qtbot, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    window = open_window([empty])
    assert window.welcome is not None
    assert window.reader_stack.currentWidget() is window.welcome
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.welcome.sample_button.click()
    assert window.library_paths == [str(SAMPLE_LIBRARY)]
    assert window.reader_stack.currentWidget() is window.reader_splitter
    assert window.detail.title_label.text() == window.library.session(window.current_path).title


def test_no_two_actions_share_a_shortcut(open_window) -> None:
    """Qt runs neither action of an ambiguous shortcut (and says so on stderr)."""
    from PySide6.QtGui import QAction

    window = open_window([SAMPLE_LIBRARY])
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty():
                owners.setdefault(sequence.toString(), []).append(action.text())
    shared = {keys: names for keys, names in owners.items() if len(set(names)) > 1}
    assert shared == {}
    assert len(owners) > 20


def test_window_and_command_line_search_share_one_index(
    open_window,
    qtbot,
    library_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from viewer.app import main
    from viewer.core.search.index import SearchIndex
    from viewer.core.util.appdirs import search_dir

    # As on a user's machine: no test override, the desktop's own folders (kept in tmp_path).
    monkeypatch.delenv("SUMMIT_CONFIG_DIR")
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(library_dir.parent / name.lower()))
    window = open_window([library_dir])
    panel = window.search_panel
    opened: list[Path] = []
    panel.indexOpened.connect(opened.append)
    window._hand_library_to_search()
    with qtbot.waitSignal(panel.indexReady, timeout=20_000):
        pass
    assert opened and opened[-1].parent == search_dir()
    indexes = sorted(search_dir().glob("index-*.sqlite"))
    assert indexes == [opened[-1]]
    window.close()
    # The command line opens the window's index and finds it up to date: no second index,
    # nothing indexed again.
    updates = []
    real_update = SearchIndex.update

    def update(self: SearchIndex, *args: Any, **kwargs: Any) -> Any:
        updates.append((self.path, real_update(self, *args, **kwargs)))
        return updates[-1][1]

    monkeypatch.setattr(SearchIndex, "update", update)
    assert main(["--search", "speech", str(library_dir)]) == 0
    assert capsys.readouterr().out
    assert sorted(search_dir().glob("index-*.sqlite")) == indexes
    [(path, stats)] = updates
    assert path == opened[-1]
    assert stats.unchanged > 0 and stats.added == stats.changed == stats.transcripts_indexed == 0


def test_search_can_be_limited_to_the_sessions_the_list_shows(
    open_window, qtbot, library_dir: Path
) -> None:
    window = open_window([library_dir])
    panel = window.search_panel
    window._hand_library_to_search()
    with qtbot.waitSignal(panel.indexReady, timeout=20_000):
        pass

    def found(query: str) -> set[str]:
        with qtbot.waitSignal(panel.resultsShown, timeout=5000):
            panel.search(query)
        assert panel.current_result is not None
        return {group.path for group in panel.current_result.groups}

    everywhere = found("health")
    assert len(everywhere) >= 2  # a title on Day 1, another on Day 4
    window.browser.filter_edit.setText("rural")
    qtbot.waitUntil(lambda: len(window.browser.shown_sessions()) == 1, timeout=5000)
    [listed] = window.browser.shown_sessions()
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.scope_box.setChecked(True)
    assert {g.path for g in panel.current_result.groups} == {listed.path}
    # The list widens again: so does the search.
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        window.browser.filter_edit.clear()
    assert {g.path for g in panel.current_result.groups} == everywhere


def test_a_day_folder_renamed_during_a_load_is_reloaded(
    open_window, qtbot, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20 item 11: the day folder is renamed after the load listed its files (so every
    one of them fails to read); the window reloads by itself instead of showing false problems
    until F5."""
    from viewer.core.library import load as load_module

    real_discover = load_module.discover
    day = library_dir / "Day-2_Feb-17"
    renamed = library_dir / "Day-2_Feb-17-renamed"

    def discover_then_rename(*args: Any, **kwargs: Any) -> Any:
        listed = real_discover(*args, **kwargs)
        if day.exists():
            day.rename(renamed)  # after the listing, before the files are read
        return listed

    monkeypatch.setattr(load_module, "discover", discover_then_rename)
    window = open_window([library_dir])  # the first load: nothing is watched yet
    monkeypatch.setattr(load_module, "discover", real_discover)
    assert not any("-renamed/" in s.path for s in window.library.sessions)  # as listed
    qtbot.waitUntil(
        lambda: any("-renamed/" in s.path for s in window.library.sessions), timeout=10_000
    )
    assert not any(s.path.startswith("Day-2_Feb-17/") for s in window.library.sessions)


def test_the_window_lets_the_load_read_on_once_the_first_rows_are_painted(
    open_window, monkeypatch: pytest.MonkeyPatch, library_dir: Path
) -> None:
    monkeypatch.setattr("viewer.ui.library.loader.FIRST_BATCH_ROWS", 2)
    monkeypatch.setattr("viewer.ui.library.loader.FIRST_PAINT_WAIT_S", 600.0)
    # Without the window saying the rows are painted the load would wait ten minutes; the
    # factory waits for `loaded` at most LOAD_TIMEOUT_MS.
    window = open_window([library_dir])
    assert window.library is not None and window.browser.proxy.rowCount() > 2


def test_a_session_without_a_transcript_opens_without_reading_its_file(
    open_window, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its header and texts are as loaded; only a transcript is read from the file again."""
    window = open_window([library_dir])
    library = window.library
    assert library is not None
    bare = next(s for s in library.sessions if not s.has_transcript)
    spoken = next(s for s in library.sessions if s.has_transcript)
    read: list[str] = []
    real = type(library).full_session
    monkeypatch.setattr(
        type(library), "full_session", lambda lib, p: (read.append(p), real(lib, p))[1]
    )
    assert window.open_session(bare.path)
    assert read == []
    assert window.detail.title_label.text() == bare.title
    assert library.with_texts(bare.path) == real(library, bare.path)  # the same session
    assert window.open_session(spoken.path)
    assert read == [spoken.path]
