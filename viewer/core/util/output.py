"""Writing a file the user named on the command line (or in a save dialog), whatever it is.

Why one helper: a temporary file renamed over the target is the right way to replace a regular
file (readers see the old one or the new one), and the wrong way for everything else: renamed
over /dev/null it turns the device into a file, over a FIFO it leaves the reader with nothing,
and `/dev/stdout` or `>(cmd)` are links to something that must be written into. So: a regular
file or a new name is written atomically; anything else that exists (FIFO, device, terminal,
pipe) is opened and written straight; `-` is standard output; a missing folder is refused
rather than created. Every failure is an OutputError with a sentence for the user.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TextIO

from viewer.core.util.atomic import atomic_write_bytes
from viewer.core.util.pathtext import shown_path


class OutputError(OSError):
    """The output could not be written; `str(exc)` is a plain sentence naming the target."""


def _describe(error: OSError) -> str:
    return (error.strerror or str(error)).lower() if error.strerror else "it could not be written"


def check_target(target: str | Path) -> None:
    """Refuse early (before the work that produces the data) a target that cannot be written:
    a folder, or a name in a folder that does not exist. Raises OutputError."""
    name = os.fspath(target)
    if name == "-":
        return
    path = Path(name)
    if path.is_dir():
        raise OutputError(f"cannot write {shown_path(name)}: it is a folder")
    if not path.exists() and not path.parent.is_dir():
        raise OutputError(
            f"cannot write {shown_path(name)}: the folder {shown_path(str(path.parent))} "
            "does not exist"
        )


def write_output(target: str | Path, data: bytes, stdout: TextIO | None = None) -> None:
    """Write `data` to `target` ("-" for standard output). Raises OutputError."""
    name = os.fspath(target)
    if name == "-":
        _write_stdout(data, stdout)
        return
    path = Path(name)
    try:
        info = path.stat()  # follows links: /dev/stdout, /proc/self/fd/N
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputError(f"cannot write {shown_path(name)}: {_describe(error)}") from error
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"cannot write {shown_path(name)}: it is a folder")
        _write_through(path, data)
        return
    if info is not None and path.is_symlink():
        real = Path(os.path.realpath(path))
        if str(real).startswith(("/proc/", "/dev/")):
            _write_through(path, data)  # a link to an open descriptor: write into it
            return
        path = real
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(
            f"cannot write {shown_path(name)}: the folder {shown_path(str(parent))} does not exist"
        )
    try:
        atomic_write_bytes(path, data)
    except OSError as error:
        raise OutputError(f"cannot write {shown_path(name)}: {_describe(error)}") from error


def _write_through(path: Path, data: bytes) -> None:
    """Open and write an existing non-regular file (FIFO, device, pipe) without replacing it."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    except OSError as error:
        raise OutputError(f"cannot write {shown_path(str(path))}: {_describe(error)}") from error


def _write_stdout(data: bytes, stdout: TextIO | None) -> None:
    stream = stdout if stdout is not None else sys.stdout
    if stream is None:
        raise OutputError("cannot write to standard output: it is closed")
    try:
        binary = getattr(stream, "buffer", None)
        if binary is not None:  # UTF-8 whatever the locale's encoding is
            stream.flush()
            binary.write(data)
            binary.flush()
        else:
            stream.write(data.decode("utf-8", "surrogateescape"))
            stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as error:
        reason = _describe(error) if isinstance(error, OSError) else "it is closed"
        raise OutputError(f"cannot write to standard output: {reason}") from error
