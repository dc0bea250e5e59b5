"""SQLite FTS5 full-text index of a library: build, update incrementally, search.

Why paragraph rows: a hit then names a place (the window scrolls to it) and snippets are cut
from one short paragraph instead of a 400 KB transcript. Why an index at all: `rg` over the
collection takes tens of milliseconds per keystroke; an FTS5 lookup takes a few.

Layout (schema version in `PRAGMA user_version`):

* `rows` holds the display text of every indexed piece (title, speakers, partners, summary,
  takeaways, transcript paragraphs) and its owner: `s:<session path>` for a session's own
  fields, `t:<digest>` for transcript paragraphs. `fts` (same rowid) holds the folded text in
  the column that gives it its ranking weight.
* A transcript shared by several sessions (one stream recorded for many slots) is stored once,
  under its digest; `sessions.digest` maps sessions to it, `sessions.slot` is each session's
  start within the stream, `rows.share` each paragraph's position, so a hit can name every
  session sharing it and the one whose slot it falls in.
* `files` remembers size, mtime and a content hash per session file, so `update()` re-indexes
  only files that were added, changed or removed. Work is committed in batches: a reader on
  another connection can search the part already built.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from viewer.core import textnorm
from viewer.core.indexdb import (
    Database,
    IndexCorrupt,
    IndexUnavailable,
    IndexUnwritable,
    check_writable,
    move_aside,
    temporary_path,
)
from viewer.core.model import Session, SharedStream
from viewer.core.query import Query, parse
from viewer.core.search import (
    FIELDS,
    Facets,
    Hit,
    SearchResult,
    SessionHits,
    SessionInfo,
    run_search,
)
from viewer.core.transcript import read_paragraphs

__all__ = [
    "Facets",
    "Hit",
    "IndexCorrupt",
    "IndexUnavailable",
    "SearchIndex",
    "SearchResult",
    "SessionHits",
    "UpdateStats",
]

SCHEMA_VERSION = 5
BATCH_SESSIONS = 16
TRANSCRIPT = FIELDS.index("transcript")
_FTS_COLUMNS = ("title", "speakers", "partners", "summary", "takeaways", "body")

# A row's FTS rowid is (owner id << OWNER_SHIFT) | local number (the field for a session's
# own rows, the paragraph index for a transcript's), so counting hits per session needs only
# the FTS doclist, never a join.
OWNER_SHIFT = 20
LOCAL_MASK = (1 << OWNER_SHIFT) - 1

_SCHEMA = f"""
CREATE TABLE files(path TEXT PRIMARY KEY, source TEXT, size INTEGER, mtime_ns INTEGER,
                   hash TEXT);
CREATE TABLE owners(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL);
CREATE TABLE sessions(path TEXT PRIMARY KEY, owner INTEGER, title TEXT, day INTEGER,
                      building TEXT, room TEXT, has_video INTEGER, has_transcript INTEGER,
                      speakers TEXT, digest TEXT, slot REAL, first_para INTEGER);
CREATE INDEX sessions_digest ON sessions(digest);
CREATE TABLE transcripts(digest TEXT PRIMARY KEY, owner INTEGER, paragraphs INTEGER,
                         words INTEGER);
CREATE TABLE rows(id INTEGER PRIMARY KEY, field INTEGER NOT NULL, share REAL NOT NULL,
                  text TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(_FTS_COLUMNS)},
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
PRAGMA user_version={SCHEMA_VERSION};
"""


class LibraryLike(Protocol):
    """What the index needs from a library (viewer.core.library.Library provides it)."""

    sessions: list[Session]

    def transcript(self, path: str) -> str: ...

    def stream_of(self, path: str) -> SharedStream | None: ...


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
    try:
        with open(session.source, "rb") as fh:
            return hashlib.blake2b(fh.read(), digest_size=16).hexdigest()
    except (OSError, ValueError):
        return hashlib.blake2b(repr(session).encode(), digest_size=16).hexdigest()


def transcript_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class SearchIndex:
    """The index of one library at one location.

    `open()` handles damaged files (moved aside to `.corrupt`, rebuilt once) and unwritable
    locations (a temporary index, with `notice` saying so). Writes go through `update()`;
    `search()` may run in any thread, each with its own connection.

    Attributes:
        path: where the index lives now (may differ from the requested path after a fallback).
        notice: a sentence for the user when something unusual happened, else "".
    """

    def __init__(self, path: Path, notice: str = "") -> None:
        self.path = path
        self.notice = notice
        self._local = threading.local()
        self._writer: Database | None = None
        self._lock = threading.Lock()
        self._rebuilt = False
        self._generation = 0

    # --- opening ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None) -> SearchIndex:
        """Open or create the index at `path` (None: a temporary index). Never loops."""
        notice = ""
        if path is not None:
            try:
                check_writable(path)
                index = cls(path)
                index._prepare()
                return index
            except IndexCorrupt:
                moved = move_aside(path)
                notice = f"The search index was damaged; kept it as {moved.name} and rebuilt it."
                try:
                    index = cls(path, notice)
                    index._rebuilt = True
                    index._prepare()
                    return index
                except (IndexCorrupt, IndexUnwritable) as exc:
                    notice = f"The search index at {path} cannot be used ({exc}); "
            except IndexUnwritable as exc:
                notice = f"The search cache folder is not writable ({exc}); "
            notice += "using a temporary index for this session."
        temp = temporary_path()
        try:
            index = cls(temp, notice)
            index._prepare()
        except (IndexCorrupt, IndexUnwritable) as exc:
            raise IndexUnavailable(f"Search is disabled: no index can be created ({exc}).") from exc
        return index

    def _prepare(self) -> None:
        db = self._writer_db()
        version = db.scalar("PRAGMA user_version")
        if version == SCHEMA_VERSION:
            result = db.scalar("PRAGMA quick_check")
            if result != "ok":
                raise IndexCorrupt(f"integrity check: {result}")
            return
        with db.transaction():
            tables = db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts_%'"
            ).fetchall()
            for (name,) in tables:
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
        db.executescript(_SCHEMA)

    def _writer_db(self) -> Database:
        if self._writer is None:
            self._writer = Database(self.path)
        return self._writer

    def _reader(self) -> Database:
        """This thread's connection, reopened after `recover()` replaced the file."""
        db: Database | None = getattr(self._local, "db", None)
        if db is not None and getattr(self._local, "generation", -1) != self._generation:
            db.close()
            db = None
        if db is None:
            db = Database(self.path)
            self._local.db = db
            self._local.generation = self._generation
            self._local.sessions = None
        return db

    def close_reader(self) -> None:
        """Close the calling thread's connection (worker threads call this before stopping)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
            self._local.sessions = None

    def close(self) -> None:
        """Close this thread's reader and the writer."""
        self.close_reader()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def recover(self) -> bool:
        """After IndexCorrupt during use: move the file aside and start empty, once.

        Returns False when it already happened (the caller disables search instead of looping).
        """
        if self._rebuilt:
            return False
        self.close()
        move_aside(self.path)
        self._rebuilt = True
        self._generation += 1
        self.notice = "The search index was damaged; it was kept aside and is being rebuilt."
        self._prepare()
        return True

    # --- building -----------------------------------------------------------------------

    def update(
        self,
        library: LibraryLike,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> UpdateStats:
        """Bring the index in line with `library`: index new and changed files, drop removed ones.

        Commits every BATCH_SESSIONS sessions, calling `progress(done, total)`; a cancelled
        update leaves a consistent index that the next update completes.
        """
        with self._lock:
            return self._update(library, progress, cancelled)

    def _update(
        self,
        library: LibraryLike,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> UpdateStats:
        db = self._writer_db()
        stats = UpdateStats()
        known = {
            row[0]: row[1:] for row in db.execute("SELECT path, size, mtime_ns, hash FROM files")
        }
        todo: list[tuple[Session, int, int, str]] = []
        touched: list[tuple[int, int, str]] = []
        for session in library.sessions:
            size, mtime = _file_state(session)
            old = known.get(session.path)
            if old is not None and old[0] == size and old[1] == mtime and size >= 0:
                stats.unchanged += 1
                continue
            digest = _content_hash(session)
            if old is not None and old[2] == digest:
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
            db.executemany("UPDATE files SET size=?, mtime_ns=? WHERE path=?", touched)
            for path in removed:
                self._drop_session(db, path)
            stats.removed = len(removed)
        done = 1 if removed else 0
        for start in range(0, len(todo), BATCH_SESSIONS):
            if cancelled and cancelled():
                break
            with db.transaction():
                for session, size, mtime, file_hash in todo[start : start + BATCH_SESSIONS]:
                    is_new = session.path not in known
                    self._index_session(db, library, session, stats)
                    db.execute(
                        "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)",
                        (session.path, session.source, size, mtime, file_hash),
                    )
                    stats.added += is_new
                    stats.changed += not is_new
                    done += 1
            if progress:
                progress(done, total)
        with db.transaction():
            self._refresh_slots(db, library)
            self._collect_garbage(db)
        return stats

    def _owner(self, db: Database, key: str) -> int:
        db.execute("INSERT OR IGNORE INTO owners(key) VALUES (?)", (key,))
        return int(db.scalar("SELECT id FROM owners WHERE key=?", (key,)))

    def _drop_owner(self, db: Database, key: str) -> None:
        owner = db.scalar("SELECT id FROM owners WHERE key=?", (key,))
        if owner is None:
            return
        lo, hi = owner << OWNER_SHIFT, (owner << OWNER_SHIFT) | LOCAL_MASK
        db.execute("DELETE FROM fts WHERE rowid BETWEEN ? AND ?", (lo, hi))
        db.execute("DELETE FROM rows WHERE id BETWEEN ? AND ?", (lo, hi))
        db.execute("DELETE FROM owners WHERE id=?", (owner,))

    def _drop_session(self, db: Database, path: str) -> None:
        self._drop_owner(db, "s:" + path)
        db.execute("DELETE FROM sessions WHERE path=?", (path,))
        db.execute("DELETE FROM files WHERE path=?", (path,))

    def _insert_rows(
        self, db: Database, owner: int, rows: Iterable[tuple[int, int, float, str]]
    ) -> int:
        """Insert (field, local number, share, text) rows for one owner; returns the count."""
        columns = ", ".join(_FTS_COLUMNS)
        marks = ",?" * len(_FTS_COLUMNS)
        display, folded = [], []
        for fld, local, share, text in rows:
            text = " ".join(textnorm.clean(text).split())  # snippets need no further cleaning
            if not text or local > LOCAL_MASK:
                continue
            rowid = (owner << OWNER_SHIFT) | local
            values: list[str | None] = [None] * len(_FTS_COLUMNS)
            values[fld] = textnorm.fold(text)
            display.append((rowid, fld, share, text))
            folded.append((rowid, *values))
        db.executemany("INSERT INTO rows(id, field, share, text) VALUES (?,?,?,?)", display)
        db.executemany(f"INSERT INTO fts(rowid, {columns}) VALUES (?{marks})", folded)
        return len(display)

    def _index_session(
        self, db: Database, library: LibraryLike, session: Session, stats: UpdateStats
    ) -> None:
        self._drop_session(db, session.path)
        transcript = library.transcript(session.path) if session.has_transcript else ""
        digest = transcript_digest(transcript) if transcript.strip() else ""
        owner = self._owner(db, "s:" + session.path)
        speakers = " ; ".join(s.text or s.name for s in session.speakers)
        self._insert_rows(
            db,
            owner,
            [
                (0, 0, 0.0, session.title),
                (1, 1, 0.0, speakers),
                (2, 2, 0.0, " ; ".join(session.partners)),
                (3, 3, 0.0, session.summary),
                (4, 4, 0.0, "\n".join(session.takeaways)),
            ],
        )
        names = " ".join(textnorm.tokens(" ".join(f"{s.name} {s.key}" for s in session.speakers)))
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
                names,
                digest,
                0.0,
                0,
            ),
        )
        if digest and db.scalar("SELECT 1 FROM transcripts WHERE digest=?", (digest,)) is None:
            paragraphs = read_paragraphs(transcript)
            words = sum(p.words for p in paragraphs) or 1
            towner = self._owner(db, "t:" + digest)
            count = self._insert_rows(
                db,
                towner,
                ((TRANSCRIPT, p.index, p.words_before / words, p.text) for p in paragraphs),
            )
            db.execute("INSERT INTO transcripts VALUES (?,?,?,?)", (digest, towner, count, words))
            stats.transcripts_indexed += 1
            stats.paragraphs += count

    def _refresh_slots(self, db: Database, library: LibraryLike) -> None:
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
            stream = library.stream_of(session.path)
            slot = stream.offset_of(session.path) if stream else 0.0
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

    def _collect_garbage(self, db: Database) -> None:
        orphans = [
            row[0]
            for row in db.execute(
                "SELECT digest FROM transcripts WHERE digest NOT IN "
                "(SELECT digest FROM sessions WHERE digest <> '')"
            )
        ]
        for digest in orphans:
            self._drop_owner(db, "t:" + digest)
            db.execute("DELETE FROM transcripts WHERE digest=?", (digest,))

    # --- searching ----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table, for tests, benchmarks and the status line."""
        db = self._reader()
        return {
            name: int(db.scalar(f"SELECT count(*) FROM {name}"))
            for name in ("files", "sessions", "transcripts", "rows")
        }

    def search(
        self,
        query: str | Query,
        facets: Facets | None = None,
        *,
        limit: int = 100,
        per_session: int = 10,
        typing: bool = False,
    ) -> SearchResult:
        """Ranked hits for `query`, grouped by session, best session first. Never raises on
        query text; raises IndexCorrupt when the file turns out to be damaged."""
        parsed = parse(query, typing=typing) if isinstance(query, str) else query
        db = self._reader()
        info = self._sessions(db)
        return run_search(
            db,
            info,
            parsed,
            facets or Facets(),
            limit=limit,
            per_session=per_session,
            cache=self._local.scopes,
        )

    def _sessions(self, db: Database) -> dict[str, SessionInfo]:
        """Facet values of every indexed session, cached per connection until a commit."""
        version = int(db.scalar("PRAGMA data_version"))
        cached = getattr(self._local, "sessions", None)
        if cached is not None and cached[0] == version:
            return cached[1]
        info = {
            row[0]: SessionInfo(
                title=row[1],
                day=row[2],
                building=row[3] or "",
                room=row[4] or "",
                has_video=bool(row[5]),
                has_transcript=bool(row[6]),
                speakers=row[7] or "",
                digest=row[8] or "",
                owner=row[9],
                transcript_owner=row[10] or 0,
                first_para=row[11] or 0,
            )
            for row in db.execute(
                "SELECT s.path, s.title, s.day, s.building, s.room, s.has_video, "
                "s.has_transcript, s.speakers, s.digest, s.owner, t.owner, s.first_para "
                "FROM sessions s LEFT JOIN transcripts t ON t.digest = s.digest ORDER BY s.path"
            )
        }
        self._local.sessions = (version, info)
        self._local.scopes = {}
        return info


def index_file_for(folder: Path, roots: Iterable[Path | str]) -> Path:
    """The index file for a library inside cache `folder`: one file per set of roots, so
    searching another folder from the command line does not wipe the window's index."""
    key = "\n".join(sorted(str(Path(r).resolve()) for r in roots))
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return folder / f"index-{digest}.sqlite"
