"""The search index: ranking, query features, facets, shared streams, updates, damage."""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.search.search_fixtures import FILLER, build_corpus, write_session
from viewer.core.library.load import load_library
from viewer.core.search import build as indexbuild
from viewer.core.search import index as index_mod
from viewer.core.search.index import Facets, SearchIndex
from viewer.core.session.transcript import paragraph_at_word, read_paragraphs

D1 = "Day-1_Feb-16/sessions"
D2 = "Day-2_Feb-17/sessions"
KEYNOTES = (f"{D2}/004-Keynote", f"{D2}/005-Keynote", f"{D2}/006-Keynote")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    build_corpus(root)
    return root


@pytest.fixture()
def index(corpus: Path, tmp_path: Path) -> SearchIndex:
    idx = SearchIndex.open(tmp_path / "cache" / "index.sqlite")
    idx.update(load_library([corpus]))
    yield idx
    idx.close()


def paths(result: index_mod.SearchResult) -> list[str]:
    return [g.path for g in result.groups]


def test_title_hit_ranks_above_passing_mention(index: SearchIndex) -> None:
    result = index.search("robotics")
    assert paths(result)[:2] == [f"{D1}/001-Robotics-in-Farming", f"{D1}/002-City-Water"]
    top = result.groups[0].hits[0]
    assert top.field == "title" and top.paragraph == -1
    assert "<b>Robotics</b>" in top.snippet_html
    mention = result.groups[1].hits[0]
    assert mention.field == "transcript" and mention.paragraph >= 0
    assert result.groups[0].score > result.groups[1].score


def test_plain_words_match_in_any_order_but_phrase_needs_adjacency(index: SearchIndex) -> None:
    assert set(paths(index.search("sovereignty data"))) == {
        f"{D1}/002-City-Water",
        f"{D2}/003-Open-Data",
    }
    assert paths(index.search('"data sovereignty"')) == [f"{D1}/002-City-Water"]


def test_exclusion_drops_paragraphs_with_the_word(index: SearchIndex) -> None:
    assert set(paths(index.search("robot"))) == {f"{D1}/002-City-Water", f"{D2}/003-Open-Data"}
    assert paths(index.search("robot -factory")) == [f"{D2}/003-Open-Data"]
    assert index.search("-factory").groups == ()


def test_prefix_only_while_typing(index: SearchIndex) -> None:
    assert f"{D1}/001-Robotics-in-Farming" in paths(index.search("robo", typing=True))
    assert index.search("robo", typing=False).groups == ()


def test_speaker_filter_folds_accents_and_honorifics(index: SearchIndex) -> None:
    assert paths(index.search("speaker:nunez")) == [f"{D1}/002-City-Water"]
    assert paths(index.search('speaker:"chen li" data')) == [f"{D2}/003-Open-Data"]
    assert index.search("speaker:nobodyhere data").groups == ()


def test_day_filter(index: SearchIndex) -> None:
    assert set(paths(index.search("data"))) >= {f"{D1}/002-City-Water", f"{D2}/003-Open-Data"}
    assert paths(index.search("day:2 sovereignty")) == [f"{D2}/003-Open-Data"]
    assert paths(index.search("sovereignty day:1")) == [f"{D1}/002-City-Water"]


def test_facets_limit_sessions(index: SearchIndex) -> None:
    every = set(paths(index.search("budgets schedules")))
    assert len(every) == 6
    by_venue = index.search("budgets", Facets(venues=frozenset({"Hall B — Room 9"})))
    assert paths(by_venue) == [f"{D1}/002-City-Water"]
    with_video = set(paths(index.search("budgets", Facets(has_video=True))))
    assert f"{D1}/002-City-Water" not in with_video and f"{D2}/003-Open-Data" in with_video
    only = frozenset({f"{D2}/003-Open-Data"})
    assert paths(index.search("budgets", Facets(paths=only))) == [f"{D2}/003-Open-Data"]
    assert paths(index.search("budgets", Facets(days=frozenset({1})))) == [
        p for p in paths(index.search("budgets")) if p.startswith("Day-1")
    ]


def test_shared_transcript_indexed_once_and_hits_name_every_session(index: SearchIndex) -> None:
    counts = index.counts()
    assert counts["sessions"] == 6
    assert counts["transcripts"] == 4  # three own transcripts + one stream shared by three
    glaciers = index.search("glaciers").hits
    assert len(glaciers) == 6  # one hit per paragraph, not three copies
    for hit in glaciers:
        assert set(hit.sessions) == set(KEYNOTES)
        assert hit.path == KEYNOTES[0]  # the first talk of the stream
    tabla = Counter(h.path for h in index.search("tabla").hits)
    assert tabla.most_common(1)[0][0] == KEYNOTES[1]
    quantum = Counter(h.path for h in index.search("quantum ledger").hits)
    assert quantum.most_common(1)[0][0] == KEYNOTES[2]
    # A facet that hides the slot's session hands the hit to a session that is allowed.
    hidden = index.search("glaciers", Facets(paths=frozenset({KEYNOTES[2]})))
    assert paths(hidden) == [KEYNOTES[2]]
    assert all(h.sessions == (KEYNOTES[2],) for h in hidden.hits)


def test_group_counts_and_snippets_are_escaped(corpus: Path, tmp_path: Path) -> None:
    write_session(
        corpus,
        f"{D1}/009-Markup",
        "Markup",
        transcript=f"{FILLER} <script>alert(1)</script> zebra & zebra {FILLER}",
    )
    idx = SearchIndex.open(tmp_path / "i.sqlite")
    idx.update(load_library([corpus]))
    group = idx.search("zebra").groups[0]
    assert group.count == 1
    html = group.hits[0].snippet_html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<b>zebra</b>") == 2
    idx.close()


def test_incremental_update_add_edit_delete(corpus: Path, tmp_path: Path) -> None:
    idx = SearchIndex.open(tmp_path / "cache" / "index.sqlite")
    first = idx.update(load_library([corpus]))
    assert (first.added, first.transcripts_indexed) == (6, 4)
    again = idx.update(load_library([corpus]))
    assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, 6)

    new = write_session(
        corpus,
        f"{D1}/010-Bees",
        "Bees and Pollinators",
        transcript=f"{FILLER} hexagonal honeycomb {FILLER}",
    )
    added = idx.update(load_library([corpus]))
    assert (added.added, added.changed, added.transcripts_indexed) == (1, 0, 1)
    assert paths(idx.search("honeycomb")) == [f"{D1}/010-Bees"]

    write_session(
        corpus,
        f"{D1}/010-Bees",
        "Wasps and Pollinators",
        transcript=f"{FILLER} paper nests {FILLER}",
    )
    os.utime(new, ns=(1, 1))  # a different mtime even on coarse clocks
    edited = idx.update(load_library([corpus]))
    assert (edited.added, edited.changed, edited.unchanged) == (0, 1, 6)
    assert idx.search("honeycomb").groups == () and idx.search("bees").groups == ()
    assert paths(idx.search("wasps")) == [f"{D1}/010-Bees"]
    # Words in different places of one session (title and transcript) still find it.
    spread = idx.search("wasps nests")
    assert paths(spread) == [f"{D1}/010-Bees"] and "somewhere" in spread.message
    assert {h.field for h in spread.hits} == {"title", "transcript"}
    assert paths(idx.search("paper nests")) == [f"{D1}/010-Bees"]

    # Touching a file without changing it costs a hash, not a re-index.
    os.utime(new, ns=(2, 2))
    touched = idx.update(load_library([corpus]))
    assert (touched.changed, touched.unchanged) == (0, 7)

    # Editing one stream session's header does not re-index the shared transcript.
    keynote = corpus / f"{KEYNOTES[1]}.md"
    keynote.write_text(
        keynote.read_text(encoding="utf-8").replace("Keynote 5", "Opening Talk"), encoding="utf-8"
    )
    header_only = idx.update(load_library([corpus]))
    assert (header_only.changed, header_only.transcripts_indexed) == (1, 0)
    assert paths(idx.search("opening talk")) == [KEYNOTES[1]]
    assert set(idx.search("glaciers").hits[0].sessions) == set(KEYNOTES)

    new.unlink()
    removed = idx.update(load_library([corpus]))
    assert removed.removed == 1
    assert idx.search("wasps").groups == ()
    assert idx.counts()["transcripts"] == 4  # the deleted file's transcript was collected
    idx.close()


def test_deleting_every_stream_session_collects_the_shared_transcript(
    corpus: Path, tmp_path: Path
) -> None:
    idx = SearchIndex.open(tmp_path / "i.sqlite")
    idx.update(load_library([corpus]))
    for path in KEYNOTES:
        (corpus / f"{path}.md").unlink()
    idx.update(load_library([corpus]))
    assert idx.counts()["transcripts"] == 3
    assert idx.search("glaciers").groups == ()
    idx.close()


def test_search_while_building_sees_committed_batches(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexbuild, "BATCH_SESSIONS", 2)
    monkeypatch.setattr(indexbuild, "COMMIT_EVERY_S", 0.0)
    idx = SearchIndex.open(tmp_path / "i.sqlite")
    seen: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []

    def progress(done: int, total: int) -> None:
        def read() -> None:  # another thread, so another connection
            try:
                seen.append((done, total, len(idx.search("budgets").groups)))
            except Exception as exc:  # noqa: BLE001 - surfaced by the assert below
                errors.append(exc)

        worker = threading.Thread(target=read)
        worker.start()
        worker.join()

    idx.update(load_library([corpus]), progress=progress)
    assert not errors
    assert [s[0] for s in seen] == [0, 2, 4, 6] and all(s[1] == 6 for s in seen)
    found = [s[2] for s in seen]
    assert found[0] == 0 and found == sorted(found) and found[-1] >= 4
    # Slots within the shared stream are settled at the end, then every keynote has its hits.
    assert len(idx.search("budgets").groups) == 6
    idx.close()


def test_cancelled_update_is_completed_by_the_next(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexbuild, "BATCH_SESSIONS", 2)
    monkeypatch.setattr(indexbuild, "COMMIT_EVERY_S", 0.0)
    idx = SearchIndex.open(tmp_path / "i.sqlite")
    calls = iter(range(100))
    partial = idx.update(load_library([corpus]), cancelled=lambda: next(calls) >= 1)
    assert partial.added == 2
    rest = idx.update(load_library([corpus]))
    assert (rest.added, rest.unchanged) == (4, 2)
    assert len(idx.search("budgets").groups) == 6
    idx.close()


def test_corrupt_index_is_moved_aside_and_rebuilt_once(corpus: Path, tmp_path: Path) -> None:
    location = tmp_path / "cache" / "index.sqlite"
    location.parent.mkdir()
    location.write_bytes(b"this is not a database at all" * 100)
    idx = SearchIndex.open(location)
    assert "damaged" in idx.notice
    assert location.with_name("index.sqlite.corrupt").read_bytes().startswith(b"this is not")
    assert idx.path == location
    idx.update(load_library([corpus]))
    assert paths(idx.search("robotics"))[0] == f"{D1}/001-Robotics-in-Farming"
    idx.close()
    reopened = SearchIndex.open(location)  # healthy now: no second rebuild
    assert reopened.notice == ""
    assert reopened.counts()["sessions"] == 6
    # Damage found while in use: recovered once, then the caller is told to give up.
    assert reopened.recover() is True
    assert reopened.counts()["sessions"] == 0
    assert reopened.recover() is False
    reopened.close()


def test_truncated_index_is_detected(corpus: Path, tmp_path: Path) -> None:
    location = tmp_path / "index.sqlite"
    idx = SearchIndex.open(location)
    idx.update(load_library([corpus]))
    idx.close()
    data = location.read_bytes()
    location.write_bytes(data[: len(data) // 2])
    idx = SearchIndex.open(location)
    assert "damaged" in idx.notice
    assert idx.counts()["sessions"] == 0
    idx.close()


def test_unwritable_cache_falls_back_to_a_temporary_index(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    idx = SearchIndex.open(blocker / "cache" / "index.sqlite")
    assert "not writable" in idx.notice and "temporary" in idx.notice
    assert not str(idx.path).startswith(str(blocker))
    idx.update(load_library([corpus]))
    assert paths(idx.search("robotics"))[0] == f"{D1}/001-Robotics-in-Farming"
    idx.close()


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_read_only_cache_folder(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        idx = SearchIndex.open(folder / "index.sqlite")
        assert "not writable" in idx.notice
        idx.update(load_library([corpus]))
        assert idx.search("robotics").groups
        idx.close()
    finally:
        folder.chmod(0o755)


@pytest.fixture(scope="module")
def fuzz_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    root = tmp_path_factory.mktemp("fuzz")
    build_corpus(root / "lib")
    idx = SearchIndex.open(root / "index.sqlite")
    idx.update(load_library([root / "lib"]))
    return idx


NASTY = [
    "multi-agent",
    "don't",
    '"x',
    "AND",
    "OR",
    "NOT",
    "NEAR(",
    "NEAR(a b, 3)",
    "*",
    "a\x00b",
    "x" * 10_000,
    "{title}: robotics",
    "title:robotics",
    "^robotics",
    '""',
    "-",
    "--x",
    "speaker:",
    "day:",
    "day:99999999999999999999",
    "(((",
    ")",
    "'",
    "\\",
    "+a",
    "a:b:c",
    "\ufeff\u200b",
    "¿¡",
    "robot* -",
    '-"',
    'speaker:"',
    "ｒｏｂｏｔｉｃｓ",
]


@pytest.mark.parametrize("text", NASTY)
def test_hostile_queries_never_raise(fuzz_index: SearchIndex, text: str) -> None:
    for typing in (True, False):
        result = fuzz_index.search(text, typing=typing)
        assert isinstance(result.groups, tuple)


def test_fullwidth_query_finds_ascii_text(fuzz_index: SearchIndex) -> None:
    assert paths(fuzz_index.search("ｒｏｂｏｔｉｃｓ"))[0] == f"{D1}/001-Robotics-in-Farming"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_arbitrary_queries_never_raise(fuzz_index: SearchIndex, text: str) -> None:
    for typing in (True, False):
        result = fuzz_index.search(text, typing=typing)
        for hit in result.hits:
            assert hit.snippet_html is not None


@pytest.mark.corpus
def test_real_corpus_dedups_shared_streams(corpus_root: Path, tmp_path: Path) -> None:
    library = load_library([corpus_root])
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    stats = idx.update(library)
    with_transcript = sum(1 for s in library.sessions if s.has_transcript)
    assert stats.transcripts_indexed < with_transcript
    stream = max(library.streams, key=lambda s: len(s.paths))
    result = idx.search("thank you", Facets(paths=frozenset(stream.paths)), limit=500)
    assert result.hits
    assert all(set(h.sessions) == set(stream.paths) for h in result.hits)
    # Hits spread over the slots of the stream instead of all landing on its first session.
    assert len({h.path for h in result.hits}) > len(stream.paths) // 2
    assert idx.search("data sovereignty").groups
    # A hit is credited to the session whose part of the recording holds it (found from the
    # text): the question about "machines of loving grace" was put to Dario Amodei.
    loving = idx.search('"machines of loving grace"', limit=50)
    credited = {h.path for h in loving.hits if h.field == "transcript"}
    assert credited == {"Day-4_Feb-19/sessions/006-Fireside-Conversation"}
    # `speaker:` searches the speaker's part only: Sam Altman's keynote, not the whole day.
    altman = "Day-4_Feb-19/sessions/008-Keynote"
    part = library.segment_of(altman)
    assert part is not None and part.start_word is not None and part.end_word is not None
    paragraphs = read_paragraphs(library.transcript(altman))
    first, last = (paragraph_at_word(paragraphs, w) for w in (part.start_word, part.end_word))
    hits = idx.search("speaker:altman india", limit=500, per_session=500).hits
    transcript = [h for h in hits if h.field == "transcript"]
    assert transcript and {h.path for h in hits} == {altman}
    assert all(first <= h.paragraph <= last for h in transcript)
    idx.close()


@pytest.mark.parametrize("query", ["budgets", "robotics", '"data sovereignty"', "glaciers"])
def test_ranking_inside_owner_ranges_agrees_with_a_full_pass(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    from viewer.core.search import ranking

    def ranked() -> list[tuple[str, str, int, float]]:
        return [(h.path, h.field, h.paragraph, round(h.score, 6)) for h in index.search(query).hits]

    monkeypatch.setattr(ranking, "RANGE_QUERY_SECONDS", 1e9)  # always one full pass
    full = ranked()
    monkeypatch.setattr(ranking, "RANGE_QUERY_SECONDS", 0.0)  # always per-owner ranges
    assert ranked() == full and full


def test_cheap_ranking_for_very_common_words(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer.core.search import run as search

    monkeypatch.setattr(search, "FULL_RANK_LIMIT", 0)
    result = index.search("robotics")
    assert paths(result)[0] == f"{D1}/001-Robotics-in-Farming"
    assert result.groups[0].hits[0].field == "title"
    assert f"{D1}/002-City-Water" in paths(result)
    assert result.total == sum(g.count for g in result.groups)


@pytest.mark.parametrize("query", ["robotics", "data", "speaker", "sovereignty", "asha"])
def test_cheap_ranking_scores_each_row_as_placing_it_would(
    index: SearchIndex, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    # Field rows are scored by their owner's session; placing each row with
    # Attribution.locate (the reference) must give the same ranking, ties in the same order.
    import heapq
    import math

    from viewer.core.search import ranking
    from viewer.core.search import run as search
    from viewer.core.search.schema import LOCAL_MASK

    scans: list[tuple[object, object]] = []
    real = search.scan_matches

    def spy(db, expression, restrict, attribution):  # type: ignore[no-untyped-def]
        scan = real(db, expression, restrict, attribution)
        scans.append((scan, attribution))
        return scan

    monkeypatch.setattr(search, "scan_matches", spy)
    monkeypatch.setattr(search, "FULL_RANK_LIMIT", 0)
    assert index.search(query).total > 0
    scan, attribution = scans[0]
    reference = []
    for rowid in scan.meta:  # type: ignore[attr-defined]
        path, _ = attribution.locate(rowid)  # type: ignore[attr-defined]
        assert path
        weight = ranking.WEIGHTS[rowid & LOCAL_MASK]
        reference.append((rowid, -(weight + math.log1p(scan.counts.get(path, 0)))))  # type: ignore[attr-defined]
    reference.extend(
        (rowid, -math.log1p(scan.counts.get(path, 0)))  # type: ignore[attr-defined]
        for path, rowid in scan.first.items()  # type: ignore[attr-defined]
    )
    assert scan.meta and scan.first  # type: ignore[attr-defined]
    for limit in (3, 60):
        expected = heapq.nsmallest(limit, reference, key=lambda item: item[1])
        assert ranking.cheap_ranking(scan, attribution, limit) == expected  # type: ignore[arg-type]


def test_locked_index_waits_briefly_reports_and_recovers(corpus: Path, tmp_path: Path) -> None:
    """Another program holding the index's write lock: searching still works (WAL readers are
    not blocked), an update waits a few seconds then fails with a clear error, and the next
    update after the lock is released succeeds."""
    import sqlite3
    import time

    location = tmp_path / "index.sqlite"
    idx = SearchIndex.open(location)
    idx.update(load_library([corpus]))
    write_session(corpus, f"{D1}/011-Locks", "Locks and Keys", transcript=f"{FILLER} padlock")
    other = sqlite3.connect(location, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert paths(idx.search("robotics"))[0] == f"{D1}/001-Robotics-in-Farming"
        started = time.monotonic()
        with pytest.raises(index_mod.IndexBusy):
            idx.update(load_library([corpus]))
        assert 1.0 < time.monotonic() - started < 30  # it waited, then gave up
    finally:
        other.execute("ROLLBACK")
        other.close()
    idx.update(load_library([corpus]))
    assert paths(idx.search("padlock")) == [f"{D1}/011-Locks"]
    idx.close()


@pytest.mark.parametrize("range_seconds", [0.0, 1e9])
@pytest.mark.parametrize(
    ("query", "typing"), [("budgets", False), ("robotics", False), ("the", False), ("bud", True)]
)
def test_scan_counts_agree_with_placing_every_row(
    index: SearchIndex,
    monkeypatch: pytest.MonkeyPatch,
    range_seconds: float,
    query: str,
    typing: bool,
) -> None:
    # The scan counts rows per owner (and per slot of a shared stream) in SQL; placing every
    # matching row with Attribution.locate, one by one, must give the same counts, first
    # paragraphs and matched fields, through range queries and through one more full pass.
    from viewer.core.search import ranking
    from viewer.core.search import run as search
    from viewer.core.search.schema import FIELDS, LOCAL_MASK, OWNER_SHIFT

    monkeypatch.setattr(ranking, "RANGE_QUERY_SECONDS", range_seconds)
    scans: list[tuple[object, ...]] = []
    real = search.scan_matches

    def spy(db, expression, restrict, attribution):  # type: ignore[no-untyped-def]
        scan = real(db, expression, restrict, attribution)
        scans.append((db, expression, restrict, attribution, scan))
        return scan

    monkeypatch.setattr(search, "scan_matches", spy)
    assert index.search(query, typing=typing).total > 0
    db, expression, restrict, attribution, scan = scans[0]
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    meta: list[int] = []
    for (rowid,) in db.execute(  # type: ignore[attr-defined]
        f"SELECT fts.rowid FROM fts WHERE fts MATCH ?{restrict}", (expression,)
    ):
        path, _ = attribution.locate(rowid)  # type: ignore[attr-defined]
        if not path:
            continue
        counts[path] += 1
        if rowid >> OWNER_SHIFT in attribution.streams:  # type: ignore[attr-defined]
            first[path] = min(first.get(path, rowid), rowid)
        elif rowid & LOCAL_MASK < len(FIELDS) - 1:
            meta.append(rowid)
    assert dict(scan.counts) == dict(counts)  # type: ignore[attr-defined]
    assert scan.first == first  # type: ignore[attr-defined]
    assert sorted(scan.meta) == sorted(meta)  # type: ignore[attr-defined]


def test_stored_paragraphs_are_the_ones_hits_name(corpus: Path, tmp_path: Path) -> None:
    """The index keeps each transcript's paragraph bounds: the window rebuilds from them the
    very paragraphs the split gives and the search hits number."""
    from viewer.core.search.index import StoredParagraphs
    from viewer.core.session.transcript import read_paragraphs

    location = tmp_path / "index.sqlite"
    store = StoredParagraphs(location)
    library = load_library([corpus])
    first = library.sessions[0]
    assert store.paragraphs(library.transcript(first.path)) is None  # no index yet
    assert not location.exists()  # and asking did not create one

    idx = SearchIndex.open(location)
    idx.update(library)
    transcripts = {library.transcript(s.path) for s in library.sessions if s.has_transcript}
    assert len(transcripts) == 4
    for transcript in transcripts:
        stored = store.paragraphs(transcript)
        assert stored is not None and stored == read_paragraphs(transcript)
    # A hit's paragraph number points at the stored paragraph holding its words.
    hit = idx.search("tabla").hits[0]
    stream = next(t for t in transcripts if "tabla" in t)
    stored = store.paragraphs(stream)
    assert stored is not None and "tabla" in stored[hit.paragraph].text
    assert store.paragraphs("words this index has never seen.") is None
    assert store.paragraphs("   ") is None
    store.close()
    idx.close()


def test_stored_paragraphs_give_way_to_trouble(corpus: Path, tmp_path: Path) -> None:
    """Another schema version, a damaged file or a lock: no paragraphs, no exception, no wait."""
    import sqlite3
    import time

    from viewer.core.search.index import LOOKUP_TIMEOUT_S, StoredParagraphs

    location = tmp_path / "index.sqlite"
    library = load_library([corpus])
    transcript = library.transcript(library.sessions[0].path)
    idx = SearchIndex.open(location)
    idx.update(library)
    idx.close()
    store = StoredParagraphs(location)
    assert store.paragraphs(transcript) is not None
    store.close()

    other = sqlite3.connect(location, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        fresh = StoredParagraphs(location)
        started = time.monotonic()
        assert fresh.paragraphs(transcript) is None
        assert time.monotonic() - started < LOOKUP_TIMEOUT_S + 1.0
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert fresh.paragraphs(transcript) is not None  # the lock gone, the next lookup works

    with sqlite3.connect(location) as db:
        db.execute("PRAGMA user_version=1")
    assert store.paragraphs(transcript) is None  # an older index: split afresh
    store.close()

    for file in tmp_path.glob("index.sqlite*"):
        file.unlink()
    location.write_bytes(b"this is not a database " * 100)
    damaged = StoredParagraphs(location)
    assert damaged.paragraphs(transcript) is None
    damaged.close()
    assert location.read_bytes().startswith(b"this is not")  # left for the index to handle


def test_summaries_and_takeaways_are_indexed_from_the_files(corpus: Path, tmp_path: Path) -> None:
    """The library's headers leave summaries and takeaways out; the index still gets them,
    from a cached load as from a cold one."""
    cache = tmp_path / "headers"
    load_library([corpus], cache_dir=cache)  # the cold load fills the header cache
    warm = load_library([corpus], cache_dir=cache, trust_cache=True)
    assert not warm.verified and all(s.summary == "" for s in warm.sessions)
    idx = SearchIndex.open(tmp_path / "index.sqlite")
    idx.update(warm)
    summary = idx.search("small farms").hits
    assert [(h.path, h.field) for h in summary] == [(f"{D1}/001-Robotics-in-Farming", "summary")]
    takeaway = idx.search('"publish early"').hits
    assert [(h.path, h.field) for h in takeaway] == [(f"{D2}/003-Open-Data", "takeaways")]
    idx.close()
