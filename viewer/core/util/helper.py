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
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import subprocess

# The process machinery (subprocess, pickle) is imported when a helper starts: a start-up that
# needs none (a warm one) does not pay for it.

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
        import pickle
        import subprocess

        self._proc: subprocess.Popen[bytes] | None = None
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", _BOOT, _PACKAGE_ROOT, module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
            assert self._proc.stdin is not None and self._proc.stdout is not None
            data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
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

    def _read(self, request: bytes, into: BinaryIO, stream: BinaryIO) -> None:
        import pickle

        try:
            with into:
                into.write(request)
            while True:
                self._on_message(pickle.load(stream))
        except Exception:  # noqa: BLE001 - the end of the pipe, or a helper that died
            return
        finally:
            self.finished.set()

    def stop(self) -> None:
        """End the process (what it sent so far was handed over already)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            import subprocess

            try:
                proc.kill()
                proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
            for stream in (proc.stdout, proc.stdin):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        self.finished.set()


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
