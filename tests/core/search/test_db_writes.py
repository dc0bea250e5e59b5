"""How an index build writes: FTS5's pending terms, and checkpoints off the writing thread."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.core.search.search_fixtures import build_corpus
from viewer.core.library.load import load_library
from viewer.core.search import schema
from viewer.core.search.db import Checkpointer, Database, paused_autocheckpoint
from viewer.core.search.index import SearchIndex

ROW = "x" * 3000  # about one page each


def _fill(db: Database, rows: int) -> None:
    with db.transaction():
        db.executemany("INSERT INTO t VALUES (?)", ((f"{i} {ROW}",) for i in range(rows)))


def test_checkpoints_wait_for_a_request_and_the_last_one_for_close(tmp_path: Path) -> None:
    """While paused, commits leave their pages in the WAL (SQLite would copy them into the
    file at its 1,000-page mark); a request copies them on the checkpoint thread, and closing
    makes a last copy of what came after."""
    path = tmp_path / "i.sqlite"
    db = Database(path)
    db.execute("CREATE TABLE t(v TEXT)")
    small = path.stat().st_size
    with paused_autocheckpoint(db) as checkpoints:
        assert db.scalar("PRAGMA wal_autocheckpoint") == 0
        _fill(db, 1500)  # past SQLite's own checkpoint mark
        assert path.stat().st_size == small  # all of it still only in the WAL
        checkpoints.request()
        _fill(db, 500)
    assert db.scalar("PRAGMA wal_autocheckpoint") == 1000
    assert path.stat().st_size > 2000 * len(ROW)  # both writes reached the file itself
    readback = sqlite3.connect(path)
    assert readback.execute("SELECT count(*) FROM t").fetchone()[0] == 2000
    readback.close()
    db.close()


def test_a_checkpoint_that_fails_is_left_to_the_writer(tmp_path: Path) -> None:
    """The file the checkpoints were for cannot be opened: the thread ends, and closing
    neither hangs nor raises."""
    checkpoints = Checkpointer(tmp_path / "gone" / "i.sqlite")
    checkpoints.request()
    checkpoints.close()
    checkpoints.close()  # twice is harmless


def test_an_index_build_sets_the_fts_pending_size_and_leaves_no_pause(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    build_corpus(root)
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    idx.update(load_library([root]))
    writer = idx._writer_db()
    assert writer.scalar("SELECT v FROM fts_config WHERE k='hashsize'") == schema.FTS_PENDING_BYTES
    assert writer.scalar("PRAGMA wal_autocheckpoint") == 1000
    assert idx.search("robotics").groups
    idx.close()


def test_a_sqlite_without_the_pending_size_setting_still_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The setting is only a speed hint: refused, the index is built as before."""
    real = Database.execute

    def refuse(self: Database, sql: str, params: Any = ()) -> Any:
        if "hashsize" in sql and sql.startswith("INSERT"):
            raise sqlite3.OperationalError("SQL logic error")
        return real(self, sql, params)

    monkeypatch.setattr(Database, "execute", refuse)
    root = tmp_path / "lib"
    build_corpus(root)
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    idx.update(load_library([root]))
    assert idx._writer_db().scalar("SELECT v FROM fts_config WHERE k='hashsize'") is None
    assert idx.search("robotics").groups
    idx.close()
