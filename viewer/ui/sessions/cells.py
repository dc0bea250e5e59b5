"""The session table's columns and what each cell shows, computed once per session.

Why a tuple per session: Qt asks the model for seven roles of every visible cell on every
repaint (~1,600 `data()` calls while typing in the filter box). Answering each from the Session
(branches, f-strings, enum arithmetic) made the model's Python the largest part of a keystroke;
`row_cells` builds all of a row's answers the first time the row is shown, and `data()` is then
two indexing operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from viewer.core.session.model import Session
from viewer.core.session.titles import display_title
from viewer.core.text.folding import fold
from viewer.core.text.venues import canonical_room, canonical_venue, natural_key
from viewer.ui.common import icons

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality

COL_TITLE, COL_DAY, COL_TIME, COL_VENUE, COL_SPEAKERS, COL_VIDEO, COL_TRANSCRIPT = range(7)
HEADERS = ("Title", "Day", "Time", "Venue", "Speakers", "Video", "Transcript")
COLUMNS = len(HEADERS)
HEADER_TIPS = (
    "Session title",
    "Summit day",
    "Time slot",
    "Room (building in the tooltip)",
    "Number of speakers",
    "Has a YouTube video",
    "Has a transcript (a warning sign: partial, or possibly another talk)",
)
# Narrow columns show an icon instead of a header word that would not fit.
HEADER_ICONS = {COL_SPEAKERS: "speaker", COL_VIDEO: "video", COL_TRANSCRIPT: "transcript"}

# A row's cells: one tuple (a value per column) per role, in this order.
ROLE_SLOTS: dict[int, int] = {
    int(Qt.ItemDataRole.DisplayRole): 0,
    int(Qt.ItemDataRole.DecorationRole): 1,
    int(Qt.ItemDataRole.TextAlignmentRole): 2,
    int(Qt.ItemDataRole.ToolTipRole): 3,
    int(Qt.ItemDataRole.AccessibleTextRole): 4,
}
RowCells = tuple[tuple[Any, ...], ...]

_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ALIGNMENT = tuple(_CENTER if c in (COL_DAY, COL_SPEAKERS) else None for c in range(COLUMNS))


def row_cells(
    session: Session, title: str | None = None, quality: Quality | None = None
) -> RowCells:
    """Every role's value for every column of this session's row (see ROLE_SLOTS); `title` is
    the title to show (`titles.display_title` when None); `quality`: its transcript's flags
    (`library/quality.py`), shown in the transcript column."""
    shown = title or display_title(session)
    display = tuple(shown if c == COL_TITLE else _display(session, c) for c in range(COLUMNS))
    decoration = tuple(_decoration(session, c) for c in range(COLUMNS))
    tooltip = tuple(
        _title_tip(session, shown) if c == COL_TITLE else _tooltip(session, c)
        for c in range(COLUMNS)
    )
    accessible = tuple(_accessible(session, c, display[c]) for c in range(COLUMNS))
    if quality is not None and quality.flags:
        decoration = _replace(decoration, COL_TRANSCRIPT, _quality_icon(session, quality))
        tooltip = _replace(tooltip, COL_TRANSCRIPT, quality_tip(session, quality))
        level = quality.level if quality.level != "complete" else ""
        if level and level != "none":
            accessible = _replace(accessible, COL_TRANSCRIPT, f"transcript {level}")
    return display, decoration, _ALIGNMENT, tooltip, accessible


def _replace(values: tuple[Any, ...], column: int, value: Any) -> tuple[Any, ...]:
    return (*values[:column], value, *values[column + 1 :])


def _quality_icon(session: Session, quality: Quality) -> Any:
    """A warning-coloured icon for a transcript not to be trusted as it is."""
    if quality.level == "doubtful":
        return icons.icon("transcript_doubtful", icons.WARNING_AMBER)
    if quality.level == "partial":
        return icons.icon("transcript_partial", icons.WARNING_AMBER)
    return _decoration(session, COL_TRANSCRIPT)


def quality_tip(session: Session, quality: Quality) -> str:
    """The transcript cell's tooltip: its size, then each flag's reason."""
    head = f"Transcript: {session.transcript_words:,} words" if session.has_transcript else ""
    lines = [head] if head else []
    for flag, reason in zip(quality.flags, quality.reasons, strict=True):
        lines.append(f"• {flag.capitalize()}: {reason}")
    return "\n".join(lines)


def _display(session: Session, column: int) -> str:
    if column == COL_TITLE:
        return session.title or session.path
    if column == COL_DAY:
        return str(session.day) if session.day is not None else ""
    if column == COL_TIME:
        return session.time_label
    if column == COL_VENUE:
        # The building repeats on most rows; the room is what tells sessions apart. Spelled
        # canonically ("Room No. 10" -> "Room 10"); the detail pane shows it as written.
        return canonical_room(session.room) or canonical_room(session.building)
    if column == COL_SPEAKERS:
        return str(len(session.speakers)) if session.speakers else ""
    return ""


def _title_tip(session: Session, shown: str) -> str:
    title = session.title or session.path
    return title if shown == title else f"{shown}\n(titled “{title}”)"


def _decoration(session: Session, column: int) -> Any:
    if column == COL_VIDEO and session.video_url:
        return icons.icon("video", icons.VIDEO_RED)
    if column == COL_TRANSCRIPT and session.has_transcript:
        return icons.icon("transcript", icons.TRANSCRIPT_BLUE)
    return None


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


def _accessible(session: Session, column: int, display: str) -> str:
    if column == COL_VIDEO:
        return "video" if session.video_url else "no video"
    if column == COL_TRANSCRIPT:
        return "transcript" if session.has_transcript else "no transcript"
    if column == COL_DAY:
        return f"day {session.day}" if session.day is not None else "day unknown"
    return display


def sort_key(session: Session, column: int, row: int) -> Any:
    """Keys of one type per column (strings padded so they sort like tuples); `row` is the
    session's place in load order, the tie-break."""
    day = session.day if session.day is not None else 99
    when = f"{day:02d} {session.start or '99:99'} {row:06d}"
    if column == COL_TITLE:
        return fold(session.title)
    if column in (COL_DAY, COL_TIME):
        return when
    if column == COL_VENUE:
        return natural_key(canonical_venue(session.building, session.room)) + "\x00" + when
    if column == COL_SPEAKERS:
        return len(session.speakers)
    if column == COL_VIDEO:
        return int(bool(session.video_url))
    if column == COL_TRANSCRIPT:
        return session.transcript_words
    return row


def header_data(section: int, orientation: Qt.Orientation, role: int) -> Any:
    """The column headers (shared by the table model and the filtered view of it)."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return "" if section in HEADER_ICONS else HEADERS[section]
    if role == Qt.ItemDataRole.DecorationRole and section in HEADER_ICONS:
        return icons.icon(HEADER_ICONS[section], icons.MUTED_GREY)
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        return HEADER_TIPS[section] if role == Qt.ItemDataRole.ToolTipRole else HEADERS[section]
    return None
