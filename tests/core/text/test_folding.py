"""One folding rule: every feature that matches text folds it the same way."""

from __future__ import annotations

from hypothesis import given
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
