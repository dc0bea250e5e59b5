"""Names as captions spell them: matched within bounds, common words not taken for names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.text.soundalike import (
    MIN_NAME,
    SpellingIndex,
    _matcher,
    allowed_distance,
    first_sound,
    skeleton,
    spelled_like,
    within,
)


@pytest.mark.parametrize(
    ("name", "caption"),
    [
        ("nilekani", "nilakani"),
        ("nilekani", "nilikani"),
        ("bengio", "benjio"),
        ("altman", "alman"),
        ("vaishnaw", "vashnau"),
        ("vaishnaw", "vishnau"),
        ("raskar", "rascar"),
        ("mathur", "matur"),
        ("lecun", "lakun"),
        ("khosla", "kosla"),
        ("blum", "bloom"),
        ("wang", "wong"),
    ],
)
def test_caption_misspellings_match(name: str, caption: str) -> None:
    assert spelled_like(name, caption)


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("wang", "want"),  # short names need the same sound, not one edit
        ("sikka", "sake"),
        ("altman", "almond"),
        ("gates", "dates"),  # first sound kept
        ("das", "was"),
        ("raskar", "radar"),
    ],
)
def test_common_words_are_not_names(name: str, word: str) -> None:
    assert not spelled_like(name, word)


def test_edit_distance_is_bounded() -> None:
    assert within("kitten", "sitting", 3)
    assert not within("kitten", "sitting", 2)
    assert within("", "ab", 2) and not within("", "abc", 2)
    assert skeleton("mathur") == skeleton("matur") == "mtr"


def test_index_finds_every_spelling_once() -> None:
    index = SpellingIndex(["alman", "altman", "altmann", "want", "walk", "alma"])
    assert index.spellings("altman") == ["alman", "altman", "altmann"]
    assert index.spellings("altman") is index.spellings("altman")  # remembered
    assert index.spellings("zz") == []


_LETTERS = st.text(alphabet="abckhlnmpqstuvwxyzeio", min_size=0, max_size=9)


def _spelled_like_definition(name: str, word: str) -> bool:
    """The rule as the module's docstring states it, test by test (the slow reference)."""
    if name == word:
        return True
    if len(name) < MIN_NAME + 1 or len(word) < MIN_NAME or first_sound(name) != first_sound(word):
        return False
    if within(name, word, allowed_distance(name)):
        return True
    bones = skeleton(name)
    return len(bones) >= 3 and bones == skeleton(word)


@settings(max_examples=500, deadline=None)
@given(_LETTERS, _LETTERS)
def test_the_index_matcher_is_spelled_like_for_words_of_the_same_first_sound(
    name: str, word: str
) -> None:
    """`SpellingIndex` tests a name against the words of its first sound with `_matcher`, and
    `spelled_like` is built on it: both give what the rule, test by test, gives."""
    assert spelled_like(name, word) == _spelled_like_definition(name, word)
    if first_sound(name) == first_sound(word):
        assert _matcher(name)(word) == _spelled_like_definition(name, word)
    words = {word, name + "x", name}
    reach = max(1, allowed_distance(name)) if len(name) > MIN_NAME else 0
    expected = sorted(  # what the index looks at: the name's first sound, lengths within reach
        w
        for w in words
        if w
        and first_sound(w) == first_sound(name)
        and abs(len(w) - len(name)) <= reach
        and _spelled_like_definition(name, w)
    )
    assert SpellingIndex(words).spellings(name) == expected
