"""The notes view (objectName `notesPanel`): every highlight and note, grouped by session.

Filterable by colour and by text (the quote, the note or the session's title); a click on a
highlight asks to jump to its place; its note can be edited or the highlight deleted here.
A highlight whose passage is no longer in its session's text is listed, marked "not found in
the current text". The panel shows what it is given (`set_items`) and emits what the user
asks for; it owns no notes.

Signals:
    highlightActivated(str id), noteEditRequested(str id), deleteRequested(str id),
    exportRequested(bool all_sessions): the buttons and clicks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.export.notes_export import NOT_FOUND
from viewer.core.library.notes import COLOURS, Highlight
from viewer.core.text.folding import fold
from viewer.ui.reader.highlight_dialog import SHADES

ID_ROLE = Qt.ItemDataRole.UserRole
QUOTE_CHARS = 240
WRAP_CHARS = 48
NO_HIGHLIGHTS = "No highlights or notes yet."
NO_MATCH = "No highlight or note matches the filter."


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(SHADES.get(colour, SHADES["yellow"])[0]))
    return QIcon(pixmap)


class NotesPanel(QWidget):
    """See the module docstring."""

    highlightActivated = Signal(str)
    noteEditRequested = Signal(str)
    deleteRequested = Signal(str)
    exportRequested = Signal(bool)

    def __init__(self, parent: QWidget | None = None, *, how_to: str = "") -> None:
        """`how_to`: how to make a highlight, told while there is none."""
        super().__init__(parent)
        self.setObjectName("notesPanel")
        self.setAccessibleName("Notes")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("notesFilter")
        self.filter_edit.setPlaceholderText("Filter notes and highlights…")
        self.filter_edit.setClearButtonEnabled(True)
        self.colour_box = QComboBox(self)
        self.colour_box.setObjectName("notesColour")
        self.colour_box.setAccessibleName("Colour")
        self.colour_box.addItem("All colours", "")
        for colour in COLOURS:
            self.colour_box.addItem(_swatch(colour), colour.title(), colour)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("notesTree")
        self.tree.setHeaderHidden(True)
        # Lines are wrapped here (`WRAP_CHARS`), not by the view: a row's height then follows
        # its line count, and a note under a long quote is never cut off.
        self.tree.setWordWrap(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setAccessibleName("Highlights and notes")
        # Instead of an empty list: what is missing, and how to make a highlight.
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("notesEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setMargin(24)
        self.empty_label.setEnabled(False)  # drawn dimmed, as the panes' own messages
        self._how_to = how_to
        self.edit_button = QPushButton("Edit Note…", self)
        self.edit_button.setObjectName("notesEditButton")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setObjectName("notesDeleteButton")
        self.export_button = QPushButton("Export All…", self)
        self.export_button.setObjectName("notesExportButton")
        self.export_button.setToolTip("Save every highlight and note as Markdown or text")
        self.export_session_button = QPushButton("Export Session…", self)
        self.export_session_button.setObjectName("notesExportSessionButton")
        self.export_session_button.setToolTip("Save the open session's notes only")
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.colour_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        bottom.addWidget(self.export_session_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(bottom)
        self._items: list[tuple[Highlight, str]] = []
        self.filter_edit.textChanged.connect(self._fill)
        self.colour_box.currentIndexChanged.connect(self._fill)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)
        self.tree.currentItemChanged.connect(self._update_buttons)
        self.edit_button.clicked.connect(lambda: self._emit_current(self.noteEditRequested))
        self.delete_button.clicked.connect(lambda: self._emit_current(self.deleteRequested))
        self.export_button.clicked.connect(lambda: self.exportRequested.emit(True))
        self.export_session_button.clicked.connect(lambda: self.exportRequested.emit(False))
        self._fill()

    def set_items(self, items: Sequence[tuple[Highlight, str]]) -> None:
        """(highlight, its session's shown title), in the order to list them."""
        self._items = list(items)
        self._fill()

    def _matches(self, highlight: Highlight, title: str, colour: str, words: list[str]) -> bool:
        if colour and highlight.colour != colour:
            return False
        if not words:
            return True
        haystack = fold(f"{highlight.anchor.exact} {highlight.note} {title}")
        return all(w in haystack for w in words)

    @Slot()
    def _fill(self) -> None:
        current = self.current_id()
        colour = self.colour_box.currentData() or ""
        words = fold(self.filter_edit.text()).split()
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for highlight, title in self._items:
            if not self._matches(highlight, title, colour, words):
                continue
            group = groups.get(highlight.session)
            if group is None:
                group = groups[highlight.session] = QTreeWidgetItem(self.tree, [title])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
            quote = " ".join(highlight.anchor.exact.split())
            if len(quote) > QUOTE_CHARS:
                quote = quote[:QUOTE_CHARS] + "…"
            lines = textwrap.wrap(f"“{quote}”", WRAP_CHARS) or [""]
            if highlight.note:
                note = " ".join(highlight.note.split())
                lines += textwrap.wrap(f"✎ {note}", WRAP_CHARS, max_lines=4, placeholder=" …")
            if not highlight.found:
                lines.append(f"({NOT_FOUND})")
            item = QTreeWidgetItem(group, ["\n".join(lines)])
            item.setIcon(0, _swatch(highlight.colour))
            item.setData(0, ID_ROLE, highlight.id)
            tip = f"“{' '.join(highlight.anchor.exact.split())[:2000]}”"
            item.setToolTip(0, tip + (f"\n\n{highlight.note[:2000]}" if highlight.note else ""))
            if not highlight.found:
                item.setForeground(0, QBrush(self.palette().placeholderText().color()))
            if highlight.id == current:
                self.tree.setCurrentItem(item)
        listed = self.tree.topLevelItemCount() > 0
        self.tree.setVisible(listed)
        self.empty_label.setVisible(not listed)
        self.empty_label.setText(NO_MATCH if self._items else f"{NO_HIGHLIGHTS}\n\n{self._how_to}")
        self._update_buttons()

    def current_id(self) -> str:
        item = self.tree.currentItem()
        value = item.data(0, ID_ROLE) if item is not None else None
        return value if isinstance(value, str) else ""

    def _highlight_items(self) -> list[QTreeWidgetItem]:
        items = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                items += [c for i in range(group.childCount()) if (c := group.child(i))]
        return items

    def listed_ids(self) -> list[str]:
        """The highlights shown now (after the filters), top to bottom."""
        return [str(item.data(0, ID_ROLE)) for item in self._highlight_items()]

    def select(self, highlight_id: str) -> bool:
        for item in self._highlight_items():
            if item.data(0, ID_ROLE) == highlight_id:
                self.tree.setCurrentItem(item)
                return True
        return False

    @Slot()
    def _update_buttons(self) -> None:
        has = bool(self.current_id())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.export_button.setEnabled(bool(self._items))
        self.export_session_button.setEnabled(bool(self._items))

    @Slot(QTreeWidgetItem)
    def _on_activated(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, ID_ROLE)
        if isinstance(value, str) and value:
            self.highlightActivated.emit(value)

    def _emit_current(self, signal: object) -> None:
        highlight_id = self.current_id()
        if highlight_id:
            signal.emit(highlight_id)  # type: ignore[attr-defined]
