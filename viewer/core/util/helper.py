"""A helper process: this program's own interpreter running one module's `serve()`, given one
pickled request on its stdin and answering with pickled messages on its stdout.

Why a process: parsing and preparing text is pure Python, bound to one core by the interpreter
lock, which the window's thread shares; a second process has a core of its own. It starts in a
few tens of milliseconds because it imports only the module asked for (no Qt).

What it may do: it is the same program (the same executable, its own code), reading the files
the caller named, with stderr discarded. Nothing may depend on it: a helper that cannot start,
dies or is stopped leaves the caller to do the work itself, so the callers treat every message
as an offer. The pipe is private to the two processes, so its pickles are trusted.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

# The process machinery is imported when a helper starts: a start-up that needs none (a warm
# one) does not pay for it. And it is the least that starts one: a first open starts a helper
# on its way to the first rows, where importing `subprocess` and `pickle` took ~3 ms
# (benchmarks/FINDINGS.md), so the helper is started by `os.posix_spawn` and its messages go
# through the C pickler (`_pickle`, what `pickle` uses itself) where they exist.

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
_BOOT = (
    "import sys, importlib; sys.path.insert(0, sys.argv[1]); "
    "importlib.import_module(sys.argv[2]).serve()"
)


# Less to read than this, or fewer files, and a helper's start (a process and its imports)
# costs about what it saves (benchmarks/FINDINGS.md).
MIN_HELPER_BYTES = 2 * 1024 * 1024
MIN_HELPER_FILES = 8


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def worth_a_helper(sizes: Sequence[int]) -> bool:
    """Do files of these sizes, to be read, pay for a helper process (and is there a core
    for it)? The one rule for the library's load and the search index's build."""
    return len(sizes) >= MIN_HELPER_FILES and sum(sizes) >= MIN_HELPER_BYTES and cores() > 1


class Helper:
    """One helper process: `module.serve()` gets `request`; each message it sends is given to
    `on_message` on a reader thread (which may block to hold the helper back: the pipe fills
    and the helper waits). `finished` is set once no more messages will come."""

    def __init__(self, module: str, request: object, on_message: Callable[[Any], None]) -> None:
        self.finished = threading.Event()
        self._on_message = on_message
        self._proc: _Process | None = None
        try:
            self._proc = _spawn([sys.executable, "-c", _BOOT, _PACKAGE_ROOT, module])
            data = _pickler().dumps(request, protocol=-1)  # (-1: the highest protocol)
        except (OSError, ValueError):
            self.stop()
            return
        # The request is written by the reader thread: one larger than the pipe holds would
        # otherwise hold the caller until the helper has started and read it.
        threading.Thread(
            target=self._read,
            args=(data, self._proc.stdin, self._proc.stdout),
            name=f"helper {module}",
            daemon=True,
        ).start()

    def _read(self, request: bytes, into: IO[bytes], stream: IO[bytes]) -> None:
        load = _pickler().load
        try:
            with into:
                into.write(request)
            while True:
                self._on_message(load(stream))
        except Exception:  # noqa: BLE001 - the end of the pipe, or a helper that died
            return
        finally:
            self.finished.set()

    def stop(self) -> None:
        """End the process (what it sent so far was handed over already)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(OSError):
                proc.wait()
            for stream in (proc.stdout, proc.stdin):
                with contextlib.suppress(OSError):
                    stream.close()
        self.finished.set()


class _Process:
    """A started helper: its process id, this side's ends of its stdin and stdout, and how
    to end it and collect its exit (`kill`, `wait`)."""

    def __init__(
        self,
        pid: int,
        stdin: IO[bytes],
        stdout: IO[bytes],
        kill: Callable[[], object],
        wait: Callable[[], object],
    ) -> None:
        self.pid, self.stdin, self.stdout = pid, stdin, stdout
        self.kill, self.wait = kill, wait


def _spawn(argv: list[str]) -> _Process:
    """Start `argv` with pipes to its stdin and stdout and its stderr discarded, and no other
    descriptor of ours (as `subprocess`'s `close_fds`): Python opens none inheritable (PEP
    446), but whoever started this program may have left some."""
    if not hasattr(os, "posix_spawn"):  # not a POSIX system: the portable way
        import subprocess

        popen = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert popen.stdin is not None and popen.stdout is not None
        return _Process(popen.pid, popen.stdin, popen.stdout, popen.kill, popen.wait)
    child_in, stdin = os.pipe()
    stdout, child_out = os.pipe()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        pid = os.posix_spawn(
            argv[0],
            argv,
            os.environ,
            file_actions=[
                *((os.POSIX_SPAWN_CLOSE, fd) for fd in _inherited()),
                (os.POSIX_SPAWN_DUP2, child_in, 0),
                (os.POSIX_SPAWN_DUP2, child_out, 1),
                (os.POSIX_SPAWN_DUP2, devnull, 2),
            ],
        )
    except BaseException:
        os.close(stdin)
        os.close(stdout)
        raise
    finally:
        for fd in (child_in, child_out, devnull):
            os.close(fd)

    def kill() -> None:
        import signal

        os.kill(pid, signal.SIGKILL)

    def wait() -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    return _Process(pid, os.fdopen(stdin, "wb"), os.fdopen(stdout, "rb"), kill, wait)


def _inherited() -> list[int]:
    """This process's inheritable descriptors beyond the standard three (none found where
    the system lists none)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        found = []
        for name in names:
            with contextlib.suppress(ValueError, OSError):  # (the listing's own, closed now)
                if int(name) > 2 and os.get_inheritable(int(name)):
                    found.append(int(name))
        return found
    return []


def _pickler() -> Any:
    """The C pickler (`_pickle`: `pickle` imports it for its own `dumps` and `load`), or
    `pickle` itself where it is missing."""
    try:
        import _pickle

        return _pickle
    except ImportError:
        import pickle

        return pickle


def seal(value: object) -> bytes:
    """`value` pickled, for a message to carry as bytes (`unseal` gives it back).

    The reader thread unpickles each message as it comes, taking the interpreter lock from
    whatever else runs, the window being built among them; a sealed part costs it a copy, and
    is unpickled by the thread that uses it, when it does (benchmarks/FINDINGS.md)."""
    data: bytes = _pickler().dumps(value, protocol=-1)
    return data


def unseal(data: bytes) -> Any:
    """What `seal` sealed."""
    return _pickler().loads(data)


def serve_requests(handle: Callable[[Any, Callable[[object], None]], None]) -> None:
    """The helper's side: read the request from stdin and let `handle(request, send)` answer.
    Ends quietly when the caller has gone (its end of the pipe closed)."""
    import gc
    import pickle

    gc.disable()  # the work makes no cycles worth a collection; everything goes by refcount
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        request = pickle.load(stdin)
    except Exception:  # noqa: BLE001 - nothing usable was asked
        return

    def send(message: object) -> None:
        pickle.dump(message, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()

    with contextlib.suppress(BrokenPipeError, OSError):
        handle(request, send)
