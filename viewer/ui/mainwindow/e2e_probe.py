"""State snapshots of the running window for end-to-end tests (inert unless SUMMIT_E2E_LOG is set).

An e2e test drives the real program from outside with xdotool and cannot ask Qt what the
filter box holds or what the find bar counted. When the environment variable SUMMIT_E2E_LOG
names a file, `install()` polls the named widgets a few times a second and appends one JSON
line whenever what it sees changes:

    {"t": 1.23, "title": "...", "focus": "findInput",
     "widgets": {"sessionFilter": {"visible": true, "geometry": [x, y, w, h],
                                   "text": "lang"}, "sessionList": {..., "rows": 3}, ...}}

Geometry is in global (screen) coordinates so tests can click a widget's centre; item views
also report their first rows in display order ("row_rects" across the viewport's width, and
"row_texts"), expanded tree children included. Polling
instead of connecting signals keeps this module ignorant of every other widget's API.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QTextEdit,
    QTreeView,
    QWidget,
)

from viewer.ui.common.settings import E2E_LOG_ENV as ENV_VAR

POLL_MS = 120
MAX_ROWS = 16  # rows reported per item view, enough to click the first ones
WATCHED = (
    "sessionList",
    "sessionFilter",
    "sessionCount",
    "detailPane",
    "detailTitle",
    "transcriptView",
    "streamBanner",
    "streamBannerText",
    "streamWholeButton",
    "findBar",
    "findInput",
    "findCount",
    "openVideoButton",
    "searchInput",
    "searchResults",
    "searchStatus",
    "welcomeView",
    "downloadCollectionButton",
    "downloadStatus",
    "favoriteButton",
    "agendaToggle",
    "scheduleView",
    "scheduleDay",
    "scheduleSummary",
    "scheduleExport",
)


def _display_rows(view: QAbstractItemView, model: QAbstractItemModel) -> list[QModelIndex]:
    """The first rows in display order: expanded tree children included, in their place."""
    if not isinstance(view, QTreeView):
        return [model.index(row, 0) for row in range(min(model.rowCount(), MAX_ROWS))]
    rows: list[QModelIndex] = []
    index = model.index(0, 0)
    while index.isValid() and len(rows) < MAX_ROWS:
        rows.append(index)
        index = view.indexBelow(index)
    return rows


def _row_text(index: QModelIndex) -> str:
    """What a screen reader would say for the row: display text, else accessible text."""
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
    ):
        value = index.data(role)
        if value:
            return str(value)[:200]
    return ""


def _describe(widget: QWidget) -> dict[str, Any]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    info: dict[str, Any] = {
        "visible": widget.isVisible(),
        "enabled": widget.isEnabled(),
        "geometry": [top_left.x(), top_left.y(), widget.width(), widget.height()],
    }
    if isinstance(widget, QLineEdit | QLabel | QAbstractButton):
        info["text"] = widget.text()
    if widget.accessibleDescription():
        info["description"] = widget.accessibleDescription()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        info["rows"] = model.rowCount()
        current = widget.currentIndex()
        info["current"] = str(current.data()) if current.isValid() else ""
        info["current_row"] = current.row() if current.isValid() else -1
        viewport = widget.viewport()
        rects, texts = [], []
        for index in _display_rows(widget, model):
            rect = widget.visualRect(index)
            if rect.isValid():
                corner = viewport.mapToGlobal(rect.topLeft())
                rects.append([corner.x(), corner.y(), viewport.width(), rect.height()])
                texts.append(_row_text(index))
        info["row_rects"] = rects
        info["row_texts"] = texts
    if isinstance(widget, QTextEdit):
        cursor = widget.textCursor()
        info["chars"] = widget.document().characterCount()
        info["selection"] = cursor.selectedText()
        info["scroll"] = widget.verticalScrollBar().value()
        info["scroll_max"] = widget.verticalScrollBar().maximum()
        info["font_pt"] = round(widget.font().pointSizeF(), 1)
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        info["checked"] = widget.isChecked()
    if isinstance(widget, QComboBox):
        info["text"] = widget.currentText()
    extra = getattr(widget, "e2e_state", None)  # a widget may describe itself (scheduleView)
    if callable(extra):
        info.update(extra())
    return info


def _popup_name(popup: QWidget) -> str:
    """An open menu by its title ("&View" -> "View"), another popup by its class."""
    title = getattr(popup, "title", None)
    text = title() if callable(title) else ""
    return str(text).replace("&", "") or type(popup).__name__


class _Probe(QObject):
    """Polls the top-level window; writes a line only when the snapshot changed."""

    def __init__(self, window: QWidget, path: str) -> None:
        super().__init__(window)
        self._window = window
        self._path = path
        self._last = ""
        self._started = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def snapshot(self) -> dict[str, Any]:
        widgets: dict[str, Any] = {}
        for name in WATCHED:
            found = self._window.findChild(QWidget, name)
            if found is not None:
                widgets[name] = _describe(found)
        focus = QApplication.focusWidget()
        app = QApplication.instance()
        popup = QApplication.activePopupWidget()
        return {
            "popup": _popup_name(popup) if popup is not None else "",
            "title": self._window.windowTitle(),
            "theme": str(app.property("summitTheme") or "") if app is not None else "",
            "active": self._window.isActiveWindow(),
            "focus": focus.objectName() if focus is not None else "",
            "widgets": widgets,
        }

    def poll(self) -> None:
        state = json.dumps(self.snapshot(), sort_keys=True, ensure_ascii=False)
        if state == self._last:
            return
        self._last = state
        line = json.dumps(
            {"t": round(time.monotonic() - self._started, 3), **json.loads(state)},
            ensure_ascii=False,
        )
        try:
            with open(self._path, "a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError:
            self._timer.stop()  # a test harness problem must never disturb the program


def install(window: QWidget) -> bool:
    """Start probing `window` if SUMMIT_E2E_LOG is set; returns whether it did."""
    path = os.environ.get(ENV_VAR, "")
    if not path:
        return False
    _Probe(window, path)
    return True
