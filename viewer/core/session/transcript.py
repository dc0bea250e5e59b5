"""Caption blocks -> readable paragraphs, with positions that map back to the transcript.

Transcripts are YouTube auto-captions: every 5 caption lines were joined into one block and the
blocks separated by blank lines, so block breaks fall mid-sentence and mean nothing to a reader.
Here the blocks are joined and re-split where a reader expects a break:

* a new paragraph at every `>>` token (a change of speaker), flagged `new_speaker`;
* a long turn is split at sentence ends into paragraphs of roughly 60-120 words (a "sentence"
  longer than that, as happens when captions lack punctuation, is cut at word boundaries);
* sound annotations such as `[applause]` stay in the text, their spans recorded so a view can
  style them.

Every paragraph keeps `start`/`end`, character offsets into the transcript it came from, so a
search hit or a "jump near here" request can find its paragraph (`paragraph_at`). The invariant
the tests check: the tokens of `transcript[start:end]`, minus the `>`-only speaker markers,
joined by single spaces, are exactly `text`.

The work is done per turn with `str.split` and a handful of regular expressions, never per word in
Python, so a 400 KB transcript takes a few milliseconds.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from viewer.core.session.model import build_many
from viewer.core.util import int32

MIN_WORDS = 60
MAX_WORDS = 120
# A word this long cannot be wrapped at a space: a view must break it (`Paragraph.long_word`).
LONG_WORD = 120
# A "sentence" longer than MAX_WORDS is cut into chunks of about this many words.
CHUNK_WORDS = 100
# A turn's last paragraph shorter than this is merged into the one before it when that stays
# within MERGE_LIMIT words, so a long turn does not end with a stub.
STUB_WORDS = 20
MERGE_LIMIT = 140

# A speaker marker is a whitespace-separated token made only of `>` (in practice `>>`). The
# regex finds candidates by literal search; the whitespace around them is checked in Python,
# as a look-behind would make the regex engine try every position (50x slower).
_TURN = re.compile(r">>+")
# The end of a sentence: terminal punctuation, optional closing quotes/brackets, then whitespace
# (group 1: `\s` is what `str.isspace` calls whitespace, as for `str.split`).
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*(\s+)")
# A sound annotation: a short bracketed phrase without nested brackets.
_ANNOTATION = re.compile(r"\[[^\[\]\n]{1,40}\]")


# A paragraph-to-be: (start, end, new_speaker, its tokens, long_word), offsets into the
# transcript.
_Span = tuple[int, int, bool, list[str], bool]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One readable paragraph of a transcript.

    Attributes:
        index: position in the list returned by `read_paragraphs`.
        start, end: character offsets into the transcript: from the first token (the `>>` marker
            for a new speaker) to the end of the last token.
        text: display text: caption blocks joined, `>>` removed, whitespace collapsed.
        new_speaker: a `>>` turn begins here.
        annotations: (start, end) spans in `text` of sound annotations like `[applause]`.
        words_before: word count of all earlier paragraphs (for time estimates).
        long_word: `text` may hold a word of LONG_WORD or more characters, which a view must
            give break opportunities; False means it holds none (so no paragraph is scanned
            for one: most sentences are too short to hold one, which their length tells).
    """

    index: int
    start: int
    end: int
    text: str
    new_speaker: bool
    annotations: tuple[tuple[int, int], ...]
    words_before: int
    long_word: bool

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1 if self.text else 0


def read_paragraphs(transcript: str) -> list[Paragraph]:
    """Split a transcript (entities already decoded) into paragraphs; pure and fast."""
    spans: list[_Span] = []
    turn_starts = _turn_starts(transcript)
    bounds = [0, *turn_starts, len(transcript)]
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        if a == b:
            continue
        spans.extend(_split_turn(transcript, a, b, new_speaker=i > 0))
    return _assemble(transcript, spans)


def pack_bounds(paragraphs: Sequence[Paragraph]) -> bytes:
    """Where `paragraphs` lie in their transcript, packed for storage (`paragraphs_from_bounds`).

    Three little-endian 32-bit integers per paragraph: start, end, and flags (1: new speaker,
    2: may hold a long word). Text, annotations and word counts follow from these and the
    transcript, so a view can rebuild the paragraphs without splitting the turns again."""
    return int32.to_bytes(chain.from_iterable(map(_bounds, paragraphs)))


def _bounds(p: Paragraph) -> tuple[int, int, int]:
    return p.start, p.end, p.new_speaker | (p.long_word << 1)


def paragraphs_from_bounds(transcript: str, packed: bytes) -> list[Paragraph] | None:
    """The paragraphs `pack_bounds` stored for `transcript`; None when `packed` cannot be its
    (damaged, or made for another text): the caller then reads the paragraphs afresh."""
    if not packed or len(packed) % 12:
        return None
    values = int32.from_bytes(packed)
    starts, ends, flags = values[0::3], values[1::3], values[2::3]
    if (
        starts[0] < 0
        or ends[-1] > len(transcript)
        or min(flags) < 0
        or max(flags) > 3
        or not all(a < b for a, b in zip(starts, ends, strict=True))  # not empty
        or not all(b <= a for b, a in zip(ends, starts[1:], strict=False))  # in order
    ):
        return None
    spans = [
        (s, e, bool(f & 1), transcript[s:e].split(), bool(f & 2))
        for s, e, f in zip(starts, ends, flags, strict=True)
    ]
    paragraphs = _assemble(transcript, spans)
    return paragraphs if len(paragraphs) == len(spans) else None


def _assemble(transcript: str, spans: Sequence[_Span]) -> list[Paragraph]:
    """Paragraphs from spans: speaker markers dropped, words joined by single spaces."""
    columns: tuple[list[Any], ...] = ([], [], [], [], [], [], [])
    starts, ends, texts, speakers, notes, before, long_words = columns
    words_before = 0
    for start, end, new_speaker, tokens, long_word in spans:
        if transcript.find(">", start, end) >= 0:  # drop speaker markers (`>`-only tokens)
            first = tokens[0]
            if not first.strip(">") and transcript.find(">", start + len(first), end) < 0:
                tokens = tokens[1:]  # the usual case: the turn's own marker, nothing else
            else:
                tokens = [tok for tok in tokens if tok.strip(">")]
        text = " ".join(tokens)
        if not text:
            continue
        starts.append(start)
        ends.append(end)
        texts.append(text)
        speakers.append(new_speaker)
        notes.append(tuple(m.span() for m in _ANNOTATION.finditer(text)) if "[" in text else ())
        before.append(words_before)
        long_words.append(long_word)
        words_before += text.count(" ") + 1
    return build_many(Paragraph, [list(range(len(texts))), *columns])


def paragraph_at(paragraphs: Sequence[Paragraph], char_pos: int) -> int:
    """Index of the paragraph holding `char_pos` (the one before it when in a gap); 0 if none."""
    if not paragraphs:
        return 0
    # bisect with key= searches the start offsets without copying them into a list.
    return max(0, bisect_right(paragraphs, char_pos, key=_start) - 1)


def paragraph_at_share(paragraphs: Sequence[Paragraph], share: float) -> int:
    """Index of the paragraph holding the word at `share` (0.0..1.0) of the transcript's words.

    No timestamps survive in the captions, so "where does my slot begin in this shared stream"
    and "which paragraph is at minute 12 of the video" can only be estimated by share of words.
    """
    if not paragraphs:
        return 0
    last = paragraphs[-1]
    total = last.words_before + last.words
    word = min(max(share, 0.0), 1.0) * total
    return max(0, bisect_right(paragraphs, word, key=_words_before) - 1)


def paragraph_at_word(paragraphs: Sequence[Paragraph], word: int) -> int:
    """Index of the paragraph holding word position `word` (counted as `transcript_words`
    counts, as a shared recording's found parts are); 0 if none."""
    if not paragraphs:
        return 0
    return max(0, bisect_right(paragraphs, word, key=_words_before) - 1)


def share_of(paragraphs: Sequence[Paragraph], index: int) -> float:
    """Share (0.0..1.0) of the transcript's words that come before paragraph `index`."""
    if not paragraphs:
        return 0.0
    last = paragraphs[-1]
    total = last.words_before + last.words
    index = min(max(index, 0), len(paragraphs) - 1)
    return paragraphs[index].words_before / total if total else 0.0


def _words_before(paragraph: Paragraph) -> int:
    return paragraph.words_before


def _start(paragraph: Paragraph) -> int:
    return paragraph.start


def _turn_starts(text: str) -> list[int]:
    """Offsets of the `>>` tokens that stand alone between whitespace."""
    end = len(text)
    starts = []
    for match in _TURN.finditer(text):
        a, b = match.span()
        if (a == 0 or text[a - 1].isspace()) and (b == end or text[b].isspace()):
            starts.append(a)
    return starts


def _split_turn(text: str, a: int, b: int, *, new_speaker: bool) -> list[_Span]:
    """Cut one speaker turn `text[a:b]` into paragraph spans.

    The turn is split into tokens once, sentence by sentence; the paragraphs are made of
    those lists, so no text is split twice."""
    turn = text[a:b]
    lead = len(turn) - len(turn.lstrip())
    trail = len(turn.rstrip())
    if trail <= lead:
        return []
    a, b = a + lead, a + trail
    turn = text[a:b]

    # Sentence by sentence (a long one cut into chunks), joined into paragraphs of
    # [start, end, words, tokens, long_word] relative to the turn.
    groups: list[list[Any]] = []
    pos = words = 0
    any_long = False
    for m in chain(_SENTENCE_END.finditer(turn), (None,)):
        if m is None:
            if pos >= len(turn):
                break
            end = after = len(turn)
        else:
            end, after = m.start(1), m.end()
        tokens = turn[pos:end].split()
        n = len(tokens)
        words += n
        for cs, ce, part in (
            ((pos, end, tokens),) if n <= MAX_WORDS else _chunk(turn, pos, end, tokens)
        ):
            n = len(part)
            # Its n - 1 other words and the spaces between them leave at most this many
            # characters to its longest word; only then is the longest one measured.
            long = (ce - cs) - 2 * (n - 1) >= LONG_WORD and len(max(part, key=len)) >= LONG_WORD
            any_long = any_long or long
            if groups:
                group = groups[-1]
                size = group[2]
                # Join while the paragraph stays readable, or while it is too short to stand
                # alone.
                if size + n <= MAX_WORDS or (size < MIN_WORDS and size + n <= MERGE_LIMIT):
                    group[1] = ce
                    group[2] = size + n
                    group[3] += part
                    group[4] = group[4] or long
                    continue
            groups.append([cs, ce, n, part, long])
        pos = after
    if words - new_speaker <= MAX_WORDS:
        return [(a, b, new_speaker, turn.split(), any_long)]
    if (
        len(groups) > 1
        and groups[-1][2] < STUB_WORDS
        and groups[-2][2] + groups[-1][2] <= MERGE_LIMIT
    ):
        groups[-2][1] = groups[-1][1]
        groups[-2][2] += groups[-1][2]
        groups[-2][3] += groups[-1][3]
        groups[-2][4] = groups[-2][4] or groups[-1][4]
        groups.pop()
    return [
        (a + s, a + e, new_speaker and i == 0, tokens, long)
        for i, (s, e, _n, tokens, long) in enumerate(groups)
    ]


def _chunk(turn: str, s: int, e: int, tokens: list[str]) -> list[tuple[int, int, list[str]]]:
    """A sentence too long to read (`tokens` are its words) as word-boundary chunks."""
    count = max(2, round(len(tokens) / CHUNK_WORDS))
    size = -(-len(tokens) // count)
    spans = [m.span() for m in _words(size).finditer(turn, s, e)]
    return [(cs, ce, tokens[i * size : (i + 1) * size]) for i, (cs, ce) in enumerate(spans)]


@functools.lru_cache(maxsize=64)
def _words(count: int) -> re.Pattern[str]:
    """Up to `count` whitespace-separated tokens, as one match (a chunk of a long sentence)."""
    return re.compile(rf"\S+(?:\s+\S+){{0,{count - 1}}}")
