"""Atomic writes and keeping damaged files aside."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from viewer.core.util.atomic import atomic_write_bytes, read_at_most, set_aside


def test_atomic_write_keeps_permissions_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_set_aside_keeps_older_copies(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    path.write_text("first damage")
    first = set_aside(path)
    path.write_text("second damage")
    second = set_aside(path)
    assert first.name == "settings.ini.corrupt" and first.read_text() == "first damage"
    assert second != first and second.read_text() == "second damage"
    assert not path.exists()


def test_set_aside_moves_companions_and_can_replace(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    for suffix, text in (("", "db"), ("-wal", "wal"), ("-shm", "shm")):
        db.with_name(db.name + suffix).write_text(text)
    (tmp_path / "index.sqlite.corrupt").write_text("older")
    target = set_aside(db, ("-wal", "-shm"), keep_older=False)
    assert target.read_text() == "db"
    assert (tmp_path / "index.sqlite.corrupt-wal").read_text() == "wal"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "index.sqlite.corrupt",
        "index.sqlite.corrupt-shm",
        "index.sqlite.corrupt-wal",
    ]


def test_read_at_most_reads_whole_files_up_to_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    for size in (0, 1, 99, 100, 101, 5000):
        path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
        with path.open("rb") as handle:
            assert read_at_most(handle, 101) == path.read_bytes()[:101], size


def test_read_at_most_reads_on_when_the_file_grew_after_its_size_was_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"a" * 10)
    real_fstat = os.fstat

    def fstat_then_grow(fd: int) -> os.stat_result:
        result = real_fstat(fd)
        with path.open("ab") as more:  # the file grows between the size and the read
            more.write(b"b" * 30)
        return result

    monkeypatch.setattr(os, "fstat", fstat_then_grow)
    with path.open("rb") as handle:
        assert read_at_most(handle, 1000) == b"a" * 10 + b"b" * 30
    with path.open("rb") as handle:
        assert read_at_most(handle, 25) == (b"a" * 10 + b"b" * 60)[:25]


def test_read_at_most_reads_a_stream_without_a_descriptor() -> None:
    assert read_at_most(io.BytesIO(b"0123456789"), 4) == b"0123"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_read_at_most_reads_a_file_whose_size_reads_zero() -> None:
    # /proc files report a size of 0 and still hold text: read on to the limit
    status = Path("/proc/self/status")
    assert os.stat(status).st_size == 0
    with status.open("rb") as handle:
        data = read_at_most(handle, 1_000_000)
    assert data.startswith(b"Name:") and b"\nPid:" in data
