"""Caption spellings of names: learned from the library, used by unquoted search and People."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.search.search_fixtures import FILLER, write_session
from viewer.core.library.load import load_library
from viewer.core.search import captions
from viewer.core.search.db import Database
from viewer.core.search.index import SearchIndex
from viewer.core.search.people import caption_spellings, mentions_query, people
from viewer.core.search.query import parse
from viewer.core.text import spelling

DAY = "Day-1_Feb-16/sessions"


def _library(root: Path) -> None:
    # The speaker is listed here; the captions write her surname "Brantmoor".
    write_session(
        root,
        f"{DAY}/001-Tides",
        "Tides and Models",
        speakers=("Dr. Ilsa Brandtmoor, Tide Lab", "Moderator: Omar Feld, Coast Daily"),
        transcript=(
            f"{FILLER} please welcome Ilsa Brantmoor to the stage. {FILLER}\n\n"
            f"{FILLER} thank you Brantmoor for that. {FILLER}"
        ),
    )
    # Not listed here, but spoken of with the caption spelling: the search must find it.
    write_session(
        root,
        f"{DAY}/002-Harbours",
        "Harbours",
        speakers=("Omar Feld, Coast Daily",),
        transcript=f"{FILLER} as Brantmoor showed last year the data centre grew. {FILLER}",
    )
    # A lower-case look-alike in a session without her: an ordinary word, never learned.
    write_session(
        root,
        f"{DAY}/003-Ports",
        "Ports",
        speakers=("Omar Feld, Coast Daily",),
        transcript=f"{FILLER} the old brandmoor pier and the data center. {FILLER}",
    )


@pytest.fixture
def index(tmp_path: Path) -> SearchIndex:
    _library(tmp_path / "lib")
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    idx.update(load_library([tmp_path / "lib"]))
    return idx


def test_learns_a_caption_spelling_with_evidence(index: SearchIndex) -> None:
    table = index.spellings()
    (learned,) = [s for s in table.spellings if s.name == "brandtmoor"]
    assert (learned.word, learned.person) == ("brantmoor", "ilsa brandtmoor")
    assert learned.paragraphs >= 1 and learned.sessions == 1
    assert "Brantmoor" in learned.sample
    assert table.forms("brandtmoor") == table.forms("brantmoor") == {"brandtmoor", "brantmoor"}
    assert table.forms("brandmoor") == frozenset()  # lower case, no evidence
    assert table.forms("morning") == frozenset()  # a common word of the collection
    index.close()


def test_unquoted_name_finds_every_spelling_quoted_stays_exact(index: SearchIndex) -> None:
    found = index.search("brandtmoor")
    paths = {g.path for g in found.groups}
    assert {f"{DAY}/001-Tides", f"{DAY}/002-Harbours"} <= paths
    assert f"{DAY}/003-Ports" not in paths
    snippets = [h.snippet_html for g in found.groups for h in g.hits if h.field == "transcript"]
    assert any("<b>Brantmoor</b>" in s for s in snippets)  # the snippet shows the spelling
    # The caption spelling typed finds the name as written too.
    assert f"{DAY}/001-Tides" in {g.path for g in index.search("brantmoor").groups}
    exact = index.search('"brandtmoor"')
    assert {h.field for g in exact.groups for h in g.hits} == {"speakers"}
    assert not index.search("brandtmoor", expand_words=False).hits or all(
        h.field == "speakers" for h in index.search("brandtmoor", expand_words=False).hits
    )
    index.close()


def test_british_and_american_spellings_match_in_unquoted_search(index: SearchIndex) -> None:
    for typed in ("centre", "center"):
        paths = {g.path for g in index.search(f"data {typed}").groups}
        assert paths == {f"{DAY}/002-Harbours", f"{DAY}/003-Ports"}, typed
    assert {g.path for g in index.search('"data centre"').groups} == {f"{DAY}/002-Harbours"}
    index.close()


def test_people_count_mentions_over_caption_spellings(index: SearchIndex, tmp_path: Path) -> None:
    library = load_library([tmp_path / "lib"])
    (ilsa,) = [p for p in people(library.sessions) if p.key == "ilsa brandtmoor"]
    spellings = index.spellings().as_mapping()
    assert caption_spellings(ilsa, spellings) == ["Brantmoor"]
    plain = index.search(mentions_query(ilsa))
    spelled = index.search(mentions_query(ilsa, spellings))
    assert plain.total == 0 and spelled.total == 1  # "Ilsa Brantmoor", spoken once
    index.close()


def test_table_is_relearned_only_when_files_change(tmp_path: Path) -> None:
    _library(tmp_path / "lib")
    library = load_library([tmp_path / "lib"])
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    idx.update(library)
    db = Database(tmp_path / "index.sqlite")
    assert not captions.refresh(db, library.sessions)  # cached: nothing changed
    write_session(
        tmp_path / "lib",
        f"{DAY}/004-New",
        "New",
        speakers=("Ilsa Brandtmoor, Tide Lab",),
        transcript=f"{FILLER} Brandtmor again. {FILLER}",
    )
    library = load_library([tmp_path / "lib"])
    idx.update(library)
    assert "brandtmor" in idx.spellings().forms("brandtmoor")
    db.close()
    idx.close()


def test_common_words_come_from_the_frequencies() -> None:
    freq = {"the": 50, "and": 30, "tide": 10, "rare": 5, "rarer": 3, "odd": 2}
    assert captions.common_words(freq, share=0.8) == {"the", "and"}
    assert captions.common_words(freq, share=0.99) == {"the", "and", "tide"}  # not rarer ones
    assert captions.common_words({}, share=0.95) == frozenset()


def _common_words_by_definition(frequencies: dict[str, int], share: float) -> frozenset[str]:
    """The words by count, most frequent first (ties alphabetical), until `share` is reached."""
    total = sum(frequencies.values())
    found, running = [], 0
    for word, count in sorted(frequencies.items(), key=lambda kv: (-kv[1], kv[0])):
        if running >= share * total or count < captions.MIN_COMMON_COUNT:
            break
        found.append(word)
        running += count
    return frozenset(found)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.integers(1, 40), max_size=60),
    st.sampled_from([0.3, 0.5, 0.8, 0.95, 1.0]),
)
def test_common_words_agree_with_their_definition(freq: dict[str, int], share: float) -> None:
    """Sorting only the counts picks the same words, ties at the cut included."""
    assert captions.common_words(freq, share) == _common_words_by_definition(freq, share)


def test_query_expansion_skips_quoted_and_phrases() -> None:
    def lookup(word: str) -> frozenset[str]:
        return spelling.forms(word)

    from viewer.core.search.query import expand

    query = expand(parse('centre "centres" programme-office', typing=False), lookup)
    plain, quoted, phrase = query.terms
    assert plain.alternatives == (("center",),)
    assert quoted.alternatives == () and phrase.alternatives == ()
    assert plain.fts() == '("centre" OR "center")'


# --- the real collection --------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_index(corpus_root: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    idx = SearchIndex.open(tmp_path_factory.mktemp("captions") / "index.sqlite")
    idx.update(load_library([corpus_root]))
    return idx


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["bengio", "nilekani", "altman"])
def test_corpus_names_find_their_misspellings(corpus_index: SearchIndex, name: str) -> None:
    table = corpus_index.spellings()
    others = table.forms(name) - {name}
    assert others, name
    expanded = {g.path for g in corpus_index.search(name, limit=1000).groups}
    exact = {g.path for g in corpus_index.search(name, limit=1000, expand_words=False).groups}
    for other in others:
        spelled = {g.path for g in corpus_index.search(f'"{other}"', limit=1000).groups}
        assert spelled and spelled <= expanded, other
    assert len(expanded) > len(exact)


# Words people search for that are common in the collection (none is a name or has a
# British/American twin), and the twenty most frequent longer words of the transcripts.
SEARCH_WORDS = [
    "data",
    "model",
    "india",
    "government",
    "health",
    "education",
    "farmers",
    "language",
    "safety",
    "trust",
    "startups",
    "compute",
    "energy",
    "women",
    "children",
    "jobs",
    "skills",
    "policy",
    "research",
    "open",
]


@pytest.mark.corpus
def test_common_words_gain_no_matches(corpus_index: SearchIndex) -> None:
    db = Database(corpus_index.path)
    vocabulary = captions.vocabulary(db)
    frequent = sorted((w for w in vocabulary if len(w) >= 5), key=lambda w: -vocabulary[w])[:20]
    db.close()
    table = corpus_index.spellings()
    assert len(table.spellings) > 50
    for word in (*SEARCH_WORDS, *frequent):
        assert not spelling.forms(word), word
        assert table.forms(word) == frozenset(), word
        expanded = corpus_index.search(word, limit=50)
        exact = corpus_index.search(word, limit=50, expand_words=False)
        assert expanded.total == exact.total, word


def _written_as_a_name_by_tokens(word: str, texts: list[str]) -> bool:
    """The definition: whole tokens (letters, digits, `_` and `'`) equal to `word` lowered,
    not at a sentence start, counted capitalised or not."""
    upper = lower = 0
    for text in texts:
        for match in re.finditer(r"[\w']+", text):
            if match.group().lower() != word:
                continue
            before = text[: match.start()].rstrip()
            if not before or before[-1] in ".?!>":
                continue
            if match.group()[0].isupper():
                upper += 1
            else:
                lower += 1
    return upper >= max(1, lower)


_CAPTION_PIECES = st.sampled_from(
    ["benjio", "Benjio", "BENJIO", " ", ". ", ">> ", "'", "s", "_", "x", "İ", "é", "talk ", "\n"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(_CAPTION_PIECES, max_size=14).map("".join), max_size=3))
def test_written_as_a_name_counts_whole_words_as_tokens_do(texts: list[str]) -> None:
    assert captions._written_as_a_name("benjio", texts) == _written_as_a_name_by_tokens(
        "benjio", texts
    )


@given(st.lists(st.sampled_from(["rao", "meera", "dr", "x", "raoo"]), max_size=12))
def test_beside_finds_the_word_next_to_another_name_word(tokens: list[str]) -> None:
    others = {"meera", "dr"}
    expected = any(
        t == "rao"
        and ({tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""} & others)
        for i, t in enumerate(tokens)
    )
    assert captions._beside(tokens, "rao", others) == expected


def test_a_word_near_two_names_is_learned_for_both_with_one_lookup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Halvorsan" is one edit from both "Halvorsen" and "Halvorson": the captions' spelling
    of either speaker. Its paragraphs are read once for the two."""
    root = tmp_path / "lib"
    write_session(
        root,
        f"{DAY}/001-Fjords",
        "Fjords",
        speakers=("Dr. Ingrid Halvorsen, Fjord Lab", "Per Halvorson, Coast Daily"),
        transcript=f"{FILLER} thank you Halvorsan for that. {FILLER}",
    )
    index = SearchIndex.open(tmp_path / "index.sqlite")
    library = load_library([root])
    lookups: list[str] = []
    real_execute = Database.execute

    def counting(self: Database, sql: str, params: tuple = ()) -> object:  # type: ignore[type-arg]
        if "MATCH" in sql and "JOIN rows" in sql:
            lookups.append(params[0])
        return real_execute(self, sql, params)

    monkeypatch.setattr(Database, "execute", counting)
    index.update(library)
    monkeypatch.undo()
    learned = {(s.word, s.name, s.person) for s in index.spellings().spellings}
    index.close()
    assert ("halvorsan", "halvorsen", "ingrid halvorsen") in learned
    assert ("halvorsan", "halvorson", "per halvorson") in learned
    assert lookups.count('{body} : "halvorsan"') == 1


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["nilakani", "nila", "kani", "_", "2", "é", " ", ".", "x", "'"])).map(
        "".join
    ),
    st.sampled_from(["nilakani", "nila", "kani", "x"]),
)
def test_a_whole_word_is_found_where_the_word_boundary_pattern_finds_it(
    text: str, word: str
) -> None:
    match = re.search(rf"\b{re.escape(word)}\b", text)
    assert captions._whole_word_at(text, word) == (match.start() if match else -1)
