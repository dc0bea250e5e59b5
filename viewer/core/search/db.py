"""A thin SQLite wrapper for the search index: connections, transactions, error triage.

Why a wrapper: every statement goes through bound parameters, every write through one
`transaction()` context manager, and every sqlite error is sorted into "the file is damaged"
(move it aside and rebuild once), "the location is not writable" (fall back to a temporary
index) or a bug (re-raised). The index is a cache, so losing it is never fatal; crashing or
rebuilding in a loop would be.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from viewer.core.util.atomic import set_aside
from viewer.core.util.pathtext import stored_text

# How long a connection waits for another process's write lock before IndexBusy.
BUSY_TIMEOUT_S = 5.0
# Errors that mean the file's content cannot be trusted.
_CORRUPT = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_VTAB", "SQLITE_CORRUPT_INDEX"}
# Errors that mean the location cannot hold the index (permissions, disk, read-only media).
_UNWRITABLE_PREFIXES = (
    "SQLITE_CANTOPEN",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_PERM",
    "SQLITE_FULL",
    "SQLITE_AUTH",
)


class IndexCorrupt(Exception):
    """The index file is damaged; the caller moves it aside and rebuilds."""


class IndexUnwritable(Exception):
    """The index location cannot be written; the caller falls back to a temporary index."""


class IndexBusy(Exception):
    """Another process (a second window, a `--search`) holds the index's write lock longer than
    the busy timeout: what is indexed can still be read; updating waits for another time."""


class IndexUnavailable(Exception):
    """No index can be opened at all; search is disabled and `str(exc)` says why."""


def classify(exc: BaseException) -> type[Exception] | None:
    """IndexCorrupt, IndexUnwritable, IndexBusy, or None (a bug) for an sqlite error."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return IndexUnwritable if isinstance(exc, OSError) else None
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc):
        return IndexBusy
    if name in _CORRUPT or name.startswith("SQLITE_CORRUPT"):
        return IndexCorrupt
    if name.startswith(_UNWRITABLE_PREFIXES):
        return IndexUnwritable
    text = str(exc).lower()
    if "malformed" in text or "not a database" in text:
        return IndexCorrupt
    if "readonly" in text or "unable to open" in text or "disk i/o" in text:
        return IndexUnwritable
    return None


@contextlib.contextmanager
def triaged() -> Iterator[None]:
    """Re-raise sqlite/OS errors as IndexCorrupt or IndexUnwritable where they are known."""
    try:
        yield
    except (sqlite3.DatabaseError, OSError) as exc:
        kind = classify(exc)
        if kind is None:
            raise
        raise kind(str(exc)) from exc


class Database:
    """One connection to the index file.

    Each thread opens its own Database (sqlite connections are not shared across threads);
    WAL mode lets a reader query while the builder writes in another connection.
    """

    def __init__(self, path: Path, *, readonly: bool = False, timeout: float | None = None) -> None:
        timeout = BUSY_TIMEOUT_S if timeout is None else timeout
        self.path = path
        with triaged():
            if readonly:
                uri = path.resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(
                    uri, uri=True, check_same_thread=False, isolation_level=None, timeout=timeout
                )
            else:
                self._conn = sqlite3.connect(
                    str(path), check_same_thread=False, isolation_level=None, timeout=timeout
                )
            try:
                if not readonly:
                    self._conn.execute("PRAGMA journal_mode=WAL")
                    self._conn.execute("PRAGMA synchronous=NORMAL")
                self._conn.execute("PRAGMA foreign_keys=OFF")
            except BaseException:
                self._conn.close()
                raise

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with triaged():
            return self._conn.execute(sql, _storable(params))

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        with triaged():
            return self._conn.executemany(sql, (_storable(row) for row in rows))

    def executemany_stored(self, sql: str, rows: Sequence[Sequence[Any]]) -> sqlite3.Cursor:
        """`executemany` for rows whose texts are in stored form already (`_storable` would
        leave them as they are), without a look at each: an index build's prepared rows."""
        with triaged():
            return self._conn.executemany(sql, rows)

    def executescript(self, sql: str) -> None:
        with triaged():
            self._conn.executescript(sql)

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception."""
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()


class Checkpointer:
    """Copies the committed pages of an index's write-ahead log into the index file on a
    thread of its own (SQLite's passive checkpoint, which neither waits for nor blocks readers
    and writers), so that a long write does not stop at its commits to do it.

    For a long write: `paused_autocheckpoint(db)` on its connection, `request()` after each
    commit, `close()` at the end (which waits for the last copy). Any error is left for the
    connection that writes to meet: a checkpoint is only housekeeping."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wanted = threading.Event()
        self._closing = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="index-checkpoint", daemon=True)
            self._thread.start()
        self._wanted.set()

    def close(self) -> None:
        """Make a last checkpoint of what was committed, and wait for it."""
        if self._thread is None:
            return
        self._closing = True
        self._wanted.set()
        self._thread.join()
        self._thread = None

    def _run(self) -> None:
        db: Database | None = None
        try:
            while True:
                self._wanted.wait()
                self._wanted.clear()
                closing = self._closing
                if db is None:
                    db = Database(self._path)
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                if closing:
                    return
        except (sqlite3.Error, OSError, IndexCorrupt, IndexUnwritable, IndexBusy):
            return
        finally:
            if db is not None:
                db.close()


@contextlib.contextmanager
def paused_autocheckpoint(db: Database) -> Iterator[Checkpointer]:
    """A `Checkpointer` for a long write on `db`, whose own checkpoints at commit are paused
    meanwhile (SQLite's default of one every 1,000 pages is restored after)."""
    checkpoints = Checkpointer(db.path)
    db.execute("PRAGMA wal_autocheckpoint=0")
    try:
        yield checkpoints
    finally:
        checkpoints.close()
        with contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA wal_autocheckpoint=1000")


def _storable(params: Sequence[Any]) -> Sequence[Any]:
    """Parameters with every text in its stored form (`pathtext.stored_text`): a file name
    that is not valid UTF-8 reaches SQLite as text it can encode, and reads back exactly."""
    for p in params:  # a plain loop: this runs for every row an index build writes
        if isinstance(p, str) and not p.isascii():
            return [stored_text(q) if isinstance(q, str) else q for q in params]
    return params


def move_aside(path: Path) -> Path:
    """Rename a damaged index (and its WAL files) to `<name>.corrupt`, replacing an older one."""
    return set_aside(path, ("-wal", "-shm"), keep_older=False)


def check_writable(path: Path) -> None:
    """Raise IndexUnwritable unless the index file's folder exists (or can be made) and is
    writable. Root ignores permission bits, so the probe actually creates a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=path.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise IndexUnwritable(f"{path.parent}: {exc.strerror or exc}") from exc


_run_folder: Path | None = None


def temporary_path(name: str = "index.sqlite") -> Path:
    """Where this run keeps a temporary index named `name` (fallback for unwritable or full
    caches): one folder per run in the system temporary folder, so asking again for the same
    library reuses its index instead of building another, and `remove_temporaries()` (at exit)
    deletes them all."""
    global _run_folder
    if _run_folder is None or not _run_folder.is_dir():
        try:
            _run_folder = Path(tempfile.mkdtemp(prefix="summit-index-"))
        except OSError as exc:
            raise IndexUnavailable(
                f"there is no writable place for a search index ({_plain_reason(exc)})"
            ) from exc
        atexit.register(remove_temporaries)
    return _run_folder / name


def is_temporary(path: Path) -> bool:
    return _run_folder is not None and path.parent == _run_folder


def remove_temporaries() -> None:
    """Delete this run's temporary indexes (their WAL files included)."""
    global _run_folder
    if _run_folder is not None:
        shutil.rmtree(_run_folder, ignore_errors=True)
        _run_folder = None


def remove_index_files(path: Path) -> None:
    """Delete an index and its WAL files (a cache that can no longer be written)."""
    for suffix in ("-wal", "-shm", ""):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def _plain_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)
