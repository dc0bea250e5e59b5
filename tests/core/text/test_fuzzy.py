from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.text.folding import fold
from viewer.core.text.fuzzy import Folded, Tier, best, rank, word_score

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


def _prepared(pairs: list[tuple[str, str, str]]) -> list[tuple[str, Folded, Folded | None]]:
    return [(key, Folded.of(title), Folded.of(rest)) for key, title, rest in pairs]


TIERED = [
    ("long", "Open Models for Public Services and National Security", "Ana Ruiz"),
    ("exact", "Open Models for Public Services", "Lee Chen"),
    ("words", "Services for Open Public Models", ""),
    ("inside", "Reopen the Remodels", ""),
    ("letters", "Oxford Pens", ""),
]


def test_exact_then_prefix_then_word_starts_then_substrings_then_letters() -> None:
    found = best("open models for public services", _prepared(TIERED))
    assert [m.key for m in found] == ["exact", "long", "words"]
    assert [m.tier for m in found] == [Tier.EXACT, Tier.PREFIX, Tier.WORD_START]
    found = best("open models", _prepared(TIERED))
    assert [m.key for m in found] == ["exact", "long", "words", "inside"]
    assert [m.tier for m in found] == [Tier.PREFIX, Tier.PREFIX, Tier.WORD_START, Tier.SUBSTRING]
    (letters,) = best("oxpe", _prepared(TIERED))
    assert (letters.key, letters.tier) == ("letters", Tier.FUZZY)
    for query in ("op", "o m", "pub", "se", "ana"):
        tiers = [m.tier for m in best(query, _prepared(TIERED))]
        assert tiers == sorted(tiers)


def test_positions_point_into_the_original_title_and_speakers() -> None:
    title, speakers = "Café Ética", "Zoë Núñez"
    (found,) = best("eti nun", [("k", Folded.of(title), Folded.of(speakers))])
    shown = title + " " + speakers
    assert "".join(shown[i] for i in found.positions) == "ÉtiNúñ"
    (exact,) = best("cafe etica", [("k", Folded.of(title), None)])
    assert exact.tier is Tier.EXACT and "".join(title[i] for i in exact.positions) == "Café Ética"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.text(max_size=30))
def test_positions_are_always_inside_the_texts(query: str, title: str, rest: str) -> None:
    for found in best(query, [("k", Folded.of(title), Folded.of(rest))]):
        assert all(0 <= i < len(title) + 1 + len(rest) for i in found.positions)
