"""Robust text anchors: find a highlighted passage again after its session file changed.

A highlight does not store an offset alone (offsets move as soon as a caption above is
edited): it stores the exact text, a few words before and after it, and the paragraph it was
in (after the W3C Web Annotation "text quote selector" with a position hint). Re-anchoring
against the current text:

1. every occurrence of the exact text (line breaks and spaces treated alike, since paragraph
   breaks are re-computed when a transcript changes) is scored by how much of the words
   before and after still surround it, ties broken by closeness to the paragraph hint;
2. when the exact text is gone but its surroundings remain (the passage itself was edited),
   the span between the words before and the words after is taken when its length is close
   to the original (`changed`);
3. otherwise the anchor is unresolved: the caller keeps the highlight and lists it as "not
   found in the current text". Nothing is ever dropped here.

The text searched is a transcript's paragraphs joined by "\\n" (what the reading view shows);
work is bounded by MAX_CANDIDATES occurrences, whatever the file holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

CONTEXT_WORDS = 8
CONTEXT_CHARS = 120
MAX_EXACT = 20_000  # a quote longer than this is cut (a highlight of a whole transcript)
MAX_CANDIDATES = 2_000
_LAST_WORDS = re.compile(rf"(?:\S+\s+){{0,{CONTEXT_WORDS}}}\S*$")
_FIRST_WORDS = re.compile(rf"^\S*(?:\s+\S+){{0,{CONTEXT_WORDS}}}")


class Anchor(NamedTuple):
    """Where a passage is: its text, its surroundings and a paragraph hint.

    Attributes:
        exact: the passage as selected (paragraph breaks as "\\n").
        prefix: up to CONTEXT_WORDS words just before it.
        suffix: up to CONTEXT_WORDS words just after it.
        paragraph: index of the paragraph it began in when made (a hint only).
    """

    exact: str
    prefix: str = ""
    suffix: str = ""
    paragraph: int = 0


class Placement(NamedTuple):
    """Where an anchor was found in the current text.

    Attributes:
        start, end: offsets into the text searched.
        paragraph: the paragraph `start` falls in.
        changed: the passage's own text differs from what was highlighted (found by its
            surroundings).
    """

    start: int
    end: int
    paragraph: int
    changed: bool = False


def _flat(text: str) -> str:
    """Line breaks as spaces: same length, so offsets stay valid."""
    return text.replace("\n", " ").replace("\u2029", " ")


def paragraph_starts(texts: Sequence[str]) -> list[int]:
    """Offset of each paragraph in "\\n".join(texts)."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return starts


def make_anchor(text: str, start: int, end: int, starts: Sequence[int]) -> Anchor:
    """The anchor of text[start:end]; `starts` are the paragraph offsets in `text`."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    start, end = min(start, end), max(start, end)
    exact = text[start:end][:MAX_EXACT]
    before = _flat(text[max(0, start - CONTEXT_CHARS * 2) : start])
    after = _flat(text[end : end + CONTEXT_CHARS * 2])
    prefix_match = _LAST_WORDS.search(before)
    suffix_match = _FIRST_WORDS.search(after)
    prefix = prefix_match.group(0)[-CONTEXT_CHARS:] if prefix_match else ""
    suffix = suffix_match.group(0)[:CONTEXT_CHARS] if suffix_match else ""
    paragraph = max(0, bisect_right(list(starts), start) - 1) if starts else 0
    return Anchor(exact=exact, prefix=prefix, suffix=suffix, paragraph=paragraph)


def _common_tail(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def resolve(anchor: Anchor, text: str, starts: Sequence[int]) -> Placement | None:
    """Find `anchor` in `text` (paragraphs joined by "\\n", offsets `starts`); None when the
    passage cannot be placed."""
    exact = _flat(anchor.exact).strip()
    if not exact or not text:
        return None
    flat = _flat(text)

    def paragraph_of(position: int) -> int:
        return max(0, bisect_right(starts, position) - 1) if starts else 0

    best: tuple[int, int, int] | None = None  # (-context, distance, start)
    position = flat.find(exact)
    seen = 0
    while position >= 0 and seen < MAX_CANDIDATES:
        seen += 1
        before = flat[max(0, position - len(anchor.prefix) - 1) : position].rstrip()
        after = flat[position + len(exact) : position + len(exact) + len(anchor.suffix) + 1]
        context = _common_tail(before, anchor.prefix.rstrip()) + _common_head(
            after.lstrip(), anchor.suffix.lstrip()
        )
        distance = abs(paragraph_of(position) - anchor.paragraph)
        key = (-context, distance, position)
        if best is None or key < best:
            best = key
        position = flat.find(exact, position + 1)
    if best is not None:
        start = best[2]
        return Placement(start, start + len(exact), paragraph_of(start))
    return _between_context(anchor, flat, exact, paragraph_of)


def _between_context(
    anchor: Anchor, flat: str, exact: str, paragraph_of: Callable[[int], int]
) -> Placement | None:
    """The passage was edited: the span between its surroundings, if they are still there
    and the span is about as long as the passage was."""
    prefix, suffix = anchor.prefix.strip(), anchor.suffix.strip()
    if len(prefix) < 12 or len(suffix) < 12:
        return None  # too little context to tell one place from another
    best: tuple[int, int, int] | None = None
    position = flat.find(prefix)
    seen = 0
    while position >= 0 and seen < MAX_CANDIDATES:
        seen += 1
        start = position + len(prefix)
        window_end = start + 2 * len(exact) + 40
        end = flat.find(suffix, start, window_end + len(suffix))
        if end >= 0:
            span = flat[start:end].strip()
            if span and len(exact) / 2 <= len(span) <= 2 * len(exact) + 20:
                offset = start + (len(flat[start:end]) - len(flat[start:end].lstrip()))
                distance = abs(paragraph_of(offset) - anchor.paragraph)
                key = (distance, offset, offset + len(span))
                if best is None or key < best:
                    best = key
        position = flat.find(prefix, position + 1)
    if best is None:
        return None
    return Placement(best[1], best[2], paragraph_of(best[1]), changed=True)
