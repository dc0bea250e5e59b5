"""A vertical scroll bar that shows where the find matches are, like a browser's, and the
arithmetic that places each match: its height in the document as a fraction (0..1)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QTextDocument
from PySide6.QtWidgets import QScrollBar, QWidget


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def layout_complete(doc: QTextDocument) -> bool:
    """Qt lays a long document out in the background; True once the last block has lines."""
    layout = doc.lastBlock().layout()
    return layout is not None and layout.lineCount() > 0


def block_tops(doc: QTextDocument) -> list[float]:
    """Top of every block as a fraction of the document height, plus 1.0 at the end.

    Lays the whole document out: call it once the background layout is complete.
    """
    layout = doc.documentLayout()
    height = max(1.0, layout.blockBoundingRect(doc.lastBlock()).bottom())
    tops: list[float] = []
    block = doc.begin()
    while block.isValid():
        tops.append(layout.blockBoundingRect(block).top() / height)
        block = block.next()
    tops.append(1.0)
    return tops


def estimated_fractions(doc: QTextDocument, positions: Sequence[int]) -> list[float]:
    """Positions as shares of the characters: no layout needed, close for even paragraphs."""
    total = max(1, doc.characterCount())
    return [p / total for p in positions]


def exact_fractions(
    doc: QTextDocument, tops: Sequence[float], block_starts: Sequence[int], positions: Sequence[int]
) -> list[float]:
    """Sorted positions placed by block geometry, walking positions and blocks in step."""
    total = doc.characterCount()
    count = len(block_starts)
    marks: list[float] = []
    block = 0
    for pos in positions:
        while block + 1 < count and block_starts[block + 1] <= pos:
            block += 1
        begin = block_starts[block]
        end = block_starts[block + 1] if block + 1 < count else total
        inside = (pos - begin) / max(1, end - begin)
        marks.append(tops[block] + (tops[block + 1] - tops[block]) * inside)
    return marks


class MarkedScrollBar(QScrollBar):
    """A vertical scroll bar that marks find matches beside the groove, like a browser.

    Marks are fractions (0..1) of the document height; they are binned to pixel rows when
    painted, so thousands of matches cost one short line per occupied row.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._marks: list[float] = []
        self._current: float | None = None
        self._note_marks: list[tuple[float, QColor]] = []

    def set_marks(self, marks: Sequence[float], current: float | None = None) -> None:
        self._marks = list(marks)
        self._current = current
        self.update()

    def marks(self) -> list[float]:
        return list(self._marks)

    def set_note_marks(self, marks: Sequence[tuple[float, QColor]]) -> None:
        """The user's highlights: (fraction, colour), drawn along the inner edge."""
        self._note_marks = list(marks)
        self.update()

    def note_marks(self) -> list[tuple[float, QColor]]:
        return list(self._note_marks)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._marks and self._current is None and not self._note_marks:
            return
        # Imported on the first paint with marks: QStyle's Python type (costly to build) is not
        # needed for the window's first paint.
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarGroove, self
        )
        if groove.height() <= 0:
            groove = self.rect()
        dark = palette_is_dark(self.palette())
        painter = QPainter(self)
        top, height = groove.top(), max(1, groove.height() - 2)
        rows = {top + int(min(max(f, 0.0), 1.0) * height) for f in self._marks}
        color = QColor("#c99a06" if not dark else "#e8c14a")
        color.setAlpha(200)
        # A strip along the outer edge, so the handle stays visible between the marks.
        w = max(3, groove.width() // 3)
        x = groove.right() - w
        for y in rows:
            painter.fillRect(QRect(x, y, w, 2), color)
        if self._note_marks:
            rows_n = {top + int(min(max(f, 0.0), 1.0) * height): c for f, c in self._note_marks}
            nw = max(3, groove.width() // 3)
            for y, c in rows_n.items():
                # The page's pale highlight would vanish on the groove: a deeper tone of it.
                strong = QColor.fromHsv(max(0, c.hue()), 230, 215)
                painter.fillRect(QRect(groove.left(), y - 2, nw, 5), strong)
        if self._current is not None:
            y = top + int(min(max(self._current, 0.0), 1.0) * height)
            painter.fillRect(QRect(groove.left(), y - 1, groove.width(), 3), QColor("#e8590c"))
        painter.end()
