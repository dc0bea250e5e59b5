"""Bringing the search index in line with a library: index new and changed files, drop the rest.

Why incremental: re-reading every transcript on each start would take seconds at full scale;
`files` remembers size, mtime and a content hash per session file, so an update touches only
what was added, changed or removed. Work is committed about every COMMIT_EVERY_S, in steps of
BATCH_SESSIONS sessions: a reader on another connection can search the part already built, and a
cancelled update leaves a consistent index that the next update completes. The tables are
described in `indexschema`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from viewer.core.search.db import Checkpointer, Database
from viewer.core.search.prepare import AheadPreparer, Placing, Prepared, Row, prepare
from viewer.core.search.schema import (
    FTS_COLUMNS,
    LOCAL_MASK,
    OWNER_SHIFT,
    TRANSCRIPT,
    tune_for_writes,
)
from viewer.core.session.model import MAX_FILE_BYTES, Session, SharedStream
from viewer.core.util.digest import file_digest, text_digest
from viewer.core.util.helper import worth_a_helper

if TYPE_CHECKING:
    from viewer.core.recordings.segments import Segment

BATCH_SESSIONS = 16
# A commit at most this often: each one makes FTS5 write and later merge a segment, and
# readers see the index grow, and its progress move, at this pace (measured in
# benchmarks/FINDINGS.md: every 2 s instead of every 1 s, with `schema.FTS_PENDING_BYTES` at
# 32 MB instead of 16 MB, 1.58 -> 1.44x in 8 alternated builds each).
COMMIT_EVERY_S = 2.0
# Helper processes preparing rows. One: since a shared transcript is split once, one helper
# keeps ahead of the writes, and a second one's start and its share of the cores cost more
# than it saved (benchmarks/FINDINGS.md: 12 alternated builds each at 1x, one at 10x).
HELPERS = 1
# The slot of a session whose part is not in its shared recording: after every paragraph.
ABSENT_SLOT = 2.0


class LibraryLike(Protocol):
    """What the index needs from a library (viewer.core.library.load.Library provides it)."""

    sessions: list[Session]

    def readable(self, path: str) -> Session: ...

    def stream_of(self, path: str) -> SharedStream | None: ...

    def segment_of(self, path: str) -> Segment | None: ...

    def unplaced(self) -> list[tuple[SharedStream, list[Session]]]: ...

    def adopt_segments(self, stream: SharedStream, parts: dict[str, Segment]) -> None: ...

    def file_state(self, path: str) -> tuple[int, int] | None: ...


@dataclass
class UpdateStats:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    transcripts_indexed: int = 0
    paragraphs: int = 0


def _file_state(session: Session) -> tuple[int, int]:
    try:
        st = os.stat(session.source)
    except (OSError, ValueError):
        return -1, -1
    return st.st_size, st.st_mtime_ns


def _content_hash(session: Session) -> str:
    digest = file_digest(session.source, MAX_FILE_BYTES)
    return digest if digest is not None else text_digest(repr(session))


def update(
    db: Database,
    library: LibraryLike,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    checkpoints: Checkpointer | None = None,
) -> UpdateStats:
    """Index `library`'s new and changed files into `db` and drop its removed ones.

    Calls `progress(done, total)` after each committed batch; stops between batches once
    `cancelled()` is true. The caller makes sure only one update writes at a time. With
    `checkpoints` (`db.paused_autocheckpoint`), each batch asks it for a checkpoint.
    """
    stats = UpdateStats()
    known = {row[0]: row[1:] for row in db.execute("SELECT path, size, mtime_ns, hash FROM files")}
    # (session, size, mtime, content hash): a new file's hash is taken when it is written,
    # so the helpers start at once instead of after every new file was read for its hash.
    todo: list[tuple[Session, int, int, str | None]] = []
    touched: list[tuple[int, int, str]] = []
    for session in library.sessions:
        size, mtime = _file_state(session)
        old = known.get(session.path)
        if old is None:
            todo.append((session, size, mtime, None))
            continue
        if old[0] == size and old[1] == mtime and size >= 0:
            stats.unchanged += 1
            continue
        digest = _content_hash(session)
        if old[2] == digest:
            touched.append((size, mtime, session.path))
            stats.unchanged += 1
            continue
        todo.append((session, size, mtime, digest))
    current = {s.path for s in library.sessions}
    removed = [p for p in known if p not in current]
    total = len(todo) + (1 if removed else 0)
    if progress:
        progress(0, total)
    with db.transaction():
        if todo:
            tune_for_writes(db)
        db.executemany("UPDATE files SET size=?, mtime_ns=? WHERE path=?", touched)
        for path in removed:
            _drop_session(db, path)
        stats.removed = len(removed)
    done = 1 if removed else 0
    ahead = [(session, size, mtime) for session, size, mtime, _ in todo]
    sizes = [size for session, size, _ in ahead if session.has_transcript]
    helpers = HELPERS if worth_a_helper(sizes) else 0
    # The shared recordings (for the slots written at the end) are placed by the helpers
    # once their rows are made, while this process still writes; the library keeps them.
    # What they have not placed when the rows are written is placed here (below).
    placing = _placing(library) if helpers else []
    with (
        AheadPreparer(ahead, helpers, placing, library.adopt_segments)
        if helpers
        else _NoHelper() as helper
    ):
        n = 0
        while n < len(todo):
            if cancelled and cancelled():
                break
            began = time.monotonic()
            with db.transaction():
                while n < len(todo):  # BATCH_SESSIONS at a time until COMMIT_EVERY_S passed
                    for session, size, mtime, file_hash in todo[n : n + BATCH_SESSIONS]:
                        is_new = session.path not in known
                        _index_session(db, library, session, stats, helper.take(n, size, mtime))
                        if file_hash is None:
                            file_hash = _content_hash(session)
                            if _file_state(session) != (size, mtime):
                                file_hash = ""  # changed meanwhile: the next update reads it
                        db.execute(
                            "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)",
                            (session.path, session.source, size, mtime, file_hash),
                        )
                        stats.added += is_new
                        stats.changed += not is_new
                        done += 1
                        n += 1
                    if time.monotonic() - began >= COMMIT_EVERY_S or (cancelled and cancelled()):
                        break
            if checkpoints:
                checkpoints.request()  # copied into the index file while the next batch is made
            if progress:
                progress(done, total)
        if not (cancelled and cancelled()):
            # The recordings the helper has not placed yet are placed here, the last first,
            # while it goes on from the first: neither waits for the other, and the slots
            # below find every recording placed.
            for _stream, members, *_ in reversed(placing):
                library.segment_of(members[0].path)
    with db.transaction():
        _refresh_slots(db, library)
        _collect_garbage(db)
    return stats


def _placing(library: LibraryLike) -> list[Placing]:
    """The library's recordings still to place, each with the file its transcript is read
    from (its first session's, as `segments.find_segments` reads) and that file's size and
    time as the library saw it (a changed file is placed by the library itself)."""
    out: list[Placing] = []
    for stream, members in library.unplaced():
        state = library.file_state(members[0].path) if members else None
        if state is not None:
            out.append((stream, members, members[0].source, *state))
    return out


def _owner(db: Database, key: str) -> int:
    db.execute("INSERT OR IGNORE INTO owners(key) VALUES (?)", (key,))
    return int(db.scalar("SELECT id FROM owners WHERE key=?", (key,)))


def _drop_owner(db: Database, key: str) -> None:
    owner = db.scalar("SELECT id FROM owners WHERE key=?", (key,))
    if owner is None:
        return
    lo, hi = owner << OWNER_SHIFT, (owner << OWNER_SHIFT) | LOCAL_MASK
    db.execute("DELETE FROM fts WHERE rowid BETWEEN ? AND ?", (lo, hi))
    db.execute("DELETE FROM rows WHERE id BETWEEN ? AND ?", (lo, hi))
    db.execute("DELETE FROM owners WHERE id=?", (owner,))


def _drop_session(db: Database, path: str) -> None:
    _drop_owner(db, "s:" + path)
    db.execute("DELETE FROM sessions WHERE path=?", (path,))
    db.execute("DELETE FROM files WHERE path=?", (path,))


def _insert_rows(db: Database, owner: int, rows: Sequence[Row], field: int | None = None) -> int:
    """Insert one owner's prepared rows (`prepare.clean_rows`: their texts stored already, so
    they go to SQLite as they are), all of `field` when given; returns the count. A row's id
    is the owner's base plus its local number; its searched text goes to the FTS column of its
    field. The statements do not change with the owner: SQLite keeps them prepared."""
    base = owner << OWNER_SHIFT
    db.executemany_stored(
        "INSERT INTO rows(id, field, share, text) VALUES (?,?,?,?)",
        [(base + local, fld, share, text) for fld, local, share, text, _ in rows],
    )
    fields = [field] if field is not None else sorted({row[0] for row in rows})
    for fld in fields:
        db.executemany_stored(
            f"INSERT INTO fts(rowid, {FTS_COLUMNS[fld]}) VALUES (?,?)",
            [(base + local, searched) for f, local, _, _, searched in rows if f == fld],
        )
    return len(rows)


def _index_session(
    db: Database,
    library: LibraryLike,
    session: Session,
    stats: UpdateStats,
    prepared: Prepared | None = None,
) -> None:
    """Write one session's rows: as `prepared` by a helper, else made here from the library
    (the summary and takeaways, and the transcript read from the file as it is now)."""
    _drop_session(db, session.path)

    def wanted(digest: str) -> bool:
        return db.scalar("SELECT 1 FROM transcripts WHERE digest=?", (digest,)) is None

    if prepared is not None and prepared.left_out and wanted(prepared.digest):
        prepared = None  # the session that was to write its transcript did not: made here
    if prepared is None:
        prepared = prepare(session, library.readable(session.path), wanted)
    digest = prepared.digest
    owner = _owner(db, "s:" + session.path)
    _insert_rows(db, owner, prepared.header_rows)
    db.execute(
        "INSERT OR REPLACE INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            session.path,
            owner,
            session.title,
            session.day,
            session.building,
            session.room,
            int(bool(session.video_id or session.video_url)),
            int(bool(digest)),
            prepared.names,
            digest,
            0.0,
            0,
        ),
    )
    if digest and prepared.transcript_rows and wanted(digest):
        towner = _owner(db, "t:" + digest)
        count = _insert_rows(db, towner, prepared.transcript_rows, TRANSCRIPT)
        db.execute(
            "INSERT INTO transcripts VALUES (?,?,?,?,?)",
            (digest, towner, count, prepared.words, prepared.bounds),
        )
        stats.transcripts_indexed += 1
        stats.paragraphs += count


class _NoHelper:
    """Stands for an `AheadPreparer` when a build is too small for one."""

    def take(self, index: int, size: int, mtime: int) -> Prepared | None:
        return None

    def __enter__(self) -> _NoHelper:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _refresh_slots(db: Database, library: LibraryLike) -> None:
    """Record where each session's slot begins in its (shared) transcript.

    Stream membership changes when another file is added or removed, so this runs for
    every session, not only the re-indexed ones.
    """
    towners = dict(db.execute("SELECT digest, owner FROM transcripts").fetchall())
    current = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT path, slot, first_para FROM sessions")
    }
    changes = []
    for session in library.sessions:
        slot = _slot_of(library, session)
        old = current.get(session.path)
        if old is None or old[0] == slot:
            continue
        first = 0
        digest = db.scalar("SELECT digest FROM sessions WHERE path=?", (session.path,))
        towner = towners.get(digest)
        if towner is not None and slot > 0:
            lo = towner << OWNER_SHIFT
            first = db.scalar(
                "SELECT min(id) FROM rows WHERE id BETWEEN ? AND ? AND share >= ?",
                (lo, lo | LOCAL_MASK, slot),
            )
            first = (first & LOCAL_MASK) if first is not None else LOCAL_MASK
        changes.append((slot, first, session.path))
    db.executemany("UPDATE sessions SET slot=?, first_para=? WHERE path=?", changes)


def _slot_of(library: LibraryLike, session: Session) -> float:
    """Where the session's part begins in its transcript, as a share of the words: the part
    found in the text (`Library.segment_of`), else the schedule's estimate; ABSENT_SLOT
    (after every paragraph, so no hit is credited to it) for a part not in the recording;
    0.0 for a transcript of its own."""
    stream = library.stream_of(session.path)
    if stream is None:
        return 0.0
    segment = library.segment_of(session.path)
    if segment is None:
        return stream.offset_of(session.path)
    if segment.absent or segment.start_word is None:
        return ABSENT_SLOT
    return segment.start_word / max(1, session.transcript_words)


def _collect_garbage(db: Database) -> None:
    orphans = [
        row[0]
        for row in db.execute(
            "SELECT digest FROM transcripts WHERE digest NOT IN "
            "(SELECT digest FROM sessions WHERE digest <> '')"
        )
    ]
    for digest in orphans:
        _drop_owner(db, "t:" + digest)
        db.execute("DELETE FROM transcripts WHERE digest=?", (digest,))
