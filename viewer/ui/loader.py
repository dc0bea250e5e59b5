"""Load a library in a worker thread so the window shows at once and reports progress.

Why a QObject worker moved to a QThread (not QThread subclassing or a pool): its signals are
delivered to the GUI thread by queued connection, and cancellation is a plain flag the core
loader polls through its `cancelled` callback. Only Qt signals cross the thread boundary.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from viewer.ui.session_filter import prepare_rows

PROGRESS_INTERVAL_S = 0.05


class _Worker(QObject):
    """Runs `load_library` once in its thread.

    Signals:
        progress(int done, int total)
        finished(object library, object prepared_rows, int token)
        failed(str message, int token)
    """

    progress = Signal(int, int)
    finished = Signal(object, object, int)
    failed = Signal(str, int)

    def __init__(self, paths: Sequence[str], cache: Path | None, token: int) -> None:
        super().__init__()
        self._paths = list(paths)
        self._cache = cache
        self.token = token
        self.cancel_requested = False
        self._last_report = 0.0

    def _report(self, done: int, total: int) -> None:
        """Forward progress at most every PROGRESS_INTERVAL_S: a repaint per file costs more
        than reading a cached header (7,000 signals would be 7,000 progress-bar paints)."""
        now = time.monotonic()
        if done == total or now - self._last_report >= PROGRESS_INTERVAL_S:
            self._last_report = now
            self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            from viewer.core.library import load_library

            library = load_library(
                self._paths,
                cache_dir=self._cache,
                progress=self._report,
                cancelled=lambda: self.cancel_requested,
            )
        except Exception as error:  # noqa: BLE001 -- any loader bug must reach the status bar
            self.failed.emit(f"{type(error).__name__}: {error}", self.token)
            return
        if not self.cancel_requested:
            # Folding every row for the list's filter is CPU work the GUI thread need not do.
            self.finished.emit(library, prepare_rows(library.sessions), self.token)


class LibraryLoader(QObject):
    """Loads one library at a time in the background; a new `start()` cancels the previous.

    Signals:
        progress(int done, int total): files examined so far.
        loaded(object library, list paths, object rows): the finished Library, the paths it
            came from, and its PreparedRows for the session list.
        failed(str message): loading raised (a bug or an unreadable root).
    """

    progress = Signal(int, int)
    loaded = Signal(object, list, object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, cache: Path | None = None) -> None:
        """`cache`: folder for the header cache (None: no cache)."""
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cache = cache
        self._old: list[tuple[QThread, _Worker]] = []
        self._token = 0
        self._paths: list[str] = []

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, paths: Sequence[str]) -> None:
        self.cancel()
        self._token += 1
        self._paths = [str(p) for p in paths]
        thread = QThread(self)
        thread.setObjectName("libraryLoader")
        worker = _Worker(self._paths, self._cache, self._token)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Receivers are slots of this GUI-thread object: delivery is queued to the GUI thread.
        worker.progress.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.finished.connect(thread.quit)
        worker.failed.connect(thread.quit)
        thread.finished.connect(self._reap)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object, object, int)
    def _on_finished(self, library: Any, rows: Any, token: int) -> None:
        if token == self._token and self._worker is not None:
            self.loaded.emit(library, list(self._paths), rows)

    @Slot(str, int)
    def _on_failed(self, message: str, token: int) -> None:
        if token == self._token and self._worker is not None:
            self.failed.emit(message)

    @Slot()
    def _reap(self) -> None:
        thread = self.sender()
        if not isinstance(thread, QThread):
            return
        if thread is self._thread:
            self._thread, self._worker = None, None
        self._old = [(t, w) for t, w in self._old if t is not thread]
        thread.deleteLater()

    def cancel(self) -> None:
        """Ask the running load to stop; its result, if any, is ignored."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancel_requested = True
            self._old.append((self._thread, self._worker))
        self._thread, self._worker = None, None

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel and wait for every worker thread (window closing, test teardown)."""
        self.cancel()
        for thread, _worker in list(self._old):
            thread.quit()
            thread.wait(timeout_ms)
        self._old.clear()
