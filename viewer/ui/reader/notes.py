"""Keep and cite what you read: copy as quote, highlights with notes, the notes view's data.

`NotesFeatures` owns the profile's notes (`core.library.notes`, one JSON file beside the
reading state) and connects the actions and widgets it is handed: "Copy as Quote" puts the
selection with its source on the clipboard (text/plain and text/markdown), "Highlight…" keeps
the selection with a colour and an optional note; the open transcript shows the session's
highlights, placed again in its current text (`core.library.anchors`) each time it is shown, so
they survive restarts and edits of the file; a highlight that cannot be placed is kept and
flagged "not found in the current text". It is given the objects and callbacks it uses, never
the window.

Signals:
    changed(): the notes changed (the notes view and the session list's marks follow).
"""

from __future__ import annotations

import atexit
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu

from viewer.core.library.anchors import Placement, make_anchor, resolve
from viewer.core.library.notes import DEFAULT_COLOUR, Highlight, NotesStore, new_highlight
from viewer.core.library.userstate import state_keys
from viewer.core.util.appdirs import config_dir
from viewer.ui.common.messages import STICKY
from viewer.ui.mainwindow.actions import ActionId

if TYPE_CHECKING:
    from viewer.core.export.citation import QuoteSource
    from viewer.core.export.notes_export import TranscriptText
    from viewer.core.library.load import Library
    from viewer.core.session.model import Session
    from viewer.ui.reader.note_positions import PositionMap
    from viewer.ui.reader.transcript_panel import TranscriptPanel

MARKDOWN_MIME = "text/markdown"
# Highlights placed per transcript and checked per library listing: bounded whatever the
# notes file holds (a real reader keeps tens per session).
MAX_PLACED = 2_000
MAX_CHECKED = 5_000
Shown = Callable[[], "tuple[Library | None, str]"]
Tell = Callable[[str, int], None]
# Asks for (colour, note) for a quote; None when cancelled. Tests replace it.
AskHighlight = Callable[[str, str, str], "tuple[str, str] | None"]


class NotesFeatures(QObject):
    """See the module docstring."""

    changed = Signal()

    def __init__(
        self,
        *,
        actions: dict[ActionId, QAction],
        transcript: TranscriptPanel,
        shown: Shown,
        session_shown: SignalInstance,
        open_session: Callable[[str], bool],
        tell: Tell,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.actions, self.transcript, self.shown, self.tell = actions, transcript, shown, tell
        self._open_session = open_session
        self.store = NotesStore.load(config_dir())
        if self.store.warning:
            warning = self.store.warning
            QTimer.singleShot(0, self, lambda: tell(warning, STICKY))
        self.ask: AskHighlight = self._ask_dialog
        self._text: TranscriptText | None = None
        self._placed: dict[str, Placement] = {}  # highlight id -> place in the open transcript
        actions[ActionId.COPY_QUOTE].triggered.connect(self.copy_quote)
        actions[ActionId.HIGHLIGHT].triggered.connect(lambda: self.highlight_selection())
        transcript.view.set_context_extras(self._context_entries)
        transcript.view.installEventFilter(self)  # a theme switch: highlights in new colours
        session_shown.connect(self._on_session_shown)

    # -- the open transcript -------------------------------------------------------------------

    # The citation, export and position code is imported on first use: a start-up with no
    # highlights needs none of it.

    def _reading_text(self) -> TranscriptText:
        from viewer.core.export.notes_export import TranscriptText

        paragraphs = self.transcript.paragraphs()
        if self._text is None or self._text.paragraphs is not paragraphs:
            self._text = TranscriptText.from_paragraphs(paragraphs)
        return self._text

    def _map(self) -> PositionMap:
        from viewer.ui.reader.note_positions import PositionMap

        return PositionMap(self.transcript.view, self._reading_text())

    def selection(self) -> tuple[int, int] | None:
        """The view's selection as reading-text offsets, None when nothing is selected."""
        cursor = self.transcript.view.textCursor()
        if not cursor.hasSelection() or not self.transcript.paragraphs():
            return None
        positions = self._map()
        start = positions.to_text(cursor.selectionStart())
        end = positions.to_text(cursor.selectionEnd())
        text = self._reading_text().text
        return (start, end) if text[start:end].strip() else None

    def _session(self) -> tuple[Library | None, Session | None]:
        library, path = self.shown()
        if library is None or not path:
            return library, None
        return library, library.session(path)

    def source_at(self, start: int) -> QuoteSource | None:
        from viewer.core.export.notes_export import quote_source

        library, session = self._session()
        if session is None:
            return None
        text = self._reading_text()
        paragraph = max(
            0, self.transcript.view.paragraph_at_position(self._map().to_document(start))
        )
        before = text.words_before(start, paragraph)
        return quote_source(library, session, before, text.total_words())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange and self._placed:
            QTimer.singleShot(0, self, self.refresh_transcript)  # after the view rebuilt
        return False

    @Slot(str)
    def _on_session_shown(self, _path: str) -> None:
        self.refresh_transcript()

    def refresh_transcript(self) -> None:
        """Place the open session's highlights in its transcript and show them."""
        _library, path = self.shown()
        highlights = self.store.of_session(path)[:MAX_PLACED] if path else []
        self._placed = {}
        if not highlights or not self.transcript.paragraphs():
            self.transcript.view.set_note_highlights([])
            return
        from viewer.ui.reader.highlight_dialog import shade  # only once there are highlights

        text, positions = self._reading_text(), self._map()
        palette = self.transcript.view.palette()
        spans, found = [], []
        for h in highlights:
            place = resolve(h.anchor, text.text, text.starts)
            found.append((h.id, place is not None))
            if place is not None:
                self._placed[h.id] = place
                a, b = positions.to_document(place.start), positions.to_document(place.end)
                spans.append((a, b, shade(h.colour, palette)))
        self.transcript.view.set_note_highlights(spans)
        before = {h.id: h.found for h in highlights}
        self.store.mark_found(found)
        if any(before[i] != ok for i, ok in found):
            self.changed.emit()

    # -- copy as quote -------------------------------------------------------------------------

    @Slot()
    def copy_quote(self) -> bool:
        span = self.selection()
        if span is None:
            self.tell("Select some transcript text to copy as a quote.", 4000)
            return False
        source = self.source_at(span[0])
        if source is None:
            return False
        from viewer.core.export.citation import cite

        citation = cite(self._reading_text().text[span[0] : span[1]], source)
        data = QMimeData()
        data.setText(citation.plain)
        data.setData(MARKDOWN_MIME, citation.markdown.encode("utf-8"))
        QGuiApplication.clipboard().setMimeData(data)
        _release_clipboard_before_exit()
        self.tell("Copied as a quote with its source (text and Markdown).", 4000)
        return True

    # -- highlights ----------------------------------------------------------------------------

    def _ask_dialog(self, quote: str, colour: str, note: str) -> tuple[str, str] | None:
        from PySide6.QtWidgets import QDialog  # the dialog's classes: when first asked

        from viewer.ui.reader.highlight_dialog import HighlightDialog

        dialog = HighlightDialog(quote, colour, note, self.transcript.view)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = (dialog.colour(), dialog.note()) if accepted else None
        dialog.deleteLater()
        return result

    def highlight_selection(
        self, colour: str | None = None, note: str | None = None
    ) -> Highlight | None:
        """Keep the selection as a highlight; asks for colour and note unless both are given."""
        span = self.selection()
        _library, path = self.shown()
        if span is None or not path:
            self.tell("Select some transcript text to highlight.", 4000)
            return None
        text = self._reading_text()
        anchor = make_anchor(text.text, span[0], span[1], text.starts)
        if colour is None or note is None:
            answer = self.ask(anchor.exact, colour or DEFAULT_COLOUR, note or "")
            if answer is None:
                return None
            colour, note = answer
        highlight = new_highlight(path, anchor, colour, note)
        library, _path = self.shown()
        session = library.session(path) if library is not None else None
        if session is not None:
            highlight = highlight._replace(file=state_keys([(path, session.source)])[path])
        saved = self.store.add(highlight)
        self.tell("Highlight kept." if saved else self.store.warning, 4000 if saved else STICKY)
        self.refresh_transcript()
        self.changed.emit()
        return highlight

    def bind(self, library: Library) -> None:
        """A library was loaded: highlights follow their sessions' files to this library's
        paths (`NotesStore.bind`), whatever folder it was opened from."""
        self.store.bind(library.state_keys())
        self.changed.emit()

    def check_all(self, library: Library, limit: int = 200) -> None:
        """Place every session's highlights in its current file (the notes view lists those
        not found); at most `limit` sessions, the open one is placed when shown."""
        _library, current = self.shown()
        paths = list(dict.fromkeys(h.session for h in self.store.highlights))
        found: list[tuple[str, bool]] = []
        for path in paths[:limit]:
            if path == current or library.session(path) is None:
                continue
            if len(found) >= MAX_CHECKED:
                break
            text = self._text_class().of(library.full_session(path).transcript)
            found += [
                (h.id, resolve(h.anchor, text.text, text.starts) is not None)
                for h in self.store.of_session(path)[:MAX_PLACED]
            ]
        self.store.mark_found(found)

    @staticmethod
    def _text_class() -> type[TranscriptText]:
        from viewer.core.export.notes_export import TranscriptText

        return TranscriptText

    def highlight_at(self, position: int) -> Highlight | None:
        """The open session's highlight covering document `position`, if any."""
        offset = self._map().to_text(position)
        for hid, place in self._placed.items():
            if place.start <= offset <= place.end:
                return self.store.get(hid)
        return None

    def edit_note(self, highlight_id: str, note: str) -> None:
        if self.store.update(highlight_id, note=note) is not None:
            self.changed.emit()

    def remove(self, highlight_id: str) -> None:
        if self.store.remove(highlight_id):
            self.refresh_transcript()
            self.changed.emit()

    def jump_to(self, highlight_id: str) -> bool:
        """Open the highlight's session and bring its passage into view."""
        highlight = self.store.get(highlight_id)
        if highlight is None:
            return False
        _library, current = self.shown()
        if current != highlight.session and not self._open_session(highlight.session):
            self.tell("That session is not in the open library.", 4000)
            return False
        place = self._placed.get(highlight_id)
        if place is None:
            self.tell("This highlight was not found in the current text of its session.", 6000)
            return False
        self.transcript.view.scroll_to_paragraph(place.paragraph)
        self.transcript.view.ensure_visible(self._map().to_document(place.start))
        return True

    # -- context menu --------------------------------------------------------------------------

    def _context_entries(self, menu: QMenu, position: int) -> None:
        menu.addSeparator()
        has_selection = self.transcript.view.textCursor().hasSelection()
        for action_id in (ActionId.COPY_QUOTE, ActionId.HIGHLIGHT):
            action = self.actions[action_id]
            entry = menu.addAction(action.icon(), action.text())
            entry.setObjectName(f"{action.objectName()}Entry")
            entry.setEnabled(has_selection)
            entry.triggered.connect(action.trigger)
        highlight = self.highlight_at(position)
        if highlight is not None:
            edit = menu.addAction("Edit Highlight Note…")
            edit.setObjectName("editHighlightNoteEntry")
            edit.triggered.connect(lambda: self._edit_in_dialog(highlight))
            remove = menu.addAction("Remove Highlight")
            remove.setObjectName("removeHighlightEntry")
            remove.triggered.connect(lambda: self.remove(highlight.id))

    def _edit_in_dialog(self, highlight: Highlight) -> None:
        answer = self.ask(highlight.anchor.exact, highlight.colour, highlight.note)
        if answer is not None:
            colour, note = answer
            self.store.update(highlight.id, colour=colour, note=note)
            self.refresh_transcript()
            self.changed.emit()


_RELEASE_REGISTERED = False


def _release_clipboard_before_exit() -> None:
    """Let go of clipboard data we set before the interpreter tears the QApplication down: in
    PySide6 a clipboard still holding a QMimeData from Python crashes the process on the way
    out. The program itself ends with `os._exit` and never gets here; an in-process host (the
    tests, the benchmarks) does."""
    global _RELEASE_REGISTERED
    if _RELEASE_REGISTERED:
        return
    _RELEASE_REGISTERED = True

    def release() -> None:
        if QGuiApplication.instance() is not None:
            clipboard = QGuiApplication.clipboard()
            if clipboard.ownsClipboard() or clipboard.mimeData() is not None:
                clipboard.clear()

    atexit.register(release)
