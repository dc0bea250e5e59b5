from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.text.folding import fold
from viewer.core.text.fuzzy import rank, word_score

TITLES = [
    ("a", "Digital Public Goods for Global AI Equity"),
    ("b", "Open Models for Public Services"),
    ("c", "Keynote"),
    ("d", "Safeguarding Children in India's AI Future"),
]


def test_initials_and_words_in_any_order() -> None:
    assert rank("dpg equity", TITLES)[0] == "a"
    assert rank("equity digital", TITLES) == ["a"]
    assert rank("keynote", TITLES) == ["c"]


def test_substring_beats_scattered_letters() -> None:
    assert rank("pub", TITLES) == ["b", "a"]  # equal matches: the shorter title first
    assert word_score("pub", fold("public")) > word_score("pub", fold("parsnip uber"))


def test_no_match_and_accents() -> None:
    assert rank("zzz", TITLES) == []
    assert rank("cafe", [("x", "Café Policy")]) == ["x"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_query_is_safe(query: str) -> None:
    result = rank(query, TITLES)
    assert set(result) <= {"a", "b", "c", "d"}
