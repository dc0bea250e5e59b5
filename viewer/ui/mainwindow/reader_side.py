"""The window's reading side: the detail pane over the transcript, with the reading and notes
features and the Notes tab that work on them.

Why a module of its own: the window builds it once the first rows of a library are painted,
or as soon as something needs it (a session to show, a command), and imports it only then.
Its modules (text layout, summary rendering, find, notes) and widgets are about a quarter of
what the main process does before a first open shows its list (benchmarks/FINDINGS.md,
issue 19); none of it is needed to show the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from viewer.ui.common.settings import KEY_SPLITTER
from viewer.ui.mainwindow import state as window_state
from viewer.ui.mainwindow.actions import ActionId
from viewer.ui.mainwindow.keyboard import Pane
from viewer.ui.reader.detail_pane import DetailPane
from viewer.ui.reader.fit import ReaderFit
from viewer.ui.reader.notes import NotesFeatures
from viewer.ui.reader.notes_tab import NotesTab
from viewer.ui.reader.reading import ReadingFeatures, Shown, Tell
from viewer.ui.reader.stream_banner import part_label
from viewer.ui.reader.transcript_panel import TranscriptPanel

if TYPE_CHECKING:
    from viewer.core.library.load import Library
    from viewer.core.recordings.segments import Segment
    from viewer.core.session.model import Session
    from viewer.ui.common.settings import AppSettings
    from viewer.ui.sessions.browser import SessionBrowser


class ReaderSide:
    """The window's reading side, built and connected (the window connects what its parts ask
    of it: a speaker or partner to filter the list by).

    Attributes:
        detail, transcript: the detail pane and the transcript panel.
        splitter: the vertical splitter holding them (its sizes kept in KEY_SPLITTER).
        fit: keeps the splitter sized to the detail pane unless the user dragged it.
        reading, notes, notes_tab: the features that act on them.
    """

    def __init__(
        self,
        *,
        settings: AppSettings,
        actions: dict[ActionId, QAction],
        browser: SessionBrowser,
        tabs: QTabWidget,
        shown: Shown,
        session_shown: SignalInstance,
        open_session: Callable[[str], bool],
        tell: Tell,
        window: QWidget,
    ) -> None:
        self.detail = DetailPane(window)
        self.transcript = TranscriptPanel(window)
        self.splitter = QSplitter(Qt.Orientation.Vertical, window)
        self.splitter.setObjectName("readerSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.detail)
        self.splitter.addWidget(self.transcript)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 600])
        self.fit = ReaderFit(self.splitter, self.detail, lambda: bool(self.transcript.paragraphs()))
        # A size the user dragged is kept; one that fits the content is worked out again.
        self.fit.manual = window_state.restore_splitter(settings, KEY_SPLITTER, self.splitter)
        self.reading = ReadingFeatures(
            settings=settings,
            actions=actions,
            transcript=self.transcript,
            detail=self.detail,
            browser=browser,
            shown=shown,
            session_shown=session_shown,
            tell=tell,
            parent=window,
        )
        self.notes = NotesFeatures(
            actions=actions,
            transcript=self.transcript,
            shown=shown,
            session_shown=session_shown,
            open_session=open_session,
            tell=tell,
            parent=window,
        )
        self.notes_tab = NotesTab(
            features=self.notes,
            tabs=tabs,
            browser=browser,
            actions=actions,
            shown=shown,
            tell=tell,
            parent=window,
        )
        actions[ActionId.OPEN_VIDEO].triggered.connect(self.detail.open_video)
        actions[ActionId.COPY_VIDEO_LINK].triggered.connect(self.detail.copy_video_link)
        self.transcript.sessionRequested.connect(open_session)
        self.detail.statusMessage.connect(tell)

    def panes(self) -> list[Pane]:
        """Its panes for the keyboard (container, focus target): details, then transcript."""
        return [(self.detail, self.detail), (self.transcript, self.transcript.view)]

    def clear(self, message: str, detail: str | None = None) -> None:
        """No session: `detail` (else `message`) in the detail pane, `message` below it."""
        self.detail.clear(message if detail is None else detail)
        self.transcript.clear(message)

    def show_session(
        self, library: Library, path: str, full: Session, segment: Segment | None, keep: bool
    ) -> None:
        """Session `path` (its texts in `full`); `keep`: its transcript is on display already."""
        self.detail.show_session(full, segment)
        if keep:
            return
        self.transcript.show_session(full, library.stream_of(path), segment)
        self.transcript.set_recording_parts(
            [
                (p, part_label(library.session(p) or full, part, full.transcript_words))
                for p, part in library.recording_parts(path)
            ]
        )
