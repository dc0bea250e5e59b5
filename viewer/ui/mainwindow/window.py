"""The main window: assembles the browser, detail pane, transcript and search; no logic of its own.

Layout: a horizontal splitter with the session browser (and, tabbed beside it, corpus search)
on the left and, on the right, a vertical splitter of the detail pane over the transcript (the
reading side, `reader_side.py`: built once the first rows are painted, a placeholder until
then). Loading runs in `LibraryLoader`'s thread; the window is usable (and shows progress)
meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from viewer.core.library.load import Library
from viewer.core.session.titles import display_title
from viewer.core.util.appdirs import cache_dir, search_dir
from viewer.ui.common import icons
from viewer.ui.common.lazy_tab import replace_placeholder
from viewer.ui.common.messages import STICKY, MessageBridge
from viewer.ui.common.settings import (
    KEY_COLLECTION_URL,
    KEY_SPLITTER,
    SAMPLE_LIBRARY,
    AppSettings,
)
from viewer.ui.common.theme import ThemeMode, choose_theme, saved_mode
from viewer.ui.common.viewport import after_next_paint, viewport_of
from viewer.ui.library.loader import LibraryLoader
from viewer.ui.library.naming import is_sample, library_name
from viewer.ui.library.sample_banner import SampleBanner, reader_with_banner
from viewer.ui.library.watcher import LibraryWatcher
from viewer.ui.mainwindow import commands as window_commands
from viewer.ui.mainwindow import state as window_state
from viewer.ui.mainwindow.actions import ActionId, build_actions, build_menus
from viewer.ui.mainwindow.after_load import Filters, Show, after_load
from viewer.ui.mainwindow.keyboard import PaneKeys, window_panes
from viewer.ui.mainwindow.statusbar import LibraryStatus
from viewer.ui.schedule.tab import ScheduleTab
from viewer.ui.sessions.browser import SessionBrowser
from viewer.ui.sessions.model import PreparedRows

if TYPE_CHECKING:
    # Only annotations: PySide6 builds a class's Python type on first import, which start-up
    # need not pay for; a delivered event builds it when a drop happens.
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent

    from viewer.core.library.quality import Quality
    from viewer.core.session.model import Session
    from viewer.ui.library.problems_dialog import ProblemsDialog
    from viewer.ui.library.welcome import WelcomeView
    from viewer.ui.mainwindow.reader_side import ReaderSide
    from viewer.ui.reader.detail_pane import DetailPane
    from viewer.ui.reader.notes import NotesFeatures
    from viewer.ui.reader.notes_tab import NotesTab
    from viewer.ui.reader.reading import ReadingFeatures
    from viewer.ui.reader.transcript_panel import TranscriptPanel
    from viewer.ui.search.panel import SearchPanel

APP_TITLE = "Summit Transcript Viewer"
# While a first library is read: what the transcript (and the placeholder before the reading
# side is built) says, and what the detail pane says (`ReaderSide.clear`).
LOADING = ("Loading the library…", "Loading…")
SEARCH_HANDOFF_DELAY_MS = 1500
WATCH_DELAY_MS = 300


class MainWindow(QMainWindow):
    """The reader window.

    Attributes:
        library: the loaded Library, None until the first load finishes.
        browser, detail, transcript, search_panel: the assembled parts (the search panel is
            built the first time it is needed: its tab opens, Ctrl+Shift+F, or the library
            is handed to it a moment after start-up: its imports stay off the first paint).
        reader: the reading side (detail, transcript, reader_splitter, reading, notes and
            notes_tab are its parts), built after the first rows are painted, when a load
            ends, or when a command needs it: its imports stay off the first rows.
        commands: ActionId -> QAction registry.

    Signals:
        loaded(): a load finished and the first session (if any) is shown.
        sessionShown(str): the session with this path is now shown.
    """

    loaded = Signal()
    sessionShown = Signal(str)

    def __init__(self, settings: AppSettings, *, cache: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)
        self.setAcceptDrops(True)
        self.settings = settings
        self.library: Library | None = None
        self.library_paths: list[str] = []
        self.current_path = ""
        self._load_started = 0.0
        self._pending_session = ""
        self._problems_dialog: ProblemsDialog | None = None
        self.dialogs: dict[str, QWidget] = {}  # keeps non-modal dialogs alive
        self.messages = MessageBridge(self)
        # The list's filter data is folded in the loader's thread after the first paint.
        self.loader = LibraryLoader(
            self, cache=cache if cache is not None else cache_dir(), rows_later=True
        )
        self.watcher = LibraryWatcher(parent=self)
        self._search_library: tuple[Library, dict[str, Sequence[Any]]] | None = None
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_HANDOFF_DELAY_MS)
        self._search_timer.timeout.connect(self._hand_library_to_search)
        self.commands = build_actions(self)
        self._init_widgets()
        self._init_menus()
        self._init_status_bar()
        self._connect_signals()
        self.schedule = ScheduleTab(
            tabs=self.side_tabs,
            browser=self.browser,
            actions=self.commands,
            shown=self.shown,
            open_session=self.open_session,
            read_session=self.read_session,
            loaded=self.loaded,
            session_shown=self.sessionShown,
            parent=self,
        )
        self.keys = PaneKeys(self, self._panes, self._focus_list)
        window_commands.tick_theme(self.commands, saved_mode(settings))
        window_state.restore_layout(settings, self, self._splitters(), self.browser.table)

    # -- assembly ----------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self.browser = SessionBrowser(self)
        self._search_panel: SearchPanel | None = None
        self._search_placeholder = QWidget(self)  # holds the tab until the panel is built
        self.side_tabs = QTabWidget(self)
        self.side_tabs.setObjectName("sideTabs")
        self.side_tabs.setAccessibleName("Sessions and search")
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.browser, icons.icon("mdi6.format-list-bulleted"), "Sessions")
        self.side_tabs.addTab(self._search_placeholder, icons.icon("search"), "Search")

        self.side_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.side_splitter.setObjectName("sideSplitter")
        self.side_splitter.addWidget(self.side_tabs)
        self.reader_stack = QStackedWidget(self)
        self.reader_stack.setObjectName("readerStack")
        self._reader: ReaderSide | None = None  # built after the first rows (`reader`)
        self._reader_placeholder = QLabel(LOADING[0], self)
        self._reader_placeholder.setObjectName("readerPlaceholder")
        self._reader_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._reader_placeholder.setEnabled(False)  # drawn dimmed, as the panes' own messages
        self.reader_stack.addWidget(self._reader_placeholder)
        self.sample_banner = SampleBanner(self)
        self.sample_banner.downloadRequested.connect(self.download_collection)
        self.welcome: WelcomeView | None = None  # built the first time there is nothing to read
        self.side_splitter.addWidget(reader_with_banner(self.sample_banner, self.reader_stack))
        self.side_splitter.setStretchFactor(0, 2)  # a resized window resizes both sides,
        self.side_splitter.setStretchFactor(1, 3)  # the list by 2/5 of the change
        self.side_splitter.setSizes([600, 800])
        self.setCentralWidget(self.side_splitter)
        for action in self.commands.values():
            self.addAction(action)  # shortcuts work even when no menu shows the action

    def _init_menus(self) -> None:
        self.recent_menu = QMenu("Recent &Libraries", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.setIcon(icons.icon("recent"))
        self.recent_menu.aboutToShow.connect(
            lambda: window_commands.fill_recent_menu(self.recent_menu, self.settings, self.load)
        )
        build_menus(self.menuBar(), self.commands, {"recent": self.recent_menu})

    def _init_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.status = LibraryStatus(self)
        status.addPermanentWidget(self.status)
        self.problems_button = self.status.problems_button
        self.messages.message.connect(status.showMessage)

    def _connect_signals(self) -> None:
        a = self.commands
        a[ActionId.OPEN_FOLDER].triggered.connect(self.choose_folder)
        a[ActionId.OPEN_FILE].triggered.connect(
            lambda: window_commands.choose_files(self, self.load)
        )
        a[ActionId.QUIT].triggered.connect(self.close)
        a[ActionId.FIND].triggered.connect(self.open_find)
        a[ActionId.SEARCH_ALL].triggered.connect(self.focus_search)
        a[ActionId.FOCUS_FILTER].triggered.connect(self.focus_filter)
        a[ActionId.CLEAR_FILTERS].triggered.connect(self._show_sessions_tab)
        a[ActionId.CLEAR_FILTERS].triggered.connect(self.browser.clear_filters)
        a[ActionId.SHOW_AGENDA].triggered.connect(self._show_sessions_tab)
        a[ActionId.SHOW_PROBLEMS].triggered.connect(self.show_problems)
        a[ActionId.RELOAD].triggered.connect(lambda: self.load(self.library_paths))
        a[ActionId.QUICK_SWITCH].triggered.connect(self.quick_switch)
        a[ActionId.DOWNLOAD_COLLECTION].triggered.connect(self.download_collection)
        a[ActionId.SHORTCUTS].triggered.connect(
            lambda: self._keep(
                "shortcuts", window_commands.show_shortcuts(self, self.commands.values())
            )
        )
        a[ActionId.EXPORT_SESSION].triggered.connect(
            lambda: window_commands.export_session(
                self, self._open_full(), self.tell, self._open_quality()
            )
        )
        a[ActionId.EXPORT_LIST].triggered.connect(
            lambda: window_commands.export_list(
                self, self.browser.shown_sessions(), self.messages.show
            )
        )
        a[ActionId.PRINT].triggered.connect(
            lambda: window_commands.print_session(self, self._open_full(), self._open_quality())
        )
        a[ActionId.SHOW_AGENDA].toggled.connect(self.browser.agenda_toggle().setChecked)
        self.browser.agenda_toggle().toggled.connect(a[ActionId.SHOW_AGENDA].setChecked)
        window_commands.connect_theme_actions(a, self.choose_theme)
        self.status.problemsRequested.connect(self.show_problems)
        self.browser.sessionActivated.connect(self.open_session)
        self.browser.sessionChosen.connect(self.read_session)
        self.loader.progress.connect(self.status.set_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.arrived.connect(self._on_rows_arrived)
        self.loader.prepared.connect(self._on_rows_prepared)
        self.loader.failed.connect(self._on_failed)
        self.watcher.changed.connect(self._on_files_changed)
        self.watcher.outdated.connect(self._on_outdated)
        self.side_tabs.currentChanged.connect(self._on_side_tab_changed)

    def _panes(self) -> list[tuple[QWidget, QWidget]]:
        b, reader = self.browser, self._reader
        reading = reader.panes() if reader is not None else []  # focus never builds it
        return window_panes(self.side_tabs, b, b.table, b.filter_edit, reading)

    def _focus_list(self) -> None:
        """Esc: back to the list the side tab shows."""
        self._panes()[0][1].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_sessions_tab(self) -> None:
        """A command about the list's filters was given on the Search tab, which does not show
        them: show the list (the Schedule tab shows the filters itself, as dimmed blocks)."""
        if self.side_tabs.currentWidget() in (self._search_placeholder, self._search_panel):
            self.side_tabs.setCurrentWidget(self.browser)

    def _splitters(self) -> dict[str, QSplitter]:
        """The splitters whose sizes are kept (the reader's once it is built)."""
        reader = self._reader.splitter if self._reader is not None else None
        return window_state.splitter_keys(reader, self.side_splitter)

    def save_settings(self) -> None:
        """Layout, filters and the open session, written to disk at once."""
        settings = self.settings
        splitters = self._splitters()
        # The reader's sizes: kept when the user dragged them, forgotten when they fitted its
        # content, left as saved when the window closed before the reader was built.
        forget: tuple[str, ...] = ()
        if self._reader is not None and not self._reader.fit.manual:
            splitters.pop(KEY_SPLITTER)
            forget = (KEY_SPLITTER,)
        window_state.save_layout(settings, self, splitters, self.browser.table, forget)
        if self.library is not None:  # closed before loading ended: keep the saved filters
            settings.set_filters(self.browser.filter_values())
        if self.current_path:
            settings.set_last_session(self.current_path)
        settings.sync()

    # -- loading -----------------------------------------------------------------------------

    def load(self, paths: Sequence[str | Path]) -> None:
        """Start loading `paths` in the background (replacing the current library when done)."""
        self.library_paths = [str(p) for p in paths]
        self._load_started = time.perf_counter()
        self.status.loading()
        self.messages.show("Loading " + ", ".join(Path(p).name for p in paths) + "…", STICKY)
        if self.library is None and self._reader is not None:
            self._reader.clear(*LOADING)
        if self.isVisible():  # else the window says when it is shown (`showEvent`)
            self.loader.set_screenful(self.browser.rows_in_view())
        self.loader.start(
            self.library_paths, first=self.current_path or self.settings.last_session()
        )

    @Slot(list, int)
    def _on_rows_arrived(self, sessions: list[Session], before: int) -> None:
        """Rows of a library being read; the load reads on once the first ones are painted."""
        self.browser.add_sessions(sessions, before)
        if before == 0:
            after_next_paint(viewport_of(self.browser.table), self._first_rows_painted)

    def _first_rows_painted(self) -> None:
        """The load reads on; the reader is built at the next turn of the event loop."""
        self.loader.first_rows_shown()
        QTimer.singleShot(0, self, lambda: self.reader)

    @Slot(object, list, object)
    def _on_loaded(self, library: Library, paths: list[str], rows: PreparedRows | None) -> None:
        old, self.library = self.library, library
        reload = old is not None and old.roots == library.roots
        plan = after_load(
            paths=paths,
            last_library=self.settings.last_library(),
            last_session=self.settings.last_session(),
            pending=self._pending_session,
            current=self.current_path,
            reload=reload,
            exists=lambda path: library.session(path) is not None,
            transcript_unchanged=self._transcript_unchanged(old, library),
        )
        filters = {
            Filters.KEEP: self.browser.filter_values,
            Filters.SAVED: self.settings.filters,
        }.get(plan.filters, dict)()
        self._pending_session = ""
        # Watching every file: after the first paint, listed in a thread, added in slices.
        QTimer.singleShot(
            WATCH_DELAY_MS,
            self,
            lambda: self.watcher.set_roots_in_background(
                self.library_paths, is_stale=library.is_stale
            ),
        )
        self.library_paths = paths
        self.settings.set_last_library(paths)
        names = library_name(paths)
        self.sample_banner.setVisible(is_sample(paths))
        self.setWindowTitle(f"{names} — {APP_TITLE}")
        self.status.show_library(len(library.sessions), paths, names, len(library.problems))
        self.commands[ActionId.SHOW_PROBLEMS].setEnabled(bool(library.problems))
        facets: dict[str, Sequence[Any]] = {
            "days": library.days(),
            "venues": library.venues(),
            "partners": library.partners(),
        }
        self.browser.set_sessions(library.sessions, facets, rows)
        if library.quality_known:
            self.browser.set_quality(library.qualities())
            self.schedule.set_quality(library.qualities())
        self.reading.bind(library)  # favorites and positions follow the sessions' files
        self.notes.bind(library)  # so do highlights and notes
        if plan.filters is not Filters.NONE:
            self.browser.restore_filters(filters)
            if self.browser.proxy.rowCount() == 0:
                self.browser.clear_filters()
        self._search_library = (library, facets)
        self._search_timer.start()
        elapsed = time.perf_counter() - self._load_started
        self.messages.show(f"Loaded {len(library.sessions):,} sessions in {elapsed:.1f} s", 6000)
        self._show_after_load(plan.show, plan.session, plan.keep_transcript, library)
        self._show_welcome(not library.sessions)
        self.loaded.emit()

    def _show_after_load(self, show: Show, path: str, keep: bool, library: Library) -> None:
        if show is Show.SESSION:
            self.open_session(path, keep_transcript=keep)
        elif show is Show.VANISHED:
            # The open session's file was deleted: keep reading it from memory, and say so.
            self.browser.select_path("", notify=False)
            self.messages.show(
                "The file of the session you are reading was deleted or moved; it stays open "
                "until you choose another session.",
                STICKY,
            )
        elif first := self.browser.first_path():
            self.open_session(first)
        else:
            self.current_path = ""
            self.reader.clear("", "This library has no sessions" if not library.sessions
                              else "No session matches the filters")  # fmt: skip

    @Slot(object, object)
    def _on_rows_prepared(self, library: Library, rows: PreparedRows) -> None:
        if library is self.library:
            self.browser.model.adopt_prepared(rows)
            self._quality_judged(library)

    def _quality_judged(self, library: Library) -> None:
        """The flags judged after the first paint: the list and the open session show them."""
        if library.quality_known:
            self.browser.set_quality(library.qualities())
            self.schedule.set_quality(library.qualities())
            if self.current_path:
                self._show_quality(library, self.current_path)

    def _transcript_unchanged(self, old: Library | None, new: Library) -> bool:
        """A reload of the same library where the open transcript did not change: keep the
        reader's position instead of re-showing it."""
        path = self.current_path
        if old is None or not path or old.roots != new.roots or new.session(path) is None:
            return False
        return old.transcript_digest(path) == new.transcript_digest(path)

    @Slot(list, list, list)
    def _on_files_changed(self, added: list[str], modified: list[str], removed: list[str]) -> None:
        count = len(added) + len(modified) + len(removed)
        plural = "s" if count != 1 else ""
        self.messages.show(f"{count} file{plural} changed on disk; reloading…", STICKY)
        self.load(self.library_paths)

    @Slot()
    def _on_outdated(self) -> None:
        self.messages.show("Files changed while the library was loading; reloading…", STICKY)
        self.load(self.library_paths)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.finished()
        self.messages.show(f"Could not load the library: {message}", STICKY)
        if self.library is None:
            self.reader.clear(message, "Could not load the library")
            self._show_welcome(True)
        self.loaded.emit()

    def _show_welcome(self, show: bool) -> None:
        """Nothing to read: offer the sample, a folder, or downloading the collection."""
        if show and self.welcome is None:
            from viewer.ui.library.welcome import WelcomeView  # and the download code: on demand

            self.welcome = WelcomeView(self.collection_url(), self)
            self.welcome.setAccessibleName("Welcome")
            self.welcome.sampleRequested.connect(lambda: self.load([str(SAMPLE_LIBRARY)]))
            self.welcome.openFolderRequested.connect(self.choose_folder)
            self.welcome.libraryReady.connect(lambda root: self.load([root]))
            self.reader_stack.addWidget(self.welcome)
        if show and self.welcome is not None:
            self.reader_stack.setCurrentWidget(self.welcome)
        else:
            self.reader_stack.setCurrentWidget(self.reader_splitter)

    @Slot()
    def download_collection(self) -> None:
        """File or Help > Download the collection…: the welcome page, its download started."""
        self._show_welcome(True)
        if self.welcome is not None and not self.welcome.is_downloading():
            self.welcome.start_download()

    def collection_url(self) -> str:
        """Where the welcome page downloads the collection from (settings, else the default)."""
        from viewer.core.library.download import DEFAULT_ARCHIVE_URL  # the download code, on demand

        return self.settings.get_str(KEY_COLLECTION_URL, "") or DEFAULT_ARCHIVE_URL

    def set_collection_url(self, url: str) -> None:
        self.settings.set_value(KEY_COLLECTION_URL, url)
        if self.welcome is not None:
            self.welcome.url = url
            self.welcome.download_button.setToolTip(url)

    @property
    def search_panel(self) -> SearchPanel:
        """The corpus search panel, built (and put in its tab) on first use."""
        if self._search_panel is None:
            from viewer.ui.search.panel import SearchPanel

            panel = SearchPanel(self)
            panel.hitActivated.connect(self.open_hit)
            panel.indexOpened.connect(self._use_index_paragraphs)
            panel.scope_source = lambda: [s.path for s in self.browser.shown_sessions()]
            self.browser.proxy.filterChanged.connect(panel.refresh_scope)
            self._search_panel = panel  # before the tab moves: currentChanged comes back here
            replace_placeholder(self.side_tabs, self._search_placeholder, panel)
        return self._search_panel

    @property
    def reader(self) -> ReaderSide:
        """The reading side, built (in place of the stack's placeholder) on first use: once
        the first rows are painted, when a load ends, or when a command needs it."""
        if self._reader is None:
            from viewer.ui.mainwindow.reader_side import ReaderSide

            reader = ReaderSide(
                settings=self.settings,
                actions=self.commands,
                browser=self.browser,
                tabs=self.side_tabs,
                shown=self.shown,
                session_shown=self.sessionShown,
                open_session=self.open_session,
                tell=self.messages.show,
                window=self,
            )
            self._reader = reader
            reader.detail.speakerActivated.connect(self._filter_by_speaker)
            reader.detail.partnerActivated.connect(self._filter_by_partner)
            placeholder, stack = self._reader_placeholder, self.reader_stack
            stack.insertWidget(stack.indexOf(placeholder), reader.splitter)
            if stack.currentWidget() is placeholder:
                stack.setCurrentWidget(reader.splitter)
            stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if self.library is None:
                reader.clear(*LOADING)
        return self._reader

    @property
    def detail(self) -> DetailPane:
        return self.reader.detail

    @property
    def transcript(self) -> TranscriptPanel:
        return self.reader.transcript

    @property
    def reader_splitter(self) -> QSplitter:
        return self.reader.splitter

    @property
    def reading(self) -> ReadingFeatures:
        return self.reader.reading

    @property
    def notes(self) -> NotesFeatures:
        return self.reader.notes

    @property
    def notes_tab(self) -> NotesTab:
        return self.reader.notes_tab

    def shown(self) -> tuple[Library | None, str]:
        """The library and the path of the session on display ("" for none)."""
        return self.library, self.current_path

    @Slot(int)
    def _on_side_tab_changed(self, _index: int) -> None:
        current = self.side_tabs.currentWidget()
        if current is not None and current in (self._search_placeholder, self._search_panel):
            self._hand_library_to_search()  # the search tab: build the panel, start indexing

    @Slot()
    def _hand_library_to_search(self) -> None:
        """Give the search panel the library a moment after start-up (or when its tab opens):
        indexing competes for the CPU with the first paint and must not delay it."""
        panel = self.search_panel
        pending, self._search_library = self._search_library, None
        self._search_timer.stop()
        if pending is None:
            return
        library, facets = pending
        panel.set_library(library, search_dir())
        panel.set_facets(facets["days"], facets["venues"])

    @Slot(object)
    def _use_index_paragraphs(self, index_file: Path) -> None:
        """Transcripts open with the paragraphs the search index stored for them (the ones
        its hits name), once it has them."""
        from viewer.core.search.captions import StoredSpellings  # loaded with the search panel
        from viewer.core.search.index import StoredParagraphs

        self.transcript.set_paragraph_source(StoredParagraphs(index_file))
        self.transcript.set_spelling_source(StoredSpellings(index_file))

    # -- opening sessions --------------------------------------------------------------------

    @Slot(str)
    def open_session(self, path: str, *, keep_transcript: bool = False) -> bool:
        """Show session `path` in the detail pane and transcript; False when unknown.

        `keep_transcript`: the transcript on display is this session's, unchanged (a reload).
        """
        library = self.library
        if library is None or library.session(path) is None:
            if library is None:
                self._pending_session = path
            return False
        # Only a transcript needs the file read again (a warm start showing a session without
        # one neither reads nor parses a session file).
        full = library.readable(path)
        self.current_path = path
        self.browser.select_path(path, notify=False)
        reader = self.reader
        reader.show_session(library, path, full, library.segment_of(path), keep_transcript)
        self._show_quality(library, path)
        reader.fit.schedule()
        has_video = bool(full.video_url)
        for action_id in (ActionId.OPEN_VIDEO, ActionId.COPY_VIDEO_LINK, ActionId.WATCH_NEAR_HERE):
            self.commands[action_id].setEnabled(has_video)
        self.sessionShown.emit(path)
        return True

    def _show_quality(self, library: Library, path: str) -> None:
        """The note above the transcript, once the flags are judged (`library/quality.py`)."""
        quality = library.quality_of(path) if library.quality_known else None
        self.transcript.quality_note.show_quality(quality, lambda p: _title_of(library, p))

    @Slot(str)
    def read_session(self, path: str) -> None:
        """Enter on a row: open it (if needed) and move the keyboard focus into the transcript."""
        if self.current_path != path and not self.open_session(path):
            return
        view = self.transcript.findChild(QWidget, "transcriptView")
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot(str, int, list)
    def open_hit(self, path: str, paragraph: int, terms: list[str]) -> None:
        """A search hit: open its session and scroll to the paragraph with terms marked."""
        if self.current_path != path and not self.open_session(path):
            return
        self.transcript.scroll_to_paragraph(paragraph, terms)

    # -- commands ----------------------------------------------------------------------------

    def tell(self, text: str, timeout_ms: int) -> None:
        self.messages.show(text, timeout_ms)

    def _keep(self, name: str, dialog: QWidget) -> None:
        self.dialogs[name] = dialog  # non-modal dialogs live as long as the window keeps them

    def _open_full(self) -> Session | None:
        """The open session with its texts, None when none is open."""
        if self.library is None or not self.current_path:
            return None
        return self.library.full_session(self.current_path)

    def _open_quality(self) -> Quality | None:
        """The open session's transcript quality, None when none is open."""
        if self.library is None or not self.current_path:
            return None
        return self.library.quality_of(self.current_path)

    @Slot()
    def choose_folder(self) -> None:
        start = self.library_paths[0] if self.library_paths else ""
        window_commands.choose_folder(self, start, self.load)

    @Slot()
    def quick_switch(self) -> None:
        if self.library is not None:
            dialog = window_commands.quick_switch(self, self.library.sessions, self.open_session)
            self._keep("quick", dialog)

    def choose_theme(self, mode: ThemeMode) -> None:
        choose_theme(self.settings, mode)
        window_commands.tick_theme(self.commands, mode)

    @Slot()
    def open_find(self) -> None:
        self.transcript.open_find()  # pre-fills a one-line selection itself

    @Slot()
    def focus_search(self) -> None:
        self.side_tabs.setCurrentWidget(self.search_panel)
        self._hand_library_to_search()
        search_input = self.search_panel.findChild(QWidget, "searchInput")
        if search_input is not None:
            search_input.setFocus(Qt.FocusReason.ShortcutFocusReason)
            select_all = getattr(search_input, "selectAll", None)
            if select_all is not None:
                select_all()

    @Slot()
    def focus_filter(self) -> None:
        self.side_tabs.setCurrentWidget(self.browser)
        self.browser.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.browser.filter_edit.selectAll()

    @Slot(str, str)
    def _filter_by_speaker(self, key: str, name: str) -> None:
        self.side_tabs.setCurrentWidget(self.browser)
        self.browser.filter_by_speaker(key, name)
        self.browser.select_path(self.current_path, notify=False)

    @Slot(str)
    def _filter_by_partner(self, partner: str) -> None:
        self.side_tabs.setCurrentWidget(self.browser)
        self.browser.filter_by_partner(partner)
        self.browser.select_path(self.current_path, notify=False)

    @Slot()
    def show_problems(self) -> None:
        if self.library is None or not self.library.problems:
            return
        from viewer.ui.library.problems_dialog import ProblemsDialog

        self._problems_dialog = ProblemsDialog(self.library.problems, self)
        self._problems_dialog.show()

    # -- drag and drop, closing --------------------------------------------------------------

    @staticmethod
    def _local_paths(urls: Sequence[QUrl]) -> list[str]:
        return [u.toLocalFile() for u in urls if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self._local_paths(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.load(paths)

    def showEvent(self, event: QShowEvent) -> None:
        """Laid out at last: the load's first batch is the screenful the list shows."""
        super().showEvent(event)
        self.loader.set_screenful(self.browser.rows_in_view())

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab from anywhere in the window: to the next or previous pane."""
        return self.keys.move(1 if next else -1) or super().focusNextPrevChild(next)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()  # a closed window hands nothing to search
        self.keys.detach()
        self.save_settings()
        if self._reader is not None:
            self._reader.reading.save_positions()
        self.watcher.stop()
        self.loader.shutdown()
        if self.welcome is not None:
            self.welcome.shutdown()
        if self._search_panel is not None:
            self._search_panel.shutdown()  # its worker threads stop before the QApplication
        if self._reader is not None:
            self._reader.transcript.set_paragraph_source(None)
        super().closeEvent(event)


def _title_of(library: Library, path: str) -> str:
    session = library.session(path)
    return display_title(session) if session is not None else path
