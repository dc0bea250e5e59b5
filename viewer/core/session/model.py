"""The data the viewer reads: frozen dataclasses, no behaviour beyond derived values.

A session's identity is `Session.path`: its file path relative to the library root it was found
under, `/`-separated, without `.md` (a file opened directly has its file name without `.md`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import Any, TypeVar

_T = TypeVar("_T")

# The largest file read as a session (a real one is well under 1 MB); larger ones are reported
# as a problem without being read. Here, not in the parser, so that a start from the cache
# knows it without importing the parser.
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Speaker:
    """One speaker entry of a session.

    Attributes:
        text: the entry as written (continuation lines joined with one space, whitespace
            collapsed, invisible characters removed).
        name: the person's bare name, without honorifics or panel roles ("Ashwini Vaishnaw"
            for "Shri Ashwini Vaishnaw"; "" when the entry names nobody), see `text.names`.
        affiliation: panel role and organisation, "" when the entry has none.
        key: normalised name for grouping one person across sessions: honorifics dropped,
            case-folded, diacritics and punctuation removed ("ashwini vaishnaw").
    """

    text: str
    name: str
    affiliation: str = ""
    key: str = ""


@dataclass(frozen=True, slots=True)
class Session:
    """One conference session, parsed from one Markdown file.

    Library code keeps sessions with `transcript == ""` (headers only) and loads the transcript
    on demand; `has_transcript`, `transcript_words` and `speaker_changes` stay valid either way.

    Attributes:
        path: identity, relative to the library root, `/`-separated, no `.md`.
        source: absolute file-system path of the file it was read from.
        title: the `# ` heading.
        day: summit day number (1..5) from the subtitle or folder, None when unknown.
        date: ISO date "2026-02-17" or "".
        start, end: "HH:MM" or "" (some sessions have only a start).
        building, room: the venue split at its first " | " (the pipe is part of the value).
        video_url: the YouTube link as written, "" when none.
        video_id: the YouTube video id, "" when none.
        speakers, partners, takeaways: in file order.
        summary: Markdown source of the summary section.
        transcript: the transcript text, HTML entities decoded, caption blocks as in the file.
    """

    path: str
    source: str = ""
    title: str = ""
    day: int | None = None
    date: str = ""
    start: str = ""
    end: str = ""
    building: str = ""
    room: str = ""
    video_url: str = ""
    video_id: str = ""
    speakers: tuple[Speaker, ...] = ()
    partners: tuple[str, ...] = ()
    summary: str = ""
    takeaways: tuple[str, ...] = ()
    has_transcript: bool = False
    transcript_words: int = 0
    speaker_changes: int = 0
    transcript: str = field(default="", repr=False, compare=True)

    @property
    def venue(self) -> str:
        """Building and room joined with " — " (either may be empty)."""
        return " — ".join(part for part in (self.building, self.room) if part)

    @property
    def time_label(self) -> str:
        if self.start and self.end:
            return f"{self.start}–{self.end}"
        return self.start


# A session's summary and takeaways, where they are kept apart from its header
# (`Library.with_texts`, the header cache's texts part).
Texts = tuple[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """A file that could not be read as a session, and why (one line, for people).

    Attributes:
        kind: "error" for a broken file (reported to the user), "not-session" for Markdown that
            simply is not a session (a README, a directory page), which a folder scan skips
            quietly.
    """

    path: str
    reason: str
    kind: str = "error"

    @property
    def is_error(self) -> bool:
        return self.kind == "error"


@dataclass(frozen=True, slots=True)
class SharedStream:
    """Several sessions whose video and transcript are the same recording.

    Attributes:
        video_id: the shared video.
        paths: the sessions, ordered by start time.
        offsets: for each path, the estimated share (0.0..1.0) of the stream at which that
            session's slot begins, from the time slots.
    """

    video_id: str
    paths: tuple[str, ...]
    offsets: tuple[float, ...]

    def offset_of(self, path: str) -> float:
        try:
            return self.offsets[self.paths.index(path)]
        except ValueError:
            return 0.0


def build_many(cls: type[_T], columns: Sequence[Sequence[Any]]) -> list[_T]:
    """`list(map(cls, *columns))` for a slotted frozen dataclass, without `__init__`.

    One column per field, in declaration order, all of one length. A frozen dataclass's
    `__init__` sets each field through `object.__setattr__`, a Python-level call per field of
    every session and speaker of a warm load. Here
    the instances are allocated in bulk and each field is stored column by column through its
    slot descriptor, the same store `object.__setattr__` makes, with no Python frame per
    object. Only for classes whose `__init__` does nothing else (no `__post_init__`, no
    default factories); the result compares equal to what `cls(*row)` gives (tested).
    """
    if hasattr(cls, "__post_init__") or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__}: not a plain slotted dataclass")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if len(columns) != len(names):
        raise ValueError(f"{cls.__name__}: {len(columns)} columns for {len(names)} fields")
    count = len(columns[0]) if columns else 0
    if any(len(column) != count for column in columns):
        raise ValueError(f"{cls.__name__}: columns of different lengths")
    objects: list[_T] = list(map(object.__new__, repeat(cls, count)))
    for name, column in zip(names, columns, strict=True):
        deque(map(getattr(cls, name).__set__, objects, column), maxlen=0)
    return objects
