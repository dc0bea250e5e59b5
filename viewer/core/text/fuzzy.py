"""Fuzzy matching for the quick switcher: letters in order, rewarded for word starts and runs.

"dpg equity" finds "Digital Public Goods for Global AI Equity". Every query word must match the
candidate as a subsequence; the score favours matches at word starts and consecutive letters,
and shorter candidates break ties, as editors' quick-open boxes do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from viewer.core.text.folding import fold

MAX_QUERY = 200


def word_score(word: str, candidate: str) -> int | None:
    """Score one query word against a folded candidate; None when the letters are not there."""
    if not word:
        return 0
    at = candidate.find(word)
    if at >= 0:
        # A whole substring: strong, stronger at a word start.
        starts_word = at == 0 or not candidate[at - 1].isalnum()
        return 100 + 10 * len(word) + (50 if starts_word else 0)
    score, position, run = 0, 0, 0
    for ch in word:
        found = candidate.find(ch, position)
        if found < 0:
            return None
        run = run + 1 if found == position and position else 0
        starts_word = found == 0 or not candidate[found - 1].isalnum()
        score += 1 + 3 * run + (8 if starts_word else 0)
        position = found + 1
    return score


def score(query_words: Sequence[str], candidate: str) -> int | None:
    total = 0
    for word in query_words:
        result = word_score(word, candidate)
        if result is None:
            return None
        total += result
    return total


def rank(query: str, candidates: Iterable[tuple[str, str]], limit: int = 50) -> list[str]:
    """Keys of the best (key, text) candidates for the query, best first."""
    words = fold(query[:MAX_QUERY]).split()
    scored = []
    for key, text in candidates:
        folded = fold(text)
        result = score(words, folded)
        if result is not None:
            scored.append((-result, len(folded), key))
    scored.sort()
    return [key for _, _, key in scored[:limit]]
