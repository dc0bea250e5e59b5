"""A day of sessions as a timetable grid: rooms across, time down. Pure Python, no Qt.

Why here and not in the widget: the grid is a rule about the data (which room a session is in,
which sessions ran in parallel, how long a block is when a file gives only a start), and such
rules are tested without a window. The widget (viewer/ui/schedule) only turns these numbers into
pixels.

Rooms: a column per room, grouped by building. `room_of` is the one place that decides which
room a session is in (a small spelling-tolerant key over the venue fields); canonical venue
names, when the library offers them, are to be called from there.

Overlaps: sessions of one room whose slots overlap (the collection has them: duplicate entries,
a short talk inside a longer slot) are laid side by side in lanes, never on top of each other.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from viewer.core.session.model import Session
from viewer.core.text.dates import short_label
from viewer.core.text.folding import fold
from viewer.core.text.venues import canonical_room

SHORT_BLOCK_MINUTES = 20  # a session with only a start (or an end before its start)
DAY_MINUTES = 24 * 60
NO_BUILDING = "Other venues"
NO_ROOM = "Room not given"
GENERIC_TITLE_WORDS = 3  # titles this short ("Keynote", "Fireside Chat") need their speakers
MAX_KEY_CHARS = 300  # names and titles are compared on this much

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")
_NON_WORD = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"(\d+)")


def minutes_of(clock: str) -> int | None:
    """Minutes after midnight of "HH:MM" (also "H.MM"); None when it is not a time of day."""
    match = _CLOCK.match(clock[:16])
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return hours * 60 + minutes


@dataclass(frozen=True, slots=True)
class Room:
    """Where a session is, for the grid: keys group spellings, labels are shown."""

    building_key: str
    key: str
    building: str
    name: str


def _key(text: str) -> str:
    """Case, accents, punctuation and spacing ignored: "Plenary Hall - B" == "Plenary hall B".
    Only the first MAX_KEY_CHARS count (any file may hold a 400 KB line)."""
    return " ".join(_NON_WORD.sub(" ", fold(text[:MAX_KEY_CHARS])).split())


_place_key = lru_cache(maxsize=4096)(_key)  # building and room names repeat all day long
# A title's key, asked for each block a day shows (`block_title`) and once for every title
# (`generic_titles`): the day's blocks are keyed from the cache (their titles 8 -> 4 ms for a
# day of 1,820 sessions, benchmarks/FINDINGS.md). Only the part `_key` reads is the key.
_cached_title_key = lru_cache(maxsize=8192)(_key)


def _title_key(title: str) -> str:
    return _cached_title_key(title[:MAX_KEY_CHARS])


def room_of(session: Session) -> Room:
    """The room a session is shown in: one column per room, whatever spelling ("Room No. 10"
    and "Room 10", "Audi II" and "Audi 2") the entry uses (`text.venues`); the column is
    labelled as its first session writes it."""
    return _room(session.building[:MAX_KEY_CHARS], session.room[:MAX_KEY_CHARS])


@lru_cache(maxsize=4096)  # a day's grid asks for each of its sessions; rooms repeat all day
def _room(building: str, room: str) -> Room:
    building = " ".join(building.split()) or NO_BUILDING
    name = " ".join(room.split()) or NO_ROOM
    return Room(
        _place_key(canonical_room(building)), _place_key(canonical_room(name)), building, name
    )


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key where numbers count as numbers: "Room 9" before "Room 10"."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NUMBER.split(text) if p)


# -- days ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Day:
    """One page of the schedule. `key` orders days: (day number or 99, date)."""

    key: tuple[int, str]
    label: str


def day_key(session: Session) -> tuple[int, str]:
    """The key of the session's day (`Day.key`), without its label."""
    return (session.day if session.day is not None else 99, session.date)


def day_of(session: Session) -> Day:
    number, date = session.day, session.date
    key = day_key(session)
    parts = [f"Day {number}"] if number is not None else []
    label = short_label(date)
    if label is not None:
        parts.append(label)
    elif date:
        parts.append(date[:20])
    return Day(key, " · ".join(parts) or "Undated")


def schedule_days(sessions: Iterable[Session]) -> dict[Day, list[Session]]:
    """The days that have sessions with a start time, in order, each with those sessions (the
    only ones its grid needs to read)."""
    timed: dict[tuple[int, str], list[Session]] = defaultdict(list)
    for session in sessions:
        if minutes_of(session.start) is not None:
            timed[day_key(session)].append(session)
    return {day_of(timed[key][0]): timed[key] for key in sorted(timed)}


# -- one day's grid --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Block:
    """One session on the grid.

    Attributes:
        column: index into `DayGrid.columns`.
        lane, lanes: the block takes lane `lane` of `lanes` equal parts of its column (sessions
            of one room that overlap share the column side by side).
        start, end: minutes after midnight; `end` is start + SHORT_BLOCK_MINUTES when the file
            gives no usable end (`open_ended`).
    """

    path: str
    column: int
    lane: int
    lanes: int
    start: int
    end: int
    open_ended: bool


@dataclass(frozen=True, slots=True)
class Column:
    """A room; `lanes` is the most sessions it holds at one moment (its width in lanes)."""

    room: Room
    lanes: int


@dataclass(frozen=True, slots=True)
class DayGrid:
    """The grid of one day.

    Attributes:
        columns: rooms, grouped by building (buildings with more sessions first), rooms in
            natural order within a building.
        buildings: (building label, first column, column count) for the header's groups.
        blocks: by column, then start time.
        first, last: the ruler's range in minutes, whole hours around every block.
    """

    day: Day
    columns: tuple[Column, ...]
    buildings: tuple[tuple[str, int, int], ...]
    blocks: tuple[Block, ...]
    first: int
    last: int


def _span(session: Session) -> tuple[int, int, bool] | None:
    # `minutes_of` reads 16 characters; a day's sessions share a few dozen times.
    return _clock_span(session.start[:16], session.end[:16])


@lru_cache(maxsize=4096)
def _clock_span(start_clock: str, end_clock: str) -> tuple[int, int, bool] | None:
    start = minutes_of(start_clock)
    if start is None:
        return None
    end = minutes_of(end_clock)
    if end is None or end <= start:
        return start, min(start + SHORT_BLOCK_MINUTES, DAY_MINUTES), True
    return start, end, False


def _lanes(spans: list[tuple[int, int, str]]) -> list[tuple[str, int, int]]:
    """(path, lane, lanes) for one room's spans sorted by start: each run of transitively
    overlapping sessions gets as many lanes as it needs at its busiest moment."""
    out: list[tuple[str, int, int]] = []
    cluster: list[tuple[str, int]] = []
    lane_ends: list[int] = []  # per lane, the end of its last block
    cluster_end = -1

    def close() -> None:
        out.extend((path, lane, len(lane_ends)) for path, lane in cluster)

    for start, end, path in spans:
        if cluster and start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        free = next((i for i, lane_end in enumerate(lane_ends) if lane_end <= start), -1)
        if free < 0:
            lane_ends.append(end)
            free = len(lane_ends) - 1
        else:
            lane_ends[free] = end
        cluster.append((path, free))
        cluster_end = max(cluster_end, end)
    if cluster:
        close()
    return out


def _label(spellings: Counter[str]) -> str:
    """The most common spelling; ties go to the first in sort order (deterministic)."""
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]


def layout_day(sessions: Sequence[Session], day: Day) -> DayGrid:
    """The grid of `day`: every session of that day with a start time, in its room."""
    rooms: dict[tuple[str, str], list[tuple[int, int, str]]] = defaultdict(list)
    open_ended: set[str] = set()
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    building_names: dict[str, Counter[str]] = defaultdict(Counter)
    for session in sessions:
        span = _span(session)
        if span is None or day_key(session) != day.key:
            continue
        room = room_of(session)
        where = (room.building_key, room.key)
        rooms[where].append((span[0], span[1], session.path))
        if span[2]:
            open_ended.add(session.path)
        names[where][room.name] += 1
        building_names[room.building_key][room.building] += 1

    per_building = Counter({b: sum(c.values()) for b, c in building_names.items()})
    order = sorted(
        rooms,
        key=lambda w: (-per_building[w[0]], _natural(w[0]), _natural(w[1]), w),
    )
    columns: list[Column] = []
    blocks: list[Block] = []
    buildings: list[tuple[str, int, int]] = []
    for index, where in enumerate(order):
        spans = sorted(rooms[where])
        placed = _lanes(spans)
        room = Room(where[0], where[1], _label(building_names[where[0]]), _label(names[where]))
        columns.append(Column(room, max(lanes for _, _, lanes in placed)))
        for (start, end, path), (_, lane, lanes) in zip(spans, placed, strict=True):
            blocks.append(Block(path, index, lane, lanes, start, end, path in open_ended))
        if buildings and buildings[-1][0] == room.building:
            label, first, count = buildings[-1]
            buildings[-1] = (label, first, count + 1)
        else:
            buildings.append((room.building, index, 1))
    if blocks:
        first = min(b.start for b in blocks) // 60 * 60
        last = min(DAY_MINUTES, -(-max(b.end for b in blocks) // 60) * 60)
    else:
        first, last = 9 * 60, 18 * 60
    return DayGrid(
        day, tuple(columns), tuple(buildings), tuple(blocks), first, max(last, first + 60)
    )


# -- what a block says -----------------------------------------------------------------------


def generic_titles(sessions: Iterable[Session]) -> frozenset[str]:
    """Folded titles that do not tell a session apart: used by more than one session, or so
    short that they name a format ("Keynote", "Panel Discussion") rather than a subject."""
    counts = Counter(_title_key(s.title) for s in sessions)
    return frozenset(
        title
        for title, count in counts.items()
        if count > 1 or len(title.split()) <= GENERIC_TITLE_WORDS
    )


def block_title(session: Session, generic: frozenset[str]) -> str:
    """The title a block shows: with the speakers' names when the title alone is generic."""
    title = " ".join(session.title.split()) or session.path.rsplit("/", 1)[-1]
    if _title_key(session.title) not in generic or not session.speakers:
        return title
    names = ", ".join(sp.name or sp.text for sp in session.speakers[:3])
    more = " …" if len(session.speakers) > 3 else ""
    return f"{title}: {names}{more}"
