"""People: every speaker once, with their sessions and where their name is spoken.

Built from `viewer.core.search.people` (grouped by normalised name, so "Shri A. Kumar" and
"A Kumar, Org" are one row). A person's transcript mentions are looked up in the search index
only when their row is expanded: one short indexed phrase query, well within a frame.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from viewer.core.search.people import Person, caption_spellings, mentions_query, people
from viewer.core.session.titles import display_titles
from viewer.core.text.folding import fold

PathRole = Qt.ItemDataRole.UserRole + 1
ParagraphRole = Qt.ItemDataRole.UserRole + 2
StateRole = Qt.ItemDataRole.UserRole + 3  # "empty" / "pending": children not made yet
MENTIONS_SHOWN = 20
ROWS_PER_CHUNK = 400


class PeopleView(QWidget):
    """A filterable list of people; expanding one shows sessions and transcript mentions.

    Signals:
        hitActivated(str session_path, int paragraph, list terms): a session (-1) or a
            mention (its paragraph) was clicked; terms hold the person's name.
    """

    hitActivated = Signal(str, int, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[Person] = []
        self._titles: dict[str, str] = {}
        self._pending: list[Person] = []
        self._index: Any = None
        self.filter = QLineEdit(self)
        self.filter.setObjectName("peopleFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText("Filter people by name or affiliation")
        self.count = QLabel(self)
        self.count.setObjectName("peopleCount")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("peopleList")
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("People")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.count)
        layout.addWidget(self.tree, 1)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree.itemExpanded.connect(self._fill)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemActivated.connect(self._activate)

    def set_library(self, library: Any) -> None:
        """List the people of `library` (computes them here; the search panel instead
        computes them in its worker thread and calls `set_people`)."""
        self.set_people(people(getattr(library, "sessions", [])), library)

    def set_people(self, found: list[Person], library: Any) -> None:
        """Show `found`. Only the people rows are made, in chunks between events, so a large
        library never holds up the window; sessions and mentions are added on expanding."""
        self._people = found
        self._titles = display_titles(getattr(library, "sessions", []))
        self._pending = list(found)
        self.tree.clear()
        self._add_chunk()

    @Slot()
    def _add_chunk(self) -> None:
        chunk, self._pending = self._pending[:ROWS_PER_CHUNK], self._pending[ROWS_PER_CHUNK:]
        rows = []
        for person in chunk:
            n = len(person.sessions)
            row = QTreeWidgetItem([f"{person.name}  ({n} session{'s' if n != 1 else ''})"])
            tip = "; ".join(person.affiliations) or person.name
            if person.variants:
                tip += "\nAlso written: " + "; ".join(person.variants)
            row.setToolTip(0, tip)
            row.setData(0, Qt.ItemDataRole.UserRole, person)
            row.setData(0, StateRole, "empty")
            row.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            rows.append(row)
        self.tree.addTopLevelItems(rows)
        self._apply_filter(self.filter.text(), rows)
        if self._pending:
            QTimer.singleShot(0, self, self._add_chunk)  # dropped if the view goes

    @property
    def titles(self) -> dict[str, str]:
        """Path -> the title sessions are shown under (`titles.display_titles`)."""
        return self._titles

    def set_index(self, index: Any) -> None:
        """The search index used for transcript mentions (None while it is not ready)."""
        self._index = index

    @Slot(str)
    def _apply_filter(self, text: str, rows: list[QTreeWidgetItem] | None = None) -> None:
        needle = fold(text).strip()
        if rows is None:
            rows = [
                r
                for r in (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
                if r is not None
            ]
        for row in rows:
            person: Person = row.data(0, Qt.ItemDataRole.UserRole)
            haystack = fold(
                " ".join((person.name, *person.keys, *person.variants, *person.affiliations))
            )
            row.setHidden(bool(needle) and needle not in haystack)
        shown = sum(
            1
            for i in range(self.tree.topLevelItemCount())
            if not self.tree.isRowHidden(i, QModelIndex())
        )
        self.count.setText(f"{shown:,} of {len(self._people):,} people")

    @Slot(QTreeWidgetItem)
    def _fill(self, item: QTreeWidgetItem) -> None:
        state = item.data(0, StateRole)
        if state == "empty":  # a person row: their sessions, then a mentions row
            who: Person = item.data(0, Qt.ItemDataRole.UserRole)
            item.setData(0, StateRole, "done")
            for path in who.sessions:
                child = QTreeWidgetItem(item, [self._titles.get(path, path)])
                child.setToolTip(0, path)
                child.setData(0, PathRole, path)
                child.setData(0, ParagraphRole, -1)
            mentions = QTreeWidgetItem(item, ["Mentioned in transcripts…"])
            mentions.setData(0, StateRole, "pending")
            mentions.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            return
        if state != "pending":
            return
        parent = item.parent()
        person: Person | None = parent.data(0, Qt.ItemDataRole.UserRole) if parent else None
        if person is None:
            return
        if self._index is None:
            item.setText(0, "Mentioned in transcripts: the search index is not ready yet")
            return
        spellings = self._index.spellings().as_mapping()
        query = mentions_query(person, spellings)
        result = self._index.search(query, limit=MENTIONS_SHOWN, per_session=MENTIONS_SHOWN)
        item.setData(0, StateRole, "done")
        hits = result.hits
        label = f"Mentioned in transcripts: {result.total} time{'s' if result.total != 1 else ''}"
        others = caption_spellings(person, spellings)
        if others:
            label += " (captions also write " + ", ".join(others) + ")"
        item.setText(0, label)
        for hit in hits:
            child = QTreeWidgetItem(item, [hit.snippet])
            child.setToolTip(0, html.escape(self._titles.get(hit.path, hit.title)))
            child.setData(0, PathRole, hit.path)
            child.setData(0, ParagraphRole, hit.paragraph)

    @Slot(QTreeWidgetItem, int)
    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        path = item.data(0, PathRole)
        if not path:
            return
        person = None
        node: QTreeWidgetItem | None = item
        while node is not None and person is None:
            data = node.data(0, Qt.ItemDataRole.UserRole)
            person = data if isinstance(data, Person) else None
            node = node.parent()
        terms = [person.key] if person is not None else []
        if person is not None and self._index is not None:
            spellings = self._index.spellings().as_mapping()
            terms += [w.casefold() for w in caption_spellings(person, spellings)]
        self.hitActivated.emit(str(path), int(item.data(0, ParagraphRole)), terms)
