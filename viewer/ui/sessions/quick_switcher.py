"""Quick switcher (Ctrl+P): type a few letters of a title or speaker, Enter opens the session.

Ranking lives in `viewer.core.text.fuzzy` (exact, prefix, word starts, then letters in order);
this dialog shows each match as its shown title over its day, time, venue and speakers, with
the matched characters in bold so the user sees why a row is there.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.session.model import Session
from viewer.core.session.titles import display_titles
from viewer.core.text.fuzzy import Folded, Match, Tier, best
from viewer.ui.common import rich_text

PathRole = Qt.ItemDataRole.UserRole + 1
HtmlRole = Qt.ItemDataRole.UserRole + 2
SHOWN_SPEAKERS = 3
SEPARATOR = ", "


def _details(session: Session) -> str:
    """ "Day 4  ·  12:40–12:54  ·  Bharat Mandapam — L2 Audi 1": what tells a slot apart."""
    day = f"Day {session.day}" if session.day is not None else ""
    return "  ·  ".join(p for p in (day, session.time_label, session.venue) if p)


def marked(text: str, positions: set[int], offset: int = 0) -> str:
    """`text` as HTML with the characters at `positions` (minus `offset`) in bold."""
    out = []
    for index, ch in enumerate(text):
        piece = html.escape(ch)
        out.append(f"<b><u>{piece}</u></b>" if index + offset in positions else piece)
    return "".join(out)


class _Candidate:
    """What one session offers to the matcher, folded once when the dialog opens."""

    def __init__(self, session: Session, title: str) -> None:
        self.path = session.path
        self.title = title
        self.names = [sp.name or sp.text for sp in session.speakers if sp.name or sp.text]
        self.speakers = SEPARATOR.join(self.names)
        self.details = _details(session)
        self.folded_title = Folded.of(title)
        self.folded_speakers = Folded.of(self.speakers)

    def speaker_line(self, positions: set[int]) -> tuple[str, str]:
        """(plain, html) of up to SHOWN_SPEAKERS names, matched names first, then "+N more"."""
        start = len(self.title) + 1
        spans, at = [], start
        for name in self.names:
            spans.append((name, at))
            at += len(name) + len(SEPARATOR)
        hit = [s for s in spans if any(s[1] <= p < s[1] + len(s[0]) for p in positions)]
        shown = (hit + [s for s in spans if s not in hit])[:SHOWN_SPEAKERS]
        shown.sort(key=lambda s: s[1])
        more = len(spans) - len(shown)
        tail = f" +{more} more" if more else ""
        plain = SEPARATOR.join(name for name, _ in shown) + tail
        rich = SEPARATOR.join(marked(name, positions, offset) for name, offset in shown)
        return plain, rich + html.escape(tail)


class _RichDelegate(rich_text.RichTextDelegate):
    """Paints an item's HtmlRole (two lines: title, then details in the muted colour), or its
    plain text when it has none; rows are as tall as their text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HtmlRole, parent, margin=3, min_width=50)

    def markup(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return super().markup(index) or html.escape(str(index.data() or ""))

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        doc = self.document(option, index, option.rect.width())
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


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
        self.resize(680, 440)
        titles = display_titles(sessions)
        self._candidates = {s.path: _Candidate(s, titles[s.path]) for s in sessions}
        self.input = QLineEdit(self)
        self.input.setObjectName("quickSwitcherInput")
        self.input.setPlaceholderText("Session title or speaker…")
        self.input.setAccessibleName("Go to session")
        self.input.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("quickSwitcherList")
        self.list.setAccessibleName("Matching sessions")
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(_RichDelegate(self.list))
        layout = QVBoxLayout(self)
        layout.addWidget(self.input)
        layout.addWidget(self.list)
        self.input.textChanged.connect(self._refresh)
        self.input.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self._refresh("")

    def _matches(self, text: str) -> list[Match]:
        if not text.strip():
            return [Match(path, Tier.EXACT, 0, ()) for path in list(self._candidates)[:50]]
        pool = ((c.path, c.folded_title, c.folded_speakers) for c in self._candidates.values())
        return best(text, pool, limit=50)

    @Slot(str)
    def _refresh(self, text: str) -> None:
        self.list.clear()
        for found in self._matches(text):
            candidate = self._candidates[found.key]
            positions = set(found.positions)
            speakers, rich_speakers = candidate.speaker_line(positions)
            details = "  ·  ".join(p for p in (candidate.details, speakers) if p)
            rich_details = html.escape(candidate.details)
            if rich_speakers:
                rich_details += ("  ·  " if rich_details else "") + rich_speakers
            item = QListWidgetItem(f"{candidate.title}\n{details}")
            item.setData(PathRole, found.key)
            item.setData(
                HtmlRole,
                f"{marked(candidate.title, positions)}<br>"
                f"<span style='font-size: small'>{rich_details}</span>",
            )
            item.setToolTip(found.key)
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

    def shown_html(self, row: int) -> str:
        """The rich text of row `row` (matched characters in <b><u>), for tests."""
        return str(self.list.item(row).data(HtmlRole) or "")

    @Slot(QListWidgetItem)
    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.sessionChosen.emit(item.data(PathRole))
        self.accept()
