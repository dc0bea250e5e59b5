"""What the session list's filter matches, and which rows a filter keeps. Pure Python, no Qt.

Why precomputed haystacks: filtering must stay under one frame (16 ms) per keystroke for 7,000
sessions. Folding text (case, diacritics) per row per keystroke would cost far more, so each
session is folded once when the library loads (`prepare_rows`, in the loader's thread), and a
keystroke is one pass of plain substring tests (`matching_rows`). While the text only grows more
specific (`narrows`), only the rows shown so far are tested again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from viewer.core.session.model import Session
from viewer.core.session.titles import display_titles
from viewer.core.text.folding import fold
from viewer.core.text.venues import canonical_venue

MAX_FILTER_CHARS = 200
MAX_FILTER_TERMS = 16


def haystack(session: Session) -> str:
    """Everything the filter box matches against, folded once."""
    parts = [session.title, session.venue]
    parts.extend(s.text or s.name for s in session.speakers)
    parts.extend(session.partners)
    return fold("\n".join(parts))


class PreparedRows(NamedTuple):
    """Per-session filter data, computable off the GUI thread (pure Python, no Qt)."""

    haystacks: list[str]
    speaker_keys: list[frozenset[str]]
    # Path -> shown title (`titles.display_titles`), None when not computed here.
    titles: dict[str, str] | None = None


def prepare_rows(sessions: Sequence[Session]) -> PreparedRows:
    return PreparedRows(
        haystacks=[haystack(s) for s in sessions],
        speaker_keys=[frozenset(sp.key for sp in s.speakers if sp.key) for s in sessions],
        titles=display_titles(sessions),
    )


def filter_terms(text: str) -> tuple[str, ...]:
    """Split user input into folded terms, capped in length and count (input is untrusted)."""
    return tuple(fold(text[:MAX_FILTER_CHARS]).split()[:MAX_FILTER_TERMS])


class SessionFilter(NamedTuple):
    """What the list shows. Empty/None/False fields do not restrict."""

    text: str = ""
    day: int | None = None
    venue: str = ""
    partner: str = ""
    has_video: bool = False
    has_transcript: bool = False
    quality: str = ""  # the Transcript facet: "complete", "partial", "doubtful" or "none"
    speaker_key: str = ""
    only_paths: frozenset[str] | None = None  # My agenda: just these sessions

    def is_empty(self) -> bool:
        return self == SessionFilter()


def narrows(old: SessionFilter, new: SessionFilter) -> bool:
    """True when `new` differs from `old` only by text that can only match fewer rows:
    every old term is contained in some new term ("heal" -> "health", "ai" -> "ai heal")."""
    if old._replace(text=new.text) != new:
        return False
    old_terms, new_terms = filter_terms(old.text), filter_terms(new.text)
    return all(any(o in n for n in new_terms) for o in old_terms)


def matching_rows(
    f: SessionFilter,
    sessions: Sequence[Session],
    prepared: PreparedRows | Callable[[], PreparedRows],
    within: Iterable[int] | None = None,
    quality_level: Callable[[Session], str] | None = None,
) -> list[int]:
    """Indexes (ascending) of the sessions `f` keeps; `prepared` is aligned with `sessions`
    (or a function giving it, called only when the text or a speaker needs it).
    `quality_level(session)`: its Transcript facet value, "" when not known yet (without it:
    "none" or "" by whether it has a transcript).

    `within` (ascending) limits the test to those rows, e.g. the rows shown before the text
    narrowed; None tests every row.
    """
    rows: Iterable[int] = range(len(sessions)) if within is None else within
    terms = filter_terms(f.text)
    if callable(prepared):
        get: Callable[[], PreparedRows] = prepared
    else:
        get = lambda: prepared  # noqa: E731
    if terms:
        haystacks = get().haystacks
        for term in terms:  # one pass per term: each pass tests fewer rows
            rows = [r for r in rows if term in haystacks[r]]
    checks: list[Callable[[Session], bool]] = []
    if f.day is not None:
        checks.append(lambda s: s.day == f.day)
    if f.venue:
        checks.append(
            lambda s: f.venue in (s.venue, s.building, s.room, canonical_venue(s.building, s.room))
        )
    if f.partner:
        checks.append(lambda s: f.partner in s.partners)
    if f.has_video:
        checks.append(lambda s: bool(s.video_url))
    if f.has_transcript:
        checks.append(lambda s: s.has_transcript)
    if f.quality:
        level_of = quality_level or _has_transcript_level
        # A level not known yet ("": the flags are judged after the first paint) keeps any
        # session with a transcript, so a saved choice does not empty the list at start-up.
        checks.append(lambda s: level_of(s) in (f.quality, "" if f.quality != "none" else "-"))
    only = f.only_paths
    if only is not None:
        checks.append(lambda s: s.path in only)
    for check in checks:
        rows = [r for r in rows if check(sessions[r])]
    if f.speaker_key:
        key, speaker_keys = f.speaker_key, get().speaker_keys
        rows = [r for r in rows if key in speaker_keys[r]]
    return list(rows)


def _has_transcript_level(session: Session) -> str:
    return "" if session.has_transcript else "none"
