"""The search index's tables and row numbering: what is stored where, and its version.

Why its own module: the code that builds the index (`indexbuild`) and the code that queries it
(`search`, `ranking`) must agree on the layout; defining it once keeps them from drifting.

Layout (schema version in `PRAGMA user_version`):

* `rows` holds the display text of every indexed piece (title, speakers, partners, summary,
  takeaways, transcript paragraphs) and its owner: `s:<session path>` for a session's own
  fields, `t:<digest>` for transcript paragraphs. `fts` (same rowid) holds the folded text in
  the column that gives it its ranking weight.
* A transcript shared by several sessions (one stream recorded for many slots) is stored once,
  under its digest; `sessions.digest` maps sessions to it, `sessions.slot` is each session's
  start within the stream, `rows.share` each paragraph's position, so a hit can name every
  session sharing it and the one whose slot it falls in.
* `transcripts.bounds` keeps where each paragraph lies in its transcript
  (`transcript.pack_bounds`), so the window shows the very paragraphs a hit names, and opening
  a long transcript does not split it into paragraphs again.
* `files` remembers size, mtime and a content hash per session file, so an update re-indexes
  only files that were added, changed or removed.
"""

from __future__ import annotations

import contextlib
import sqlite3

from viewer.core.search.db import Database, IndexCorrupt

SCHEMA_VERSION = 6
# A hit's field, by `rows.field` number; the FTS column of the same number holds its text.
FIELDS = ("title", "speakers", "partners", "summary", "takeaways", "transcript")
FTS_COLUMNS = ("title", "speakers", "partners", "summary", "takeaways", "body")
TRANSCRIPT = FIELDS.index("transcript")

# FTS5 keeps the terms of the rows inserted in a transaction in memory, writing them out as
# a segment when they pass this many bytes (FTS5's "hashsize", 1 MB unless told) and merging
# those segments later. A build commits every couple of seconds (`build.COMMIT_EVERY_S`), so
# at this size each commit writes one segment instead of several written and merged again:
# the corpus's FTS inserts took about a third less time at 16 MB than at 1 MB, and the build
# a little less again at 32 MB with a commit every 2 s (benchmarks/FINDINGS.md). The memory
# it may hold is bounded by what one commit's inserts make.
FTS_PENDING_BYTES = 32 << 20

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
                         words INTEGER, bounds BLOB);
CREATE TABLE rows(id INTEGER PRIMARY KEY, field INTEGER NOT NULL, share REAL NOT NULL,
                  text TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)},
    tokenize='unicode61 remove_diacritics 2', prefix='2 3');
PRAGMA user_version={SCHEMA_VERSION};
"""


def tune_for_writes(db: Database) -> None:
    """Set FTS_PENDING_BYTES in the index (kept in its `fts_config` table), unless it is set.

    Call inside a write transaction. The setting is a speed hint: a SQLite that does not know
    it refuses it, and the index is written as before."""
    if db.scalar("SELECT v FROM fts_config WHERE k='hashsize'") == FTS_PENDING_BYTES:
        return
    with contextlib.suppress(sqlite3.OperationalError):
        db.execute("INSERT INTO fts(fts, rank) VALUES ('hashsize', ?)", (FTS_PENDING_BYTES,))


def prepare(db: Database) -> None:
    """Check an index of the current version; replace any other version's tables by empty ones.

    Raises IndexCorrupt when the current version's file fails SQLite's quick check.
    """
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
