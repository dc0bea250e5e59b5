"""Corpus-wide search: a query box, facets, and results grouped by session; and people.

The panel owns no SQL and parses no files: queries and index building run in
`search_worker` threads, and results arrive as `SearchResult` values, drawn by the tree in
`search_results`. Every keystroke restarts a short debounce timer; each query gets a
generation number and only the latest generation's result is shown, so results follow typing
without ever blocking the window.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.search.index import Facets, SearchResult
from viewer.ui.search.people_view import PeopleView
from viewer.ui.search.results import SearchResultsTree, quality_reader
from viewer.ui.search.worker import IndexBuilder, QueryRunner, start_thread

DEBOUNCE_MS = 150
# While the index is being built, re-run the current query at most this often.
REFRESH_WHILE_BUILDING_S = 1.0


class SearchPanel(QWidget):
    """Search every transcript of the library at once.

    Signals:
        hitActivated(str session_path, int paragraph, list terms): a hit was clicked;
            paragraph is -1 for a hit outside the transcript (title, speakers, ...).
        resultsShown(int groups): a result was displayed (tests, status lines).
        indexReady(str notice): the index is up to date ("" or a sentence for the user).
        indexOpened(Path path): the file searched from now on (the library's index in the
            cache folder, or a temporary one when that cannot be written).

    Attributes:
        current_result: the SearchResult on display, None before the first search.
    """

    hitActivated = Signal(str, int, list)
    resultsShown = Signal(int)
    indexReady = Signal(str)
    indexOpened = Signal(object)
    _buildRequested = Signal(object, object, int)
    _rebuildRequested = Signal(object)
    _queryRequested = Signal(int, object, str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_result: SearchResult | None = None
        self._library: Any = None
        self._index: Any = None
        self._generation = 0
        self._building = False
        self._disabled = ""
        self._last_refresh = 0.0
        self._scope: frozenset[str] | None = None
        self.scope_source: Callable[[], Iterable[str]] | None = None  # the list's sessions
        self._init_widgets()
        self._init_workers()

    # --- assembly ------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self.input = QLineEdit(self)
        self.input.setObjectName("searchInput")
        self.input.setClearButtonEnabled(True)
        self.input.setPlaceholderText(
            'Search all transcripts: words, "a phrase", -word, speaker:name, day:2'
        )
        self.input.setMaxLength(1000)
        self.day_box = QComboBox(self)
        self.day_box.setObjectName("searchDay")
        self.venue_box = QComboBox(self)
        self.venue_box.setObjectName("searchVenue")
        self.video_box = QCheckBox("With video", self)
        self.video_box.setObjectName("searchHasVideo")
        self.scope_box = QCheckBox("Listed only", self)
        self.scope_box.setObjectName("searchScope")
        self.scope_box.setToolTip(
            "Search only the sessions the session list shows (its filters and My agenda)"
        )
        self.scope_box.toggled.connect(self._on_scope_toggled)
        self.set_facets([], [])
        self.progress = QProgressBar(self)
        self.progress.setObjectName("searchProgress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("Indexing %v of %m sessions")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.suggestion = QLabel(self)
        self.suggestion.setObjectName("searchSuggestion")
        self.suggestion.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.suggestion.hide()
        self.suggestion.linkActivated.connect(self._on_suggestion)
        self.results = SearchResultsTree(self)

        self.people = PeopleView(self)
        self.people.setObjectName("peopleView")

        facets = QHBoxLayout()
        facets.addWidget(self.day_box)
        facets.addWidget(self.venue_box, 1)
        facets.addWidget(self.video_box)
        facets.addWidget(self.scope_box)
        text_page = QWidget(self)
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.input)
        text_layout.addLayout(facets)
        text_layout.addWidget(self.status)
        text_layout.addWidget(self.suggestion)
        text_layout.addWidget(self.results, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("searchTabs")
        self.tabs.addTab(text_page, "Text")
        self.tabs.addTab(self.people, "People")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.progress)
        layout.addWidget(self.tabs, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_query)
        self.input.textChanged.connect(self._debounce.start)
        self.input.returnPressed.connect(self.run_query)
        self.day_box.currentIndexChanged.connect(self.run_query)
        self.venue_box.currentIndexChanged.connect(self.run_query)
        self.video_box.toggled.connect(self.run_query)
        self.results.itemClicked.connect(self._activate)
        self.results.itemActivated.connect(self._activate)
        self.people.hitActivated.connect(self.hitActivated)

    def _init_workers(self) -> None:
        self._builder = IndexBuilder()
        self._runner = QueryRunner()
        self._build_thread = start_thread(self._builder, "search-index")
        self._query_thread = start_thread(self._runner, "search-query")
        self._buildRequested.connect(self._builder.build)
        self._rebuildRequested.connect(self._builder.rebuild)
        self._queryRequested.connect(self._runner.run)
        self._builder.opened.connect(self._on_opened)
        self._builder.peopleReady.connect(self._on_people)
        self._builder.progress.connect(self._on_progress)
        self._builder.finished.connect(self._on_built)
        self._builder.failed.connect(self._on_failed)
        self._runner.finished.connect(self._on_result)
        self._runner.damaged.connect(self._on_damaged)
        builder, threads = self._builder, (self._build_thread, self._query_thread)
        # destroyed fires before the C++ children go: stop the threads without touching self.
        self.destroyed.connect(lambda *_: _stop(builder, threads))

    # --- public API ----------------------------------------------------------------------

    def set_library(self, library: Any, index_path: Path | None) -> None:
        """Index `library` (in the background) at `index_path` (a file, or a folder to hold
        one index file per library; None: a temporary index)."""
        self._library = library
        self.results.quality_of = quality_reader(library)
        self._disabled = ""
        self._building = True
        self._builder.cancel_requested = False
        self._builder.latest_token += 1
        total = len(getattr(library, "sessions", []))
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self.progress.show()
        self._buildRequested.emit(library, index_path, self._builder.latest_token)

    def set_facets(self, days: Sequence[int], venues: Sequence[str], *_: Any) -> None:
        """Offer these days and venues as filters (keeps the current choice when present)."""
        day, venue = self.day_box.currentData(), self.venue_box.currentData()
        for box in (self.day_box, self.venue_box):
            box.blockSignals(True)
            box.clear()
        self.day_box.addItem("All days", None)
        for d in days:
            self.day_box.addItem(f"Day {d}", d)
        self.venue_box.addItem("All venues", None)
        for v in venues:
            self.venue_box.addItem(v, v)
        self.day_box.setCurrentIndex(max(0, self.day_box.findData(day)))
        self.venue_box.setCurrentIndex(max(0, self.venue_box.findData(venue)))
        for box in (self.day_box, self.venue_box):
            box.blockSignals(False)

    def set_scope(self, paths: Iterable[str] | None) -> None:
        """Limit results to these sessions (the session list's visible rows), None: all."""
        self._scope = frozenset(paths) if paths is not None else None
        self.run_query()

    @Slot()
    def refresh_scope(self) -> None:
        """The list's rows changed: a search limited to them follows."""
        if self.scope_box.isChecked():
            self._on_scope_toggled(True)

    @Slot(bool)
    def _on_scope_toggled(self, on: bool) -> None:
        source = self.scope_source
        self.set_scope(source() if on and source is not None else None)

    def facets(self) -> Facets:
        day, venue = self.day_box.currentData(), self.venue_box.currentData()
        return Facets(
            days=frozenset({day}) if day is not None else None,
            venues=frozenset({venue}) if venue is not None else None,
            has_video=True if self.video_box.isChecked() else None,
            paths=self._scope,
        )

    def search(self, text: str) -> None:
        """Show results for `text` now (no debounce)."""
        self.input.setText(text)
        self.run_query()

    def shutdown(self) -> None:
        """Stop the worker threads (also done automatically when the panel is destroyed)."""
        self._builder.cancel_requested = True
        for worker, thread in (
            (self._builder, self._build_thread),
            (self._runner, self._query_thread),
        ):
            if thread.isRunning():
                QMetaObject.invokeMethod(
                    worker, "close", Qt.ConnectionType.BlockingQueuedConnection
                )
        _stop(self._builder, (self._build_thread, self._query_thread))

    # --- queries -------------------------------------------------------------------------

    @Slot()
    def run_query(self) -> None:
        self._debounce.stop()
        text = self.input.text()
        self._generation += 1
        self._runner.latest = self._generation
        if self._disabled:
            self.status.setText(self._disabled)
            return
        self._show_suggestion("")
        if not text.strip():
            self.results.clear()
            self.results.setAccessibleDescription("")
            self.current_result = None
            self.status.setText("")
            return
        if self._index is None:
            self.status.setText("Preparing the search index…")
            return
        self._queryRequested.emit(self._generation, self._index, text, self.facets())

    @Slot(int, object)
    def _on_result(self, generation: int, result: SearchResult) -> None:
        if generation != self._generation:
            return  # an older query finished after a newer one was asked
        self.current_result = result
        self._show(result)
        self.resultsShown.emit(len(result.groups))

    def _show(self, result: SearchResult) -> None:
        self.results.show_result(result)
        # Which query these rows answer: live search shows results while the words are still
        # being typed, and a screen reader (or a test) should not take them for the final ones.
        self.results.setAccessibleDescription(f"Results for {result.query.text}")
        sessions = len(result.groups)
        if result.groups:
            self.status.setText(
                f"{result.total:,} hits in {sessions:,} session"
                f"{'s' if sessions != 1 else ''}" + (" (still indexing)" if self._building else "")
            )
        else:
            self.status.setText(result.message or "No matches.")
        self._show_suggestion(result.suggestion)

    def _show_suggestion(self, words: str) -> None:
        link = html.escape(words, quote=True)
        self.suggestion.setText(f'Did you mean <a href="suggest:{link}">{link}</a>?')
        self.suggestion.setVisible(bool(words))

    @Slot(str)
    def _on_suggestion(self, target: str) -> None:
        """A "did you mean" link: search for the suggested words."""
        kind, _, words = target.partition(":")
        if kind == "suggest" and words:
            self.input.setText(words + " ")
            self.run_query()

    @Slot(QTreeWidgetItem, int)
    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        place = self.results.place_of(item)
        if place is None:
            return
        terms = self.current_result.query.words() if self.current_result else []
        self.hitActivated.emit(place[0], place[1], list(terms))

    # --- index building ------------------------------------------------------------------

    @Slot(int, object)
    def _on_people(self, token: int, found: Any) -> None:
        if token == self._builder.latest_token:
            self.people.set_people(found, self._library)
            self.results.titles = self.people.titles

    @Slot(object)
    def _on_opened(self, index: Any) -> None:
        self._index = index
        self.people.set_index(index)
        self.indexOpened.emit(index.path)
        if self.input.text().strip():
            self.run_query()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        now = time.monotonic()
        if self.input.text().strip() and now - self._last_refresh > REFRESH_WHILE_BUILDING_S:
            self._last_refresh = now
            self.run_query()

    @Slot(str)
    def _on_built(self, notice: str) -> None:
        self._building = False
        self.progress.hide()
        if notice:
            self.status.setText(notice)
        if self.input.text().strip():
            self.run_query()
        self.indexReady.emit(notice)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._building = False
        self._disabled = message
        self._index = None
        self.people.set_index(None)
        self.progress.hide()
        self.results.clear()
        self.status.setText(message)
        self.indexReady.emit(message)

    @Slot(int)
    def _on_damaged(self, _generation: int) -> None:
        self._index = None
        self.people.set_index(None)
        self.status.setText("The search index is damaged; rebuilding it…")
        if self._library is not None:
            self._building = True
            self._rebuildRequested.emit(self._library)


def _stop(builder: IndexBuilder, threads: Iterable[Any]) -> None:
    try:
        builder.cancel_requested = True
        for thread in threads:
            if thread.isRunning():
                thread.quit()
                thread.wait()
    except RuntimeError:  # already deleted by Qt during shutdown: nothing left to stop
        pass
