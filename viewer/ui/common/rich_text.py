"""An item delegate that paints an item's markup (escaped text with a few spans) as rich text.

The search results and the quick switcher both show rows of rich text over the view's own item
background (selection, focus, hover); this paints that background the style's way, then the
text in the palette's colour for the row's state, so a selected row reads in the highlighted
text colour and the spans keep their own colours.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

AnyIndex = QModelIndex | QPersistentModelIndex


class RichTextDelegate(QStyledItemDelegate):
    """Paints `markup(index)` (by default the item's data in `role`) wrapped to the item's
    width, with `margin` pixels around it and at least `min_width` to wrap to."""

    def __init__(
        self, role: int, parent: QObject | None = None, *, margin: int = 2, min_width: int = 80
    ) -> None:
        super().__init__(parent)
        self._role, self._margin, self._min_width = role, margin, min_width

    def markup(self, index: AnyIndex) -> str:
        return str(index.data(self._role) or "")

    def document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(self._margin)
        doc.setHtml(self.markup(index))
        doc.setTextWidth(max(self._min_width, width))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self.document(opt, index, opt.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(opt.rect.translated(-opt.rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()
