"""What a shared transcript says about where talks begin: host cues, names, title words.

`Evidence.of(transcript)` reads the text once: its folded words with their word positions
(positions count exactly as `transcript_words` does: `parse.transcript_tokens`), where the host
introduces someone ("please welcome", "I invite", "may I request", "over to you", ...), and
where someone is thanked (a name just after "thank you" closes a part rather than opening one).
`segments.py` turns this into each session's start.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

from viewer.core.session.parse import transcript_tokens
from viewer.core.text.folding import fold_token
from viewer.core.text.soundalike import SpellingIndex

# The host handing the stage to someone, as folded word sequences. Generic on purpose: they
# are how a host speaks in any hall, not phrases of one recording.
HOST_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "please welcome",
        "please join me in welcoming",
        "join me in welcoming",
        "let s welcome",
        "let us welcome",
        "like to welcome",
        "now welcome",
        "warm welcome to",
        "i invite",
        "like to invite",
        "now invite",
        "to invite",
        "inviting",
        "may i request",
        "i request",
        "i would request",
        "over to you",
        "next speaker",
        "to introduce",
        "introducing",
        "hand over to",
        "floor to",
        "welcome on stage",
        "on the stage",
    )
)
# Words that mark a name as the end of a part ("thank you, Mr. X").
THANKS = frozenset({"thank", "thanks", "grateful", "applause", "applauding"})
THANKS_REACH = 6  # words between a thanks word and the name it thanks
# Words that, after a break, mark the same event going on ("welcome back", "second half").
RESUME_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(phrase.split())
    for phrase in (
        "welcome back",
        "second half",
        "second part",
        "second session",
        "after the break",
        "after lunch",
        "we are back",
        "we re back",
        "settle down",
    )
)
_WORD = re.compile(r"[^\W_]+")


def folded_words(tokens: list[str]) -> tuple[list[str], list[int]]:
    """The folded sub-words of `tokens` (letter-and-digit runs of `fold_token(token)`), each
    with the index of the token it came from.

    A token of letters and digits only, most of a transcript, is its own single sub-word:
    those skip the pattern, and an ASCII transcript is lowered once as a whole."""
    folded: list[str] = []
    positions: list[int] = []
    joined = "\n".join(tokens)
    lowered = joined.isascii()
    if lowered and tokens:
        tokens = joined.lower().split("\n")
    append_word, append_position = folded.append, positions.append
    for index, token in enumerate(tokens):
        if token.isascii() and token.isalnum():
            append_word(token if lowered else token.lower())
            append_position(index)
            continue
        parts = _WORD.findall(token if lowered else fold_token(token))
        folded.extend(parts)
        positions.extend([index] * len(parts))
    return folded, positions


@dataclass(frozen=True, slots=True)
class Hit:
    """A name word found in the text: its word position and the spelling found there."""

    position: int
    spelling: str
    thanked: bool


class Evidence:
    """One transcript's words and cues, with look-ups by word and by position.

    Attributes:
        words: the number of words (as `transcript_words` counts them).
        folded: folded sub-words, each with the word position it came from (`positions`).
        cues: (position, phrase) of every host cue, in order.
        resumes: (position, phrase) of every "the event goes on" cue, in order.
    """

    def __init__(self, transcript: str) -> None:
        tokens = transcript_tokens(transcript)
        self.words = len(tokens)
        self.folded, self.positions = folded_words(tokens)
        self._where: dict[str, list[int]] = defaultdict(list)
        for slot, word in enumerate(self.folded):
            self._where[word].append(slot)
        self._spelling = SpellingIndex(self._where)
        self.cues = self._phrases(HOST_CUES)
        self.resumes = self._phrases(RESUME_CUES)
        self._cue_positions = [p for p, _ in self.cues]

    def _phrases(self, phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, str]]:
        found: dict[int, str] = {}
        folded = self.folded
        for phrase in phrases:
            head, rest = phrase[0], phrase[1:]
            for slot in self._where.get(head, ()):
                if tuple(folded[slot + 1 : slot + 1 + len(rest)]) == rest:
                    position = self.positions[slot]
                    if position not in found:
                        found[position] = " ".join(phrase).replace("let s", "let's")
        return sorted(found.items())

    def hits(self, name: str) -> list[Hit]:
        """Where name part `name` (folded) occurs, spelled exactly or as captions spell it."""
        hits: list[Hit] = []
        for spelling in self._spelling.spellings(name):
            for slot in self._where[spelling]:
                hits.append(Hit(self.positions[slot], spelling, self._thanked(slot)))
        hits.sort(key=lambda hit: hit.position)
        return hits

    def count(self, word: str) -> int:
        return len(self._where.get(word, ()))

    def slots_of(self, word: str) -> list[int]:
        """Word positions where folded `word` occurs exactly."""
        return [self.positions[slot] for slot in self._where.get(word, ())]

    def cues_between(self, low: int, high: int) -> list[tuple[int, str]]:
        """Host cues at word positions low..high (inclusive)."""
        a = bisect_left(self._cue_positions, low)
        b = bisect_right(self._cue_positions, high)
        return self.cues[a:b]

    def _thanked(self, slot: int) -> bool:
        """Is the name at `slot` thanked (a thanks word just before it, no host cue between)?"""
        for back in range(slot - 1, max(-1, slot - 1 - THANKS_REACH), -1):
            if self.folded[back] in THANKS:
                return not self.cues_between(self.positions[back], self.positions[slot])
        return False
