"""The quality flags where the reader meets them: the session list's transcript column (icon
and reasons), the Transcript facet, the note above the transcript (with its links), and the
search results, on the invented collection of `quality_fixtures`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests.core.library import quality_fixtures as fx
from viewer.core.library.load import load_library
from viewer.core.session.model import Session
from viewer.ui.common import icons
from viewer.ui.mainwindow.application import create_window
from viewer.ui.mainwindow.window import MainWindow
from viewer.ui.search.panel import SearchPanel
from viewer.ui.sessions.filter import SessionFilter, matching_rows, prepare_rows
from viewer.ui.sessions.model import COL_TRANSCRIPT, SessionPathRole

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
LOAD_TIMEOUT_MS = 30_000


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> Iterator[MainWindow]:
    root = fx.build(tmp_path / "collection")
    shown = create_window([str(root)])
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.loaded, timeout=LOAD_TIMEOUT_MS):
        shown.show()
    library = shown.library
    assert library is not None
    qtbot.waitUntil(lambda: library.quality_known, timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(lambda: _cell(shown, fx.WRONG, Qt.ItemDataRole.ToolTipRole) is not None)
    yield shown


def _row(window: MainWindow, path: str) -> int:
    proxy = window.browser.proxy
    rows = [r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(SessionPathRole) == path]
    return rows[0] if rows else -1


def _cell(window: MainWindow, path: str, role: Qt.ItemDataRole) -> Any:
    row = _row(window, path)
    return None if row < 0 else window.browser.proxy.index(row, COL_TRANSCRIPT).data(role)


def test_the_list_shows_a_warning_icon_with_the_reasons(qtbot: Any, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: "Doubtful:" in (_cell(window, fx.WRONG, Qt.ItemDataRole.ToolTipRole)))
    tip = _cell(window, fx.WRONG, Qt.ItemDataRole.ToolTipRole)
    assert "Ingrid Halvorsen" in tip and "may belong to" in tip.lower()
    for path, purpose, color in (
        (fx.WRONG, "transcript_doubtful", icons.WARNING_AMBER),
        (fx.FRAGMENT, "transcript_partial", icons.WARNING_AMBER),
        (fx.GENUINE, "transcript", icons.TRANSCRIPT_BLUE),
    ):
        shown = _cell(window, path, Qt.ItemDataRole.DecorationRole)
        assert shown.cacheKey() == icons.icon(purpose, color).cacheKey(), path
    assert _cell(window, fx.GENUINE, Qt.ItemDataRole.ToolTipRole).startswith("Transcript: 2,")
    spoken = _cell(window, fx.WRONG, Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "transcript doubtful"


def test_the_transcript_facet_filters_by_level(qtbot: Any, window: MainWindow) -> None:
    library = window.library
    assert library is not None
    combo = window.browser.findChild(QComboBox, "transcriptQualityFacet")
    assert combo is not None
    for level in ("complete", "partial", "doubtful", "none"):
        combo.setCurrentIndex(combo.findData(level))
        expected = {p for p, q in library.qualities().items() if q.level == level}
        proxy = window.browser.proxy
        shown = {proxy.index(r, 0).data(SessionPathRole) for r in range(proxy.rowCount())}
        assert shown == expected and shown, level
    assert window.browser.filter_values()["quality"] == "none"
    window.browser.clear_filters()
    assert combo.currentIndex() == 0
    assert window.browser.proxy.rowCount() == len(library.sessions)


def test_the_note_above_the_transcript_links_the_likely_session(
    qtbot: Any, window: MainWindow
) -> None:
    note = window.transcript.quality_note
    window.open_session(fx.GENUINE)
    assert not note.isVisible()
    window.open_session(fx.WRONG)
    assert note.isVisible()
    text = note.label.text()
    assert "may be another talk" in text and "Ingrid Halvorsen" in text
    assert "This text may belong to" in text and "Seismic Early Warning Networks" in text
    assert note.toolTip().startswith("Possibly another talk")
    with qtbot.waitSignal(window.sessionShown, timeout=3000) as shown:
        note.label.linkActivated.emit(f"session:{fx.OWNER}")
    assert shown.args == [fx.OWNER] and window.current_path == fx.OWNER
    window.open_session(fx.FIRST_ENTRY)
    assert "Listed twice" in note.label.text() and "Fireside Conversation" in note.label.text()


def test_search_results_carry_the_flags(qtbot: Any, tmp_path: Path) -> None:
    library = load_library([fx.build(tmp_path / "collection")])
    library.qualities()
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.indexReady, timeout=20_000):
        panel.set_library(library, tmp_path / "index")
    with qtbot.waitSignal(panel.resultsShown, timeout=5000):
        panel.search("seismic")
    rows = {
        panel.results.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1): i
        for i in range(panel.results.topLevelItemCount())
    }
    assert fx.WRONG in rows
    top = panel.results.topLevelItem(rows[fx.WRONG])
    assert "possibly another talk" in top.data(0, Qt.ItemDataRole.AccessibleTextRole)
    assert "Possibly another talk" in top.data(0, Qt.ItemDataRole.ToolTipRole)
    panel.shutdown()


def test_before_the_flags_are_judged_the_facet_keeps_every_transcript() -> None:
    sessions = [
        Session(path="a", has_transcript=True),
        Session(path="b"),
    ]
    rows = prepare_rows(sessions)
    assert matching_rows(SessionFilter(quality="doubtful"), sessions, rows) == [0]
    assert matching_rows(SessionFilter(quality="none"), sessions, rows) == [1]
    judged = {"a": "partial", "b": "none"}
    level = lambda s: judged[s.path]  # noqa: E731
    assert matching_rows(SessionFilter(quality="doubtful"), sessions, rows, None, level) == []
    assert matching_rows(SessionFilter(quality="partial"), sessions, rows, None, level) == [0]
