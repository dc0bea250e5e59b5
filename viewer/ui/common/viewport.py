"""A scroll area's viewport, found as its child rather than asked for; a call after a widget's
next paint.

Why: in PySide6 the first `QAbstractScrollArea.viewport()` call of a process that has to make
the viewport's Python object is slow, whichever area it is on (benchmarks/FINDINGS.md);
finding the same widget among the area's children is not, and a later `viewport()` on that
area then returns the object already made. The start-up asks for two viewports before the
window is ready (the session list's note marks, the detail pane's width), so they are found
this way; code that runs later keeps calling `viewport()`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

# The object name QAbstractScrollArea gives the viewport it makes itself.
VIEWPORT_NAME = "qt_scrollarea_viewport"


def viewport_of(area: QAbstractScrollArea) -> QWidget:
    """`area.viewport()`, without its first-call cost when the area made its own viewport."""
    found = area.findChild(QWidget, VIEWPORT_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The filter sees the event before the widget paints: call once it has.
            QTimer.singleShot(0, self._callback)
            self.deleteLater()
        return False


def after_next_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` once on the event loop's turn after `widget` next paints (never when
    it is not painted again)."""
    _AfterPaint(widget, callback)
