"""The Schedule tab: a day selector and export menu over the ScheduleView.

It owns the sessions the grid is built from and one scene per day once shown (switching back
to a day reuses it); everything that changes later (the open session, favorites, which blocks
the list's filters keep) is applied to the shown scene as marks, never by rebuilding it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.library.schedule import (
    Day,
    day_of,
    generic_titles,
    layout_day,
    minutes_of,
    schedule_days,
)
from viewer.core.session.model import Session
from viewer.core.util.collector import paused_gc
from viewer.ui.common import icons
from viewer.ui.schedule.items import ScheduleScene
from viewer.ui.schedule.view import ScheduleView


class SchedulePanel(QWidget):
    """Day selector + grid. `matcher(path)` tells whether the list's filters keep a session
    (None: nothing is dimmed).

    Signals:
        sessionActivated(str), sessionChosen(str): from the view (click / Enter).
    """

    sessionActivated = Signal(str)
    sessionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("schedulePanel")
        self.sessions: dict[str, Session] = {}
        self.warnings: dict[str, str] = {}  # path -> why its transcript is not to be trusted
        self.days: list[Day] = []
        self.untimed = 0
        self.matcher: Callable[[str], bool] | None = None
        self.export_folder = ""
        self._matching_stale = False
        self._scenes: dict[tuple[int, str], ScheduleScene] = {}
        self._by_day: dict[Day, list[Session]] = {}
        self._build()

    def _build(self) -> None:
        self.day_box = QComboBox(self)
        self.day_box.setObjectName("scheduleDay")
        self.day_box.setAccessibleName("Day")
        self.day_box.setToolTip("The day the schedule shows")
        self.summary = QLabel(self)
        self.summary.setObjectName("scheduleSummary")
        self.export_button = QToolButton(self)
        self.export_button.setObjectName("scheduleExport")
        self.export_button.setIcon(icons.icon("mdi6.export"))
        self.export_button.setToolTip("Export the day's grid as PNG or PDF")
        self.export_button.setAccessibleName("Export the day")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        self.export_png = menu.addAction("Export Day as &PNG…", lambda: self.export("png"))
        self.export_pdf = menu.addAction("Export Day as P&DF…", lambda: self.export("pdf"))
        self.export_button.setMenu(menu)
        self.view = ScheduleView(self)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.day_box)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.day_box.currentIndexChanged.connect(self._on_day_chosen)
        self.view.sessionActivated.connect(self.sessionActivated)
        self.view.sessionChosen.connect(self.sessionChosen)

    # -- data --------------------------------------------------------------------------------

    def set_sessions(self, sessions: Sequence[Session], *, show: str = "") -> None:
        """A new library: forget the built days; show the day of `show`, else the day shown
        before (when it still exists), else the first."""
        shown = self.current_day()
        self.sessions = {s.path: s for s in sessions}
        self._by_day = schedule_days(sessions)
        self.days = list(self._by_day)
        self.untimed = len(sessions) - sum(map(len, self._by_day.values()))
        self._scenes.clear()
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for day in self.days:
            self.day_box.addItem(day.label)
        self.day_box.blockSignals(False)
        wanted = self.day_of_path(show) or shown
        keys = [d.key for d in self.days]
        index = keys.index(wanted.key) if wanted is not None and wanted.key in keys else 0
        self.day_box.setCurrentIndex(index if self.days else -1)
        self._show(index)

    def set_warnings(self, warnings: dict[str, str]) -> None:
        """Sessions whose transcript is not to be trusted as it is, with why: their blocks
        carry a warning mark (days built before are built again)."""
        if warnings == self.warnings:
            return
        self.warnings = dict(warnings)
        self.forget_days()
        self._show(self.day_box.currentIndex())

    def forget_days(self) -> None:
        """Drop the days built so far (the next visit of each builds it again)."""
        if self.scene is not None:
            self.view.show_scene(None)
        self._scenes.clear()

    def day_of_path(self, path: str) -> Day | None:
        session = self.sessions.get(path)
        if session is None or minutes_of(session.start) is None:
            return None
        return day_of(session)

    def current_day(self) -> Day | None:
        index = self.day_box.currentIndex()
        return self.days[index] if 0 <= index < len(self.days) else None

    def show_day(self, key: tuple[int, str]) -> bool:
        """Switch to the day with this key; False when there is none."""
        keys = [d.key for d in self.days]
        if key not in keys:
            return False
        self.day_box.setCurrentIndex(keys.index(key))  # -> _on_day_chosen
        return True

    def show_day_number(self, number: int) -> bool:
        """Switch to summit day `number` (the list's day filter); False when absent."""
        for day in self.days:
            if day.key[0] == number:
                return self.show_day(day.key)
        return False

    @Slot(int)
    def _on_day_chosen(self, index: int) -> None:
        self._show(index)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self.days):
            self.view.show_scene(None)
            self.summary.setText("No session has a time" if self.sessions else "")
            return
        day = self.days[index]
        scene = self._scenes.get(day.key)
        if scene is None:
            with paused_gc(keep=True):  # thousands of long-lived objects, none of them garbage
                own = self._by_day.get(day, [])
                grid = layout_day(own, day)
                generic = generic_titles(own)  # titles that do not tell this day's blocks apart
                scene = ScheduleScene(
                    grid, self.sessions, generic, self.view.look, self, self.warnings
                )
            self._scenes[day.key] = scene
        self.refresh_matching(scene)
        self.view.show_scene(scene)
        if self.view.block_of(self.view.current) is not None:
            self.view.reveal(self.view.current)
        else:  # a day without the open session starts at its first hour and first room
            self.view.horizontalScrollBar().setValue(0)
            self.view.verticalScrollBar().setValue(0)
        count, rooms = len(scene.blocks), len(scene.grid.columns)
        text = f"{count} session{'s' * (count != 1)} in {rooms} room{'s' * (rooms != 1)}"
        if self.untimed:
            text += f" · {self.untimed} without a time not shown"
        self.summary.setText(text)

    def showEvent(self, event: QShowEvent) -> None:
        if self._matching_stale:
            self.refresh_matching()
        super().showEvent(event)

    @property
    def scene(self) -> ScheduleScene | None:
        return self.view.day_scene

    # -- marks -------------------------------------------------------------------------------

    def refresh_matching(self, scene: ScheduleScene | None = None, *, later: bool = False) -> None:
        """Dim the shown day's blocks the list's filters hide (`later`: when next shown)."""
        self._matching_stale = later
        if later:
            return
        target = scene or self.scene
        if target is None:
            return
        matcher = self.matcher
        matching = None if matcher is None else frozenset(p for p in target.by_path if matcher(p))
        if target is self.scene or scene is None:
            self.view.set_state(matching=matching)
        else:
            self.view.matching = matching

    # -- export ------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        from viewer.ui.schedule.export import export_day

        scene, day = self.scene, self.current_day()
        if scene is None or day is None:
            return
        written = export_day(self.window(), scene, kind, day.label, self.export_folder)
        if written is not None:
            self.export_folder = str(written.parent)
