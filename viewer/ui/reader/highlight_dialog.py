"""Ask for a highlight's colour and an optional note (one line; longer notes are edited in the
notes view). Return accepts, Escape cancels."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.library.notes import COLOURS, DEFAULT_COLOUR

# (light page, dark page) backgrounds; none is the find highlight's yellow.
SHADES = {
    "yellow": ("#fff59d", "#6b5d00"),
    "green": ("#c8f2c2", "#1f5c2a"),
    "blue": ("#cfe3ff", "#1d3f6e"),
    "pink": ("#ffd1e8", "#6b2850"),
}


def shade(colour: str, palette: QPalette) -> QColor:
    light, dark = SHADES.get(colour, SHADES[DEFAULT_COLOUR])
    is_dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor(dark if is_dark else light)


class HighlightDialog(QDialog):
    """See the module docstring; `colour()` and `note()` after `exec()`."""

    def __init__(self, quote: str, colour: str, note: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("highlightDialog")
        self.setWindowTitle("Highlight")
        shown = quote if len(quote) <= 200 else quote[:200] + "…"
        label = QLabel(f"“{' '.join(shown.split())}”", self)
        label.setWordWrap(True)
        label.setTextFormat(label.textFormat().PlainText)
        row = QHBoxLayout()
        self._group = QButtonGroup(self)
        for n, name in enumerate(COLOURS, 1):
            button = QRadioButton(f"&{n} {name.title()}", self)
            button.setObjectName(f"highlightColour_{name}")
            button.setStyleSheet(f"QRadioButton::indicator {{ background: {SHADES[name][0]}; }}")
            button.setChecked(name == colour)
            self._group.addButton(button, n - 1)
            row.addWidget(button)
        self._note = QLineEdit(note, self)
        self._note.setObjectName("highlightNote")
        self._note.setPlaceholderText("Note (optional)")
        self._note.setAccessibleName("Note")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self._note)
        layout.addWidget(buttons)
        self._note.setFocus()

    def colour(self) -> str:
        index = self._group.checkedId()
        return COLOURS[index] if 0 <= index < len(COLOURS) else DEFAULT_COLOUR

    def note(self) -> str:
        return self._note.text().strip()
