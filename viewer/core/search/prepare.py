"""What indexing one session needs, made apart from the database: its rows cleaned and folded,
its transcript split into paragraphs, their bounds packed; and helper processes that make
them for the sessions ahead while the build writes (`AheadPreparer`).

Why apart: an index build is two kinds of work. Reading each file again, splitting the
transcript and folding every paragraph is pure Python; writing the rows is SQLite, which lets
go of the interpreter lock while it works. The first kind runs in helper processes (other
cores) a few sessions ahead of the second, so the build costs about what its writes cost. A
helper is only an offer (`viewer.core.util.helper`): what it did not send, or sent for a file
that changed since the build looked at it, is made here as before.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from viewer.core.search.schema import LOCAL_MASK, TRANSCRIPT
from viewer.core.session.model import Session
from viewer.core.session.parse import read_session_file
from viewer.core.session.transcript import Paragraph, pack_bounds, read_paragraphs
from viewer.core.text import folding
from viewer.core.util.digest import text_digest
from viewer.core.util.helper import Helper, serve_requests

# One row for the index: field, local number, share of the words before it, the text as
# shown (whitespace collapsed) and as searched (folded).
Row = tuple[int, int, float, str, str]

MAX_AHEAD = 32  # sessions prepared and not yet written: bounds the memory they hold
WAIT_S = 10.0  # the longest wait for one session from a live helper before going alone


@dataclass(frozen=True, slots=True)
class Prepared:
    """One session's rows; the transcript's part is empty when it has none, or when the
    caller said its digest is indexed already."""

    header_rows: list[Row]
    names: str
    digest: str
    transcript_rows: list[Row]
    words: int
    bounds: bytes


def prepare(
    session: Session, full: Session, wanted: Callable[[str], bool] = lambda digest: True
) -> Prepared:
    """The rows of `session` (its header) with the texts of `full` (summary, takeaways,
    transcript); the transcript's rows only when `wanted(digest)`."""
    transcript = full.transcript
    digest = text_digest(transcript) if transcript.strip() else ""
    speakers = " ; ".join(s.text or s.name for s in session.speakers)
    header_rows = clean_rows(
        [
            (0, 0, 0.0, session.title),
            (1, 1, 0.0, speakers),
            (2, 2, 0.0, " ; ".join(session.partners)),
            (3, 3, 0.0, full.summary),
            (4, 4, 0.0, "\n".join(full.takeaways)),
        ]
    )
    names = " ".join(folding.tokens(" ".join(f"{s.name} {s.key}" for s in session.speakers)))
    rows: list[Row] = []
    words, bounds = 0, b""
    if digest and wanted(digest):
        paragraphs = read_paragraphs(transcript)
        words = sum(p.words for p in paragraphs) or 1
        rows = paragraph_rows(paragraphs, words, transcript)
        bounds = pack_bounds(paragraphs)
    return Prepared(header_rows, names, digest, rows, words, bounds)


def clean_rows(rows: Iterable[tuple[int, int, float, str]]) -> list[Row]:
    """(field, local number, share, text) -> `Row`s: whitespace collapsed (snippets need no
    further cleaning), folded for search; empty texts and numbers past the owner's range left
    out."""
    out: list[Row] = []
    for fld, local, share, text in rows:
        text = " ".join(folding.clean(text).split())
        if text and local <= LOCAL_MASK:
            out.append((fld, local, share, text, folding.fold(text)))
    return out


def paragraph_rows(
    paragraphs: Sequence[Paragraph], words: int, transcript: str | None = None
) -> list[Row]:
    """`clean_rows` of a transcript's paragraphs, with less work: a paragraph's text has its
    whitespace collapsed already (`read_paragraphs` joins its words with single spaces), so
    it is collapsed again only when cleaning changed it (an exotic space or an invisible
    character made plain or dropped). Given the `transcript` they came from and it is
    `folding.plain_ascii` (most are), no paragraph is cleaned, and folding is lowering."""
    if transcript is not None and folding.plain_ascii(transcript):
        return [
            (TRANSCRIPT, p.index, p.words_before / words, p.text, p.text.lower())
            for p in paragraphs
            if p.text and p.index <= LOCAL_MASK
        ]
    out: list[Row] = []
    clean, fold = folding.clean, folding.fold
    for p in paragraphs:
        text = clean(p.text)
        if text != p.text:
            text = " ".join(text.split())
        if text and p.index <= LOCAL_MASK:
            out.append((TRANSCRIPT, p.index, p.words_before / words, text, fold(text)))
    return out


class AheadPreparer:
    """Helper processes preparing the sessions with a transcript of a build's list, in order,
    at most MAX_AHEAD ahead of the build: with `helpers` of them, each takes every
    `helpers`-th session. `take(index, size, mtime)` gives the prepared rows of the session at
    `index` (waiting for it while its helper is alive and on its way) or None: the build then
    prepares it itself."""

    def __init__(self, todo: Sequence[tuple[Session, int, int]], helpers: int = 1) -> None:
        self._done: dict[int, tuple[int, int, Prepared | None]] = {}
        self._cond = threading.Condition()
        self._stopped = False
        asked = [(i, s, size, mtime) for i, (s, size, mtime) in enumerate(todo) if s.has_transcript]
        self._place = {index: n for n, (index, *_) in enumerate(asked)}  # its place in `asked`
        self._next = 0  # the place of the session the build takes next
        count = max(1, min(helpers, len(asked)))
        self._sent = [-1] * count  # the last place each helper sent
        self._helpers = [Helper(__name__, asked[k::count], self._arrived) for k in range(count)]

    def _arrived(self, message: tuple[int, int, int, Prepared | None]) -> None:
        index, size, mtime, prepared = message
        place = self._place.get(index, -1)
        with self._cond:
            while place - self._next >= MAX_AHEAD and not self._stopped:
                self._cond.wait(0.5)  # the pipe fills meanwhile, and the helper waits
            if place >= self._next:
                self._done[index] = (size, mtime, prepared)
            self._sent[place % len(self._sent)] = place
            self._cond.notify_all()

    def take(self, index: int, size: int, mtime: int) -> Prepared | None:
        place = self._place.get(index)
        if place is None:
            return None
        deadline = time.monotonic() + WAIT_S
        k = place % len(self._sent)
        with self._cond:
            self._next = place
            for old in [i for i in self._done if self._place[i] < place]:
                del self._done[old]  # passed over (the build prepared it itself)
            self._cond.notify_all()
            while index not in self._done and self._sent[k] < place and not self._gone(k):
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    self._stopped = True  # a helper this slow is no help: go on alone
                    break
            got = self._done.pop(index, None)
            self._next = place + 1
            self._cond.notify_all()
        if got is None:
            return None
        sent_size, sent_mtime, prepared = got
        return prepared if (sent_size, sent_mtime) == (size, mtime) else None

    def _gone(self, k: int) -> bool:
        return self._stopped or self._helpers[k].finished.is_set()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        for helper in self._helpers:
            helper.stop()

    def __enter__(self) -> AheadPreparer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve() -> None:
    """The helper's side: prepare each session asked for, in order, one message each."""
    serve_requests(_prepare_all)


def _prepare_all(asked: list[tuple[int, Session, int, int]], send: Any) -> None:
    for index, session, size, mtime in asked:
        send((index, size, mtime, _prepare_file(session, size, mtime)))


def _prepare_file(session: Session, size: int, mtime: int) -> Prepared | None:
    """What the build would prepare for `session` from its file, if the file is still the one
    the build looked at (its size and time); else None."""
    try:
        info = os.stat(session.source)
    except (OSError, ValueError):
        return None
    if (info.st_size, info.st_mtime_ns) != (size, mtime):
        return None
    full = read_session_file(Path(session.source), session.path, counted=False)  # texts only
    if not isinstance(full, Session):
        return None
    return prepare(session, full)
