"""Find-all over the text of a document we built ourselves, with Python `re`, not QTextDocument.

Looping `QTextDocument.find` once per hit costs a C++ round trip and a cursor per match and is
~100x slower for a common word in a 400 KB transcript. The transcript view keeps the document's
text identical to a Python string it built (`TranscriptView.plain_text`), so one regular
expression over that string finds every match, and the only translation needed is from Python
offsets (code points) to document positions (UTF-16 code units), which differ only after a
character outside the Basic Multilingual Plane (emoji).

This module imports no Qt on purpose: it is plain text processing, testable on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import partial
from itertools import islice
from operator import add, itemgetter
from typing import NamedTuple

# Bound the work and memory of a one-letter search in a huge text; the count says "10000+".
MAX_MATCHES = 10_000
MAX_PATTERN = 500
# From this length on, a find shows its count and the matches on screen first and lists the
# rest on the next turn of the event loop (`FindEngine.quick_count`).
QUICK_MIN_CHARS = 50_000

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class FindOptions(NamedTuple):
    """What the find bar asks for.

    Attributes:
        text: the literal text to find (never a regular expression: user input is escaped).
        case: match case exactly.
        whole_words: only matches not glued to letters, digits or `_` on either side.
        any_of: when given, find any of these literals instead of `text` (the terms of a
            corpus-search hit, highlighted together).
    """

    text: str = ""
    case: bool = False
    whole_words: bool = False
    any_of: tuple[str, ...] = ()


def compile_pattern(options: FindOptions, *, lowered: bool = False) -> re.Pattern[str] | None:
    """The regular expression for `options`, or None when there is nothing to find.

    With `lowered`, the pattern is for a lower-cased copy of the text (case-insensitive search
    without re.IGNORECASE, which is ~5x slower). Whole words are checked by the caller: the
    lookarounds `(?<!\\w)`/`(?!\\w)` would cost another ~8x.
    """
    needles = [t[:MAX_PATTERN] for t in (options.any_of or (options.text,)) if t.strip()]
    if not needles:
        return None
    if lowered:
        needles = [t.lower() for t in needles]
    # Longest first, so "data centre" wins over "data" where both match.
    ordered = sorted(set(needles), key=len, reverse=True)[:50]
    if options.any_of:
        # Search terms arrive as index tokens ("multi agent"): let any run of punctuation or
        # space stand between their words, so the text's "multi-agent" is found too.
        body = "|".join(r"[\W_]+".join(re.escape(w) for w in t.split()) for t in ordered)
    else:
        body = "|".join(re.escape(t) for t in ordered)
    flags = re.IGNORECASE if not (options.case or lowered) else 0
    return re.compile(body, flags)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class FindEngine:
    """All matches of a literal in one text, as document positions.

    Attributes:
        text: the searched text (exactly the document's plain text).
        truncated: the last search stopped at MAX_MATCHES.
    """

    def __init__(self, text: str = "") -> None:
        self.text = ""
        self.truncated = False
        self._astral: list[int] = []
        self._astral_doc: list[int] = []
        self._lower: str | None = None
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.text = text
        # Astral characters take two UTF-16 units in the document. Finding there are none
        # (the speaker marks make most texts non-ASCII) costs one encode, 20x less than a scan.
        astral = not text.isascii() and len(text.encode("utf-16-le", "surrogatepass")) > 2 * len(
            text
        )
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if astral else []
        self._astral_doc = [a + k for k, a in enumerate(self._astral)]
        self._lower = None

    def prepare(self) -> None:
        """Do now what the first case-insensitive find would (lower-case the text): called
        when the find bar opens, before the user has typed."""
        self._lowered()

    def _lowered(self) -> str | None:
        """The text lower-cased, when that keeps every offset (it does not for "İ")."""
        if self._lower is None:
            lower = self.text.lower()
            self._lower = lower if len(lower) == len(self.text) else ""
        return self._lower or None

    def to_document(self, offset: int) -> int:
        """Python string offset -> QTextDocument position (UTF-16 units)."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_text(self, position: int) -> int:
        """QTextDocument position -> Python string offset (inverse of `to_document`)."""
        if not self._astral:
            return position
        # Each astral character before the position took two units instead of one.
        return position - bisect_left(self._astral_doc, position)

    def _whole_words(self, pattern: re.Pattern[str], haystack: str) -> list[tuple[int, int]]:
        """Matches not glued to word characters; after a glued one, look again one further
        on, so "a a" in "ba a a" still finds the second, overlapping candidate."""
        spans: list[tuple[int, int]] = []
        search, text, pos = pattern.search, self.text, 0
        while len(spans) <= MAX_MATCHES and (match := search(haystack, pos)) is not None:
            a, b = match.span()
            if _glued(text, a, b):
                pos = a + 1
                continue
            spans.append((a, b))
            pos = max(b, a + 1)
        return spans

    def quick_count(self, options: FindOptions, near: int) -> tuple[int, int, int] | None:
        """(total, index, start) of the match at or after document position `near` (wrapping
        to the first; index -1 when there is none), without listing every match.

        Counting is a C-level pass (`str.count`), ~3x cheaper than listing 4,800 matches in a
        400 KB text, so a long transcript's count and current match show at once and the full
        list follows (`find_all`). None where the shortcut would not be exact: a text shorter
        than QUICK_MIN_CHARS, several terms, whole words, astral characters (offsets differ),
        a needle that can overlap itself, or more than MAX_MATCHES matches.
        """
        if len(self.text) < QUICK_MIN_CHARS or self._astral:
            return None
        if options.any_of or options.whole_words or not options.text.strip():
            return None
        haystack = self.text if options.case else self._lowered()
        if haystack is None:
            return None
        needle = options.text[:MAX_PATTERN] if options.case else options.text[:MAX_PATTERN].lower()
        if _overlaps_itself(needle):
            return None
        total = haystack.count(needle)
        if total > MAX_MATCHES:
            return None
        if total == 0:
            return 0, -1, -1
        start = haystack.find(needle, max(0, near))
        if start < 0:
            start = haystack.find(needle)
        # Occurrences cannot overlap, so those before `start` are exactly the earlier matches
        # (counted over the shorter side of `start`).
        if start <= len(haystack) // 2:
            return total, haystack.count(needle, 0, start), start
        return total, total - haystack.count(needle, start), start

    def find_between(self, options: FindOptions, lo: int, hi: int) -> list[tuple[int, int]]:
        """The matches lying inside document positions lo..hi, for what `quick_count` allows
        (no astral characters: document positions are text offsets)."""
        lowered = None if options.case else self._lowered()
        haystack = self.text if lowered is None else lowered
        pattern = compile_pattern(options, lowered=lowered is not None)
        if pattern is None:
            return []
        return [m.span() for m in islice(pattern.finditer(haystack, lo, hi), MAX_MATCHES)]

    def find_all(self, options: FindOptions) -> list[tuple[int, int]]:
        """(start, end) document positions of every match, in order (at most MAX_MATCHES)."""
        self.truncated = False
        haystack = self.text
        lowered = None if options.case else self._lowered()
        if lowered is not None:
            haystack = lowered
        pattern = compile_pattern(options, lowered=lowered is not None)
        if pattern is None:
            return []
        if options.whole_words:
            spans = self._whole_words(pattern, haystack)
        else:
            spans = [m.span() for m in islice(pattern.finditer(haystack), MAX_MATCHES + 1)]
        if len(spans) > MAX_MATCHES:
            self.truncated = True
            del spans[MAX_MATCHES:]
        if self._astral:
            return self._spans_to_document(spans)
        return spans

    def _spans_to_document(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """`to_document` of both ends of every span, in C-level loops (map, zip) rather than a
        Python call per span: a common word has thousands of spans."""
        shift = partial(bisect_left, self._astral)
        starts = list(map(itemgetter(0), spans))
        ends = list(map(itemgetter(1), spans))
        return list(
            zip(map(add, starts, map(shift, starts)), map(add, ends, map(shift, ends)), strict=True)
        )


def _overlaps_itself(needle: str) -> bool:
    """True when two occurrences can overlap ("aa" in "aaa", "abab"): then counting, finding
    and listing matches can disagree, so the quick path is not taken."""
    return any(needle[:k] == needle[-k:] for k in range(1, len(needle)))


def _glued(text: str, a: int, b: int) -> bool:
    return (a > 0 and _is_word_char(text[a - 1])) or (b < len(text) and _is_word_char(text[b]))


def first_at_or_after(spans: list[tuple[int, int]], position: int) -> int:
    """Index of the first match starting at or after `position` (wrapping to 0); -1 if none."""
    if not spans:
        return -1
    index = bisect_left(spans, (position, -1))
    return index if index < len(spans) else 0
