"""The session list: a table model over `Session` headers and a proxy with one filter entry.

Why precomputed haystacks: filtering must stay under one frame (16 ms) per keystroke for 7,000
sessions. Folding text (case, diacritics) per row per keystroke would cost far more, so the
source model folds each row once when the library is set, and the proxy decides membership in
one pass of plain substring tests in `set_filter()`; `filterAcceptsRow` is then a list lookup.

Why the source model sorts (not the proxy): a sorting proxy re-inserts widened rows with one
Python `data()` call per comparison (half a second when a 7,000-row filter is cleared). The
source instead reorders itself with precomputed keys (a few ms), and the proxy only filters, so
widening inserts rows in source order without comparisons.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from viewer.core.model import Session
from viewer.ui import icons

# Custom roles (module constants, as Picard does).
SessionPathRole = Qt.ItemDataRole.UserRole + 1
SortKeyRole = Qt.ItemDataRole.UserRole + 2
SessionRole = Qt.ItemDataRole.UserRole + 3

COL_TITLE, COL_DAY, COL_TIME, COL_VENUE, COL_SPEAKERS, COL_VIDEO, COL_TRANSCRIPT = range(7)
HEADERS = ("Title", "Day", "Time", "Venue", "Speakers", "Video", "Transcript")
HEADER_TIPS = (
    "Session title",
    "Summit day",
    "Time slot",
    "Room (building in the tooltip)",
    "Number of speakers",
    "Has a YouTube video",
    "Has a transcript",
)
# Narrow columns show an icon instead of a header word that would not fit.
HEADER_ICONS = {COL_SPEAKERS: "speaker", COL_VIDEO: "video", COL_TRANSCRIPT: "transcript"}
# Built once: combining enum flags costs Python time on every call, and Qt asks per cell.
ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
MAX_FILTER_CHARS = 200
MAX_FILTER_TERMS = 16

AnyIndex = QModelIndex | QPersistentModelIndex


# Combining diacritical marks (the blocks Latin, Greek and Cyrillic accents decompose into).
_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form: "Pérez" and "PEREZ" both become "perez".

    Runs for every row when a library loads (7,000 at 10x scale), hence the ASCII fast paths.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    return _DIACRITICS.sub("", decomposed).casefold()


def haystack(session: Session) -> str:
    """Everything the filter box matches against, folded once."""
    parts = [session.title, session.venue]
    parts.extend(s.text or s.name for s in session.speakers)
    parts.extend(session.partners)
    return fold("\n".join(parts))


@dataclass(frozen=True)
class PreparedRows:
    """Per-session filter data, computable off the GUI thread (pure Python, no Qt)."""

    haystacks: list[str]
    speaker_keys: list[frozenset[str]]


def prepare_rows(sessions: Sequence[Session]) -> PreparedRows:
    return PreparedRows(
        haystacks=[haystack(s) for s in sessions],
        speaker_keys=[frozenset(sp.key for sp in s.speakers if sp.key) for s in sessions],
    )


def filter_terms(text: str) -> tuple[str, ...]:
    """Split user input into folded terms, capped in length and count (input is untrusted)."""
    return tuple(fold(text[:MAX_FILTER_CHARS]).split()[:MAX_FILTER_TERMS])


class SessionTableModel(QAbstractTableModel):
    """Sessions as rows; columns HEADERS. Read-only.

    Attributes:
        sessions: the rows, in library order.
        haystacks: per row, the folded text the filter matches.
        speaker_keys: per row, the set of speaker keys (for "filter by this person").
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sessions: list[Session] = []
        self.haystacks: list[str] = []
        self.speaker_keys: list[frozenset[str]] = []
        self._row_of: dict[str, int] = {}
        self._load_order: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_sessions(
        self, sessions: Sequence[Session], prepared: PreparedRows | None = None
    ) -> None:
        """Replace the rows; `prepared` (from `prepare_rows`, e.g. computed in the loader's
        thread) saves folding every row on the GUI thread."""
        rows = list(sessions)
        if prepared is None or len(prepared.haystacks) != len(rows):
            prepared = prepare_rows(rows)
        self.beginResetModel()
        self.sessions = rows
        self.haystacks = list(prepared.haystacks)
        self.speaker_keys = list(prepared.speaker_keys)
        self._load_order = list(range(len(self.sessions)))
        self._apply_order(self._sorted_rows(self._sort_column, self._sort_order))
        self.endResetModel()

    def _sorted_rows(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Current rows in the wanted order; ties keep load order (stable, deterministic)."""
        rows = range(len(self.sessions))
        if column < 0 or column >= len(HEADERS):
            return sorted(rows, key=lambda r: self._load_order[r])
        keys = [self._sort_key(s, column, self._load_order[r]) for r, s in enumerate(self.sessions)]
        ranked = sorted(rows, key=lambda r: self._load_order[r])
        return sorted(ranked, key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _apply_order(self, new_rows: list[int]) -> None:
        """Reorder every per-row list so that new row i holds old row new_rows[i]."""
        self.sessions = [self.sessions[r] for r in new_rows]
        self.haystacks = [self.haystacks[r] for r in new_rows]
        self.speaker_keys = [self.speaker_keys[r] for r in new_rows]
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

    # -- QAbstractItemModel ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if section in HEADER_ICONS else HEADERS[section]
        if role == Qt.ItemDataRole.DecorationRole and section in HEADER_ICONS:
            return icons.icon(HEADER_ICONS[section], icons.MUTED_GREY)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return HEADER_TIPS[section] if role == Qt.ItemDataRole.ToolTipRole else HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.sessions):
            return None
        session = self.sessions[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(session, column)
        if role == SortKeyRole:
            return self._sort_key(session, column, index.row())
        if role == SessionPathRole:
            return session.path
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(session, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_VIDEO and session.video_url:
                return icons.icon("video", icons.VIDEO_RED)
            if column == COL_TRANSCRIPT and session.has_transcript:
                return icons.icon("transcript", icons.TRANSCRIPT_BLUE)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(session, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (COL_DAY, COL_SPEAKERS):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == SessionRole:
            return session
        return None

    @staticmethod
    def _display(session: Session, column: int) -> str:
        if column == COL_TITLE:
            return session.title or session.path
        if column == COL_DAY:
            return str(session.day) if session.day is not None else ""
        if column == COL_TIME:
            return session.time_label
        if column == COL_VENUE:
            # The building repeats on most rows; the room is what tells sessions apart.
            return session.room or session.building
        if column == COL_SPEAKERS:
            return str(len(session.speakers)) if session.speakers else ""
        return ""

    @staticmethod
    def _sort_key(session: Session, column: int, row: int) -> Any:
        """Keys of one type per column (strings padded so they sort like tuples)."""
        day = session.day if session.day is not None else 99
        when = f"{day:02d} {session.start or '99:99'} {row:06d}"
        if column == COL_TITLE:
            return fold(session.title)
        if column in (COL_DAY, COL_TIME):
            return when
        if column == COL_VENUE:
            return fold(session.venue) + "\x00" + when
        if column == COL_SPEAKERS:
            return len(session.speakers)
        if column == COL_VIDEO:
            return int(bool(session.video_url))
        if column == COL_TRANSCRIPT:
            return session.transcript_words
        return row

    @staticmethod
    def _tooltip(session: Session, column: int) -> str | None:
        if column == COL_TITLE:
            return session.title or session.path
        if column == COL_VENUE:
            return session.venue or None
        if column == COL_SPEAKERS and session.speakers:
            return "\n".join(s.name or s.text for s in session.speakers)
        if column == COL_VIDEO:
            return "Has a YouTube video" if session.video_url else "No video"
        if column == COL_TRANSCRIPT:
            if session.has_transcript:
                return f"Transcript: {session.transcript_words:,} words"
            return "No transcript"
        return None

    @staticmethod
    def _accessible(session: Session, column: int) -> str:
        if column == COL_VIDEO:
            return "video" if session.video_url else "no video"
        if column == COL_TRANSCRIPT:
            return "transcript" if session.has_transcript else "no transcript"
        if column == COL_DAY:
            return f"day {session.day}" if session.day is not None else "day unknown"
        return SessionTableModel._display(session, column)


@dataclass(frozen=True)
class SessionFilter:
    """What the list shows. Empty/None/False fields do not restrict."""

    text: str = ""
    day: int | None = None
    venue: str = ""
    partner: str = ""
    has_video: bool = False
    has_transcript: bool = False
    speaker_key: str = ""
    only_paths: frozenset[str] | None = None  # My agenda: just these sessions

    def is_empty(self) -> bool:
        return self == SessionFilter()


def _narrows(old: SessionFilter, new: SessionFilter) -> bool:
    """True when `new` differs from `old` only by text that can only match fewer rows:
    every old term is contained in some new term ("heal" -> "health", "ai" -> "ai heal")."""
    if dataclasses.replace(old, text=new.text) != new:
        return False
    old_terms, new_terms = filter_terms(old.text), filter_terms(new.text)
    return all(any(o in n for n in new_terms) for o in old_terms)


class SessionFilterProxy(QSortFilterProxyModel):
    """Filters and sorts a SessionTableModel; `set_filter()` is the one entry point.

    Signals:
        filterChanged(int shown, int total): after every filter change or source reset.
    """

    filterChanged = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortKeyRole)
        self.setDynamicSortFilter(False)
        self._filter = SessionFilter()
        self._accepted: list[bool] = []
        self._source: SessionTableModel | None = None
        self._dirty = False

    # -- source wiring -----------------------------------------------------------------------

    def setSourceModel(self, model: Any) -> None:
        if self._source is not None:
            self._source.modelAboutToBeReset.disconnect(self._on_source_about_to_reset)
            self._source.layoutAboutToBeChanged.disconnect(self._on_source_about_to_reset)
        self._source = model if isinstance(model, SessionTableModel) else None
        if self._source is not None:
            self._source.modelAboutToBeReset.connect(self._on_source_about_to_reset)
            self._source.layoutAboutToBeChanged.connect(self._on_source_about_to_reset)
        self._recompute()
        super().setSourceModel(model)
        if self._source is not None:
            self._source.modelReset.connect(self._after_source_reset)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is delegated to the source (see module docstring); the proxy stays unsorted."""
        if self._source is not None:
            self._source.sort(column, order)

    def sort_state(self) -> tuple[int, Qt.SortOrder]:
        if self._source is None:
            return -1, Qt.SortOrder.AscendingOrder
        return self._source.sort_state

    def _on_source_about_to_reset(self, *args: Any) -> None:
        # The base class re-filters on reset before our modelReset slot would run, so the
        # acceptance list is rebuilt lazily on the first filterAcceptsRow call instead.
        self._dirty = True

    def _after_source_reset(self) -> None:
        self.filterChanged.emit(self.rowCount(), self.total())

    # -- filtering ---------------------------------------------------------------------------

    @property
    def current_filter(self) -> SessionFilter:
        return self._filter

    def total(self) -> int:
        return len(self._source.sessions) if self._source is not None else 0

    def set_filter(self, *, reset: bool = False, **changes: Any) -> SessionFilter:
        """Change some criteria (text, day, venue, partner, has_video, has_transcript,
        speaker_key, only_paths), keeping the others unless `reset`; returns the new filter."""
        base = SessionFilter() if reset else self._filter
        new = dataclasses.replace(base, **changes)
        if isinstance(new.text, str) and len(new.text) > MAX_FILTER_CHARS:
            new = dataclasses.replace(new, text=new.text[:MAX_FILTER_CHARS])
        if new == self._filter:
            return new
        self.beginFilterChange()
        previous, self._filter = self._filter, new
        if not self._dirty and _narrows(previous, new):
            self._narrow_text()
        else:
            self._recompute()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filterChanged.emit(self.rowCount(), self.total())
        return new

    def _recompute(self) -> None:
        self._dirty = False
        source = self._source
        if source is None:
            self._accepted = []
            return
        f = self._filter
        terms = filter_terms(f.text)
        sessions = source.sessions
        if len(terms) == 1:
            term = terms[0]
            accepted = [term in hay for hay in source.haystacks]
        elif terms:
            accepted = [all(t in hay for t in terms) for hay in source.haystacks]
        else:
            accepted = [True] * len(sessions)
        checks = []
        if f.day is not None:
            checks.append(lambda s: s.day == f.day)
        if f.venue:
            checks.append(lambda s: f.venue in (s.venue, s.building, s.room))
        if f.partner:
            checks.append(lambda s: f.partner in s.partners)
        if f.has_video:
            checks.append(lambda s: bool(s.video_url))
        if f.has_transcript:
            checks.append(lambda s: s.has_transcript)
        only = f.only_paths
        if only is not None:
            checks.append(lambda s: s.path in only)
        for check in checks:
            accepted = [ok and check(s) for ok, s in zip(accepted, sessions, strict=True)]
        if f.speaker_key:
            key = f.speaker_key
            accepted = [
                ok and key in keys for ok, keys in zip(accepted, source.speaker_keys, strict=True)
            ]
        self._accepted = accepted

    def _narrow_text(self) -> None:
        """Only the text grew more specific: re-test the rows accepted now (typing a word
        re-tests fewer rows with every keystroke)."""
        source = self._source
        terms = filter_terms(self._filter.text)
        if source is None or len(self._accepted) != len(source.haystacks):
            self._recompute()
            return
        haystacks = source.haystacks
        accepted = self._accepted
        for row in [r for r, ok in enumerate(accepted) if ok]:
            hay = haystacks[row]
            accepted[row] = all(t in hay for t in terms)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if self._dirty:
            self._recompute()
        accepted = self._accepted
        return 0 <= source_row < len(accepted) and accepted[source_row]

    # -- helpers for the window --------------------------------------------------------------

    def path_at(self, proxy_row: int) -> str:
        index = self.index(proxy_row, 0)
        value = index.data(SessionPathRole) if index.isValid() else None
        return value if isinstance(value, str) else ""

    def proxy_row_of(self, path: str) -> int:
        if self._source is None:
            return -1
        source_row = self._source.row_of(path)
        if source_row < 0:
            return -1
        return self.mapFromSource(self._source.index(source_row, 0)).row()
