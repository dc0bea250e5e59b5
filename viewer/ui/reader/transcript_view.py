"""The read-only transcript view: readable paragraphs, speaker turns, find highlights, safe links.

Built for long reading: the document (see `transcript_document`) has one block per paragraph,
speaker turns marked, annotations dimmed; this widget centres it in a column of about 75
characters, keeps the reader's place (an anchored paragraph survives lazy layout, re-wraps and
theme changes), and shows find matches: highlighted near the screen, marked beside the
scroll bar (`MarkedScrollBar`).

Safety: `setOpenLinks(False)` and every anchor goes through `viewer.ui.common.links.open_url`; the
document is only ever filled with plain text and char formats (never `setHtml` of file content)
and `loadResource` loads nothing.

Signals:
    momentRequested(int): "Watch the video near here" was chosen in the context menu for this
        paragraph (anchorClicked is routed to the link policy).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QMenu,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from viewer.core.session.transcript import Paragraph
from viewer.ui.common import links
from viewer.ui.reader.match_scrollbar import (
    MarkedScrollBar,
    block_tops,
    estimated_fractions,
    exact_fractions,
    layout_complete,
    palette_is_dark,
)
from viewer.ui.reader.transcript_document import (
    build_document,
    message_document,
    new_document,
)

ContextExtras = Callable[[QMenu, int], None]  # adds entries for a document position
COLUMN_CHARS = 75
SIDE_PADDING = 28
# Paint cost grows with live ExtraSelections per visible block: cap them for dense hits.
MAX_LIVE_SELECTIONS = 600
# Exact scroll-bar marks need every block's geometry; past this many blocks (only hostile
# files: real transcripts have under 1,000 paragraphs) they are estimated from positions.
MAX_EXACT_MARK_BLOCKS = 5_000


class TranscriptView(QTextBrowser):
    """Read-only transcript document; see the module docstring.

    Attributes:
        paragraph_count: number of paragraphs (== blocks) shown; 0 while showing a message.
    """

    momentRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptView")
        self.setAccessibleName("Transcript")
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.anchorClicked.connect(self._on_anchor)
        self._scrollbar = MarkedScrollBar(self)
        self.setVerticalScrollBar(self._scrollbar)
        self._scrollbar.valueChanged.connect(self._on_scrolled)
        self._scrollbar.rangeChanged.connect(self._on_range_changed)
        self._scrollbar.actionTriggered.connect(self._drop_anchor)
        self._anchor: int | None = None  # paragraph held at the top until the user scrolls
        self._y_hint = 0  # last answer of _paragraph_at_y: searches start from there
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # The side margins outside the viewport must look like the page, not the window.
        self.setAutoFillBackground(True)
        self.setAcceptDrops(False)  # files dropped here go to the window, not into the text
        self.setBackgroundRole(QPalette.ColorRole.Base)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.2)
        self.setFont(font)
        self.default_point_size = font.pointSizeF()
        self.column_chars = COLUMN_CHARS

        self._plain = ""
        self._paragraphs: Sequence[Paragraph] = ()
        self._message = ""
        self._block_starts: list[int] = []  # document position of each block (paragraph)
        self._block_ys: list[float] | None = None
        self.paragraph_count = 0
        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._marks: list[float] = []
        self._notes: list[tuple[int, int, QColor]] = []  # highlights kept by the user
        self._note_starts: list[int] = []
        self._context_extras: ContextExtras | None = None
        self._window = (0, -1)
        self._current = -1
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(150)
        self._marks_timer.timeout.connect(self._refresh_marks)
        self._attach(new_document(self, self.font()))
        self._update_column()

    # -- building ----------------------------------------------------------------------------

    def _attach(self, doc: QTextDocument) -> None:
        # Laid out once, at the column's width. A new document has no width (no wrapping):
        # shown as it is, Qt lays it out unwrapped first and then again at the column's width
        # (4 of the ~5.5 ms `setDocument` took for a transcript; benchmarks/FINDINGS.md).
        width = self.lineWrapColumnOrWidth()
        if self.lineWrapMode() == QTextEdit.LineWrapMode.FixedPixelWidth and width > 0:
            doc.setTextWidth(width)
        self.setDocument(doc)  # Qt deletes the previous document: it was our child
        self._block_ys = None

    def set_paragraphs(self, paragraphs: Sequence[Paragraph]) -> None:
        """Show `paragraphs` (from `transcript.read_paragraphs`), top of the text."""
        if paragraphs is not self._paragraphs:
            self._notes, self._note_starts = [], []
        self.clear_matches()
        self._anchor = None
        self._y_hint = 0
        built = build_document(self, paragraphs, self.palette(), self.font())
        self._attach(built.document)
        self._plain = built.plain
        self._paragraphs = paragraphs
        self._block_starts = built.block_starts
        self.paragraph_count = len(paragraphs)
        self.verticalScrollBar().setValue(0)
        if self._notes:  # the same text again (a new font or theme): same positions
            self.set_note_highlights(self._notes)

    def set_message(self, message: str) -> None:
        """Replace the text with a short centred note ("No transcript for this session.")."""
        self._notes, self._note_starts = [], []
        self.clear_matches()
        self._anchor = None
        self._attach(message_document(self, message, self.palette(), self.font()))
        self._message = message
        self._paragraphs = ()
        self._plain = ""
        self._block_starts = []
        self.paragraph_count = 0

    def plain_text(self) -> str:
        """The document's text as a Python string (blocks joined by "\\n"); "" for a message."""
        return self._plain

    def set_reading_style(self, font: QFont, column_chars: int) -> None:
        """Font and line width for reading; the place and the find matches are kept."""
        self.column_chars = max(30, min(200, column_chars))
        reading, matches, current = self.current_paragraph(), self._matches, self._current
        self.setFont(font)
        self._update_column()
        if self._paragraphs:
            self.set_paragraphs(self._paragraphs)
            self.scroll_to_paragraph(reading)
            if matches:
                self.set_matches(matches, current)
        elif self._message:
            self.set_message(self._message)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.paragraph_count:
            position = self.cursorForPosition(event.pos()).position()
            paragraph = self.paragraph_at_position(position)
            menu.addSeparator()
            action = menu.addAction("Watch the video near here (estimate)")
            action.setObjectName("watchNearHereAction")
            action.triggered.connect(lambda: self.momentRequested.emit(paragraph))
            if self._context_extras is not None:
                self._context_extras(menu, position)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: rebuild the formats in the new colours, keeping place and matches."""
        super().changeEvent(event)
        if event.type() != QEvent.Type.PaletteChange or not hasattr(self, "_message"):
            return  # (also sent while __init__ is still running)
        if not self._paragraphs:
            if self._message:
                self.set_message(self._message)
            return
        reading, matches, current = self.current_paragraph(), self._matches, self._current
        self.set_paragraphs(self._paragraphs)
        self.scroll_to_paragraph(reading)
        if matches:
            self.set_matches(matches, current)

    # -- layout: a centred column of comfortable width ---------------------------------------

    def column_width(self) -> int:
        metrics = self.fontMetrics()
        return int(metrics.averageCharWidth() * self.column_chars) + 2 * 24

    def _update_column(self) -> None:
        available = max(200, self.width() - self.verticalScrollBar().sizeHint().width())
        width = min(self.column_width(), available - 2 * SIDE_PADDING)
        width = max(160, width)
        side = max(0, (available - width) // 2)
        self.setViewportMargins(side, 0, side, 0)
        if self.lineWrapColumnOrWidth() != width:
            self.setLineWrapColumnOrWidth(width)
            self._block_ys = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A narrower column re-wraps every paragraph: keep the paragraph being read on top.
        reading = self._anchor
        if reading is None and self.paragraph_count:
            reading = self.current_paragraph()
        width = self.lineWrapColumnOrWidth()
        self._update_column()
        super().resizeEvent(event)
        if reading is not None and width != self.lineWrapColumnOrWidth():
            self.scroll_to_paragraph(reading)
        self._block_ys = None
        if self._matches or self._notes:
            self._marks = self._mark_fractions()
            self._show_marks()
            self._show_note_marks()
            self._apply_selections(force=True)

    # -- positions ---------------------------------------------------------------------------

    def block_position(self, paragraph: int) -> int:
        """Document position where paragraph `paragraph` begins (clamped)."""
        if not self._block_starts:
            return 0
        return self._block_starts[min(max(paragraph, 0), len(self._block_starts) - 1)]

    def paragraph_at_position(self, position: int) -> int:
        return max(0, bisect_right(self._block_starts, position) - 1)

    def current_paragraph(self) -> int:
        """The paragraph at the top of the visible area (the reading position).

        Found from block geometry rather than a hit test, which lands in the previous block
        when the top of the view is in a paragraph's top margin.
        """
        if not self.paragraph_count:
            return 0
        if self._anchor is not None:  # being moved there (see scroll_to_paragraph)
            return self._anchor
        return self.paragraph_at_top()

    def paragraph_at_top(self) -> int:
        """The paragraph whose block is at the top of the viewport right now."""
        return self._paragraph_at_y(self.verticalScrollBar().value() + 2)

    def _paragraph_at_y(self, y: float) -> int:
        """The block at document height `y`, searched by block geometry.

        Hit tests (`cursorForPosition`) are not used: in a part Qt has not laid out yet they
        answer with the end of the document. The search gallops out from the last answer
        before bisecting, so it only makes Qt lay out about as far as the answer, never the
        middle of a long document it has not reached yet.
        """
        n = self.paragraph_count
        if not n:
            return 0
        doc = self.document()
        layout = doc.documentLayout()

        def top(index: int) -> float:
            return layout.blockBoundingRect(doc.findBlockByNumber(index)).top()

        start = min(self._y_hint, n - 1)
        step = 1
        if top(start) <= y:
            lo, hi = start, n
            while lo + step < n:
                if top(lo + step) > y:
                    hi = lo + step
                    break
                lo += step
                step *= 2
        else:
            lo, hi = 0, start
            while hi - step > 0:
                if top(hi - step) <= y:
                    lo = hi - step
                    break
                hi -= step
                step *= 2
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if top(mid) <= y:
                lo = mid
            else:
                hi = mid
        self._y_hint = lo
        return lo

    def _position_at_y(self, y: float) -> int:
        """Document position of the first character on the line at document height `y`."""
        if not self.paragraph_count:
            return 0
        block = self.document().findBlockByNumber(self._paragraph_at_y(y))
        self.document().documentLayout().blockBoundingRect(block)  # makes sure it is laid out
        text_layout = block.layout()
        local = y - text_layout.position().y()
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            if line.y() + line.height() > local:
                return block.position() + line.textStart()
        return block.position() + max(0, block.length() - 1)

    def top_position(self) -> int:
        """Document position at the top of the viewport (where reading continues)."""
        return self._position_at_y(self.verticalScrollBar().value() + 2)

    def scroll_to_paragraph(self, paragraph: int) -> None:
        """Put paragraph `paragraph` at the top of the view, and keep it there until the user
        scrolls: Qt lays long documents out in the background and the view may not be shown
        yet, so positions move under us; the anchor is re-applied whenever the range changes.
        """
        if not self.paragraph_count:
            return
        self._anchor = min(max(paragraph, 0), self.paragraph_count - 1)
        self._apply_anchor()

    def _apply_anchor(self) -> None:
        if self._anchor is None or not self.paragraph_count:
            return
        if self._anchor == 0:  # the beginning: the document's top margin shows, as when read
            target = 0
        else:
            block = self.document().findBlockByNumber(self._anchor)
            target = int(self.document().documentLayout().blockBoundingRect(block).top())
        self.verticalScrollBar().setValue(target)

    @Slot()
    def _on_range_changed(self) -> None:
        self._apply_anchor()

    @Slot()
    def _drop_anchor(self) -> None:
        """The user moved: their position wins over any pending programmatic one."""
        self._anchor = None

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Wheel, QEvent.Type.MouseButtonPress):
            self._anchor = None
        return super().viewportEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._anchor = None
        super().keyPressEvent(event)

    def ensure_visible(self, position: int) -> None:
        """Scroll so document `position` is visible, centring it when it was off screen."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        rect = self.cursorRect(cursor)
        view = self.viewport().rect()
        if rect.top() >= 0 and rect.bottom() <= view.height():
            return
        self._anchor = None
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - view.height() // 3)

    # -- find highlights ---------------------------------------------------------------------
    #
    # Every match is highlighted, but ExtraSelections are only materialised for the matches near
    # the visible area (one screen above and below), rebuilt when scrolling leaves that window:
    # a cursor per match of a common word would cost more than a frame, a screenful costs
    # little, and paint time no longer grows with the number of hits.

    def _highlight_formats(self) -> tuple[QTextCharFormat, QTextCharFormat]:
        dark = palette_is_dark(self.palette())
        every = QTextCharFormat()
        every.setBackground(QColor("#5c4a00" if dark else "#fde68a"))
        current = QTextCharFormat()
        current.setBackground(QColor("#f08c00"))
        current.setForeground(QColor("#000000"))
        return every, current

    def set_matches(
        self,
        spans: Sequence[tuple[int, int]],
        current: int = -1,
        *,
        reveal: bool = False,
        marks: bool = True,
    ) -> None:
        """Highlight every span (document positions, sorted); `current` in a stronger colour.

        With `reveal`, the current match is scrolled into view first (one selection rebuild).
        Without `marks`, the scroll bar shows none (the spans are only those near the screen,
        the full list follows).
        """
        self._matches = list(spans)
        self._match_starts = [a for a, _ in self._matches]
        self._current = current if 0 <= current < len(self._matches) else -1
        if reveal and self._current >= 0:
            self.ensure_visible(self._matches[self._current][0])
        self._window = (0, -1)
        self._marks = self._mark_fractions() if marks else []
        self._apply_selections(force=True)
        self._show_marks()

    def set_current_match(self, index: int) -> None:
        """Mark match `index` as current (stronger colour) and scroll it into view."""
        if not 0 <= index < len(self._matches):
            return
        self._current = index
        self.ensure_visible(self._matches[index][0])
        self._apply_selections(force=True)
        self._show_marks()

    def clear_matches(self) -> None:
        self._matches = []
        self._match_starts = []
        self._marks = []
        self._current = -1
        self._window = (0, -1)
        self._apply_selections(force=True)  # the user's highlights stay
        self._scrollbar.set_marks([])

    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def current_match(self) -> int:
        return self._current

    def highlighted_count(self) -> int:
        """How many ExtraSelections are live now (the visible window of matches, plus current)."""
        return len(self.extraSelections())

    def visible_range(self) -> tuple[int, int]:
        """Document positions at the top-left and bottom-right of the viewport."""
        value = self.verticalScrollBar().value()
        top = self._position_at_y(value)
        bottom = self._position_at_y(value + self.viewport().height())
        return top, max(top, bottom)

    @Slot()
    def _on_scrolled(self) -> None:
        if self._matches or self._notes:
            self._apply_selections(force=False)

    # -- the user's highlights -----------------------------------------------------------------
    #
    # Drawn the same cheap way as find matches: ExtraSelections for the ones near the screen
    # only, under the find highlights; marked on the scroll bar's other edge.

    def set_note_highlights(self, spans: Sequence[tuple[int, int, QColor]]) -> None:
        """Show the user's highlights: (start, end, colour) document spans."""
        self._notes = sorted(spans, key=lambda span: span[0])
        self._note_starts = [a for a, _b, _c in self._notes]
        self._window = (0, -1)
        self._apply_selections(force=True)
        self._show_note_marks()

    def note_highlights(self) -> list[tuple[int, int, QColor]]:
        return list(self._notes)

    def _note_selections(self, lo_pos: int, hi_pos: int) -> list[QTextEdit.ExtraSelection]:
        # A highlight that starts above the window may still reach into it: look back.
        lo = max(0, bisect_left(self._note_starts, lo_pos) - 50)
        hi = min(bisect_right(self._note_starts, hi_pos), lo + MAX_LIVE_SELECTIONS)
        out = []
        for a, b, colour in self._notes[lo:hi]:
            if b < lo_pos:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            out.append(self._selection(a, b, fmt))
        return out

    def _show_note_marks(self) -> None:
        doc = self.document()
        fractions = estimated_fractions(doc, self._note_starts)
        if (
            self._note_starts
            and layout_complete(doc)
            and self.paragraph_count <= MAX_EXACT_MARK_BLOCKS
        ):
            if self._block_ys is None:
                self._block_ys = block_tops(doc)
            fractions = exact_fractions(doc, self._block_ys, self._block_starts, self._note_starts)
        elif self._note_starts:
            self._marks_timer.start()
        self._scrollbar.set_note_marks(
            [(f, c) for f, (_a, _b, c) in zip(fractions, self._notes, strict=True)]
        )

    def e2e_state(self) -> dict[str, object]:
        """For the end-to-end probe: the highlighted texts, and where the current find match
        begins and ends on screen (global coordinates), so a test can drag over it."""
        texts = []
        for a, b, _c in self._notes[:50]:
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            texts.append(cursor.selectedText())
        state: dict[str, object] = {"note_highlights": texts}
        if 0 <= self._current < len(self._matches):
            ends = []
            for position in self._matches[self._current]:
                cursor = QTextCursor(self.document())
                cursor.setPosition(position)
                rect = self.cursorRect(cursor)
                point = self.viewport().mapToGlobal(rect.center())
                ends.append([point.x(), point.y()])
            state["match_ends"] = ends
        return state

    def set_context_extras(self, extras: ContextExtras | None) -> None:
        """`extras(menu, position)` adds entries to the context menu (copy as quote,
        highlight, edit note) for the document position clicked."""
        self._context_extras = extras

    def _selection(self, a: int, b: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _apply_selections(self, *, force: bool) -> None:
        if not self._matches and not self._notes:
            self.setExtraSelections([])
            return
        top, bottom = self.visible_range()
        lo_pos, hi_pos = self._window
        if not force and lo_pos <= top and bottom <= hi_pos:
            return
        lo_pos, hi_pos = _around(top, bottom)
        lo = bisect_left(self._match_starts, lo_pos)
        hi = bisect_right(self._match_starts, hi_pos)
        if hi - lo > MAX_LIVE_SELECTIONS:  # dense hits ("a" in "a a a …"): the screen only
            lo_pos, hi_pos = top, bottom
            lo = bisect_left(self._match_starts, lo_pos)
            hi = min(bisect_right(self._match_starts, hi_pos), lo + MAX_LIVE_SELECTIONS)
        every, strong = self._highlight_formats()
        selections = self._note_selections(lo_pos, hi_pos)
        selections += [self._selection(a, b, every) for a, b in self._matches[lo:hi]]
        if self._current >= 0:
            a, b = self._matches[self._current]
            selections.append(self._selection(a, b, strong))  # drawn last, on top
        self._window = (lo_pos, hi_pos)
        self.setExtraSelections(selections)

    # -- scrollbar marks ---------------------------------------------------------------------

    def layout_complete(self) -> bool:
        """Qt lays a long document out in the background; True once the last block has lines."""
        return layout_complete(self.document())

    def _mark_fractions(self) -> list[float]:
        """Each match's height in the document (0..1).

        Until Qt has laid the whole document out (a while after opening a long one), forcing it
        would stall the first find; the marks are then estimated from character positions
        and recomputed once the layout is done.
        """
        if not self._matches or not self._block_starts:
            return []
        doc = self.document()
        if not layout_complete(doc) or self.paragraph_count > MAX_EXACT_MARK_BLOCKS:
            if self.paragraph_count <= MAX_EXACT_MARK_BLOCKS:
                self._marks_timer.start()
            return estimated_fractions(doc, self._match_starts)
        if self._block_ys is None:
            self._block_ys = block_tops(doc)
        return exact_fractions(doc, self._block_ys, self._block_starts, self._match_starts)

    @Slot()
    def _refresh_marks(self) -> None:
        if self._matches:
            self._marks = self._mark_fractions()
            self._show_marks()
        if self._notes:
            self._show_note_marks()

    def _show_marks(self) -> None:
        current = self._marks[self._current] if 0 <= self._current < len(self._marks) else None
        self._scrollbar.set_marks(self._marks, current)

    def scroll_marks(self) -> list[float]:
        return self._scrollbar.marks()

    # -- links -------------------------------------------------------------------------------

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        links.open_url(self, url.toString())

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Never load anything a document names (images, style sheets): nothing is ours."""
        return None


def _around(top: int, bottom: int) -> tuple[int, int]:
    """The positions top..bottom widened by their own length (at least 2,000) on each side."""
    span = max(bottom - top, 2000)
    return max(0, top - span), bottom + span
