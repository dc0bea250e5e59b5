"""Reading comfort, My agenda and "watch near here".

`ReadingFeatures` connects the actions and widgets it is handed and owns the state they need:
the reading font and line width (settings), favorites and reading positions
(`viewer.core.library.userstate`, one JSON file written atomically). It is given the objects it
uses and a message callback, never the window (in the way Frescobaldi attaches features).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, SignalInstance, Slot
from PySide6.QtGui import QAction, QFont

from viewer.core.library.userstate import UserState
from viewer.core.util.appdirs import config_dir
from viewer.ui.common.links import open_url
from viewer.ui.common.messages import STICKY
from viewer.ui.common.settings import (
    KEY_COLUMN_CHARS,
    KEY_FONT_FAMILY,
    KEY_FONT_SIZE,
    AppSettings,
)
from viewer.ui.mainwindow.actions import WIDTH_ACTIONS, ActionId

if TYPE_CHECKING:
    from viewer.core.library.load import Library
    from viewer.core.session.moment import MomentEstimate
    from viewer.ui.reader.detail_pane import DetailPane
    from viewer.ui.reader.transcript_panel import TranscriptPanel
    from viewer.ui.sessions.browser import SessionBrowser

MIN_SIZE, MAX_SIZE = 8, 40
SAVE_DELAY_MS = 2000  # reading positions: written at a quiet moment, not per arrow key

Shown = Callable[[], "tuple[Library | None, str]"]  # the library and the open session's path
Tell = Callable[[str, int], None]


class ReadingFeatures(QObject):
    """See the module docstring.

    Attributes:
        state: favorites and reading positions.
    """

    def __init__(
        self,
        *,
        settings: AppSettings,
        actions: dict[ActionId, QAction],
        transcript: TranscriptPanel,
        detail: DetailPane,
        browser: SessionBrowser,
        shown: Shown,
        session_shown: SignalInstance,
        tell: Tell,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings, self.actions, self.tell, self.shown = settings, actions, tell, shown
        self.transcript, self.detail, self.browser = transcript, detail, browser
        self.state = UserState.load(config_dir())
        self._bound: Library | None = None
        if self.state.warning:
            warning = self.state.warning
            QTimer.singleShot(0, self, lambda: tell(warning, STICKY))
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_positions)
        transcript.set_remembered_positions(self.state.positions)
        browser.set_favorites(frozenset(self.state.favorites))
        self._restore_style()
        self._connect(session_shown)

    def _connect(self, session_shown: SignalInstance) -> None:
        a = self.actions
        a[ActionId.ZOOM_IN].triggered.connect(lambda: self.change_size(+1))
        a[ActionId.ZOOM_OUT].triggered.connect(lambda: self.change_size(-1))
        a[ActionId.ZOOM_RESET].triggered.connect(lambda: self.change_size(0))
        a[ActionId.CHOOSE_FONT].triggered.connect(self.choose_font)
        for action_id, chars in WIDTH_ACTIONS.items():
            a[action_id].triggered.connect(lambda _c=False, n=chars: self.set_column_chars(n))
        a[ActionId.TOGGLE_FAVORITE].triggered.connect(self.toggle_favorite)
        a[ActionId.WATCH_NEAR_HERE].triggered.connect(
            lambda: self.watch_near(self.transcript.current_paragraph())
        )
        self.detail.favoriteToggled.connect(self._set_favorite)
        self.transcript.momentRequested.connect(self.watch_near)
        session_shown.connect(self._on_session_shown)

    # -- reading style -------------------------------------------------------------------------

    def _restore_style(self) -> None:
        settings, view = self.settings, self.transcript.view
        font = QFont(view.font())
        family = settings.get_str(KEY_FONT_FAMILY, "")
        if family:
            font.setFamily(family)
        try:
            size = float(settings.get_str(KEY_FONT_SIZE, "0"))
        except ValueError:
            size = 0.0
        if MIN_SIZE <= size <= MAX_SIZE:
            font.setPointSizeF(size)
        chars = settings.get_int(KEY_COLUMN_CHARS, view.column_chars)
        self._apply(font, chars if chars in WIDTH_ACTIONS.values() else view.column_chars)

    def _apply(self, font: QFont, chars: int) -> None:
        view = self.transcript.view
        view.set_reading_style(font, chars)
        for action_id, width in WIDTH_ACTIONS.items():
            self.actions[action_id].setChecked(width == chars)

    def _save_style(self) -> None:
        view, settings = self.transcript.view, self.settings
        settings.set_value(KEY_FONT_FAMILY, view.font().family())
        settings.set_value(KEY_FONT_SIZE, f"{view.font().pointSizeF():.1f}")
        settings.set_value(KEY_COLUMN_CHARS, view.column_chars)

    @Slot(int)
    def change_size(self, step: int) -> None:
        """+1 larger, -1 smaller, 0 back to the default size."""
        view = self.transcript.view
        font = QFont(view.font())
        size = view.default_point_size if step == 0 else font.pointSizeF() + step
        font.setPointSizeF(max(MIN_SIZE, min(MAX_SIZE, size)))
        self._apply(font, view.column_chars)
        self._save_style()
        self.tell(f"Text size {font.pointSizeF():.0f} pt", 2000)

    @Slot()
    def choose_font(self) -> None:
        from PySide6.QtWidgets import QFontDialog  # here: only when asked (start-up cost)

        view = self.transcript.view
        ok, font = QFontDialog.getFont(view.font(), view, "Reading Font")
        if ok:
            self._apply(font, view.column_chars)
            self._save_style()

    def set_column_chars(self, chars: int) -> None:
        view = self.transcript.view
        self._apply(QFont(view.font()), chars)
        self._save_style()

    # -- My agenda -----------------------------------------------------------------------------

    def bind(self, library: Library) -> None:
        """A library was loaded: favorites and positions follow its sessions' files (see
        `userstate`), whatever folder it was opened from. The positions of the library being
        left are saved first, under the paths they were remembered by."""
        if self._bound is not None:
            self.save_positions()
        self._bound = library
        self.state.bind(library.state_keys())
        self.transcript.set_remembered_positions(self.state.positions, replace=True)
        self.browser.set_favorites(frozenset(self.state.favorites))

    @Slot(str)
    def _on_session_shown(self, path: str) -> None:
        on = self.state.is_favorite(path)
        self.detail.set_favorite(on)
        self.actions[ActionId.TOGGLE_FAVORITE].setChecked(on)
        self._save_timer.start()  # the position of the session just left

    @Slot()
    def toggle_favorite(self) -> None:
        _library, path = self.shown()
        if path:
            self._set_favorite(not self.state.is_favorite(path))

    @Slot(bool)
    def _set_favorite(self, on: bool) -> None:
        _library, path = self.shown()
        if not path:
            return
        if self.state.is_favorite(path) != on:
            self.state.toggle_favorite(path)
        self.detail.set_favorite(on)
        self.actions[ActionId.TOGGLE_FAVORITE].setChecked(on)
        self.browser.set_favorites(frozenset(self.state.favorites))
        message = self.state.warning or ("Added to My agenda" if on else "Removed from My agenda")
        self.tell(message, 3000)

    # -- reading positions ---------------------------------------------------------------------

    @Slot()
    def save_positions(self) -> None:
        self._save_timer.stop()
        self.state.positions = {
            path: index
            for path, index in self.transcript.remembered_positions().items()
            if index > 0
        }
        self.state.save()

    # -- watch near here -----------------------------------------------------------------------

    def estimate(self, paragraph: int) -> MomentEstimate | None:
        library, path = self.shown()
        paragraphs = self.transcript.paragraphs()
        if library is None or not path or not paragraphs:
            return None
        session = library.session(path)
        if session is None or not session.video_id:
            return None
        index = max(0, min(paragraph, len(paragraphs) - 1))
        last = paragraphs[-1]
        total = last.words_before + last.words
        stream = library.stream_of(path)
        members = [s for p in stream.paths if (s := library.session(p))] if stream else None
        segment = library.segment_of(path)
        start = segment.start_word if segment is not None and not segment.absent else None
        from viewer.core.session.moment import estimate_moment  # asked for, not at start-up

        return estimate_moment(
            session, paragraphs[index].words_before, total, stream, members, part_start=start
        )

    @Slot(int)
    def watch_near(self, paragraph: int) -> bool:
        estimate = self.estimate(paragraph)
        if estimate is None or not estimate.url:
            self.tell("This session has no video to open.", 4000)
            return False
        opened = open_url(self.transcript, estimate.url, youtube_only=True)
        if opened:  # a failure has said so itself (and copied the link)
            self.tell(f"Opening the video {estimate.label}", 6000)
        return opened
