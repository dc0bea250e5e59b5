"""Quick switcher (Ctrl+P): type a few letters of a title or speaker, Enter opens the session."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from viewer.core.session.model import Session
from viewer.core.session.titles import display_titles
from viewer.core.text.fuzzy import rank

PathRole = Qt.ItemDataRole.UserRole + 1


def _details(session: Session) -> str:
    """ "Day 4  ·  12:40–12:54  ·  Bharat Mandapam — L2 Audi 1": what tells a slot apart."""
    day = f"Day {session.day}" if session.day is not None else ""
    return "  ·  ".join(p for p in (day, session.time_label, session.venue) if p)


class QuickSwitcher(QDialog):
    """A small popup listing sessions that match what is typed, best first.

    Signals:
        sessionChosen(str): the path of the session the user picked.
    """

    sessionChosen = Signal(str)

    def __init__(self, sessions: Sequence[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quickSwitcher")
        self.setWindowTitle("Go to Session")
        self.setModal(True)
        self.resize(640, 420)
        self._titles = display_titles(sessions)
        self._details = {s.path: _details(s) for s in sessions}
        self._haystack = [
            (s.path, " ".join([s.title, *(sp.name for sp in s.speakers)])) for s in sessions
        ]
        self.input = QLineEdit(self)
        self.input.setObjectName("quickSwitcherInput")
        self.input.setPlaceholderText("Session title or speaker…")
        self.input.setAccessibleName("Go to session")
        self.input.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("quickSwitcherList")
        self.list.setAccessibleName("Matching sessions")
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.input)
        layout.addWidget(self.list)
        self.input.textChanged.connect(self._refresh)
        self.input.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self._refresh("")

    @Slot(str)
    def _refresh(self, text: str) -> None:
        if text.strip():
            paths = rank(text, self._haystack, limit=50)
        else:
            paths = [path for path, _ in self._haystack[:50]]
        self.list.clear()
        for path in paths:
            item = QListWidgetItem(f"{self._titles[path]}\n{self._details[path]}")
            item.setData(PathRole, path)
            item.setToolTip(path)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up/Down in the text field move through the list, as in editors' quick-open boxes.
        if watched is self.input and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)

    def matches(self) -> list[str]:
        return [self.list.item(i).data(PathRole) for i in range(self.list.count())]

    @Slot(QListWidgetItem)
    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.sessionChosen.emit(item.data(PathRole))
        self.accept()
