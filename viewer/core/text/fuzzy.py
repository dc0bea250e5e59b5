"""Fuzzy matching for the quick switcher: exact and prefix first, then word starts, then letters.

Typing a whole title must open that title, not a longer one that shares its first words, so
candidates are ranked in tiers before any score is compared:

    EXACT       the query is the title
    PREFIX      the title starts with the query
    WORD_START  every query word starts a word of the title or a speaker's name
    SUBSTRING   every query word appears inside some word
    FUZZY       every query word's letters appear in order ("dpg" in "Digital Public Goods")

Within a tier the score favours word starts and runs of letters, then shorter candidates, as
editors' quick-open boxes do. A match also reports which characters of the candidate matched,
as positions in the text given (not the folded form), so the switcher can highlight them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from viewer.core.text.folding import fold

MAX_QUERY = 200


class Tier(IntEnum):
    EXACT = 0
    PREFIX = 1
    WORD_START = 2
    SUBSTRING = 3
    FUZZY = 4


@dataclass(frozen=True)
class Folded:
    """A candidate's matching form and, for each folded character, its index in the original."""

    text: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        if text.isascii():
            folded = fold(text)
            return cls(folded, tuple(range(len(folded))))
        chars: list[str] = []
        origin: list[int] = []
        for index, ch in enumerate(text):
            piece = fold(ch)
            chars.append(piece)
            origin.extend([index] * len(piece))
        return cls("".join(chars), tuple(origin))


@dataclass(frozen=True)
class Match:
    """One ranked candidate: its key, tier, score and the matched positions in its text."""

    key: str
    tier: Tier
    score: int
    positions: tuple[int, ...]


def _starts_word(text: str, at: int) -> bool:
    return at == 0 or not text[at - 1].isalnum()


def _word_start_at(word: str, text: str) -> int:
    """Where `word` starts a word of `text`, else -1."""
    at = text.find(word)
    while at >= 0:
        if _starts_word(text, at):
            return at
        at = text.find(word, at + 1)
    return -1


def _letters(word: str, text: str) -> tuple[int, list[int]] | None:
    """Letters of `word` in order in `text`: (score, positions), preferring word starts."""
    score, position, run = 0, 0, 0
    found_at: list[int] = []
    for ch in word:
        found = text.find(ch, position)
        if found < 0:
            return None
        run = run + 1 if found == position and position else 0
        score += 1 + 3 * run + (8 if _starts_word(text, found) else 0)
        found_at.append(found)
        position = found + 1
    return score, found_at


def word_score(word: str, candidate: str) -> int | None:
    """Score one query word against a folded candidate; None when the letters are not there."""
    found = _match_word(word, candidate)
    return None if found is None else found[1]


def _match_word(word: str, text: str) -> tuple[Tier, int, list[int]] | None:
    if not word:
        return Tier.WORD_START, 0, []
    at = _word_start_at(word, text)
    if at >= 0:
        return Tier.WORD_START, 150 + 10 * len(word), list(range(at, at + len(word)))
    at = text.find(word)
    if at >= 0:
        return Tier.SUBSTRING, 100 + 10 * len(word), list(range(at, at + len(word)))
    letters = _letters(word, text)
    if letters is None:
        return None
    return Tier.FUZZY, letters[0], letters[1]


def match(query: str, key: str, title: Folded, rest: Folded | None = None) -> Match | None:
    """Match `query` (already folded) against a title and optional extra text (speakers).

    Positions below len(title.origin) index the title's original text; the rest index the
    extra text, offset by the title's original length plus one (a separator).
    """
    words = query.split()
    phrase = " ".join(words)
    title_text = " ".join(title.text.split())
    if phrase and title_text == phrase:
        return Match(key, Tier.EXACT, 1000, _origin(title, range(len(title.text))))
    if phrase and title_text.startswith(phrase):
        at = title.text.find(phrase)
        indexes = range(at, at + len(phrase)) if at >= 0 else _word_positions(words, title.text)
        return Match(key, Tier.PREFIX, 500 + len(phrase), _origin(title, indexes))
    whole = title.text + " " + (rest.text if rest is not None else "")
    tier, total, found = Tier.WORD_START, 0, []
    for word in words:
        result = _match_word(word, whole)
        if result is None:
            return None
        tier = max(tier, result[0])
        total += result[1]
        found.extend(result[2])
    return Match(key, tier, total, _split_origin(title, rest, found))


def _word_positions(words: Sequence[str], text: str) -> list[int]:
    out: list[int] = []
    for word in words:
        at = text.find(word)
        out.extend(range(at, at + len(word)) if at >= 0 else ())
    return out


def _origin(folded: Folded, indexes: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted({folded.origin[i] for i in indexes if i < len(folded.origin)}))


def _split_origin(title: Folded, rest: Folded | None, indexes: Sequence[int]) -> tuple[int, ...]:
    """Folded positions in "title rest" back to positions in the original texts."""
    size = len(title.text)
    title_length = (title.origin[-1] + 1) if title.origin else 0
    out: set[int] = set()
    for i in indexes:
        if i < size:
            out.add(title.origin[i])
        elif rest is not None and 0 <= i - size - 1 < len(rest.origin):
            out.add(title_length + 1 + rest.origin[i - size - 1])
    return tuple(sorted(out))


def best(
    query: str, candidates: Iterable[tuple[str, Folded, Folded | None]], limit: int = 50
) -> list[Match]:
    """The best matches for `query` among (key, title, rest) candidates, best first."""
    folded = fold(query[:MAX_QUERY])
    if not folded.split():
        return []
    scored = []
    for key, title, rest in candidates:
        found = match(folded, key, title, rest)
        if found is not None:
            length = len(title.text) + (len(rest.text) if rest is not None else 0)
            scored.append((found.tier, -found.score, length, key, found))
    scored.sort(key=lambda row: row[:4])
    return [row[4] for row in scored[:limit]]


def rank(query: str, candidates: Iterable[tuple[str, str]], limit: int = 50) -> list[str]:
    """Keys of the best (key, text) candidates for the query, best first."""
    prepared = [(key, Folded.of(text), None) for key, text in candidates]
    return [found.key for found in best(query, prepared, limit)]
