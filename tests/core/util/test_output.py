"""Writing a user-named output: files atomically, FIFOs and devices straight, `-` to stdout."""

from __future__ import annotations

import io
import os
import stat
import threading
from pathlib import Path

import pytest

from viewer.core.util.output import OutputError, check_target, write_output


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A character device made in tmp_path (1,3 is null, 1,7 is full), so a broken writer can
    only damage the test's own node, never the system's /dev."""
    node = tmp_path / name
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except (PermissionError, OSError):
        pytest.skip("cannot make device nodes here")
    return node


def read_fifo_in_thread(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as handle:
            got.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread, got


def test_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = read_fifo_in_thread(fifo)
    write_output(fifo, b'{"sessions": []}\n')
    thread.join(10)
    assert got == [b'{"sessions": []}\n']
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_null_device_stays_a_device(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 3)
    write_output(null, b"x" * 100_000)
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_full_device_is_a_plain_message(tmp_path: Path) -> None:
    full = device(tmp_path, "full", 7)
    with pytest.raises(OutputError, match="no space left") as caught:
        write_output(full, b"x" * 10)
    assert "Error" not in str(caught.value)
    assert stat.S_ISCHR(full.lstat().st_mode)


def test_missing_folder_is_refused_not_created(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "out.json"
    with pytest.raises(OutputError, match="does not exist"):
        check_target(target)
    with pytest.raises(OutputError, match="does not exist"):
        write_output(target, b"{}")
    assert not (tmp_path / "no").exists()


def test_regular_file_replaced_atomically_and_link_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_output(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_output(tmp_path / "fresh.json", b"fresh")
    assert (tmp_path / "fresh.json").read_bytes() == b"fresh"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.json", "link.json", "real.json"]


def test_a_folder_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        write_output(tmp_path, b"{}")


def test_dash_is_standard_output_and_closed_stdout_is_a_message() -> None:
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="utf-8")
    write_output("-", "é\n".encode(), stream)
    assert buffer.getvalue() == "é\n".encode()
    stream.close()
    with pytest.raises(OutputError, match="standard output"):
        write_output("-", b"x", stream)
