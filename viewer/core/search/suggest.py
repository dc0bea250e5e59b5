""" "Did you mean": a nearby spelling for the words of a search that found little.

Why: names are typed as people remember them ("nilekany", "bengo") and words with typing
slips; when a search finds (almost) nothing, the index's own vocabulary and the speakers' names
usually hold the word that was meant. A word is replaced by the vocabulary word closest to it
(at most MAX_EDITS edits, `rapidfuzz`), preferring speakers' name words, then frequent words;
words the index knows well enough are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from viewer.core.text import folding

MAX_EDITS = 2
MIN_WORD = 3
# A word seen at least this often in the transcripts is taken as meant.
KNOWN_COUNT = 3
MAX_WORDS = 8


def did_you_mean(
    text: str,
    vocabulary: Mapping[str, int],
    names: Collection[str] = (),
    known: Callable[[str], bool] | None = None,
) -> str:
    """A corrected query for `text`, or "" when no word needs (or has) a better spelling.

    `vocabulary`: folded word -> occurrences in the index; `names`: folded words of speakers'
    names (a match there wins over a more frequent word); `known(word)`: other words to keep
    (e.g. ones with another spelling the search already adds). Quoted and filtered queries
    are left alone (the user chose their words)."""
    if '"' in text or ":" in text:
        return ""
    words = folding.tokens(text[:200])[:MAX_WORDS]
    if not words:
        return ""
    changed = False
    out = []
    choices = list(dict.fromkeys([*vocabulary, *names]))
    for word in words:
        if (
            len(word) < MIN_WORD
            or word.isdigit()
            or vocabulary.get(word, 0) >= KNOWN_COUNT
            or word in names
            or (known is not None and known(word))
        ):
            out.append(word)
            continue
        limit = 1 if len(word) <= 4 else MAX_EDITS
        near = process.extract(
            word, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        best = min(
            (
                (distance, w not in names, -vocabulary.get(w, 0), w)
                for w, distance, _ in near
                if w != word and (vocabulary.get(w, 0) >= KNOWN_COUNT or w in names)
            ),
            default=None,
        )
        if best is None:
            out.append(word)
        else:
            out.append(best[3])
            changed = True
    return " ".join(out) if changed else ""
