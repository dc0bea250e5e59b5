"""Load a library in a worker thread so the window shows at once and reports progress.

Why a QObject worker moved to a QThread (not QThread subclassing or a pool): its signals are
delivered to the GUI thread by queued connection, and cancellation is a plain flag the core
loader polls through its `cancelled` callback. Only Qt signals cross the thread boundary.

Opening a library the header cache has seen shows it from the cache alone (no folder listed, no
file checked: `load_library(..., trust_cache=True)`), then checks the files after the first
paint: when any was added, changed or removed since, a normal load follows and `loaded` fires
again with the up-to-date library (the window treats it as a reload). The check (a stat per
file) no longer delays the first paint.

A load that reads files (no cache, or the files changed) also hands over its sessions in
batches as they are read (`arrived`), so the list fills while the rest is read: the first
batch as soon as a screenful is read (the rows the list shows, `set_screenful`; until the
receiver says, FIRST_BATCH_ROWS) or FIRST_BATCH_S passed, then one every BATCH_S, each
at least a quarter of the rows already sent (adding a batch re-sorts the whole list and
makes the cells of the rows shown again, so a large library comes in a few dozen batches, not
hundreds; the shown titles are brought up to date for the new rows and those they repeat).

With `rows_later`, the list's filter data (`prepare_rows`, folded text of every row) is also
computed after the first paint and handed over by `prepared`; `loaded` then carries None.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from viewer.ui.sessions.filter import prepare_rows

PROGRESS_INTERVAL_S = 0.05
FOLLOW_UP_DELAY_MS = 100  # after `loaded`: let the first paint happen before more work
FIRST_BATCH_ROWS = 40  # a screenful of the session list, until the receiver says how many
FIRST_BATCH_S = 0.1
BATCH_S = 0.25
BATCH_GROWTH = 4  # a later batch holds at least a quarter of the rows sent before it
# After the first batch, with more to read, the reading thread waits for the list to show it
# (`first_rows_shown`), at most this long: reading on meanwhile would hold the interpreter
# lock the painting needs for every cell (benchmarks/FINDINGS.md). A helper process parsing
# the rest goes on meanwhile.
FIRST_PAINT_WAIT_S = 0.15


class _Worker(QObject):
    """One job in its thread: load a library, or the follow-up of one already shown (fold its
    rows for the filter, `prepare`; compare it with the files, `check`, and load again if
    they changed).

    Signals:
        progress(int done, int total)
        finished(object library, object prepared_rows_or_None, int token)
        prepared(object library, object prepared_rows, int token)
        checked(bool stale, int token): the files of `check` were compared with the disk.
        failed(str message, int token)
        arrived(list sessions, int before, int token): the next sessions read, in the
            library's order; `before`: how many earlier batches held.
    """

    progress = Signal(int, int)
    arrived = Signal(list, int, int)
    finished = Signal(object, object, int)
    prepared = Signal(object, object, int)
    checked = Signal(bool, int)
    failed = Signal(str, int)

    def __init__(
        self,
        paths: Sequence[str],
        cache: Path | None,
        token: int,
        *,
        trust_cache: bool = False,
        rows_later: bool = False,
        prepare: Any = None,
        check: Any = None,
        stream: bool = False,
        first: str = "",
    ) -> None:
        super().__init__()
        self._stream = stream
        self._first = first
        self._paths = list(paths)
        self._cache = cache
        self._trust_cache = trust_cache
        self._rows_later = rows_later
        self._prepare = prepare
        self._check = check
        self.token = token
        self.cancel_requested = False
        self._last_report = 0.0
        self._batch: list[Any] = []
        self._batches = 0
        self._sent = 0
        self._batch_started = 0.0
        self.first_shown = threading.Event()  # set by the GUI thread once batch one is shown
        self.screenful = FIRST_BATCH_ROWS  # the first batch's rows: the GUI thread may set it

    def _arrived(self, session: Any) -> None:
        """Collect sessions and hand them over in batches (a signal per row would make the
        GUI thread insert and repaint 7,000 times)."""
        if not self._batch:
            self._batch_started = time.monotonic()
        self._batch.append(session)
        waited = time.monotonic() - self._batch_started
        if self._batches == 0:
            due = len(self._batch) >= self.screenful or waited >= FIRST_BATCH_S
        else:  # each batch costs the list a pass over all its rows: let batches grow
            due = waited >= BATCH_S and len(self._batch) >= self._sent // BATCH_GROWTH
        if due and not self.cancel_requested:
            self._send_batch()
            if self._batches == 1:  # more to read: let the list paint these first
                self.first_shown.wait(FIRST_PAINT_WAIT_S)

    def _send_batch(self) -> None:
        batch, self._batch = self._batch, []
        self._batches += 1
        self.arrived.emit(batch, self._sent, self.token)
        self._sent += len(batch)

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
            from viewer.core.library.load import load_library

            follow_up = self._prepare is not None or self._check is not None
            library, self._prepare = self._prepare, None
            if library is not None:
                prepared = prepare_rows(library.sessions)
                library.qualities()  # judged here too, not on the GUI thread
                self.prepared.emit(library, prepared, self.token)
            library, self._check = self._check, None
            if library is not None:
                stale = bool(library.is_stale())
                self.checked.emit(stale, self.token)
                if not stale or self.cancel_requested:
                    return
            elif follow_up:
                return
            library = load_library(
                self._paths,
                cache_dir=self._cache,
                progress=self._report,
                cancelled=lambda: self.cancel_requested,
                trust_cache=self._trust_cache,
                arrived=self._arrived if self._stream else None,
            )
        except Exception as error:  # noqa: BLE001 -- any loader bug must reach the status bar
            self.failed.emit(f"{type(error).__name__}: {error}", self.token)
            return
        if not self.cancel_requested:
            if self._batch:  # the rest: all batches together are the library's sessions
                self._send_batch()
            # Folding every row for the list's filter is CPU work the GUI thread need not do.
            rows = None if self._rows_later else prepare_rows(library.sessions)
            # Nor is placing the recording the session shown first shares, if it shares one
            # (read from the cache when warm); any other is placed when first wanted.
            if self._first and library.stream_of(self._first) is not None:
                library.segment_of(self._first)
            # Nor is judging the transcripts' quality (read from the cache when warm).
            if not self._rows_later:
                library.qualities()
            self.finished.emit(library, rows, self.token)


class LibraryLoader(QObject):
    """Loads one library at a time in the background; a new `start()` cancels the previous.

    Signals:
        progress(int done, int total): files examined so far.
        loaded(object library, list paths, object rows): the finished Library, the paths it
            came from, and its PreparedRows for the session list (None with `rows_later`).
            Fires twice for one `start()` when the library was first shown from the cache
            and its files changed since.
        prepared(object library, object rows): with `rows_later`, the PreparedRows of a
            library `loaded` announced, computed after the first paint.
        checked(bool stale): a library shown from the cache was checked against its files;
            `stale`: they changed, and a normal load (and `loaded`) follows.
        failed(str message): loading raised (a bug or an unreadable root).
        arrived(list sessions, int before): while a load of other paths than the last one
            reads files, the next batch of its sessions in the library's order; `before`:
            how many sessions earlier batches of this load held (0: the first batch, the old
            rows go). All batches together are `library.sessions` of the `loaded` that
            follows. A library shown from the cache alone, or a reload of the same paths
            (its old rows stay until it is done), sends none.
    """

    progress = Signal(int, int)
    arrived = Signal(list, int)
    loaded = Signal(object, list, object)
    prepared = Signal(object, object)
    checked = Signal(bool)
    failed = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        cache: Path | None = None,
        rows_later: bool = False,
    ) -> None:
        """`cache`: folder for the header cache (None: no cache). `rows_later`: see `prepared`
        (for a receiver that can take the filter data after the sessions)."""
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._cache = cache
        self._rows_later = rows_later
        self._old: list[tuple[QThread, _Worker]] = []
        self._token = 0
        self._paths: list[str] = []
        self._loaded_paths: list[str] | None = None
        self._to_prepare: Any = None  # the library shown without its rows, until prepared
        self._to_check: Any = None  # the library shown from the cache, until checked
        self._follow_up = QTimer(self)
        self._follow_up.setSingleShot(True)
        self._follow_up.setInterval(FOLLOW_UP_DELAY_MS)
        self._follow_up.timeout.connect(self._start_follow_up)
        self._screenful = FIRST_BATCH_ROWS

    def set_screenful(self, rows: int) -> None:
        """The rows the list shows at once: the first batch of this load and the next ones
        holds that many (a list shorter than FIRST_BATCH_ROWS shows its rows sooner)."""
        self._screenful = max(1, rows)
        if self._worker is not None:
            self._worker.screenful = self._screenful  # an int: read by the loading thread

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(
        self, paths: Sequence[str], *, trust_cache: bool | None = None, first: str = ""
    ) -> None:
        """Load `paths`. `trust_cache`: show what the cache remembers first, then check the
        files (default: when opening other paths than the last load's; a reload of the same
        paths, e.g. after the watcher saw a change, lists and checks them first). `first`:
        the session the receiver will most likely show first, whose shared recording (if
        any) is placed here before `loaded` (the GUI thread would otherwise place it)."""
        self.cancel()
        self._token += 1
        self._paths = [str(p) for p in paths]
        if trust_cache is None:
            trust_cache = self._paths != self._loaded_paths
        self._launch(
            _Worker(
                self._paths,
                self._cache,
                self._token,
                trust_cache=trust_cache,
                rows_later=self._rows_later,
                stream=self._paths != self._loaded_paths,
                first=first,
            )
        )

    def _launch(self, worker: _Worker) -> None:
        thread = QThread(self)
        thread.setObjectName("libraryLoader")
        worker.screenful = self._screenful
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # Receivers are slots of this GUI-thread object: delivery is queued to the GUI thread.
        worker.progress.connect(self._on_progress)
        worker.arrived.connect(self._on_arrived)
        worker.finished.connect(self._on_finished)
        worker.prepared.connect(self._on_prepared)
        worker.checked.connect(self._on_checked)
        worker.failed.connect(self._on_failed)
        # Quit requests take effect once run() returns (after any load that follows).
        for done in (worker.finished, worker.prepared, worker.checked, worker.failed):
            done.connect(thread.quit)
        thread.finished.connect(self._reap)
        self._thread, self._worker = thread, worker
        thread.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(list, int, int)
    def _on_arrived(self, sessions: list[Any], before: int, token: int) -> None:
        if token == self._token and self._worker is not None:
            self.arrived.emit(sessions, before)

    def first_rows_shown(self) -> None:
        """The first batch of `arrived` is on screen: the load reads on (it waits for this,
        FIRST_PAINT_WAIT_S at most, so that the painting has the interpreter to itself)."""
        if self._worker is not None:
            self._worker.first_shown.set()

    @Slot(object, object, int)
    def _on_finished(self, library: Any, rows: Any, token: int) -> None:
        if token == self._token and self._worker is not None:
            self._loaded_paths = list(self._paths)
            self._to_prepare = library if rows is None else None
            self._to_check = None if getattr(library, "verified", True) else library
            if self._to_prepare is not None or self._to_check is not None:
                self._follow_up.start()
            self.loaded.emit(library, list(self._paths), rows)

    @Slot()
    def _start_follow_up(self) -> None:
        """Fold the rows and/or check the files of the library just shown (in the thread)."""
        if self._to_prepare is None and self._to_check is None:
            return
        if self._thread is not None:  # the load's thread is still winding down: a bit later
            self._follow_up.start()
            return
        worker = _Worker(
            self._paths,
            self._cache,
            self._token,
            rows_later=self._rows_later,
            prepare=self._to_prepare,
            check=self._to_check,
        )
        self._to_prepare = self._to_check = None
        self._launch(worker)

    @Slot(object, object, int)
    def _on_prepared(self, library: Any, rows: Any, token: int) -> None:
        if token == self._token and self._worker is not None:
            self.prepared.emit(library, rows)

    @Slot(bool, int)
    def _on_checked(self, stale: bool, token: int) -> None:
        if token == self._token and self._worker is not None:
            self.checked.emit(stale)

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
        self._follow_up.stop()
        self._to_prepare = self._to_check = None
        if self._worker is not None and self._thread is not None:
            self._worker.cancel_requested = True
            self._worker.first_shown.set()
            self._old.append((self._thread, self._worker))
        self._thread, self._worker = None, None

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel and wait for every worker thread (window closing, test teardown)."""
        self.cancel()
        for thread, _worker in list(self._old):
            thread.quit()
            thread.wait(timeout_ms)
        self._old.clear()
