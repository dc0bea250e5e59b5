"""A marker in the session list beside each session that has highlights or notes.

A transparent layer over the table's viewport paints a small note glyph at the right end of
the title cell of the rows it is told about; the table, its model and its cell painter are left
as they are (one job each). It repaints when the table scrolls, resizes or its rows change;
the painting walks only the visible rows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from viewer.ui.common import icons
from viewer.ui.common.viewport import viewport_of
from viewer.ui.sessions.browser import SessionBrowser
from viewer.ui.sessions.cells import COL_TITLE

MARK_SIZE = 14
MARK_COLOUR = "#c77c02"


class NoteMarks(QWidget):
    """See the module docstring. `set_paths` says which sessions have notes."""

    def __init__(self, browser: SessionBrowser) -> None:
        table = browser.table
        viewport = viewport_of(table)
        super().__init__(viewport)
        self.setObjectName("sessionNoteMarks")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._table, self._proxy = table, browser.proxy
        self._paths: frozenset[str] = frozenset()
        self._pixmap: QPixmap | None = None  # drawn when the first marker is
        viewport.installEventFilter(self)
        repaint = self._repaint
        table.verticalScrollBar().valueChanged.connect(repaint)
        table.horizontalHeader().sectionResized.connect(repaint)
        for signal in (
            self._proxy.modelReset,
            self._proxy.layoutChanged,
            self._proxy.filterChanged,
        ):
            signal.connect(repaint)
        self.setGeometry(viewport.rect())
        self.hide()

    def set_paths(self, paths: frozenset[str]) -> None:
        self._paths = paths
        self.setVisible(bool(paths))
        self.raise_()
        self.update()

    def _repaint(self, *_args: object) -> None:
        self.update()

    def marked_rows(self) -> list[int]:
        """Rows (of the list as shown now) that carry a marker."""
        return [r for r in range(self._proxy.rowCount()) if self._proxy.path_at(r) in self._paths]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._table.viewport().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._paths:
            return
        table = self._table
        first = max(0, table.rowAt(0))
        last = table.rowAt(self.height() - 1)
        last = self._proxy.rowCount() - 1 if last < 0 else last
        x = table.columnViewportPosition(COL_TITLE) + table.columnWidth(COL_TITLE) - MARK_SIZE - 4
        if self._pixmap is None:
            icon = icons.icon("mdi6.note-edit-outline", MARK_COLOUR)
            self._pixmap = icon.pixmap(MARK_SIZE, MARK_SIZE)
        painter = QPainter(self)
        for row in range(first, last + 1):
            if self._proxy.path_at(row) in self._paths:
                y = table.rowViewportPosition(row) + (table.rowHeight(row) - MARK_SIZE) // 2
                painter.fillRect(QRect(x - 2, y - 1, MARK_SIZE + 4, MARK_SIZE + 2), self._back(row))
                painter.drawPixmap(x, y, self._pixmap)
        painter.end()

    def _back(self, row: int) -> QColor:
        """The row's own background, so the glyph sits on the cell, over any elided text."""
        table = self._table
        palette = table.palette()
        if table.selectionModel() is not None and table.selectionModel().isRowSelected(
            row, QModelIndex()
        ):
            return palette.highlight().color()
        if table.alternatingRowColors() and row % 2:
            return palette.alternateBase().color()
        return palette.base().color()
