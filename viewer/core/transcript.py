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

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

MIN_WORDS = 60
MAX_WORDS = 120
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
# The end of a sentence: terminal punctuation, optional closing quotes/brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*(?=\s)")
# A sound annotation: a short bracketed phrase without nested brackets.
_ANNOTATION = re.compile(r"\[[^\[\]\n]{1,40}\]")
_TOKEN = re.compile(r"\S+")


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
    """

    index: int
    start: int
    end: int
    text: str
    new_speaker: bool
    annotations: tuple[tuple[int, int], ...]
    words_before: int

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1 if self.text else 0


def read_paragraphs(transcript: str) -> list[Paragraph]:
    """Split a transcript (entities already decoded) into paragraphs; pure and fast."""
    spans: list[tuple[int, int, bool]] = []
    turn_starts = _turn_starts(transcript)
    bounds = [0, *turn_starts, len(transcript)]
    for i in range(len(bounds) - 1):
        a, b = bounds[i], bounds[i + 1]
        if a == b:
            continue
        spans.extend(_split_turn(transcript, a, b, new_speaker=i > 0))

    paragraphs: list[Paragraph] = []
    words_before = 0
    for start, end, new_speaker in spans:
        chunk = transcript[start:end]
        tokens = chunk.split()
        if ">" in chunk:
            tokens = [tok for tok in tokens if tok.strip(">")]
        text = " ".join(tokens)
        if not text:
            continue
        annotations = tuple(m.span() for m in _ANNOTATION.finditer(text)) if "[" in text else ()
        paragraphs.append(
            Paragraph(
                index=len(paragraphs),
                start=start,
                end=end,
                text=text,
                new_speaker=new_speaker,
                annotations=annotations,
                words_before=words_before,
            )
        )
        words_before += text.count(" ") + 1
    return paragraphs


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


def _split_turn(text: str, a: int, b: int, *, new_speaker: bool) -> list[tuple[int, int, bool]]:
    """Cut one speaker turn `text[a:b]` into (start, end, new_speaker) spans."""
    turn = text[a:b]
    lead = len(turn) - len(turn.lstrip())
    trail = len(turn.rstrip())
    if trail <= lead:
        return []
    a, b = a + lead, a + trail
    turn = text[a:b]
    words = len(turn.split()) - (1 if new_speaker else 0)
    if words <= MAX_WORDS:
        return [(a, b, new_speaker)]

    # Sentences as (start, end, words) relative to the turn.
    sentences: list[tuple[int, int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(turn):
        end = m.end()
        piece = turn[pos:end]
        sentences.extend(_chunk(turn, pos, end, len(piece.split())))
        pos = _skip_space(turn, end)
    if pos < len(turn):
        sentences.extend(_chunk(turn, pos, len(turn), len(turn[pos:].split())))

    groups: list[list[int]] = []  # [start, end, words]
    for s, e, n in sentences:
        if groups:
            size = groups[-1][2]
            # Join while the paragraph stays readable, or while it is too short to stand alone.
            if size + n <= MAX_WORDS or (size < MIN_WORDS and size + n <= MERGE_LIMIT):
                groups[-1][1] = e
                groups[-1][2] += n
                continue
        groups.append([s, e, n])
    if (
        len(groups) > 1
        and groups[-1][2] < STUB_WORDS
        and groups[-2][2] + groups[-1][2] <= MERGE_LIMIT
    ):
        groups[-2][1] = groups[-1][1]
        groups[-2][2] += groups[-1][2]
        groups.pop()
    return [(a + s, a + e, new_speaker and i == 0) for i, (s, e, _n) in enumerate(groups)]


def _chunk(turn: str, s: int, e: int, words: int) -> list[tuple[int, int, int]]:
    """One sentence as a span, or several word-boundary chunks when it is too long to read."""
    if words <= MAX_WORDS:
        return [(s, e, words)]
    tokens = [m.span() for m in _TOKEN.finditer(turn, s, e)]
    count = max(2, round(len(tokens) / CHUNK_WORDS))
    size = -(-len(tokens) // count)
    return [
        (part[0][0], part[-1][1], len(part))
        for part in (tokens[i : i + size] for i in range(0, len(tokens), size))
    ]


def _skip_space(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    return pos
