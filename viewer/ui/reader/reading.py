"""Reading comfort, My agenda and "watch near here", attached to the main window.

Kept out of `main_window.py` (which only assembles) in the way Frescobaldi attaches features:
`ReadingFeatures(window)` connects the window's actions and widgets and owns the state they
need: the reading font and line width (settings), favorites and reading positions
(`viewer.core.library.userstate`, one JSON file written atomically).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QFont

from viewer.core.library.userstate import UserState
from viewer.core.session.moment import MomentEstimate, estimate_moment
from viewer.ui.common.links import open_url
from viewer.ui.common.settings import config_dir
from viewer.ui.mainwindow.actions import WIDTH_ACTIONS, ActionId

if TYPE_CHECKING:
    from viewer.ui.mainwindow.window import MainWindow

KEY_FONT_FAMILY = "reading/fontFamily"
KEY_FONT_SIZE = "reading/fontSize"
KEY_COLUMN_CHARS = "reading/columnChars"
MIN_SIZE, MAX_SIZE = 8, 40
SAVE_DELAY_MS = 2000  # reading positions: written at a quiet moment, not per arrow key


class ReadingFeatures(QObject):
    """See the module docstring.

    Attributes:
        state: favorites and reading positions.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.state = UserState.load(config_dir())
        if self.state.warning:
            QTimer.singleShot(0, window, lambda: window.statusBar().showMessage(self.state.warning))
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_positions)
        window.transcript.set_remembered_positions(self.state.positions)
        window.browser.set_favorites(frozenset(self.state.favorites))
        self._restore_style()
        self._connect()

    def _connect(self) -> None:
        a, w = self.window.commands, self.window
        a[ActionId.ZOOM_IN].triggered.connect(lambda: self.change_size(+1))
        a[ActionId.ZOOM_OUT].triggered.connect(lambda: self.change_size(-1))
        a[ActionId.ZOOM_RESET].triggered.connect(lambda: self.change_size(0))
        a[ActionId.CHOOSE_FONT].triggered.connect(self.choose_font)
        for action_id, chars in WIDTH_ACTIONS.items():
            a[action_id].triggered.connect(lambda _c=False, n=chars: self.set_column_chars(n))
        a[ActionId.TOGGLE_FAVORITE].triggered.connect(self.toggle_favorite)
        a[ActionId.SHOW_AGENDA].toggled.connect(w.browser.facet_bar.agenda_toggle.setChecked)
        w.browser.facet_bar.agenda_toggle.toggled.connect(a[ActionId.SHOW_AGENDA].setChecked)
        a[ActionId.WATCH_NEAR_HERE].triggered.connect(
            lambda: self.watch_near(w.transcript.current_paragraph())
        )
        w.detail.favoriteToggled.connect(self._set_favorite)
        w.transcript.momentRequested.connect(self.watch_near)
        w.sessionShown.connect(self._on_session_shown)

    # -- reading style -------------------------------------------------------------------------

    def _restore_style(self) -> None:
        settings, view = self.window.settings, self.window.transcript.view
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
        view = self.window.transcript.view
        view.set_reading_style(font, chars)
        for action_id, width in WIDTH_ACTIONS.items():
            self.window.commands[action_id].setChecked(width == chars)

    def _save_style(self) -> None:
        view, settings = self.window.transcript.view, self.window.settings
        settings.set_value(KEY_FONT_FAMILY, view.font().family())
        settings.set_value(KEY_FONT_SIZE, f"{view.font().pointSizeF():.1f}")
        settings.set_value(KEY_COLUMN_CHARS, view.column_chars)

    @Slot(int)
    def change_size(self, step: int) -> None:
        """+1 larger, -1 smaller, 0 back to the default size."""
        view = self.window.transcript.view
        font = QFont(view.font())
        size = view.default_point_size if step == 0 else font.pointSizeF() + step
        font.setPointSizeF(max(MIN_SIZE, min(MAX_SIZE, size)))
        self._apply(font, view.column_chars)
        self._save_style()
        self.window.statusBar().showMessage(f"Text size {font.pointSizeF():.0f} pt", 2000)

    @Slot()
    def choose_font(self) -> None:
        from PySide6.QtWidgets import QFontDialog  # here: only when asked (start-up cost)

        view = self.window.transcript.view
        ok, font = QFontDialog.getFont(view.font(), self.window, "Reading Font")
        if ok:
            self._apply(font, view.column_chars)
            self._save_style()

    def set_column_chars(self, chars: int) -> None:
        view = self.window.transcript.view
        self._apply(QFont(view.font()), chars)
        self._save_style()

    # -- My agenda -----------------------------------------------------------------------------

    @Slot(str)
    def _on_session_shown(self, path: str) -> None:
        on = self.state.is_favorite(path)
        self.window.detail.set_favorite(on)
        self.window.commands[ActionId.TOGGLE_FAVORITE].setChecked(on)
        self._save_timer.start()  # the position of the session just left

    @Slot()
    def toggle_favorite(self) -> None:
        path = self.window.current_path
        if path:
            self._set_favorite(not self.state.is_favorite(path))

    @Slot(bool)
    def _set_favorite(self, on: bool) -> None:
        path = self.window.current_path
        if not path:
            return
        if self.state.is_favorite(path) != on:
            self.state.toggle_favorite(path)
        self.window.detail.set_favorite(on)
        self.window.commands[ActionId.TOGGLE_FAVORITE].setChecked(on)
        self.window.browser.set_favorites(frozenset(self.state.favorites))
        message = self.state.warning or ("Added to My agenda" if on else "Removed from My agenda")
        self.window.statusBar().showMessage(message, 3000)

    # -- reading positions ---------------------------------------------------------------------

    @Slot()
    def save_positions(self) -> None:
        self._save_timer.stop()
        self.state.positions = {
            path: index
            for path, index in self.window.transcript.remembered_positions().items()
            if index > 0
        }
        self.state.save()

    # -- watch near here -----------------------------------------------------------------------

    def estimate(self, paragraph: int) -> MomentEstimate | None:
        window = self.window
        library, path = window.library, window.current_path
        paragraphs = window.transcript.paragraphs()
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
        return estimate_moment(
            session, paragraphs[index].words_before, total, stream, members, part_start=start
        )

    @Slot(int)
    def watch_near(self, paragraph: int) -> bool:
        estimate = self.estimate(paragraph)
        if estimate is None or not estimate.url:
            self.window.statusBar().showMessage("This session has no video to open.", 4000)
            return False
        self.window.statusBar().showMessage(f"Opening the video {estimate.label}", 6000)
        return open_url(self.window, estimate.url, youtube_only=True)
