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


def test_a_file_grown_after_the_scan_is_hashed_with_bounded_memory(
    corpus: Path, tmp_path: Path
) -> None:
    """Issue 20 item 10: a session file grown to 2 GB after the scan costs no 2 GB of memory
    (a sparse file: nothing is written to disk)."""
    import tracemalloc

    library = load_library([corpus])
    grown = corpus / D1 / "001-Robotics-in-Farming.md"
    os.truncate(grown, 2 * 1024**3)
    idx = SearchIndex.open(tmp_path / "cache" / "index.sqlite")
    tracemalloc.start()
    try:
        idx.update(library)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        idx.close()
    assert peak < 200 * 1024**2


def test_a_fifo_swapped_in_after_the_scan_never_blocks_the_indexer(
    corpus: Path, tmp_path: Path
) -> None:
    """Between the scan and the index update, a session file becomes a FIFO: it is skipped in
    bounded time (child process with a time limit: before the fix it blocked in open())."""
    code = (
        "import os, sys; from pathlib import Path\n"
        "from viewer.core.library.load import load_library\n"
        "from viewer.core.search.index import SearchIndex\n"
        "lib = load_library([sys.argv[1]])\n"
        "victim = Path(sys.argv[1]) / 'Day-1_Feb-16/sessions/001-Robotics-in-Farming.md'\n"
        "victim.unlink(); os.mkfifo(victim)\n"
        "idx = SearchIndex.open(Path(sys.argv[2])); idx.update(lib)\n"
        "print(len(idx.search('glaciers').groups) > 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(corpus), str(tmp_path / "index.sqlite")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
