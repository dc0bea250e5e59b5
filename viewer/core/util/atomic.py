"""State files that survive faults: atomic writes, and damaged files kept aside, never wiped.

Every file the program writes for the user (settings, favorites, caches, the search index) goes
through these two helpers, so "a crash mid-write leaves the old file" and "a corrupt file is
kept as `<name>.corrupt` for inspection" hold in one place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


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
