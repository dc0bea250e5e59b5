"""The transcript panel: shared-stream banner, find bar and transcript view, wired together.

The panel is the only piece that knows all three: the find bar says what to find, the
`FindEngine` finds it in the view's text, the view shows it. It also keeps the reader's place:
a find never resets the scroll (the first match at or after the reading position is current),
and each session's reading position is remembered for when the user comes back to it.

Shared streams: some sessions carry the transcript of a whole room or day stream. For those the
panel says so, opens where the session's part was found in the text (or at its slot's
estimate, or at the start when its part is not in the recording: `stream_banner.describe`
says which), and offers the whole stream from the start.

Signals:
    findCountChanged(int current, int total): current is 1-based, 0 when there is none.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.core.session.model import Session, SharedStream
from viewer.core.session.transcript import (
    Paragraph,
    paragraph_at_share,
    paragraph_at_word,
    read_paragraphs,
    share_of,
)
from viewer.core.util.collector import paused_gc
from viewer.ui.reader.find_bar import FindBar
from viewer.ui.reader.find_engine import FindEngine, FindOptions, first_at_or_after
from viewer.ui.reader.quality_note import QualityNote
from viewer.ui.reader.stream_banner import StreamBanner, describe
from viewer.ui.reader.transcript_view import TranscriptView

if TYPE_CHECKING:
    from viewer.core.recordings.segments import Segment

if TYPE_CHECKING:  # the index module is imported only once search is set up
    from viewer.core.search.captions import StoredSpellings
    from viewer.core.search.index import StoredParagraphs

NO_TRANSCRIPT = "No transcript for this session."
_TERM_NOISE = re.compile(r'^[\s"*()]+|[\s"*()]+$')


class TranscriptPanel(QWidget):
    """See the module docstring.

    Attributes:
        view: the TranscriptView (objectName transcriptView).
        find_bar: the FindBar (objectName findBar), hidden until opened.
        banner: the StreamBanner, visible only for a session in a shared stream.
        quality_note: the QualityNote, visible for a partial, doubtful or duplicate transcript.
    """

    findCountChanged = Signal(int, int)
    momentRequested = Signal(int)
    sessionRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, find_shortcut: bool = False) -> None:
        """`find_shortcut` adds Ctrl+F on the panel itself, for use without a main window
        (the window has its own Find action, and two Ctrl+F shortcuts would cancel out)."""
        super().__init__(parent)
        self.setObjectName("transcriptPanel")
        self.banner = StreamBanner(self)
        self.banner.hide()
        self.quality_note = QualityNote(self)
        self.find_bar = FindBar(self)
        self.find_bar.hide()
        self.view = TranscriptView(self)
        self.engine = FindEngine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.quality_note)
        layout.addWidget(self.banner)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.view, 1)

        self._paragraphs: list[Paragraph] = []
        self._transcript: str | None = None
        self._stored: StoredParagraphs | None = None
        self._spellings: StoredSpellings | None = None
        self._path = ""
        self._slot_paragraph = 0
        self._slot_share = 0.0
        self._part: tuple[int, int] | None = None  # paragraphs [first, end) of the session
        self._at_stream_start = False
        self._positions: dict[str, int] = {}
        self._matches: list[tuple[int, int]] = []
        self._total = 0  # len(self._matches), or the count of a quick find not yet listed
        self._current = -1
        self._find_token = 0
        self._options = FindOptions()

        self.find_bar.findRequested.connect(self._on_find)
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.closed.connect(self._on_find_closed)
        self.banner.button.clicked.connect(self._toggle_stream_start)
        self.view.momentRequested.connect(self.momentRequested)
        self.banner.sessionChosen.connect(self.sessionRequested)
        self.quality_note.sessionChosen.connect(self.sessionRequested)
        self._shortcuts(find_shortcut)

    def _shortcuts(self, find_shortcut: bool) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.FindNext):
            QShortcut(key, self, self.find_next, context=context)
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.FindPrevious):
            QShortcut(key, self, self.find_previous, context=context)
        # Esc closes the find bar while it is open; otherwise the window takes it (to the list).
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.view, self.close_find)
        self._escape.setEnabled(False)
        if find_shortcut:
            for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Find):
                QShortcut(key, self, lambda: self.open_find(), context=context)
        for shortcut in self.findChildren(QShortcut):
            shortcut.setContext(context)  # PySide6 6.12 ignores the constructor's context

    # -- sessions ------------------------------------------------------------------------------

    def set_paragraph_source(self, stored: StoredParagraphs | None) -> None:
        """Look transcripts' paragraphs up in `stored` (the search index) before splitting them;
        the previous source is closed. None: always split."""
        if self._stored is not None and self._stored is not stored:
            self._stored.close()
        self._stored = stored

    def show_session(
        self,
        session: Session,
        stream: SharedStream | None = None,
        segment: Segment | None = None,
    ) -> None:
        """Show `session`'s transcript (the full session, transcript loaded); in a shared
        recording, open at its part (`segment`, found from the text) or its slot's estimate."""
        if self._path and self.view.paragraph_count:
            self._positions[self._path] = self.view.current_paragraph()
        previous_path, self._path = self._path, session.path
        text = session.transcript
        if not text.strip():
            self._transcript = None
            self._paragraphs = []
            self.banner.hide()
            self.view.set_message(NO_TRANSCRIPT)
            self.engine.set_text("")
            self._refind()
            return
        if text != self._transcript:
            self._transcript = text
            # ~4,000 lists and paragraphs for a long transcript, none of them garbage: no
            # collector pass over the whole heap (7,000 sessions at 10x) in the middle.
            with paused_gc():
                stored = self._stored.paragraphs(text) if self._stored is not None else None
                self._paragraphs = stored if stored is not None else read_paragraphs(text)
                self.view.set_paragraphs(self._paragraphs)
            self.engine.set_text(self.view.plain_text())
        self._setup_stream(session, stream, segment)
        remembered = self._positions.get(session.path)
        if remembered is not None and session.path != previous_path:
            self.view.scroll_to_paragraph(remembered)
        else:
            self.view.scroll_to_paragraph(self._slot_paragraph)
        self._refind()

    def _setup_stream(
        self, session: Session, stream: SharedStream | None, segment: Segment | None
    ) -> None:
        self._at_stream_start = False
        self._part = None
        if stream is None or len(stream.paths) < 2 or session.path not in stream.paths:
            self.banner.hide()
            self._slot_paragraph = 0
            self._slot_share = 0.0
            return
        if segment is not None and segment.start_word is not None and not segment.absent:
            self._slot_paragraph = paragraph_at_word(self._paragraphs, segment.start_word)
            self._slot_share = share_of(self._paragraphs, self._slot_paragraph)
            end = len(self._paragraphs)
            if segment.end_word is not None and segment.end_word < self.word_count():
                end = max(
                    self._slot_paragraph + 1, paragraph_at_word(self._paragraphs, segment.end_word)
                )
            self._part = (self._slot_paragraph, end)
        elif segment is not None:  # its part is not in the recording: show it from the start
            self._slot_paragraph, self._slot_share = 0, 0.0
        else:
            self._slot_share = stream.offset_of(session.path)
            self._slot_paragraph = paragraph_at_share(self._paragraphs, self._slot_share)
        label, tooltip, can_move = describe(len(stream.paths), segment, self._slot_share)
        self.banner.describe(label, tooltip)
        self.banner.button.setText("Whole stream")
        self.banner.button.setEnabled(can_move)
        self.banner.show()

    def set_recording_parts(self, entries: Sequence[tuple[str, str]]) -> None:
        """The sessions of the shown recording as (path, label), in found order, for the
        banner's Sessions menu (choosing one emits sessionRequested)."""
        self.banner.set_parts(entries, self._path)

    @Slot()
    def _toggle_stream_start(self) -> None:
        self._at_stream_start = not self._at_stream_start
        if self._at_stream_start:
            self.view.scroll_to_paragraph(0)
            self.banner.button.setText("Back to this session")
            self.banner.button.setAccessibleName(f"Back to this session (~{self._slot_share:.0%})")
        else:
            self.view.scroll_to_paragraph(self._slot_paragraph)
            self.banner.button.setText("Whole stream")
            self.banner.button.setAccessibleName("Show whole stream from start")

    def clear(self, message: str) -> None:
        """No session: show `message` (may be "") instead of a transcript."""
        if self._path and self.view.paragraph_count:
            self._positions[self._path] = self.view.current_paragraph()
        self._path = ""
        self._transcript = None
        self._paragraphs = []
        self.banner.hide()
        self.quality_note.hide()
        self.view.set_message(message)
        self.engine.set_text("")
        self._refind()

    def current_paragraph(self) -> int:
        return self.view.current_paragraph()

    def paragraphs(self) -> Sequence[Paragraph]:
        """The reading model of the transcript shown (empty without one)."""
        return self._paragraphs

    def remembered_positions(self) -> dict[str, int]:
        """Each session's reading position (paragraph), the open one's as of now."""
        if self._path and self.view.paragraph_count:
            self._positions[self._path] = self.view.current_paragraph()
        return dict(self._positions)

    def set_remembered_positions(self, positions: dict[str, int], *, replace: bool = False) -> None:
        """Positions saved in an earlier run; a session opens where it was left. `replace`:
        forget the others (another library was loaded; its paths mean other sessions)."""
        if replace:
            self._positions.clear()
        self._positions.update(positions)

    def slot_paragraph(self) -> int:
        """The paragraph the session opened at (its estimated slot in a shared stream, or 0)."""
        return self._slot_paragraph

    def scroll_to_paragraph(self, index: int, terms: Sequence[str] = ()) -> None:
        """Bring paragraph `index` to the top; with `terms`, highlight them (find bar open)."""
        self.view.scroll_to_paragraph(index)
        cleaned = tuple(t for t in (_TERM_NOISE.sub("", term) for term in terms) if t)
        if not cleaned:
            return
        self.find_bar.show()
        self.find_bar.input.blockSignals(True)
        self.find_bar.input.setText(" ".join(cleaned))
        self.find_bar.input.blockSignals(False)
        self._run_find(
            FindOptions(
                " ".join(cleaned),
                self.find_bar.match_case(),
                self.find_bar.whole_words(),
                any_of=cleaned,
            ),
            from_position=self.view.block_position(index),
        )

    # -- find ----------------------------------------------------------------------------------

    def open_find(self, initial: str = "") -> None:
        """Open the find bar; `initial`, or else the view's one-line selection, pre-filled."""
        if not initial:
            selected = self.view.textCursor().selectedText()
            if selected and "\u2029" not in selected and len(selected) <= 200:
                initial = selected.strip()
        self.engine.prepare()
        self.find_bar.open(initial)
        self._escape.setEnabled(True)

    def close_find(self) -> None:
        if self.find_bar.isVisible():
            self.find_bar.close_bar()

    @Slot()
    def _on_find_closed(self) -> None:
        self._escape.setEnabled(False)
        self._forget_matches()
        self._options = FindOptions()
        self.view.clear_matches()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.findCountChanged.emit(0, 0)

    @Slot(str, bool, bool)
    def _on_find(self, text: str, case: bool, whole_words: bool) -> None:
        spellings = self.find_bar.spellings(text)
        any_of = (text.strip(), *spellings) if spellings else ()
        self._run_find(FindOptions(text, case, whole_words, any_of), from_position=None)

    def set_spelling_source(self, source: StoredSpellings | None) -> None:
        """Where the find bar's "also find caption spellings" looks (the search index's
        table); the previous source is closed. None hides the option."""
        if self._spellings is not None and self._spellings is not source:
            self._spellings.close()
        self._spellings = source
        self.find_bar.set_spelling_lookup(source.forms if source is not None else None)

    def _run_find(self, options: FindOptions, *, from_position: int | None) -> None:
        self._options = options
        self._find_token += 1
        start = self.view.top_position() if from_position is None else from_position
        quick = self.engine.quick_count(options, start)
        if quick is not None and quick[0] > 0:
            self._show_quick(options, *quick)
            return
        self._matches = self.engine.find_all(options)
        self._total = len(self._matches)
        if not self._matches:
            self._current = -1
            self.view.clear_matches()
        else:
            self._current = first_at_or_after(self._matches, start)
            self.view.set_matches(self._matches, self._current, reveal=True)
        self._report()

    def _show_quick(self, options: FindOptions, total: int, index: int, start: int) -> None:
        """A long transcript: the count, the current match and the highlights on screen now;
        the full list (scroll-bar marks, highlights beyond the screen, stepping) on the next
        event-loop turn."""
        self._total, self._current = total, index
        self.view.ensure_visible(start)
        near = self.engine.find_between(options, *self.view.visible_range())
        current = next((i for i, (a, _b) in enumerate(near) if a == start), -1)
        self.view.set_matches(near, current, marks=False)
        self._matches = []  # listed by _complete_find
        token = self._find_token
        QTimer.singleShot(0, self, lambda: self._complete_find(token))
        self._report()

    def _complete_find(self, token: int | None = None) -> None:
        """List every match of the quick find shown now (at once when a step needs them)."""
        if self._matches or not self._total or token not in (None, self._find_token):
            return
        self._matches = self.engine.find_all(self._options)
        self._total = len(self._matches)
        self._current = min(self._current, self._total - 1)
        self.view.set_matches(self._matches, self._current)
        if self._part is not None:
            self._report()  # the count in this session's part needs the full list

    def _refind(self) -> None:
        """Re-run the open find on a new document (the bar stays open across sessions)."""
        if self.find_bar.isVisible() and (self._options.text or self._options.any_of):
            self._run_find(self._options, from_position=None)
        else:
            self._forget_matches()
            self._report()

    def _forget_matches(self) -> None:
        self._matches, self._total, self._current = [], 0, -1
        self._find_token += 1  # a quick find still to be listed is dropped

    def _report(self) -> None:
        total = self._total
        current = self._current + 1 if self._current >= 0 else 0
        self.find_bar.set_count(current, total, self.engine.truncated, self.count_in_part())
        self.findCountChanged.emit(current, total)

    def count_in_part(self) -> int | None:
        """Matches inside the open session's part of a shared recording (the rest of the
        count is the whole recording's); None when the session has no such part, or while a
        quick find's full list is still to be made."""
        if self._part is None or (self._total and not self._matches):
            return None
        first, end = self._part
        starts = [a for a, _b in self._matches]
        low = bisect_left(starts, self.view.block_position(first))
        if end >= len(self._paragraphs):
            return len(starts) - low
        return bisect_left(starts, self.view.block_position(end)) - low

    def word_count(self) -> int:
        """Words of the transcript shown (as `transcript_words` counts them)."""
        if not self._paragraphs:
            return 0
        return self._paragraphs[-1].words_before + self._paragraphs[-1].words

    @Slot()
    def find_next(self) -> None:
        self._step(1)

    @Slot()
    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        self._complete_find()
        if not self._matches:
            if not self.find_bar.isVisible():
                self.open_find()
            return
        self._current = (self._current + delta) % len(self._matches)
        self.view.set_current_match(self._current)
        self._report()

    def active_query(self) -> str:
        """The text of the find that is shown now ("" when none), after the typing debounce."""
        return self._options.text

    def matches(self) -> list[tuple[int, int]]:
        """Every match, as document spans (a quick find's full list is made now if pending)."""
        self._complete_find()
        return list(self._matches)

    def match_count(self) -> int:
        return self._total

    def current_match(self) -> int:
        """0-based index of the current match, -1 when there is none."""
        return self._current
