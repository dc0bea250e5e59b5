"""Help > Keyboard Shortcuts: every key the program answers to, with plain names, in one table.

Two sources: the window's actions (their own shortcuts, minus the keys of special keyboards
that Qt's standard bindings add: "Find", "Refresh", "Help") and the keys that widgets handle
themselves (F3 in the find bar, Enter on a row, Esc, Tab between panes), listed in
WIDGET_KEYS because no action carries them.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.mainwindow.actions import mnemonic_free

NATIVE = QKeySequence.SequenceFormat.NativeText
LAST_TYPED_KEY = Qt.Key.Key_F35.value  # codes above are media and special-keyboard keys

# (what it does, keys, where): keys handled inside widgets, which no action lists.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Open the session and read its transcript", "Enter", "Session list"),
    ("Move between sessions", "Up, Down, Page Up, Page Down", "Session list"),
    ("Empty the filter box", "Esc", "Filter box"),
    ("Next match", "Enter, F3", "Find bar"),
    ("Previous match", "Shift+Enter, Shift+F3", "Find bar"),
    ("Close the find bar", "Esc", "Find bar, transcript"),
    ("Open the hit", "Enter", "Search results"),
    ("Open the chosen session", "Enter", "Go to Session"),
    ("Move through the matches", "Up, Down", "Go to Session"),
    ("Move between sessions in the timetable", "Arrow keys", "Schedule"),
    ("Next pane (list, filter, details, transcript)", "Tab", "Window"),
    ("Previous pane", "Shift+Tab", "Window"),
    ("Back to the session list", "Esc", "Window"),
)


def plain_name(action: QAction) -> str:
    """ "&Find in Transcript…" -> "Find in Transcript"."""
    return mnemonic_free(action.text()).rstrip(".…")


def typed_keys(sequences: Iterable[QKeySequence]) -> list[str]:
    """The sequences a plain keyboard can type, in native text, without repeats."""
    keys: list[str] = []
    for sequence in sequences:
        if sequence.isEmpty() or sequence.count() != 1:
            continue
        if sequence[0].key().value > LAST_TYPED_KEY:  # type: ignore[index]
            continue
        text = sequence.toString(NATIVE)
        if text and text not in keys:
            keys.append(text)
    return keys


def shortcut_rows(
    actions: Iterable[QAction], widget_keys: Iterable[tuple[str, str, str]] = ()
) -> list[tuple[str, str, str]]:
    """(what it does, keys, where) for each action with a typed shortcut and each widget key,
    window commands first by name, then widget keys in their given order."""
    rows: dict[str, tuple[str, str, str]] = {}
    for action in actions:
        keys = typed_keys(action.shortcuts())
        if keys:
            name = plain_name(action)
            rows[name] = (name, ", ".join(keys), "Anywhere")
    ordered = sorted(rows.values(), key=lambda row: row[0].casefold())
    return ordered + list(widget_keys)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(620, 600)
        rows = shortcut_rows(actions, WIDGET_KEYS)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        table = self.table

        def cell(row: int, column: int) -> str:
            item = table.item(row, column)
            return item.text() if item is not None else ""

        return [(cell(r, 0), cell(r, 1), cell(r, 2)) for r in range(table.rowCount())]
