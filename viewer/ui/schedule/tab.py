"""Attach the Schedule tab to the main window, beside the session list.

Why a feature object (as `ReadingFeatures`): the window only assembles, so the wiring lives
here: the tab is a placeholder until first opened (the graphics view's classes stay out of
start-up), the library comes from the window's `loaded` signal, the open session from
`sessionShown`, the dimming from the session list's filter proxy, the stars from the favorite
action; a click opens a session through the window, as the list does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSignalBlocker, Qt, Slot
from PySide6.QtWidgets import QWidget

from viewer.ui.common import icons
from viewer.ui.mainwindow.actions import ActionId

if TYPE_CHECKING:
    from viewer.ui.mainwindow.window import MainWindow
    from viewer.ui.schedule.panel import SchedulePanel

TAB_TEXT = "Schedule"


class ScheduleTab(QObject):
    """The Schedule tab of `window.side_tabs` (built on first use: `panel`)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._panel: SchedulePanel | None = None
        self._placeholder = QWidget(window)
        tabs = window.side_tabs
        at = tabs.indexOf(window.browser) + 1
        tabs.insertTab(at, self._placeholder, icons.icon("mdi6.calendar-clock"), TAB_TEXT)
        tabs.setTabToolTip(at, "The day's sessions as a timetable: rooms across, time down")
        tabs.currentChanged.connect(self._on_tab_changed)
        window.loaded.connect(self._on_loaded)
        window.sessionShown.connect(self._on_session_shown)
        window.browser.proxy.filterChanged.connect(self._on_filter_changed)
        # After ReadingFeatures' own slots (connected first), so the favorites are updated.
        favorite = window.commands[ActionId.TOGGLE_FAVORITE]
        favorite.triggered.connect(self._on_favorites)
        favorite.toggled.connect(self._on_favorites)
        window.commands[ActionId.SHOW_SCHEDULE].triggered.connect(self.show)

    @property
    def built(self) -> bool:
        return self._panel is not None

    @property
    def panel(self) -> SchedulePanel:
        """The panel, built (and put in its tab) on first use."""
        if self._panel is None:
            from viewer.ui.schedule.panel import SchedulePanel

            window, tabs = self.window, self.window.side_tabs
            panel = SchedulePanel(window)
            panel.matcher = lambda path: window.browser.proxy.proxy_row_of(path) >= 0
            panel.sessionActivated.connect(window.open_session)
            panel.sessionChosen.connect(window.read_session)
            index = tabs.indexOf(self._placeholder)
            was_current = tabs.currentIndex() == index
            self._panel = panel  # before the tab moves: currentChanged comes back here
            with QSignalBlocker(tabs):
                tabs.insertTab(index, panel, tabs.tabIcon(index), tabs.tabText(index))
                tabs.setTabToolTip(index, tabs.tabToolTip(index + 1))
                tabs.removeTab(index + 1)
                if was_current:
                    tabs.setCurrentWidget(panel)
            self._placeholder.deleteLater()
            panel.view.set_state(current=window.current_path, favorites=self._favorites())
            if window.library is not None:
                panel.set_sessions(window.library.sessions, show=window.current_path)
        return self._panel

    @Slot()
    def show(self) -> None:
        """Bring the tab to the front (building it if needed), the keyboard in the grid."""
        panel = self.panel
        self.window.side_tabs.setCurrentWidget(panel)
        panel.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _favorites(self) -> frozenset[str]:
        reading = getattr(self.window, "reading", None)
        return frozenset(reading.state.favorites) if reading is not None else frozenset()

    # -- following the window ----------------------------------------------------------------

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if self.window.side_tabs.currentWidget() is self._placeholder:
            self.show()

    @Slot()
    def _on_loaded(self) -> None:
        library = self.window.library
        if self._panel is not None and library is not None:
            self._panel.set_sessions(library.sessions, show=self.window.current_path)

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
        day = self.window.browser.proxy.current_filter.day
        current = panel.current_day()
        if day is not None and (current is None or current.key[0] != day):
            panel.show_day_number(day)  # the list shows one day: so does the schedule
        else:
            panel.refresh_matching(later=not panel.isVisible())  # typing stays one pass

    @Slot()
    def _on_favorites(self) -> None:
        if self._panel is not None:
            self._panel.view.set_state(favorites=self._favorites())
