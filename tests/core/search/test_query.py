"""The query language, its compilation to FTS5, normalisation, and snippets."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.search.query import MAX_QUERY_CHARS, Term, make_snippet, parse, speaker_matches
from viewer.core.text import folding


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(title, speakers, partners, summary, "
        "takeaways, body, tokenize='unicode61 remove_diacritics 2')"
    )
    rows = [
        ("multi agent systems", "", "", "", "", ""),
        ("", "narendra modi", "", "", "", ""),
        ("", "", "", "", "", folding.fold("We don’t sell data sovereignty. Café naïve résumé")),
    ]
    conn.executemany("INSERT INTO f VALUES (?,?,?,?,?,?)", rows)
    return conn


def matches(conn: sqlite3.Connection, text: str, typing: bool = False) -> int:
    expression = parse(text, typing=typing).match_expression()
    if not expression:
        return -1
    return int(conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (expression,)).fetchone()[0])


def test_normalisation_is_shared_by_index_and_query() -> None:
    assert folding.fold("Résumé\u00a0NAÏVE\u2011x “q” it’s") == 'resume naive-x "q" it\'s'
    assert folding.tokens("sov\u200bereign\u2060ty") == ["sovereignty"]
    assert folding.tokens("Straße") == ["strasse"]
    assert folding.clean("a\u00a0b\u2010c\x00d") == "a b-c d"


def test_terms_and_filters() -> None:
    q = parse('data "open source" -closed speaker:"Dr. Núñez" day:2 day:4 ', typing=True)
    assert [t.tokens for t in q.terms] == [("data",), ("open", "source")]
    assert not any(t.prefix for t in q.terms)  # trailing space: the last word is finished
    assert [t.tokens for t in q.excluded] == [("closed",)]
    assert q.speakers == (("dr", "nunez"),)
    assert q.days == frozenset({2, 4})


def test_prefix_only_on_a_bare_last_word_while_typing() -> None:
    assert parse("data sov", typing=True).terms[-1] == Term(("sov",), prefix=True)
    assert parse("data sov", typing=False).terms[-1] == Term(("sov",))
    assert parse('"data sov"', typing=True).terms[-1] == Term(("data", "sov"))
    assert parse("data s", typing=True).terms[-1] == Term(("s",))  # too short to expand


def test_everything_else_is_literal(fts: sqlite3.Connection) -> None:
    assert matches(fts, "multi-agent") == 1
    assert matches(fts, "agent-multi") == 0  # a hyphenated word is a phrase, order matters
    assert matches(fts, "don't") == 1
    assert matches(fts, "DON’T sovereignty") == 1
    assert matches(fts, "cafe NAIVE resume") == 1
    assert matches(fts, "AND") == 0  # the word "and", not an operator
    assert matches(fts, "NEAR(") == 0
    assert matches(fts, "*") == -1  # nothing to search for
    assert matches(fts, "day:x") == 0  # not a day: literal text
    assert matches(fts, "speaker:modi") == 1
    assert matches(fts, "speaker:modi -narendra") == 0


def test_length_and_term_caps() -> None:
    q = parse("word " * 5000)
    assert len(q.text) == MAX_QUERY_CHARS
    assert len(q.terms) == 1  # duplicates collapse
    many = parse(" ".join(f"w{i}" for i in range(100)))
    assert len(many.terms) <= 16


def test_speaker_matches_tokens_and_prefixes() -> None:
    names = "asha verma dr asha verma"
    assert speaker_matches(names, (("verma",),))
    assert speaker_matches(names, (("asha", "ver"),))
    assert not speaker_matches(names, (("asha", "gupta"),))
    assert speaker_matches(names, ())


def test_snippet_window_highlights_and_escapes() -> None:
    text = " ".join(["alpha"] * 80 + ["<b>Sovereignty</b>", "&", "DATA"] + ["omega"] * 80)
    snip = make_snippet(text, parse("data sovereignty").terms)
    assert snip.clipped_start and snip.clipped_end
    html = snip.html()
    assert "&lt;b&gt;<b>Sovereignty</b>&lt;/b&gt;" in html and "&amp; <b>DATA</b>" in html
    assert "alpha" in snip.plain() and "omega" in snip.plain()
    accented = make_snippet("Le café est naïf", parse("cafe naif").terms)
    assert accented.html() == "Le <b>café</b> est <b>naïf</b>"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_any_text_compiles_to_a_valid_match(text: str, typing: bool) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, speakers, body)")
    q = parse(text, typing=typing)
    expression = q.match_expression()
    if expression:
        conn.execute("SELECT count(*) FROM f WHERE f MATCH ?", (expression,)).fetchone()
    make_snippet(text, q.highlight_terms).html()
    conn.close()
