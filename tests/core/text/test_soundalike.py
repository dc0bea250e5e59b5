"""Names as captions spell them: matched within bounds, common words not taken for names."""

from __future__ import annotations

import pytest

from viewer.core.text.soundalike import SpellingIndex, skeleton, spelled_like, within


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
