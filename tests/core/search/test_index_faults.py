"""Issue 20 items 3, 6, 7: a second writer, unwritable caches and full disks, in plain words."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.search.search_fixtures import build_corpus
from viewer.cli import search as search_cli
from viewer.core.library.load import load_library
from viewer.core.search import db as index_db
from viewer.core.search.index import BUSY_NOTICE, IndexBusy, SearchIndex

PROJECT = Path(__file__).resolve().parents[3]
D1 = "Day-1_Feb-16/sessions"


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    build_corpus(root)
    return root


def test_a_second_writer_reads_meanwhile_and_is_told_why(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window holds the write lock: no "database is locked", search still works."""
    monkeypatch.setattr(index_db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "cache" / "index.sqlite"
    first = SearchIndex.open(path)
    first.update(load_library([corpus]))
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # the other window, mid-batch
    try:
        (corpus / D1 / "001-Robotics-in-Farming.md").touch()  # something to update
        os.utime(corpus / D1 / "001-Robotics-in-Farming.md", ns=(1, 1))
        second = SearchIndex.open(path)
        with pytest.raises(IndexBusy):
            second.update(load_library([corpus]))
        assert second.search("robotics").groups  # what is indexed stays searchable
        err = io.StringIO()
        out = io.StringIO()
        monkeypatch.setenv("SUMMIT_CACHE_DIR", str(tmp_path / "cli-cache"))
        monkeypatch.setattr(search_cli, "search_dir", lambda: path.parent)
        monkeypatch.setattr(search_cli, "index_file_for", lambda folder, roots: path)
        assert search_cli.run("robotics", [str(corpus)], out, err=err) == 0
        assert BUSY_NOTICE in err.getvalue() and "locked" not in err.getvalue()
        second.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
        first.close()


def test_a_full_disk_while_indexing_falls_back_and_cleans_up(corpus: Path, tmp_path: Path) -> None:
    """SQLITE_FULL mid-update: the partial index and its WAL are removed, a temporary index
    takes over, and the notice says the disk is full."""
    path = tmp_path / "cache" / "index.sqlite"
    idx = SearchIndex.open(path)
    writer = idx._writer_db()
    pages = int(writer.scalar("PRAGMA page_count"))
    writer.execute(f"PRAGMA max_page_count={pages + 2}")  # SQLite's own "disk is full"
    try:
        idx.update(load_library([corpus]))
        assert "disk holding the search index is full" in idx.notice
        assert "temporary" in idx.notice and idx.path != path
        assert not [p.name for p in path.parent.iterdir() if p.name.startswith("index.sqlite")]
        assert idx.search("robotics").groups
    finally:
        idx.close()
        index_db.remove_temporaries()


def test_one_temporary_index_per_run_deleted_at_exit(corpus: Path, tmp_path: Path) -> None:
    """An unwritable cache: the same library reuses one temporary index, removed at exit."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    first = SearchIndex.open(blocker / "index-x.sqlite")
    first.update(load_library([corpus]))
    first.close()
    again = SearchIndex.open(blocker / "index-x.sqlite")
    assert again.path == first.path and again.counts()["sessions"] > 0  # nothing rebuilt
    again.close()
    index_db.remove_temporaries()
    assert not first.path.parent.exists()


def test_search_command_leaves_no_temporary_index(corpus: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "TMPDIR": str(temp),
        "SUMMIT_CACHE_DIR": str(blocker / "cache"),
    }
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "main.py", "--search", "robotics", str(corpus)],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "temporary" in result.stderr and "Traceback" not in result.stderr
        assert list(temp.iterdir()) == []
