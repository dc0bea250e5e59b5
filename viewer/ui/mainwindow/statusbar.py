"""The status bar's permanent widgets: load progress, the problems button, the library name.

Why a widget of its own: the window only says what happened ("loading", "loaded N sessions
with K problems"); how that is shown lives here.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from viewer.ui.common import icons


class LibraryStatus(QWidget):
    """Progress while loading, then "N sessions · name" and, if any, "K files not read".

    Signals:
        problemsRequested(): the problems button was clicked.
    """

    problemsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("loadProgress")
        self.progress.setAccessibleName("Loading progress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setFormat("Loading %v of %m…")
        self.progress.hide()
        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("problemsButton")
        self.problems_button.setAccessibleName("Show files that could not be read")
        self.problems_button.setToolTip("Show files that could not be read as sessions")
        self.problems_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems_button.setIcon(icons.icon("problems", "#b26a00"))
        self.problems_button.setAutoRaise(True)
        self.problems_button.hide()
        self.problems_button.clicked.connect(self.problemsRequested)
        self.library_label = QLabel(self)
        self.library_label.setObjectName("libraryLabel")
        self.library_label.setAccessibleName("Library")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(10)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems_button)
        layout.addWidget(self.library_label)

    def loading(self) -> None:
        self.progress.setRange(0, 0)  # busy until the first progress report gives a total
        self.progress.show()

    @Slot(int, int)
    def set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def finished(self) -> None:
        self.progress.hide()

    def show_library(self, sessions: int, paths: Sequence[str], names: str, problems: int) -> None:
        self.progress.hide()
        self.library_label.setText(f"{sessions:,} sessions · {names}")
        self.library_label.setToolTip("\n".join(paths))
        self.problems_button.setText(f"{problems} file{'s' if problems != 1 else ''} not read")
        self.problems_button.setVisible(problems > 0)
