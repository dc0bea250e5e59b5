"""The SQLite FTS5 full-text index of a library: opening it safely, and the entry points.

Why paragraph rows: a hit then names a place (the window scrolls to it) and snippets are cut
from one short paragraph instead of a 400 KB transcript. Why an index at all: `rg` over the
collection takes tens of milliseconds per keystroke; an FTS5 lookup takes a few.

This module owns the file and its connections: opening (a damaged file is moved aside and
rebuilt once, an unwritable location falls back to a temporary index), one reader connection
per thread, and one writer. What is stored is described in `indexschema`, how it is kept up to
date in `indexbuild`, and how a query runs in `search`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from viewer.core.search import build as indexbuild
from viewer.core.search import captions
from viewer.core.search import schema as indexschema
from viewer.core.search.build import LibraryLike, UpdateStats
from viewer.core.search.db import (
    Database,
    IndexBusy,
    IndexCorrupt,
    IndexUnavailable,
    IndexUnwritable,
    check_writable,
    is_temporary,
    move_aside,
    paused_autocheckpoint,
    remove_index_files,
    temporary_path,
)
from viewer.core.search.query import Query, expand, parse
from viewer.core.search.run import Hit, SearchResult, SessionHits, run_search
from viewer.core.search.scope import Facets, SessionInfo
from viewer.core.search.suggest import did_you_mean
from viewer.core.session.transcript import Paragraph, paragraphs_from_bounds
from viewer.core.text import spelling
from viewer.core.util.atomic import is_special
from viewer.core.util.digest import blake2b, text_digest

__all__ = [
    "BUSY_NOTICE",
    "Facets",
    "Hit",
    "IndexBusy",
    "IndexCorrupt",
    "IndexUnavailable",
    "SearchIndex",
    "SearchResult",
    "SessionHits",
    "StoredParagraphs",
    "UpdateStats",
]

BUSY_NOTICE = (
    "Another window is indexing this library; search shows what is indexed so far "
    "and catches up when it is done."
)
TEMPORARY_NOTICE = "using a temporary index for this session."

# The longest a paragraph lookup waits for a lock: the window asks while a transcript opens.
LOOKUP_TIMEOUT_S = 0.05


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
                if any(is_special(path.with_name(path.name + s)) for s in ("", "-wal", "-shm")):
                    raise IndexCorrupt("not a regular file")  # a FIFO would block SQLite
                index = cls(path)
                try:
                    index._prepare()
                except IndexBusy:
                    index.notice = BUSY_NOTICE  # readable meanwhile; its writer prepared it
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
            notice += TEMPORARY_NOTICE
        temp = temporary_path(path.name if path is not None else "index.sqlite")
        try:
            index = cls(temp, notice)
            index._prepare()
        except (IndexCorrupt, IndexUnwritable, IndexBusy) as exc:
            raise IndexUnavailable(f"Search is off: no index can be made ({exc}).") from exc
        return index

    def _prepare(self) -> None:
        indexschema.prepare(self._writer_db())

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

        Commits about every `indexbuild.COMMIT_EVERY_S`, calling `progress(done, total)`; a
        cancelled update leaves a consistent index that the next update completes.
        """
        with self._lock:
            try:
                return self._update(library, progress, cancelled)
            except IndexUnwritable as exc:
                if is_temporary(self.path):
                    raise IndexUnavailable(
                        f"Search is off: the index cannot be written ({exc})."
                    ) from exc
                self._fall_back(str(exc))
                return self._update(library, progress, cancelled)

    def _update(
        self,
        library: LibraryLike,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> UpdateStats:
        db = self._writer_db()
        with paused_autocheckpoint(db) as checkpoints:
            stats = indexbuild.update(db, library, progress, cancelled, checkpoints)
            checkpoints.request()  # the last rows, copied while the spellings are learned
            if not (cancelled and cancelled()):
                captions.refresh(db, library.sessions)
        return stats

    def _fall_back(self, reason: str) -> None:
        """The cache's disk filled up (or turned read-only) while indexing: delete the partial
        index and its WAL files there, and continue in this run's temporary index."""
        self.close()
        remove_index_files(self.path)
        full = "full" in reason.lower()
        self.notice = (
            (
                "The disk holding the search index is full"
                if full
                else f"The search index could no longer be written ({reason})"
            )
            + "; "
            + TEMPORARY_NOTICE
        )
        self.path = temporary_path(self.path.name)
        self._generation += 1
        try:
            self._prepare()
        except (IndexCorrupt, IndexUnwritable, IndexBusy) as exc:
            raise IndexUnavailable(f"Search is off: no index can be made ({exc}).") from exc

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
        expand_words: bool = True,
    ) -> SearchResult:
        """Ranked hits for `query`, grouped by session, best session first. Never raises on
        query text; raises IndexCorrupt when the file turns out to be damaged.

        `expand_words`: an unquoted word also finds its other spellings (a name's caption
        spellings, British and American spelling; `query.expand`)."""
        parsed = parse(query, typing=typing) if isinstance(query, str) else query
        db = self._reader()
        info = self._sessions(db)
        if expand_words:
            parsed = expand(parsed, self._local.spellings.forms, spelling.forms)
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
        self._local.spellings = captions.load(db)
        return info

    def suggest(self, text: str) -> str:
        """A "did you mean" query for `text` from the index's words and the speakers' names
        (`suggest.did_you_mean`), "" when there is none."""
        db = self._reader()
        info = self._sessions(db)
        cached = getattr(self._local, "vocabulary", None)
        if cached is None or cached[0] is not info:
            names = {w for s in info.values() for w in s.speakers.split()}
            cached = (info, captions.vocabulary(db), names)
            self._local.vocabulary = cached
        table: captions.SpellingTable = self._local.spellings
        return did_you_mean(
            text, cached[1], cached[2], lambda w: bool(table.forms(w) or spelling.forms(w))
        )

    def spellings(self) -> captions.SpellingTable:
        """The caption spellings of speakers' names learned with the index (see `captions`)."""
        db = self._reader()
        self._sessions(db)
        table: captions.SpellingTable = self._local.spellings
        return table


class StoredParagraphs:
    """Transcripts' paragraphs as an index file stored them, looked up by the transcript's text.

    The index splits every transcript into paragraphs when it is built, and search hits name
    those paragraphs. A window that shows a transcript looks here first: it then shows the very
    paragraphs a hit names, and a long transcript is not split again (the split is most of the
    cost of opening one). No index yet, another schema version, a lock, damage, or bounds that
    do not fit the text all give None, and the caller reads the paragraphs itself: a lookup
    never raises and never waits for a lock longer than LOOKUP_TIMEOUT_S. Use it from the
    thread that made it; `close()` when done.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: Database | None = None

    def paragraphs(self, transcript: str) -> list[Paragraph] | None:
        if not transcript.strip():
            return None
        try:
            if self._db is None:
                if not self.path.is_file():
                    return None  # not built yet (opening would create an empty file)
                self._db = Database(self.path, timeout=LOOKUP_TIMEOUT_S)
            db = self._db
            if db.scalar("PRAGMA user_version") != indexschema.SCHEMA_VERSION:
                return None  # an older index, about to be rebuilt
            packed = db.scalar(
                "SELECT bounds FROM transcripts WHERE digest=?", (text_digest(transcript),)
            )
        except (sqlite3.Error, OSError, IndexCorrupt, IndexUnwritable, IndexBusy):
            self.close()
            return None
        return paragraphs_from_bounds(transcript, packed) if isinstance(packed, bytes) else None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def index_file_for(folder: Path, roots: Iterable[Path | str]) -> Path:
    """The index file for a library inside cache `folder`: one file per set of roots, so
    searching another folder from the command line does not wipe the window's index."""
    key = "\n".join(sorted(str(Path(r).resolve()) for r in roots))
    digest = blake2b(key.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return folder / f"index-{digest}.sqlite"
