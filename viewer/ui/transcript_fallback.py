"""Stand-in transcript panel used only until viewer.ui.transcript_panel lands (same API)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from viewer.core.model import Session, SharedStream


class TranscriptPanel(QWidget):
    findCountChanged = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = QTextBrowser(self)
        self.view.setObjectName("transcriptView")
        self.view.setOpenLinks(False)
        self.view.setAccessibleName("Transcript")
        self.find_input = QLineEdit(self)
        self.find_input.setObjectName("findInput")
        self.find_input.setAccessibleName("Find in transcript")
        self.find_input.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.find_input)
        layout.addWidget(self.view)

    def show_session(self, session: Session, stream: SharedStream | None = None) -> None:
        self.view.setPlainText(session.transcript or "No transcript for this session.")

    def clear(self, message: str) -> None:
        self.view.setPlainText(message)

    def open_find(self, initial: str = "") -> None:
        self.find_input.show()
        self.find_input.setText(initial)
        self.find_input.setFocus()

    def close_find(self) -> None:
        self.find_input.hide()

    def scroll_to_paragraph(self, index: int, terms: Sequence[str] = ()) -> None:
        return None

    def current_paragraph(self) -> int:
        return 0
