"""Offsets in a transcript's reading text <-> positions in the transcript view's document.

Highlights are anchored in the reading text that every part of the program agrees on (the
paragraphs' texts joined by "\\n", `export.notes_export.TranscriptText`: also what the command
line exports from). The view's document differs from it in small, known ways: a speaker mark
opens each new turn, positions count UTF-16 units, and hostile unbroken runs get zero-width
spaces. This map converts between the two, paragraph by paragraph.
"""

from __future__ import annotations

from bisect import bisect_right

from viewer.core.export.notes_export import TranscriptText
from viewer.ui.reader.transcript_document import SPEAKER_MARK
from viewer.ui.reader.transcript_view import TranscriptView


def _utf16(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _code_points(text: str, units: int) -> int:
    """How many characters of `text` fill `units` UTF-16 units."""
    if text.isascii():
        return min(units, len(text))
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


class PositionMap:
    """Built for one shown transcript (`view` showing `text.paragraphs`)."""

    def __init__(self, view: TranscriptView, text: TranscriptText) -> None:
        self.view, self.text = view, text
        self.lines = view.plain_text().split("\n") if text.paragraphs else []

    def _prefix(self, index: int) -> int:
        return len(SPEAKER_MARK) if self.text.paragraphs[index].new_speaker else 0

    def to_document(self, offset: int) -> int:
        if not self.lines:
            return 0
        i = max(0, min(bisect_right(self.text.starts, offset) - 1, len(self.lines) - 1))
        line = self.lines[i]
        at = min(self._prefix(i) + offset - self.text.starts[i], len(line))
        return self.view.block_position(i) + _utf16(line[:at])

    def to_text(self, position: int) -> int:
        if not self.lines:
            return 0
        i = min(self.view.paragraph_at_position(position), len(self.lines) - 1)
        line = self.lines[i]
        at = _code_points(line, position - self.view.block_position(i)) - self._prefix(i)
        length = len(self.text.paragraphs[i].text)
        return self.text.starts[i] + max(0, min(at, length))
