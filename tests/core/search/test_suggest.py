""" "Did you mean": nearby spellings from the index's words and the speakers' names."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.core.library.load import load_library
from viewer.core.search.index import SearchIndex
from viewer.core.search.suggest import did_you_mean

VOCABULARY = {"government": 40, "policy": 30, "harbour": 5, "harbor": 1, "tidal": 9, "tidel": 1}


def test_corrects_rare_or_unknown_words() -> None:
    assert did_you_mean("goverment policy", VOCABULARY) == "government policy"
    assert did_you_mean("tidel", VOCABULARY) == "tidal"  # seen once: a slip
    assert did_you_mean("government policy", VOCABULARY) == ""  # nothing to correct
    assert did_you_mean("zzzzqq", VOCABULARY) == ""  # nothing near


def test_names_win_and_quoted_queries_stay() -> None:
    names = {"brandtmoor"}
    vocab = {**VOCABULARY, "brandmoor": 5}
    assert did_you_mean("brandtmor", vocab, names) == "brandtmoor"
    assert did_you_mean('"goverment"', VOCABULARY) == ""
    assert did_you_mean("speaker:goverment", VOCABULARY) == ""
    assert did_you_mean("harbor", VOCABULARY, known=lambda w: w == "harbor") == ""


def test_hostile_input_is_bounded() -> None:
    assert isinstance(did_you_mean("x" * 100000 + " " + "y " * 5000, VOCABULARY), str)


@pytest.mark.corpus
def test_corpus_suggestions(corpus_root: Path, tmp_path: Path) -> None:
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update(load_library([corpus_root]))
    for typed, meant in (
        ("nilekany", "nilekani"),
        ("bengo", "bengio"),
        ("goverment", "government"),
    ):
        assert index.search(typed).total == 0
        assert index.suggest(typed) == meant
        assert index.search(meant).total > 0
    assert index.suggest("farmers") == ""
    index.close()
