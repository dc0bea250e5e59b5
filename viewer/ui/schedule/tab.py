"""Attach the Schedule tab to the main window, beside the session list.

Why a feature object (as `ReadingFeatures`): the window only assembles, so the wiring lives
here: the tab is a placeholder until first opened (the graphics view's classes stay out of
start-up), the library comes with the `loaded` signal, the open session with `sessionShown`,
the dimming from the session list's filter proxy, the stars from the list's favorites; a
click opens a session through the callback it was given, as the list does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, SignalInstance, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

from viewer.ui.common import icons
from viewer.ui.common.lazy_tab import replace_placeholder
from viewer.ui.mainwindow.actions import ActionId

if TYPE_CHECKING:
    from viewer.core.library.load import Library
    from viewer.core.library.quality import Quality
    from viewer.ui.schedule.panel import SchedulePanel
    from viewer.ui.sessions.browser import SessionBrowser

Shown = Callable[[], "tuple[Library | None, str]"]  # the library and the open session's path

TAB_TEXT = "Schedule"
WARNED_LEVELS = ("partial", "doubtful")  # as the session list marks them


class ScheduleTab(QObject):
    """The Schedule tab of the side tabs (built on first use: `panel`). Given the objects it
    follows and callbacks for what a click does, never the window."""

    def __init__(
        self,
        *,
        tabs: QTabWidget,
        browser: SessionBrowser,
        actions: dict[ActionId, QAction],
        shown: Shown,
        open_session: Callable[[str], object],
        read_session: Callable[[str], object],
        loaded: SignalInstance,
        session_shown: SignalInstance,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.tabs, self.browser, self.shown = tabs, browser, shown
        self._open_session, self._read_session, self._parent = open_session, read_session, parent
        self._panel: SchedulePanel | None = None
        self._warnings: dict[str, str] = {}
        self._placeholder = QWidget(parent)
        at = tabs.indexOf(browser) + 1
        tabs.insertTab(at, self._placeholder, icons.icon("mdi6.calendar-clock"), TAB_TEXT)
        tabs.setTabToolTip(at, "The day's sessions as a timetable: rooms across, time down")
        tabs.currentChanged.connect(self._on_tab_changed)
        loaded.connect(self._on_loaded)
        session_shown.connect(self._on_session_shown)
        browser.proxy.filterChanged.connect(self._on_filter_changed)
        browser.favoritesChanged.connect(self._on_favorites)  # whoever changed them
        actions[ActionId.SHOW_SCHEDULE].triggered.connect(self.show)

    @property
    def built(self) -> bool:
        return self._panel is not None

    @property
    def panel(self) -> SchedulePanel:
        """The panel, built (and put in its tab) on first use."""
        if self._panel is None:
            from viewer.ui.schedule.panel import SchedulePanel

            panel = SchedulePanel(self._parent)
            panel.matcher = lambda path: self.browser.proxy.proxy_row_of(path) >= 0
            panel.sessionActivated.connect(self._open_session)
            panel.sessionChosen.connect(self._read_session)
            self._panel = panel  # before the tab moves: currentChanged comes back here
            replace_placeholder(self.tabs, self._placeholder, panel)
            library, current = self.shown()
            panel.warnings = dict(self._warnings)
            panel.view.set_state(current=current, favorites=self.browser.favorites())
            if library is not None:
                panel.set_sessions(library.sessions, show=current)
        return self._panel

    def set_quality(self, qualities: Mapping[str, Quality]) -> None:
        """The transcripts' quality flags: a partial or doubtful one is marked on its block,
        with the reasons in its tooltip."""
        self._warnings = {
            path: "Transcript: " + quality.summary
            for path, quality in qualities.items()
            if quality.level in WARNED_LEVELS
        }
        if self._panel is not None:
            self._panel.set_warnings(self._warnings)

    @Slot()
    def show(self) -> None:
        """Bring the tab to the front (building it if needed), the keyboard in the grid."""
        panel = self.panel
        self.tabs.setCurrentWidget(panel)
        panel.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- following the window ----------------------------------------------------------------

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self._placeholder:
            self.show()

    @Slot()
    def _on_loaded(self) -> None:
        library, current = self.shown()
        if self._panel is not None and library is not None:
            self._panel.set_sessions(library.sessions, show=current)

    @Slot(str)
    def _on_session_shown(self, path: str) -> None:
        panel = self._panel
        if panel is None:
            return
        day = panel.day_of_path(path)
        current = panel.current_day()
        if day is not None and (current is None or day.key != current.key):
            panel.view.current = path
            panel.show_day(day.key)  # follows a session opened elsewhere (Ctrl+P, search)
        panel.view.set_state(current=path)
        panel.view.reveal(path)

    @Slot()
    def _on_filter_changed(self) -> None:
        panel = self._panel
        if panel is None:
            return
        day = self.browser.proxy.current_filter.day
        current = panel.current_day()
        if day is not None and (current is None or current.key[0] != day):
            panel.show_day_number(day)  # the list shows one day: so does the schedule
        else:
            panel.refresh_matching(later=not panel.isVisible())  # typing stays one pass

    @Slot()
    def _on_favorites(self) -> None:
        if self._panel is not None:
            self._panel.view.set_state(favorites=self.browser.favorites())
