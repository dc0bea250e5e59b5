"""Approximate matching of a person's name against words as auto-captions spell them.

Captions misspell names, consistently within a talk: "Nilakani" for Nilekani, "Benjio" for
Bengio, "Alman" for Altman, "Lakun" for LeCun, "Zaviri" for Zavery. Two tests, both on folded
words (`folding.fold_token`), each bounded so common words do not pass for names:

* spelling: a bounded edit distance (none for names of up to 4 letters, 1 up to 6, 2 for
  longer), first sound kept ("Kosla" ~ "Khosla", "Hazabis" ~ "Hassabis");
* sound: the consonant skeleton (`skeleton`), letters that sound alike merged and vowels
  dropped, equal and at least three consonants long ("Lakun" ~ "Lecun", "Bloom" ~ "Blum").

`SpellingIndex` groups a text's distinct words by first sound, so each name word is compared
with a few hundred candidates instead of every word of a 60,000-word transcript.

The search index learns caption spellings for the whole library (`search/captions.py`, with
evidence and a common-word list). This matcher is for one recording at a time, where the
host's cue beside a name is the evidence, so it also accepts a same-skeleton spelling two
edits away ("Lakun" for LeCun, "Zaviri" for Zavery) that the library-wide table refuses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

# Letters that captions swap for one another, mapped to one representative.
_SOUND = str.maketrans({"c": "k", "q": "k", "z": "s", "w": "v", "y": "i", "j": "g", "x": "k"})
_VOWELS = frozenset("aeiou")
MIN_NAME = 3  # shorter name parts (initials, "al") are never matched alone


def _sound(word: str) -> str:
    return word.replace("ph", "f").replace("ck", "k").translate(_SOUND)


def first_sound(word: str) -> str:
    """The class of a word's first letter ("c" and "k" agree; an "h" after it is ignored)."""
    return _sound(word[:1])


@lru_cache(maxsize=1 << 16)
def skeleton(word: str) -> str:
    """The word's consonants after merging letters that sound alike, runs collapsed, "h"
    dropped after a consonant: "lecun" and "lakun" -> "lkn"; "mathur" and "matur" -> "mtr".
    (Kept for the words seen last: the same words come back in every transcript.)"""
    sound = _sound(word)
    out: list[str] = []
    for i, ch in enumerate(sound):
        if ch in _VOWELS or not ch.isalpha():
            continue
        if ch == "h" and i > 0:
            continue
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)


def within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of `a` and `b` at most `limit`."""
    # Imported on first use: start-up imports this module's users but matches no name.
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


def allowed_distance(name: str) -> int:
    """Edits a spelling may differ by: none for short names ("Wang" is not "want"), one up to
    six letters, two beyond."""
    if len(name) <= 4:
        return 0
    return 1 if len(name) <= 6 else 2


def spelled_like(name: str, word: str) -> bool:
    """Could `word` (folded) be the captions' spelling of name part `name` (folded)?"""
    return name == word or (first_sound(name) == first_sound(word) and _matcher(name)(word))


def _matcher(name: str) -> Callable[[str], bool]:
    """The spelling and sound tests of `name` against a word of the same first sound (what
    `SpellingIndex` buckets by), the name's own figures computed once."""
    if len(name) < MIN_NAME + 1:
        return name.__eq__
    limit = allowed_distance(name)
    bones = skeleton(name)
    from rapidfuzz.distance import Levenshtein

    distance = Levenshtein.distance

    def like(word: str) -> bool:
        if word == name:
            return True
        if len(word) < MIN_NAME:
            return False
        if distance(name, word, score_cutoff=limit) <= limit:
            return True
        return len(bones) >= 3 and bones == skeleton(word)

    return like


class SpellingIndex:
    """The distinct words of one text, grouped by first sound and length, for name look-ups."""

    def __init__(self, words: Iterable[str]) -> None:
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in set(words):
            if word:
                self._buckets[(first_sound(word), len(word))].append(word)
        self._memo: dict[str, list[str]] = {}

    def spellings(self, name: str) -> list[str]:
        """The text's words that may spell `name` (itself included when present), sorted."""
        found = self._memo.get(name)
        if found is None:
            sound, size = first_sound(name), len(name)
            reach = max(1, allowed_distance(name)) if size > MIN_NAME else 0
            like = _matcher(name)
            found = sorted(
                word
                for length in range(size - reach, size + reach + 1)
                for word in self._buckets.get((sound, length), ())
                if like(word)
            )
            self._memo[name] = found
        return found
