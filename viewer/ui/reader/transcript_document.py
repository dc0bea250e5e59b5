"""Paragraphs -> a QTextDocument for reading, plus the exact Python copy of its text.

One block per paragraph (paragraph index == block number); a dash and extra space where a new
speaker begins; sound annotations dimmed; 1.5 line height. The document is filled with a
QTextCursor before any view owns it, so Qt lays it out once (lazily), not after every insert.
Its text is kept identical to a Python string (`BuiltDocument.plain`), so find can run a
regular expression over that string instead of looping `QTextDocument.find`.

Two guards keep that identity and the layout cheap, whatever a file contains:
* characters QTextDocument gives a meaning (frame/block boundaries, object placeholders) are
  shown as U+FFFD, same length, so spans stay valid and one paragraph stays one block;
* Qt's word-or-anywhere wrapping is quadratic in the length of an unbroken run (a 400 KB
  "word" takes over 10 s), so runs of LONG_RUN+ characters get a zero-width space every
  BREAK_EVERY characters, in the document and in the Python text alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)

from viewer.core.session.transcript import LONG_WORD, Paragraph

# Shown before a new speaker's first paragraph, as novels set dialogue; part of the text.
SPEAKER_MARK = "—\u2002"
LINE_HEIGHT_PERCENT = 150
DOCUMENT_MARGIN = 24
LONG_RUN = LONG_WORD
BREAK_EVERY = 16
# Styling guard: real transcripts have at most ~420 speaker turns and ~40 annotations; a
# hostile one can have 80,000 (">> a " repeated). Past these counts the text is still shown
# (turn dashes included) but not styled run by run, which would cost a second or more.
MAX_STYLED_TURNS = 5_000
MAX_STYLED_ANNOTATIONS = 5_000
_ZWSP = "\u200b"
_QT_SPECIAL = re.compile("[\x00\ufdd0\ufdd1\ufffc\u2028\u2029]")


@functools.cache
def _long_run() -> re.Pattern[str]:
    """A run of LONG_RUN or more characters without a space. Paragraph text is single-space
    separated (read_paragraphs collapses whitespace), and this form scans twice as fast as
    \\S{n,}; it runs only over a paragraph flagged `long_word`, so it is compiled when the
    first one comes (most transcripts have none)."""
    return re.compile(rf"[^ ]{{{LONG_RUN},}}")


class BuiltDocument(NamedTuple):
    """A filled document and what find and scrolling need to know about it.

    Attributes:
        document: the QTextDocument (parented to the caller's object, not yet shown).
        plain: its text exactly as `document.toPlainText()` gives it.
        block_starts: document position (UTF-16 units) where each paragraph's block begins.
    """

    document: QTextDocument
    plain: str
    block_starts: list[int]


def new_document(parent: QObject, font: QFont) -> QTextDocument:
    doc = QTextDocument(parent)
    doc.setUndoRedoEnabled(False)
    doc.setDocumentMargin(DOCUMENT_MARGIN)
    doc.setDefaultFont(font)
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    return doc


def _formats(
    palette: QPalette, metrics: QFontMetrics
) -> tuple[QTextBlockFormat, QTextBlockFormat, QTextCharFormat, QTextCharFormat]:
    body = QTextBlockFormat()
    body.setLineHeight(
        LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    )
    body.setBottomMargin(metrics.height() * 0.55)
    turn = QTextBlockFormat(body)
    turn.setTopMargin(metrics.height() * 0.9)
    dim = QTextCharFormat()
    dim.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
    dim.setFontItalic(True)
    mark = QTextCharFormat()
    mark.setForeground(palette.color(QPalette.ColorRole.Link))
    mark.setFontWeight(QFont.Weight.Bold)
    return body, turn, dim, mark


def build_document(
    parent: QObject, paragraphs: Sequence[Paragraph], palette: QPalette, font: QFont
) -> BuiltDocument:
    """Fill a new document with `paragraphs` in the colours of `palette`.

    The text goes in with one `insertText` (Qt splits it into blocks at the newlines), then
    only the exceptions are formatted: speaker-turn blocks and marks, annotations. Inserting
    run by run with a format each was twice as slow; this is on par with setPlainText.
    Plain text carries no colour of its own, so it follows the palette.
    """
    doc = new_document(parent, font)
    body, turn, dim, mark = _formats(palette, QFontMetrics(font))
    lines: list[str] = []
    starts: list[int] = []
    turns: list[int] = []
    dimmed: list[tuple[int, int]] = []
    position = 0
    for i, para in enumerate(paragraphs):
        starts.append(position)
        prefix = SPEAKER_MARK if para.new_speaker else ""
        if prefix and i:
            turns.append(position)
        text = para.text
        if (not text.isascii() or "\x00" in text) and _QT_SPECIAL.search(text):
            text = _QT_SPECIAL.sub("\ufffd", text)  # same length: spans stay valid
        annotations = para.annotations
        if para.long_word and _long_run().search(text):
            text, annotations = _break_long_runs(text), ()
        base = position + len(prefix)
        ascii_text = text.isascii()
        for a, b in annotations:
            if ascii_text:
                dimmed.append((base + a, base + b))
            else:
                dimmed.append((base + _utf16_len(text[:a]), base + _utf16_len(text[:b])))
        line = prefix + text
        lines.append(line)
        position += len(prefix) + _utf16_len(text) + 1  # the mark is two BMP characters
    plain = "\n".join(lines)
    if len(turns) > MAX_STYLED_TURNS:
        turns = []
    if len(dimmed) > MAX_STYLED_ANNOTATIONS:
        dimmed = []

    cursor = QTextCursor(doc)
    cursor.beginEditBlock()
    cursor.setBlockFormat(body)
    cursor.insertText(plain)
    keep = QTextCursor.MoveMode.KeepAnchor
    if paragraphs and paragraphs[0].new_speaker and len(paragraphs) <= MAX_STYLED_TURNS:
        cursor.setPosition(0)
        cursor.setPosition(len(SPEAKER_MARK), keep)
        cursor.setCharFormat(mark)
    for at in turns:
        cursor.setPosition(at)
        cursor.setBlockFormat(turn)
        cursor.setPosition(at + len(SPEAKER_MARK), keep)
        cursor.setCharFormat(mark)
    for a, b in dimmed:
        cursor.setPosition(a)
        cursor.setPosition(b, keep)
        cursor.setCharFormat(dim)
    cursor.endEditBlock()
    return BuiltDocument(doc, plain, starts)


def message_document(
    parent: QObject, message: str, palette: QPalette, font: QFont
) -> QTextDocument:
    """A short centred note in the placeholder colour ("No transcript for this session.")."""
    doc = new_document(parent, font)
    cursor = QTextCursor(doc)
    block = QTextBlockFormat()
    block.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    block.setTopMargin(QFontMetrics(font).height() * 3)
    cursor.setBlockFormat(block)
    fmt = QTextCharFormat()
    fmt.setForeground(palette.color(QPalette.ColorRole.PlaceholderText))
    cursor.insertText(message, fmt)
    return doc


def _break_long_runs(text: str) -> str:
    """Give unbroken runs of LONG_RUN+ characters a break opportunity every BREAK_EVERY."""

    def split(match: re.Match[str]) -> str:
        run = match.group()
        return _ZWSP.join(run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY))

    return _long_run().sub(split, text)


def _utf16_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2
