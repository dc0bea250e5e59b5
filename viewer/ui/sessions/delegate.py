"""The session table's cells, painted from each row's precomputed values.

Why: the stock QStyledItemDelegate asks the model for eight roles of every cell and lays out
(itemizes, shapes, elides) every cell's text again on every repaint; one keystroke in the filter
box repaints ~200 cells, and that was most of the keystroke. Here a cell is one Python call:
its text is elided and laid out once per (text, width) into a cached QStaticText, its icon is a
cached pixmap. The current (focused) cell is left to the stock delegate, so the focus frame is
the style's own. Every cell is painted with the stock delegate's pixels (tests/ui).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFontMetrics, QIcon, QPainter, QPalette, QPixmap, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from viewer.ui.sessions.cells import ROLE_SLOTS, RowCells

_DISPLAY = ROLE_SLOTS[int(Qt.ItemDataRole.DisplayRole)]
_DECORATION = ROLE_SLOTS[int(Qt.ItemDataRole.DecorationRole)]
_ALIGNMENT = ROLE_SLOTS[int(Qt.ItemDataRole.TextAlignmentRole)]
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_H_CENTER = Qt.AlignmentFlag.AlignHCenter.value
_RESET_ON = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.StyleChange,
        QEvent.Type.ApplicationFontChange,
        QEvent.Type.ApplicationPaletteChange,
        QEvent.Type.ScreenChangeInternal,
    }
)
MAX_CACHED_TEXTS = 20_000  # a few MB at most; dropped whole when full (cheap to rebuild)

CellsAt = Callable[[int], "RowCells | None"]
AnyIndex = QModelIndex | QPersistentModelIndex


class _Look:
    """What every cell is painted with, read once from the view (again when it changes)."""

    def __init__(self, view: QAbstractItemView) -> None:
        palette = view.palette()
        groups = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
        disabled = QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole
        # Index: 0 active, 1 inactive, 2 disabled.
        self.text = [palette.color(g, role.Text) for g in (*groups, disabled)]
        self.highlight = [palette.color(g, role.Highlight) for g in (*groups, disabled)]
        self.highlighted_text = [
            palette.color(g, role.HighlightedText) for g in (*groups, disabled)
        ]
        self.font = view.font()
        self.metrics = QFontMetrics(self.font)
        style = view.style()
        # The text margin Qt's item views use (QCommonStyle: focus frame margin + 1).
        self.margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        size = view.iconSize()
        if not size.isValid():
            side = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
            size = QSize(side, side)
        self.icon_size = size
        self.ratio = view.devicePixelRatioF()


class SessionCellDelegate(QStyledItemDelegate):
    """Paints a session table cell from `cells_at(row)` (the view's model rows)."""

    def __init__(self, view: QAbstractItemView, cells_at: CellsAt) -> None:
        super().__init__(view)
        self._view = view
        self._cells_at = cells_at
        self._look: _Look | None = None
        self._texts: dict[tuple[str, int, bool], tuple[QStaticText, int, int]] = {}
        # Columns whose end matters ("L1 Meeting Room 3"): elided in the middle, not the end.
        self.elide_middle: frozenset[int] = frozenset()
        self._pixmaps: dict[tuple[int, bool], QPixmap] = {}
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _RESET_ON:
            self.reset()
        return False

    def reset(self) -> None:
        """Forget colours, font metrics, laid-out texts and pixmaps (the view's look changed)."""
        self._look = None
        self._texts.clear()
        self._pixmaps.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        state = option.state.value
        cells = None if state & _HAS_FOCUS else self._cells_at(index.row())
        if cells is None:
            super().paint(painter, option, index)
            return
        look = self._look or self._new_look()
        column = index.column()
        rect = option.rect
        group = 2 if not state & _ENABLED else 0 if state & _ACTIVE else 1
        selected = bool(state & _SELECTED)
        if selected:
            painter.fillRect(rect, look.highlight[group])
        icon = cells[_DECORATION][column]
        if icon is not None:
            pixmap = self._pixmap(icon, selected, look)
            # Where the stock delegate puts an icon without text: the text margin in, centred
            # vertically (so installing this painter after the first paint changes no pixel).
            painter.drawPixmap(
                rect.x() + look.margin,
                rect.y() + (rect.height() - look.icon_size.height()) // 2,
                pixmap,
            )
        text = cells[_DISPLAY][column]
        if text:
            margin = look.margin
            middle = column in self.elide_middle
            static, width, height = self._static(text, rect.width() - 2 * margin, look, middle)
            alignment = cells[_ALIGNMENT][column]
            if alignment is not None and alignment & _H_CENTER:
                x = rect.x() + (rect.width() - width) // 2
            else:
                x = rect.x() + margin
            painter.setPen(look.highlighted_text[group] if selected else look.text[group])
            painter.drawStaticText(x, rect.y() + (rect.height() - height) // 2, static)

    def _new_look(self) -> _Look:
        self._look = _Look(self._view)
        return self._look

    def _static(
        self, text: str, width: int, look: _Look, middle: bool = False
    ) -> tuple[QStaticText, int, int]:
        key = (text, width, middle)
        laid_out = self._texts.get(key)
        if laid_out is None:
            if len(self._texts) >= MAX_CACHED_TEXTS:
                self._texts.clear()
            mode = Qt.TextElideMode.ElideMiddle if middle else Qt.TextElideMode.ElideRight
            shown = look.metrics.elidedText(text, mode, max(0, width))
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=look.font)
            size = static.size()
            laid_out = self._texts[key] = (static, round(size.width()), round(size.height()))
        return laid_out

    def _pixmap(self, icon: QIcon, selected: bool, look: _Look) -> QPixmap:
        key = (icon.cacheKey(), selected)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            mode = QIcon.Mode.Selected if selected else QIcon.Mode.Normal
            pixmap = self._pixmaps[key] = icon.pixmap(look.icon_size, look.ratio, mode)
        return pixmap
