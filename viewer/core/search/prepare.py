"""What indexing one session needs, made apart from the database: its rows cleaned and folded,
its transcript split into paragraphs, their bounds packed; and helper processes that make
them for the sessions ahead while the build writes (`AheadPreparer`), then place the shared
recordings whose slots the build writes last.

Why apart: an index build is two kinds of work. Reading each file again, splitting the
transcript and folding every paragraph is pure Python; writing the rows is SQLite, which lets
go of the interpreter lock while it works. The first kind runs in helper processes (other
cores) a few sessions ahead of the second, so the build costs about what its writes cost; a
transcript shared by several sessions (one recording) is split once. A
helper is only an offer (`viewer.core.util.helper`): what it did not send, or sent for a file
that changed since the build looked at it, is made here as before.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from viewer.core.search.schema import LOCAL_MASK, TRANSCRIPT
from viewer.core.session.model import ParseProblem, Session, SharedStream
from viewer.core.session.parse import parse_session, read_session_bytes
from viewer.core.session.transcript import Paragraph, pack_bounds, read_paragraphs
from viewer.core.text import folding
from viewer.core.util.digest import text_digest
from viewer.core.util.helper import Helper, serve_requests
from viewer.core.util.pathtext import stored_text

if TYPE_CHECKING:
    from viewer.core.recordings.segments import Segment

# One row for the index: field, local number, share of the words before it, the text as
# shown (whitespace collapsed) and as searched (folded).
Row = tuple[int, int, float, str, str]

MAX_AHEAD = 32  # sessions prepared and not yet written: bounds the memory they hold
# The helpers yield the processor to the building process (and to the window): the build
# waits on its own writes, which the helpers, with time to spare, would otherwise slow.
HELPER_NICENESS = 10
WAIT_S = 10.0  # the longest wait for one session from a live helper before going alone
# The first sessions' files, up to this many bytes, the build prepares itself while the
# helpers start (a process and its imports: 40-50 ms it would otherwise wait for the first).
LEAD_BYTES = 512 * 1024


@dataclass(frozen=True, slots=True)
class Prepared:
    """One session's rows; the transcript's part is empty when it has none, or when the
    caller said its digest is indexed already (`left_out`)."""

    header_rows: list[Row]
    names: str
    digest: str
    transcript_rows: list[Row]
    words: int
    bounds: bytes
    left_out: bool = False


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
    left_out = bool(digest) and not wanted(digest)
    if digest and not left_out:
        paragraphs = read_paragraphs(transcript)
        words = sum(p.words for p in paragraphs) or 1
        rows = paragraph_rows(paragraphs, words, transcript)
        bounds = pack_bounds(paragraphs)
    return Prepared(header_rows, names, digest, rows, words, bounds, left_out)


def clean_rows(rows: Iterable[tuple[int, int, float, str]]) -> list[Row]:
    """(field, local number, share, text) -> `Row`s: whitespace collapsed (snippets need no
    further cleaning), folded for search, both in the form SQLite stores
    (`pathtext.stored_text`: the build writes rows as they are); empty texts and numbers past
    the owner's range left out."""
    out: list[Row] = []
    for fld, local, share, text in rows:
        text = " ".join(folding.clean(text).split())
        if text and local <= LOCAL_MASK:
            out.append((fld, local, share, stored_text(text), stored_text(folding.fold(text))))
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
    clean, fold, stored = folding.clean, folding.fold, stored_text
    for p in paragraphs:
        text = clean(p.text)
        if text != p.text:
            text = " ".join(text.split())
        if text and p.index <= LOCAL_MASK:
            out.append(
                (TRANSCRIPT, p.index, p.words_before / words, stored(text), stored(fold(text)))
            )
    return out


# A shared recording to place (`segments.find_segments`): the recording, its sessions'
# headers, and the file its transcript is read from with the size and time the library saw.
Placing = tuple[SharedStream, list[Session], str, int, int]


class AheadPreparer:
    """Helper processes preparing the sessions with a transcript of a build's list, in order,
    at most MAX_AHEAD ahead of the build. With `helpers` of them, the sessions of one video
    go to the same helper (`assign`), which splits their shared transcript once.
    `take(index, size, mtime)` gives the prepared rows of the session at `index` (waiting for
    it while its helper is alive and on its way) or None: the build then prepares it itself.

    After their rows, the helpers place the shared recordings of `placing` (each by the helper
    of its video's sessions) and give each to `placed(recording, parts)`, on a reader
    thread; the build places what they have not placed when its rows are written."""

    def __init__(
        self,
        todo: Sequence[tuple[Session, int, int]],
        helpers: int = 1,
        placing: Sequence[Placing] = (),
        placed: Callable[[SharedStream, dict[str, Segment]], None] | None = None,
    ) -> None:
        self._done: dict[int, tuple[int, int, Prepared | None]] = {}
        self._cond = threading.Condition()
        self._stopped = False
        asked = [(i, s, size, mtime) for i, (s, size, mtime) in enumerate(todo) if s.has_transcript]
        lead = total = 0  # the first sessions, prepared by the build while the helpers start
        for _, _, size, _ in asked[:-1]:
            total += size
            if total > LEAD_BYTES:
                break
            lead += 1
        asked = asked[lead:]
        self._place = {index: n for n, (index, *_) in enumerate(asked)}  # its place in `asked`
        self._next = 0  # the place of the session the build takes next
        count = max(1, min(helpers, len(asked)))
        # A recording goes to the helper of its video's sessions; its size counts only when
        # none of them is in the build (a recording's sessions re-indexed without it).
        files = [(s.video_id, size) for _, s, size, _ in asked]
        files += [(stream.video_id, size) for stream, _, _, size, _ in placing]
        owner = assign(files, count)
        self._helper_of = owner[: len(asked)]
        self._placing = [stream for stream, *_ in placing]
        self._placed = placed
        self._sent = [-1] * count  # the last place each helper sent
        requests: list[tuple[list[Any], list[Any]]] = [([], []) for _ in range(count)]
        for job, k in zip(asked, self._helper_of, strict=True):
            requests[k][0].append(job)
        for number, (task, k) in enumerate(zip(placing, owner[len(asked) :], strict=True)):
            requests[k][1].append((number, *task))
        self._helpers = [Helper(__name__, request, self._arrived) for request in requests]

    def _arrived(self, message: tuple[Any, ...]) -> None:
        if len(message) == 2:  # a recording placed: (its number in `placing`, parts)
            number, parts = message
            if self._placed is not None and 0 <= number < len(self._placing):
                self._placed(self._placing[number], parts)
            return
        index, size, mtime, prepared = message
        place = self._place.get(index, -1)
        with self._cond:
            while place - self._next >= MAX_AHEAD and not self._stopped:
                self._cond.wait(0.5)  # the pipe fills meanwhile, and the helper waits
            if place >= self._next:
                self._done[index] = (size, mtime, prepared)
            self._sent[self._helper_of[place]] = place
            self._cond.notify_all()

    def take(self, index: int, size: int, mtime: int) -> Prepared | None:
        place = self._place.get(index)
        if place is None:
            return None
        deadline = time.monotonic() + WAIT_S
        k = self._helper_of[place]
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


def assign(files: Sequence[tuple[str, int]], helpers: int) -> list[int]:
    """The helper for each of `files` ((video id, size) in the build's order): the one that
    has the fewest bytes to read so far, except that the files of one video (a recording
    shared by several sessions: one transcript) all go to the helper of its first file, which
    then splits that transcript only once. A size counts once per video."""
    load = [0] * helpers
    of_video: dict[str, int] = {}
    out: list[int] = []
    for video, size in files:
        k = of_video.get(video) if video else None
        if k is None:
            k = load.index(min(load))
            load[k] += size
            if video:
                of_video[video] = k
        out.append(k)
    return out


def serve() -> None:
    """The helper's side: prepare each session asked for, in order, one message each; then
    place each recording asked for, one message each."""
    with contextlib.suppress(AttributeError, OSError):
        os.nice(HELPER_NICENESS)  # POSIX only
    serve_requests(_prepare_all)


def _prepare_all(
    request: tuple[
        list[tuple[int, Session, int, int]],
        list[tuple[int, SharedStream, list[Session], str, int, int]],
    ],
    send: Any,
) -> None:
    asked, placing = request
    seen: set[str] = set()  # the transcripts (digests) prepared already
    for index, session, size, mtime in asked:
        prepared = _prepare_file(session, size, mtime, seen)
        if prepared is not None:
            seen.add(prepared.digest)
        send((index, size, mtime, prepared))
    for number, stream, members, source, size, mtime in placing:
        parts = _place_file(stream, members, source, size, mtime)
        if parts is not None:
            send((number, parts))


def _place_file(
    stream: SharedStream, members: list[Session], source: str, size: int, mtime: int
) -> dict[str, Segment] | None:
    """`find_segments` for `stream`, its transcript read from `source` if that file is still
    the one the library saw (its size and time); else None."""
    from viewer.core.recordings.segments import find_segments

    full = _read_unchanged(source, members[0].path, size, mtime) if members else None
    if full is None:
        return None
    by_path = {m.path: m for m in members}
    return find_segments([stream], by_path.get, lambda path: full.transcript)


def _prepare_file(
    session: Session, size: int, mtime: int, seen: Collection[str] = ()
) -> Prepared | None:
    """What the build would prepare for `session` from its file, if the file is still the one
    the build looked at (its size and time); else None. A transcript whose digest is in
    `seen` is `left_out` (the build wrote it with the session that sent it first)."""
    full = _read_unchanged(session.source, session.path, size, mtime)
    if full is None:
        return None
    return prepare(session, full, lambda digest: digest not in seen)


def _read_unchanged(source: str, path: str, size: int, mtime: int) -> Session | None:
    """The session file at `source`, its texts only (its speakers and counts are the build's
    header's), if the file as read still has this size and time."""
    read = read_session_bytes(Path(source), path)
    if isinstance(read, ParseProblem) or read[1] != (size, mtime):
        return None
    full = parse_session(read[0], path, source, counted=False, speakers=False)
    return full if isinstance(full, Session) else None
