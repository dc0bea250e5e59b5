"""The session list's models: every session in sort order, and the rows the filter shows.

`SessionTableModel` holds every session of the library, in the current sort order, with each
session's filter haystack and (once shown) its cells. `SessionFilterProxy` is what the table
view shows: a list of the table model's rows that the current `SessionFilter` keeps.

Why not a QSortFilterProxyModel: on a large library a filter change made it call a Python
`filterAcceptsRow` per row and update its mapping row by row, and every repaint went through its
index mapping into the Python source (thousands of `rowCount`/`columnCount`/`data()` calls).
Here a keystroke computes the list of shown rows in one
Python pass and announces it with one layout change, so what Qt does is proportional to the rows
on screen, and `data()` answers from a per-session tuple (see session_cells).

Why the table model sorts (not the view's model): the sort keys are computed once per sort, and
the shown rows stay a sublist of the table model's order, so filtering never compares rows.
Ties keep load order (stable, deterministic).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from viewer.core.session.model import Session
from viewer.core.session.titles import TitleBook, display_titles
from viewer.ui.sessions.cells import (
    COL_DAY,
    COL_SPEAKERS,
    COL_TIME,
    COL_TITLE,
    COL_TRANSCRIPT,
    COL_VENUE,
    COL_VIDEO,
    COLUMNS,
    HEADERS,
    ROLE_SLOTS,
    RowCells,
    header_data,
    row_cells,
    sort_key,
)
from viewer.ui.sessions.filter import (
    MAX_FILTER_CHARS,
    PreparedRows,
    SessionFilter,
    matching_rows,
    narrows,
    prepare_rows,
)

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality

__all__ = [
    "COL_DAY",
    "COL_SPEAKERS",
    "COL_TIME",
    "COL_TITLE",
    "COL_TRANSCRIPT",
    "COL_VENUE",
    "COL_VIDEO",
    "HEADERS",
    "PreparedRows",
    "SessionFilter",
    "SessionFilterProxy",
    "SessionPathRole",
    "SessionRole",
    "SessionTableModel",
    "SortKeyRole",
    "prepare_rows",
]

# Custom roles (module constants, as Picard does).
SessionPathRole = Qt.ItemDataRole.UserRole + 1
SortKeyRole = Qt.ItemDataRole.UserRole + 2
SessionRole = Qt.ItemDataRole.UserRole + 3

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)


class SessionTableModel(QAbstractTableModel):
    """Every session as a row, in the current sort order; columns HEADERS. Read-only.

    Attributes (aligned with the rows):
        sessions: the sessions.
        cells: each row's cell values (`session_cells.row_cells`), None until first asked for.

    The filter's data (`prepared`: folded haystacks, speaker keys) comes from the loader's
    thread after the first paint (`adopt_prepared`); a filter asked for before that folds the
    rows itself, once.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sessions: list[Session] = []
        self.cells: list[RowCells | None] = []
        self._loaded: list[Session] = []  # the sessions in load order
        self._by_load: PreparedRows | None = None  # filter data in load order
        self._aligned: PreparedRows | None = None  # the same, in row order (cached)
        self._row_of: dict[str, int] = {}
        self._titles: dict[str, str] | None = None  # shown titles (`display_titles`), lazily
        self._book: TitleBook | None = None  # the same, for rows appended (`append_sessions`)
        self._untitled: list[Session] = []  # appended rows the book has not taken yet
        self._quality: dict[str, Quality] = {}  # transcript quality flags, once judged
        self._load_order: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_sessions(
        self, sessions: Sequence[Session], prepared: PreparedRows | None = None
    ) -> None:
        """Replace the rows (and forget every cached cell); `prepared` (from `prepare_rows`,
        e.g. computed in the loader's thread) saves folding every row on the GUI thread."""
        rows = list(sessions)
        self.beginResetModel()
        self.sessions = rows
        self._loaded = list(rows)
        self._by_load = None
        self._aligned = None
        self._titles = self._book = None
        self._untitled = []
        if prepared is not None:
            self.adopt_prepared(prepared)
        self.cells = [None] * len(rows)
        self._load_order = list(range(len(rows)))
        self._apply_order(self._sorted_rows(self._sort_column, self._sort_order))
        self.endResetModel()

    def append_sessions(self, sessions: Sequence[Session]) -> None:
        """More rows of the library being read, after those already here (in load order).

        They are inserted at the end (no existing row moves, so selection and the current row
        stay put), then placed by the current sort (a layout change that moves persistent
        indexes with their sessions). Filter data is computed again when next asked for. A
        generic title's shown form can depend on the sessions that came: every row's cells
        are made again when next shown, with the shown titles brought up to date then
        (`TitleBook`: at the cost of the rows that came since, however many batches that
        was, not of the whole list).
        """
        if not sessions:
            return
        first = len(self.sessions)
        if self._book is None:
            self._book = TitleBook(self._loaded)
        self._untitled.extend(sessions)
        self.beginInsertRows(_ROOT, first, first + len(sessions) - 1)
        self.sessions.extend(sessions)
        self._loaded.extend(sessions)
        self._load_order.extend(range(len(self._loaded) - len(sessions), len(self._loaded)))
        self.cells = [None] * len(self.sessions)
        self._by_load = self._aligned = self._titles = None
        self._row_of.update((s.path, first + i) for i, s in enumerate(sessions))
        self.endInsertRows()
        if 0 <= self._sort_column < COLUMNS:
            self.sort(self._sort_column, self._sort_order)

    def adopt_prepared(self, prepared: PreparedRows) -> bool:
        """Filter data computed elsewhere for these sessions, in load order; False (ignored)
        when it does not fit them."""
        if len(prepared.haystacks) != len(self._loaded) or len(prepared.speaker_keys) != len(
            self._loaded
        ):
            return False
        self._by_load, self._aligned = prepared, None
        if prepared.titles is not None and self._titles is None:
            self._titles = prepared.titles
        return True

    @property
    def prepared(self) -> PreparedRows:
        """The filter's data, aligned with the rows (folded now if nobody did yet)."""
        if self._aligned is None:
            if self._by_load is None:
                self._by_load = prepare_rows(self._loaded)
            haystacks, keys, order = (
                self._by_load.haystacks,
                self._by_load.speaker_keys,
                self._load_order,
            )
            self._aligned = PreparedRows([haystacks[i] for i in order], [keys[i] for i in order])
        return self._aligned

    def cells_of(self, row: int) -> RowCells:
        """The row's cell values, computed on first use."""
        cells = self.cells[row]
        if cells is None:
            if self._titles is None:
                self._titles = self._shown_titles()
            session = self.sessions[row]
            cells = self.cells[row] = row_cells(
                session, self._titles.get(session.path), self._quality.get(session.path)
            )
        return cells

    def _shown_titles(self) -> dict[str, str]:
        """Path -> shown title of every row (`display_titles`)."""
        if self._book is None:
            return display_titles(self._loaded)
        self._book.add(self._untitled)
        self._untitled = []
        return self._book.shown

    def set_quality(self, qualities: dict[str, Quality]) -> None:
        """The transcripts' quality flags (`Library.qualities`), judged after the rows were
        shown: the transcript cells are built again with them."""
        self._quality = dict(qualities)
        self.cells = [None] * len(self.sessions)
        if self.sessions:
            last = self.index(len(self.sessions) - 1, COLUMNS - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def quality_level(self, session: Session) -> str:
        """The Transcript facet's value for a session: "complete", "partial", "doubtful" or
        "none"; before the flags are judged, "none" or "" (not known yet) by whether it has
        a transcript."""
        quality = self._quality.get(session.path)
        if quality is not None:
            return quality.level
        return "" if session.has_transcript else "none"

    def value(self, row: int, column: int, role: int) -> Any:
        """What `data()` answers for a valid row and column."""
        slot = ROLE_SLOTS.get(role)
        if slot is not None:
            return (self.cells[row] or self.cells_of(row))[slot][column]
        if role == SessionPathRole:
            return self.sessions[row].path
        if role == SessionRole:
            return self.sessions[row]
        if role == SortKeyRole:
            return sort_key(self.sessions[row], column, self._load_order[row])
        return None

    # -- sorting -----------------------------------------------------------------------------

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Current rows in the wanted order; ties keep load order (stable, deterministic)."""
        rows = range(len(self.sessions))
        ranked = sorted(rows, key=self._load_order.__getitem__)
        if not 0 <= column < COLUMNS:
            return ranked
        keys = [sort_key(s, column, self._load_order[r]) for r, s in enumerate(self.sessions)]
        return sorted(ranked, key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _apply_order(self, new_rows: list[int]) -> None:
        """Reorder every per-row list so that new row i holds old row new_rows[i]."""
        self.sessions = [self.sessions[r] for r in new_rows]
        self._aligned = None
        self.cells = [self.cells[r] for r in new_rows]
        self._load_order = [self._load_order[r] for r in new_rows]
        self._row_of = {s.path: row for row, s in enumerate(self.sessions)}

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder rows by `column` (-1: load order), keeping persistent indexes valid."""
        self._sort_column, self._sort_order = column, order
        new_rows = self._sorted_rows(column, order)
        if new_rows == list(range(len(self.sessions))):
            return
        self.layoutAboutToBeChanged.emit()
        new_row_of_old = {old: new for new, old in enumerate(new_rows)}
        old_indexes = self.persistentIndexList()
        new_indexes = [
            self.index(new_row_of_old[i.row()], i.column()) if i.isValid() else QModelIndex()
            for i in old_indexes
        ]
        self._apply_order(new_rows)
        self.changePersistentIndexList(old_indexes, new_indexes)
        self.layoutChanged.emit()

    @property
    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        return self._sort_column, self._sort_order

    def row_of(self, path: str) -> int:
        """Row of the session with this path, -1 when absent."""
        return self._row_of.get(path, -1)

    # -- QAbstractItemModel (flags: the base class's, selectable and without children) -------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        return header_data(section, orientation, role)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self.sessions):
            return None
        return self.value(row, index.column(), role)


class SessionFilterProxy(QAbstractTableModel):
    """The rows of a SessionTableModel that the filter keeps, in its order; what the table
    view shows. `set_filter()` is the one entry point for filtering; `sort()` sorts the
    table model.

    A filter change is one layout change (persistent indexes, hence the view's selection and
    current row, follow their sessions or become invalid when those are hidden); a new library
    in the table model resets this model too.

    Signals:
        filterChanged(int shown, int total): after every filter change or table model reset.
    """

    filterChanged = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: SessionTableModel | None = None
        self._filter = SessionFilter()
        self._rows: list[int] = []  # table model rows, ascending
        self._moving: list[tuple[QModelIndex, str]] = []  # persistent indexes during a sort

    # -- source wiring -----------------------------------------------------------------------

    def setSourceModel(self, model: SessionTableModel | None) -> None:
        self.beginResetModel()
        if self._source is not None:
            self._source.modelAboutToBeReset.disconnect(self._on_source_about_to_reset)
            self._source.modelReset.disconnect(self._on_source_reset)
            self._source.layoutAboutToBeChanged.disconnect(self._on_source_about_to_sort)
            self._source.layoutChanged.disconnect(self._on_source_sorted)
            self._source.rowsInserted.disconnect(self._on_source_rows_inserted)
        self._source = model
        if model is not None:
            model.modelAboutToBeReset.connect(self._on_source_about_to_reset)
            model.modelReset.connect(self._on_source_reset)
            model.layoutAboutToBeChanged.connect(self._on_source_about_to_sort)
            model.layoutChanged.connect(self._on_source_sorted)
            model.rowsInserted.connect(self._on_source_rows_inserted)
        self._rows = self._matching()
        self.endResetModel()

    def sourceModel(self) -> SessionTableModel | None:
        return self._source

    def _on_source_about_to_reset(self) -> None:
        self.beginResetModel()

    def _on_source_reset(self) -> None:
        self._rows = self._matching()
        self.endResetModel()
        self.filterChanged.emit(len(self._rows), self.total())

    def _on_source_rows_inserted(self, _parent: Any, first: int, last: int) -> None:
        """Rows appended to the table model (`append_sessions`): the kept ones are appended
        here too, after every shown row, so no shown row moves."""
        kept = self._matching(list(range(first, last + 1)))
        if kept:
            at = len(self._rows)
            self.beginInsertRows(_ROOT, at, at + len(kept) - 1)
            self._rows.extend(kept)
            self.endInsertRows()
        self.filterChanged.emit(len(self._rows), self.total())

    def _on_source_about_to_sort(self, *_: Any) -> None:
        """Remember the sessions of the persistent indexes while the old order still holds."""
        self.layoutAboutToBeChanged.emit()
        self._moving = [
            (index, self.path_at(index.row()))
            for index in self.persistentIndexList()
            if index.isValid()
        ]

    def _on_source_sorted(self, *_: Any) -> None:
        self._rows = self._matching()
        old = [index for index, _ in self._moving]
        new = []
        for index, path in self._moving:
            row = self.proxy_row_of(path)
            new.append(self.createIndex(row, index.column()) if row >= 0 else QModelIndex())
        self._moving = []
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the table model's (see module docstring); this model follows it."""
        if self._source is not None:
            self._source.sort(column, order)

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        if self._source is None:
            return -1, Qt.SortOrder.AscendingOrder
        return self._source.sort_state

    # -- filtering ---------------------------------------------------------------------------

    @property
    def current_filter(self) -> SessionFilter:
        return self._filter

    def total(self) -> int:
        return len(self._source.sessions) if self._source is not None else 0

    def set_filter(self, *, reset: bool = False, **changes: Any) -> SessionFilter:
        """Change some criteria (text, day, venue, partner, has_video, has_transcript,
        quality, speaker_key, only_paths), keeping the others unless `reset`; returns the new
        filter."""
        unknown = changes.keys() - SessionFilter._fields
        if unknown:
            raise TypeError(f"no such filter criteria: {', '.join(sorted(unknown))}")
        base = SessionFilter() if reset else self._filter
        new = base._replace(**changes)
        if isinstance(new.text, str) and len(new.text) > MAX_FILTER_CHARS:
            new = new._replace(text=new.text[:MAX_FILTER_CHARS])
        if new == self._filter:
            return new
        previous, self._filter = self._filter, new
        # Typing a word re-tests only the rows still shown, fewer with every keystroke.
        self._show(self._matching(self._rows if narrows(previous, new) else None))
        self.filterChanged.emit(len(self._rows), self.total())
        return new

    def _matching(self, within: list[int] | None = None) -> list[int]:
        source = self._source
        if source is None:
            return []
        # The folded rows are asked for only by a text or speaker filter: they may still be
        # on their way from the loader's thread (see SessionTableModel).
        return matching_rows(
            self._filter, source.sessions, lambda: source.prepared, within, source.quality_level
        )

    def refilter(self) -> None:
        """Test every row again (what a row shows under the filter changed)."""
        self._show(self._matching())
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, COLUMNS - 1))
        self.filterChanged.emit(len(self._rows), self.total())

    def _show(self, rows: list[int]) -> None:
        """Show these table model rows: one layout change, persistent indexes following their
        rows (invalid when hidden)."""
        if rows == self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        new = []
        for index in old:
            row = index.row()
            if 0 <= row < len(self._rows):
                source_row = self._rows[row]
                at = bisect_left(rows, source_row)
                if at < len(rows) and rows[at] == source_row:
                    new.append(self.createIndex(at, index.column()))
                    continue
            new.append(QModelIndex())
        self._rows = rows
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    # -- QAbstractItemModel (flags: the base class's, selectable and without children) -------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        return header_data(section, orientation, role)

    def data(self, index: AnyIndex, role: int = _DISPLAY) -> Any:
        # The hot path of every repaint (seven roles per visible cell): two list lookups.
        row = index.row()
        rows = self._rows
        if not 0 <= row < len(rows):
            return None
        source = self._source
        if source is None:
            return None
        slot = ROLE_SLOTS.get(role)
        if slot is None:
            return source.value(rows[row], index.column(), role)
        source_row = rows[row]
        return (source.cells[source_row] or source.cells_of(source_row))[slot][index.column()]

    # -- helpers for the window --------------------------------------------------------------

    def cells_at(self, proxy_row: int) -> RowCells | None:
        """Every role's value for every column of the row shown here (see `row_cells`), None
        when there is no such row: what the table's delegate paints from."""
        source = self._source
        if source is None or not 0 <= proxy_row < len(self._rows):
            return None
        source_row = self._rows[proxy_row]
        return source.cells[source_row] or source.cells_of(source_row)

    def path_at(self, proxy_row: int) -> str:
        """Path of the session shown in this row, "" when there is no such row."""
        if self._source is None or not 0 <= proxy_row < len(self._rows):
            return ""
        return self._source.sessions[self._rows[proxy_row]].path

    def proxy_row_of(self, path: str) -> int:
        """Row showing the session with this path, -1 when it is filtered out or absent."""
        if self._source is None:
            return -1
        source_row = self._source.row_of(path)
        at = bisect_left(self._rows, source_row)
        if source_row < 0 or at >= len(self._rows) or self._rows[at] != source_row:
            return -1
        return at
