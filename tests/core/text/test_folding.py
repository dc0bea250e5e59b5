"""One folding rule: every feature that matches text folds it the same way."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.session.parse import speaker_key
from viewer.core.text import folding, fuzzy

# Word joiner, NBSP, combining and composed accents.
WRITTEN = "Pe\u2060́rez\u00a0Nu\u0301ñez"


def test_fold_removes_invisibles_accents_and_case() -> None:
    assert folding.fold(WRITTEN) == folding.fold("PEREZ NUNEZ") == "perez nunez"
    assert folding.fold("Hon’ble") == "hon'ble"


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    once = folding.fold(text)
    assert folding.fold(once) == once


def test_quick_switcher_folds_like_search() -> None:
    assert fuzzy.rank("perez nunez", [("a", WRITTEN), ("b", "Someone Else")]) == ["a"]


def test_speaker_keys_agree_across_spellings() -> None:
    assert speaker_key("Hon’ble Shri Pe\u2060rez") == speaker_key("PEREZ") == "perez"


def _fold_definition(text: str) -> str:
    """`fold` as its docstring defines it, a character at a time (the slow reference)."""

    def strip(value: str) -> str:
        decomposed = unicodedata.normalize("NFKD", value)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    if text.isascii():
        return folding.fold(text)  # the ASCII path has no marks to strip
    return strip(strip(unicodedata.normalize("NFKD", folding.clean(text))).casefold())


_PIECES = ["Be\u0301ne\u0301dicte", "São", "ǰ", "ﬁ", "Ⅻ", "İ", "“x”", " ", "abc", "क़", "\u0301"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(_PIECES),
        max_size=12,
    ).map("".join)
)
def test_fold_strips_marks_as_defined(text: str) -> None:
    assert folding.fold(text) == _fold_definition(text)


def test_fold_strips_marks_in_every_corpus_text(corpus_root: Path) -> None:
    from viewer.core.library.load import load_library

    library = load_library([corpus_root])
    for session in library.sessions:
        for text in (session.title, *(s.text for s in session.speakers)):
            assert folding.fold(text) == _fold_definition(text), text
        if session.has_transcript:
            transcript = library.transcript(session.path)
            assert folding.fold(transcript) == _fold_definition(transcript), session.path


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_clean_of_ascii_text_is_the_table_rule(text: str) -> None:
    assert folding.clean(text) == folding._clean_by_table(text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_plain_ascii_means_clean_keeps_it_and_fold_lowers_it(text: str) -> None:
    """What the index build relies on when it skips cleaning a transcript's paragraphs."""
    plain = folding.plain_ascii(text)
    control = any((ord(ch) < 0x20 and ch not in "\t\n\r") or ch == "\x7f" for ch in text)
    assert plain == (text.isascii() and not control)
    if plain:
        for piece in (text, text[: len(text) // 2], " ".join(text.split())):
            assert folding.clean(piece) == piece
            assert folding.fold(piece) == piece.lower()
