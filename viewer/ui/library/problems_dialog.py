"""A list of the files that could not be read as sessions, and why (from the status bar)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.session.model import ParseProblem


class ProblemsDialog(QDialog):
    """Read-only table: file, reason. Non-modal so the user can keep reading."""

    def __init__(self, problems: Sequence[ParseProblem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsDialog")
        self.setWindowTitle("Files That Could Not Be Read")
        self.resize(760, 420)
        count = len(problems)
        intro = QLabel(
            f"{count} file{'s' if count != 1 else ''} in this library could not be read as a "
            "session. Overview files such as README.md are expected here.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(count, 2, self)
        self.table.setObjectName("problemsTable")
        self.table.setAccessibleName("Problems")
        self.table.setHorizontalHeaderLabels(["File", "Reason"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setStretchLastSection(True)
        for row, problem in enumerate(problems):
            for column, text in enumerate((problem.path, problem.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
