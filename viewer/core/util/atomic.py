"""State files that survive faults: atomic writes, and damaged files kept aside, never wiped.

Every file the program writes for the user (settings, favorites, caches, the search index) goes
through these two helpers, so "a crash mid-write leaves the old file" and "a corrupt file is
kept as `<name>.corrupt` for inspection" hold in one place.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO


class NotRegularFile(OSError):
    """A state file's name holds a FIFO, a device or a socket: reading it could block forever,
    so it is treated as damaged (kept aside) and never opened for reading."""


def open_regular(path: Path, buffering: int = -1) -> BinaryIO:
    """Open `path` for reading without ever blocking, only if it is a regular file.

    The open itself is non-blocking (a FIFO with no writer would otherwise hang the caller),
    then `fstat` of the opened descriptor decides, so a swap between check and open cannot
    fool it. Raises FileNotFoundError, NotRegularFile or another OSError.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{path.name} is not a regular file")
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb", buffering=buffering)
    except BaseException:
        os.close(fd)
        raise


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """At most `limit` bytes of an open file. `read(limit)` sets aside `limit` bytes before
    it reads (8 MB for a 60 KB session: page faults that cost more than the read), so the
    file's size is asked first; a file that grew since is read on, still up to `limit`."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError):  # no descriptor (io.UnsupportedOperation is a ValueError)
        return handle.read(limit)
    data = handle.read(min(size + 1, limit))
    if len(data) <= size or len(data) >= limit:
        return data
    return data + handle.read(limit - len(data))


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (`open_regular`); a larger one raises
    ValueError (damaged: no state file the program writes grows that big)."""
    with open_regular(path) as handle:
        data = read_at_most(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"{path.name} is larger than {max_bytes} bytes")
    return data


def is_special(path: Path) -> bool:
    """Whether `path` exists and is something other than a regular file or a folder (FIFO,
    device, socket): a name in the profile that must be set aside, never opened."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def atomic_write_bytes(target: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `target` so that readers see the old file or the new one, never a mix.

    The new file keeps the permissions of the one it replaces (else `mode`): mkstemp's 0600
    would otherwise silently narrow them.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(target.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def set_aside(path: Path, companions: Sequence[str] = (), *, keep_older: bool = True) -> Path:
    """Rename a damaged `path` to `<name>.corrupt` and return that path.

    `companions`: suffixes of files that belong to it (SQLite's "-wal", "-shm"), moved along.
    `keep_older`: an earlier `.corrupt` is kept and this one numbered by time; otherwise it is
    replaced (for large rebuildable files such as the search index).
    """
    target = path.with_name(path.name + ".corrupt")
    if keep_older and target.exists():
        target = path.with_name(f"{path.name}.{time.time_ns()}.corrupt")
    for suffix in ("", *companions):
        source = path.with_name(path.name + suffix)
        if source.exists():
            os.replace(source, target.with_name(target.name + suffix))
    return target
