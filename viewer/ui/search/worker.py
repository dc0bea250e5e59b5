"""Background work for the search panel: building the index and running queries.

Why two threads: building the index of a large library takes seconds, and the user should be
able to search the part already indexed meanwhile (the index commits in batches; a query uses
its own SQLite connection). Queries are numbered by the panel (a generation counter): the
query thread skips requests that are already outdated when it gets to them, and the panel
drops any result that is not for its latest generation, so typing fast never shows stale
results and the UI thread never waits on SQLite. Only Qt signals cross thread boundaries.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from viewer.core.search.db import IndexBusy, IndexCorrupt, IndexUnavailable
from viewer.core.search.index import BUSY_NOTICE, Facets, SearchIndex, index_file_for
from viewer.core.search.people import people
from viewer.core.search.run import PANEL_LIMIT, PANEL_PER_SESSION

# Snippets of the hits the panel shows are cut here in the worker, not in the UI thread
# (benchmarks/bench_search.py times the same work).
RESULT_LIMIT = PANEL_LIMIT
PER_SESSION = PANEL_PER_SESSION
UNEXPECTED = "Search is unavailable after an unexpected error; the rest of the window works."
# A search with fewer hits than this (once a word is complete) offers "did you mean".
FEW_HITS = 3


class IndexBuilder(QObject):
    """Opens the index and brings it up to date with a library (lives in its own thread).

    Signals:
        opened(object index): the index can be searched (possibly still incomplete).
        peopleReady(int token, object people): the library's people (viewer.core.search.people),
            computed here because grouping thousands of names takes a while.
        progress(int done, int total): sessions indexed so far.
        finished(str notice): the index is up to date; notice is "" unless something unusual
            happened (damaged file rebuilt, temporary location).
        failed(str message): search is unavailable.
    """

    opened = Signal(object)
    peopleReady = Signal(int, object)
    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.cancel_requested = False
        self.latest_token = 0  # written by the panel: a newer library cancels an older build
        self.index: SearchIndex | None = None

    @Slot(object, object, int)
    def build(self, library: Any, location: Any, token: int = 0) -> None:
        if token != self.latest_token:
            return  # a newer library was handed over meanwhile
        self.peopleReady.emit(token, people(getattr(library, "sessions", [])))
        try:
            path = Path(location) if location is not None else None
            if path is not None and path.suffix != ".sqlite":
                path = index_file_for(path, getattr(library, "roots", []))
            if self.index is None or self.index.path != path:
                if self.index is not None:
                    self.index.close()
                self.index = SearchIndex.open(path)
            self.opened.emit(self.index)
            self._update(library, token)
        except IndexBusy:
            self.finished.emit(BUSY_NOTICE)  # another window holds the write lock: read only
        except IndexUnavailable as exc:
            self.failed.emit(str(exc))
        except Exception:  # noqa: BLE001 - a cache must never take the window down
            self.failed.emit(UNEXPECTED)

    @Slot(object)
    def rebuild(self, library: Any) -> None:
        """After damage was found during a query: recover once, else give up."""
        index = self.index
        if index is None:
            return
        try:
            if not index.recover():
                self.failed.emit("The search index keeps getting damaged; search is disabled.")
                return
            self.opened.emit(index)
            self._update(library, self.latest_token)
        except IndexBusy:
            self.finished.emit(BUSY_NOTICE)
        except IndexUnavailable as exc:
            self.failed.emit(str(exc))
        except Exception:  # noqa: BLE001
            self.failed.emit(UNEXPECTED)

    def _update(self, library: Any, token: int) -> None:
        index = self.index
        assert index is not None

        def cancelled() -> bool:
            return self.cancel_requested or token != self.latest_token

        before = index.path
        try:
            index.update(library, progress=self.progress.emit, cancelled=cancelled)
        except IndexCorrupt:
            if not index.recover():
                raise
            index.update(library, progress=self.progress.emit, cancelled=cancelled)
        if index.path != before:
            self.opened.emit(index)  # moved to a temporary index (full disk): readers follow
        if not cancelled():
            self.finished.emit(index.notice)

    @Slot()
    def close(self) -> None:
        if self.index is not None:
            self.index.close()


class QueryRunner(QObject):
    """Runs searches one at a time, skipping requests that are already outdated.

    Signals:
        finished(int generation, object result): a SearchResult for that generation.
        damaged(int generation): the index file turned out to be damaged.
    """

    finished = Signal(int, object)
    damaged = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.latest = 0  # written by the panel (an int store is atomic), read here
        self._index: Any = None

    @Slot(int, object, str, object)
    def run(self, generation: int, index: Any, text: str, facets: Any) -> None:
        if generation != self.latest or index is None:
            return
        self._index = index
        try:
            result = index.search(
                text,
                facets if isinstance(facets, Facets) else None,
                typing=True,
                limit=RESULT_LIMIT,
                per_session=PER_SESSION,
            )
            for hit in result.hits:
                _ = hit.snippet_html  # cut snippets here, off the UI thread
            if result.total == 0 or (result.total < FEW_HITS and text.endswith(" ")):
                suggestion = index.suggest(text)
                if suggestion:
                    result = replace(result, suggestion=suggestion)
        except IndexCorrupt:
            self.damaged.emit(generation)
            return
        except Exception:  # noqa: BLE001 - e.g. a locked file: report "no results", keep going
            from viewer.core.search.index import SearchResult
            from viewer.core.search.query import parse

            result = SearchResult(parse(text), message="Search failed; try again.")
        self.finished.emit(generation, result)

    @Slot()
    def close(self) -> None:
        """Close this thread's connection (called in the worker thread before it stops)."""
        if self._index is not None:
            self._index.close_reader()


def start_thread(worker: QObject, name: str) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.start()
    return thread
