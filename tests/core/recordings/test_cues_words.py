"""`cues.folded_words` (the fast path) gives what folding each token and taking its letter-and-
digit runs gives, on generated tokens and on every corpus transcript."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.library.load import load_library
from viewer.core.recordings.cues import folded_words
from viewer.core.session.parse import transcript_tokens
from viewer.core.text.folding import fold_token

_WORD = re.compile(r"[^\W_]+")


def _definition(tokens: list[str]) -> tuple[list[str], list[int]]:
    folded: list[str] = []
    positions: list[int] = []
    for index, token in enumerate(tokens):
        parts = _WORD.findall(fold_token(token))
        folded.extend(parts)
        positions.extend([index] * len(parts))
    return folded, positions


_PIECES = st.sampled_from(
    ["Hello", "world", "don't", "a_b", "2026", "São", "ÉCOLE", "ﬁne", "x,", "—", "Ⅻ", "İ", "ß", "_"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=3).map("".join), max_size=25))
def test_fast_path_matches_the_definition(tokens: list[str]) -> None:
    assert folded_words(tokens) == _definition(tokens)


def test_ascii_only_tokens_match_the_definition() -> None:
    tokens = ["Welcome,", "Dr.", "Rao's", "AI_Impact", "2026!", "(applause)", "OK"]
    assert folded_words(tokens) == _definition(tokens)
    assert folded_words([]) == ([], [])


def test_every_corpus_transcript_matches_the_definition(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    checked = 0
    for session in library.sessions:
        if session.has_transcript:
            tokens = transcript_tokens(library.transcript(session.path))
            assert folded_words(tokens) == _definition(tokens), session.path
            checked += 1
    assert checked > 200
