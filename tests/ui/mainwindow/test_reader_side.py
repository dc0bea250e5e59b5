"""The window's reading side (detail pane, transcript, reading and notes features) is built
once the first rows of a library are painted, or when something needs it: the list of a first
open shows without its modules (issue 19), and nothing is lost for being built later."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.probe import LOADED_WINDOW, run_probe
from tests.ui.conftest import SIDE_TABS, tab_texts
from viewer.ui.common.settings import KEY_SPLITTER, AppSettings, open_settings
from viewer.ui.mainwindow.application import create_window
from viewer.ui.mainwindow.window import MainWindow

LOAD_TIMEOUT_MS = 30_000
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def _window(qtbot: Any, library: Path) -> MainWindow:
    """A window loading `library`, not shown: no event has been handled, so no rows came."""
    window = create_window([str(library)])
    qtbot.addWidget(window)
    return window


def test_first_rows_show_before_the_reader_then_it_is_built(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, library_dir: Path
) -> None:
    # Rows come two at a first batch, and the load waits for their paint (as on a first open).
    monkeypatch.setattr("viewer.ui.library.loader.FIRST_BATCH_ROWS", 2)
    monkeypatch.setattr("viewer.ui.library.loader.FIRST_PAINT_WAIT_S", 60.0)
    window = _window(qtbot, library_dir)
    at_first_rows: list[tuple[bool, str, int]] = []

    def arrived(_rows: list[Any], before: int) -> None:  # after the window's own slot
        if before == 0:
            page = window.reader_stack.currentWidget()
            at_first_rows.append(
                (window._reader is None, page.objectName(), window.side_tabs.count())
            )

    window.loader.arrived.connect(arrived)
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.show()
    # The list had its rows while the reading side was a placeholder, with no Notes tab yet.
    assert at_first_rows == [(True, "readerPlaceholder", 3)]
    assert window._reader is not None
    assert window.reader_stack.currentWidget() is window.reader_splitter
    stack = window.reader_stack
    assert [stack.widget(i).objectName() for i in range(stack.count())] == ["readerSplitter"]
    tabs = window.side_tabs
    assert tab_texts(tabs) == SIDE_TABS
    library = window.library
    assert library is not None and window.current_path
    shown = library.full_session(window.current_path)
    assert window.detail.title_label.text() == shown.title  # the first session, as before


FIRST_ROWS_PROBE = """
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
import viewer.ui.library.loader as loader
from viewer.ui.mainwindow.application import create_window
loader.FIRST_BATCH_ROWS = 2
window = create_window([sys.argv[1]])
def reader_modules():
    return sorted(m for m in sys.modules if m.startswith("viewer.ui.reader."))
seen = []
def arrived(rows, before):
    if before == 0:
        seen.append(reader_modules())
window.loader.arrived.connect(arrived)
loop = QEventLoop()
window.loaded.connect(lambda: QTimer.singleShot(0, loop.quit))
window.show()
loop.exec()
print(json.dumps([seen, reader_modules()]), flush=True)
window.loader.shutdown()
"""


def test_the_reader_modules_are_imported_after_the_first_rows(
    tmp_path: Path, library_dir: Path
) -> None:
    # What the deferral is for: a fresh process shows its first rows without importing them.
    printed = run_probe(FIRST_ROWS_PROBE, str(library_dir), config=tmp_path / "c")
    at_first_rows, at_loaded = json.loads(printed.strip().splitlines()[-1])
    assert at_first_rows == [[]]
    assert {"viewer.ui.reader.detail_pane", "viewer.ui.reader.transcript_panel"} <= set(at_loaded)


def test_focus_and_the_pane_order_do_not_build_the_reader(qtbot: Any, library_dir: Path) -> None:
    window = _window(qtbot, library_dir)
    browser = window.browser
    window.keys._on_focus_changed(None, browser.filter_edit)  # what QApplication tells it
    assert window._reader is None
    assert [target for _, target in window._panes()] == [browser.table, browser.filter_edit]
    reader = window.reader  # anything that needs it builds it
    assert [target for _, target in window._panes()][2:] == [reader.detail, reader.transcript.view]
    assert window.reader is reader  # once


def test_commands_before_the_reader_build_it(qtbot: Any, library_dir: Path) -> None:
    window = _window(qtbot, library_dir)
    window.open_find()  # Ctrl+F before the load ended
    assert window._reader is not None
    assert window.transcript.find_bar.isVisibleTo(window.transcript)
    assert window.reader_stack.currentWidget() is window.reader_splitter


def test_reader_sizes_are_kept_by_a_window_closed_before_its_reader(
    qtbot: Any, library_dir: Path, private_config: Path
) -> None:
    first = _window(qtbot, library_dir)
    first.resize(640, 470)  # fits the offscreen screen, so restoring does not clamp it
    with qtbot.waitSignal(first.loaded, timeout=LOAD_TIMEOUT_MS):
        first.show()
    first.reader_splitter.setSizes([123, 300])
    first.reader_splitter.splitterMoved.emit(123, 1)  # what a drag of the handle says
    first.close()
    ini = private_config / "settings.ini"
    saved = AppSettings(open_settings(ini)).get_bytes(KEY_SPLITTER)
    assert saved is not None

    early = _window(qtbot, library_dir)
    early.close()  # closed before any rows came: its reader was never built
    early.close()  # a window never shown hears every close: the second one is harmless
    assert early._reader is None
    assert AppSettings(open_settings(ini)).get_bytes(KEY_SPLITTER) == saved

    again = _window(qtbot, library_dir)
    with qtbot.waitSignal(again.loaded, timeout=LOAD_TIMEOUT_MS):
        again.show()
    assert again.reader_splitter.sizes()[0] == 123
    assert again.reader.fit.manual  # a size the user chose stays theirs


def test_the_loads_first_batch_is_the_screenful_the_list_shows(
    qtbot: Any, library_dir: Path
) -> None:
    window = _window(qtbot, library_dir)
    window.resize(900, 700)
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.show()  # laid out at last: the load is told
    table = window.browser.table
    rows = window.browser.rows_in_view()
    row_height = table.verticalHeader().defaultSectionSize()
    assert (rows - 1) * row_height < table.viewport().height() <= rows * row_height
    assert window.loader._screenful == rows
    window.resize(900, 450)  # a shorter list: the next load is told when it starts
    qtbot.waitUntil(lambda: window.browser.rows_in_view() < rows)
    with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
        window.load([library_dir])
    assert window.loader._screenful == window.browser.rows_in_view() < rows


RECORDS_PROBE = (
    LOADED_WINDOW
    + """
import dataclasses, json
made = sorted(
    f"{name}.{attr}"
    for name, module in list(sys.modules.items())
    if name.startswith("viewer.")
    for attr, value in vars(module).items()
    if isinstance(value, type) and value.__module__ == name and dataclasses.is_dataclass(value)
)
print(json.dumps([window.current_path, made]), flush=True)
window.loader.shutdown()
"""
)

# The dataclasses a start imports: the session model's (DESIGN.md; `build_many` fills them),
# what the load builds in bulk (`Found`) and the transcript's paragraphs. Python 3.11 compiles
# a frozen dataclass's six methods when its module is imported (~0.45 ms a class, 0.06 ms for
# a NamedTuple), so any other record the window needs before it shows a session is a
# NamedTuple, and the two stores a user's actions change in place are plain classes.
START_DATACLASSES = {
    "viewer.core.session.model.Session",
    "viewer.core.session.model.Speaker",
    "viewer.core.session.model.ParseProblem",
    "viewer.core.session.model.SharedStream",
    "viewer.core.library.scan.Found",
    "viewer.core.session.transcript.Paragraph",
}


def test_a_start_builds_no_other_dataclass(tmp_path: Path, library_dir: Path) -> None:
    for start in ("first", "warm"):  # a first open parses the files, a warm one reads the cache
        printed = run_probe(RECORDS_PROBE, str(library_dir), config=tmp_path / "c")
        shown, made = json.loads(printed.strip().splitlines()[-1])
        assert shown, start  # a session is on screen: the reader's modules are in
        assert set(made) == START_DATACLASSES, start
