"""The header cache's file format (2): round trip, shared texts, damage, and remembered scans."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.library.test_library import (
    collection,
    count_reads,
    read_cache,
    session_text,
    write,
    write_cache,
)
from viewer.core.library import header_cache
from viewer.core.library import load as library_module
from viewer.core.library.header_cache import (
    CACHE_NAME,
    PROBLEM,
    SESSION,
    SKIP,
    HeaderCache,
    Listing,
)
from viewer.core.library.load import load_library
from viewer.core.library.scan import Found, scan_state, scan_state_of
from viewer.core.session.model import ParseProblem, Session, Speaker, build_many
from viewer.core.util.collector import paused_gc

__all__ = ["collection"]  # the fixture, shared with test_library

ADA = Speaker("Dr. Ada Example, Example Institute", "Dr. Ada Example", "Example Institute", "ada")


def full_session(path: str, **changes: Any) -> Session:
    """A header with every field set to something other than its default."""
    fields: dict[str, Any] = {
        "path": path,
        "source": f"/lib/{path}.md",
        "title": "Ünïcode ✓ — “quoted” 📌 and a lone \ud800 surrogate",
        "day": 4,
        "date": "2026-02-19",
        "start": "10:00",
        "end": "11:30",
        "building": "Bharat Mandapam",
        "room": "L1 | Hall 9",
        "video_url": "https://youtube.com/live/Ab3_dE5-gH7?feature=share",
        "video_id": "Ab3_dE5-gH7",
        "speakers": (ADA, Speaker("Mr. Bo Sample", "Mr. Bo Sample", "", "bo sample")),
        "partners": ("Example Partner", "Civic Data Trust"),
        "summary": "A **summary**\n\nwith two paragraphs.",
        "takeaways": ("First.", "Second, longer."),
        "has_transcript": True,
        "transcript_words": 1234,
        "speaker_changes": 56,
    }
    fields.update(changes)
    return Session(**fields)


def test_every_field_and_kind_survives_a_round_trip(tmp_path: Path) -> None:
    cache = HeaderCache(tmp_path)
    one = full_session("Day-4/sessions/001")
    two = full_session("Day-4/sessions/002", day=None, has_transcript=False, speakers=())
    cache.put(one.source, 10, 1_700_000_000_123_456_789, one, "digest-1")
    cache.put(two.source, 20, 2, two, "")
    cache.put("/lib/broken.md", 30, 3, ParseProblem("broken.md", "not UTF-8 text"))
    cache.put("/lib/README.md", 40, 4, ParseProblem("README.md", "no title", kind="not-session"))
    listing = Listing(("/lib",), ("/lib/README.md",), ("README.md",), (False,), (("x/", "why"),))
    cache.remember(listing)
    cache.save(["/lib"])

    again = HeaderCache(tmp_path)
    assert again.damaged == 0
    first = again.get(one.source, 10, 1_700_000_000_123_456_789)
    assert first is not None and first.kind == SESSION
    # Summaries and takeaways are kept apart from the headers, and come back on demand.
    bare = {"summary": "", "takeaways": ()}
    assert first.header == dataclasses.replace(one, **bare) and first.digest == "digest-1"
    assert again.texts(one.source) == (one.summary, one.takeaways)
    second = again.get(two.source, 20, 2)
    assert second is not None and second.header == dataclasses.replace(two, **bare)
    assert second.digest == "" and again.texts(two.source) == (two.summary, two.takeaways)
    assert again.texts("/lib/broken.md") is None and again.texts("/lib/unknown.md") is None
    broken = again.get("/lib/broken.md", 30, 3)
    assert broken is not None and (broken.kind, broken.reason) == (PROBLEM, "not UTF-8 text")
    readme = again.get("/lib/README.md", 40, 4)
    assert readme is not None and (readme.kind, readme.reason) == (SKIP, "no title")
    assert again.listing(["/lib"]) == (listing, [again.entry("/lib/README.md")])
    assert again.get(one.source, 10, 5) is None  # another mtime: not current


def test_the_file_is_ascii_and_writes_each_text_once(tmp_path: Path) -> None:
    cache = HeaderCache(tmp_path)
    for n in range(20):
        session = full_session(f"s/{n:03}")
        cache.put(session.source, n, n, session, f"d{n}")
    cache.save(["/lib"])
    raw = (tmp_path / CACHE_NAME).read_bytes()
    assert raw.isascii()  # decodes to one byte per character whatever the sessions hold
    data = read_cache(tmp_path)
    assert data["strings"].count("Example Institute") == 1
    assert len(data["speakers"]) == 2 * 4  # two distinct speakers, four texts each


def test_loaded_sessions_share_repeated_texts_and_compare_equal(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    warm = load_library([collection], cache_dir=cache)
    assert warm.sessions == cold.sessions  # sharing changes no value
    first, second = warm.sessions[0], warm.sessions[1]
    assert first.building is second.building
    assert first.partners[0] is second.partners[0]
    assert first.speakers[0] is second.speakers[0]  # one Speaker object per distinct speaker


def damaged_copy(cache: Path, change: Any) -> None:
    data = read_cache(cache)
    change(data)
    write_cache(cache, data)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["sessions"]["title"].pop(),  # one column shorter than the others
        lambda d: d["sessions"].pop("title"),
        lambda d: d["sessions"]["partners_count"].__setitem__(0, -1),  # every row would shift
        lambda d: d.__setitem__("strings", [1, 2, 3]),
        lambda d: d.__setitem__("sessions", []),
        lambda d: d.__setitem__("speakers", [0, 1, 2]),
    ],
)
def test_a_table_of_the_wrong_shape_is_kept_aside_and_rebuilt(
    collection: Path, tmp_path: Path, damage: Any
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    damaged_copy(cache, damage)
    damaged = (cache / CACHE_NAME).read_bytes()
    assert load_library([collection], cache_dir=cache).sessions == cold.sessions
    assert (cache / (CACHE_NAME + ".corrupt")).read_bytes() == damaged
    assert HeaderCache(cache).damaged == 0  # rebuilt whole


def packed_column(column: str, text: str) -> Any:
    """Damage: the sessions' packed `column` replaced by `text`."""

    def damage(raw: bytes) -> bytes:
        lines = raw.splitlines(True)
        for number, line in enumerate(lines):
            if line.startswith(b'["sessions"'):
                name, table = json.loads(line)
                assert isinstance(table[column], str)  # packed
                table[column] = text
                lines[number] = json.dumps([name, table]).encode("ascii") + b"\n"
        return b"".join(lines)

    return damage


def drop_line(name: str) -> Any:
    def drop(raw: bytes) -> bytes:
        return b"".join(x for x in raw.splitlines(True) if not x.startswith(b'["' + name.encode()))

    return drop


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw.replace(b"\n", b"\n\n", 1),  # a blank line
        lambda raw: raw + raw.splitlines(True)[-1],  # a part twice
        lambda raw: raw + b'["extra",[]]\n',
        lambda raw: b"{}\n" + raw,
        lambda raw: b"",
        drop_line("sessions"),
        drop_line("speakers"),
        drop_line("listings"),
        packed_column("title", "not base64!"),
        packed_column("title", "AAA="),  # two bytes: no whole 32-bit integer
        packed_column("speakers_count", ""),  # a column of no rows
    ],
)
def test_a_damaged_file_is_kept_aside_and_rebuilt(
    collection: Path, tmp_path: Path, damage: Any
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    damaged = damage((cache / CACHE_NAME).read_bytes())
    (cache / CACHE_NAME).write_bytes(damaged)
    assert load_library([collection], cache_dir=cache).sessions == cold.sessions
    assert (cache / (CACHE_NAME + ".corrupt")).read_bytes() == damaged
    assert read_cache(cache)["fingerprint"] == HeaderCache(cache).fingerprint


def test_the_string_table_spans_several_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("viewer.core.library.header_cache.STRINGS_PER_LINE", 3)
    cache = HeaderCache(tmp_path)
    session = full_session("s/001")
    cache.put(session.source, 1, 1, session, "d")
    cache.save(["/lib"])
    assert (tmp_path / CACHE_NAME).read_bytes().count(b'["strings",') > 3
    again = HeaderCache(tmp_path)
    entry = again.get(session.source, 1, 1)
    assert entry is not None
    assert entry.header == dataclasses.replace(session, summary="", takeaways=())
    assert again.texts(session.source) == (session.summary, session.takeaways)


def test_texts_taken_out_by_the_caller_are_kept_as_given(tmp_path: Path) -> None:
    """`put(..., texts)`: the parser's helper strips the header itself (one copy of it, not
    two); the cache keeps the same entry and texts as when it strips them."""
    session = full_session("s/001")
    bare = dataclasses.replace(session, summary="", takeaways=())
    apart, whole = HeaderCache(tmp_path / "a"), HeaderCache(tmp_path / "b")
    texts = (session.summary, session.takeaways)
    assert apart.put(session.source, 1, 1, bare, "d", texts) == whole.put(
        session.source, 1, 1, session, "d"
    )
    assert apart.texts(session.source) == whole.texts(session.source) == texts
    apart.save(["/lib"])
    whole.save(["/lib"])
    assert (tmp_path / "a" / CACHE_NAME).read_bytes() == (tmp_path / "b" / CACHE_NAME).read_bytes()


def test_an_index_of_the_wrong_type_marks_only_its_row(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    damaged_copy(cache, lambda d: d["sessions"]["room"].__setitem__(1, True))  # bool, not int
    calls = count_reads(monkeypatch)
    assert load_library([collection], cache_dir=cache).sessions == cold.sessions
    assert calls == ["Day-1_Feb-16/sessions/002-B"]


def test_an_older_format_is_ignored_not_set_aside(collection: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    old = cache / "headers-v1.json"
    old.write_text('{"format": 1, "fingerprint": "x", "entries": {}}', encoding="utf-8")
    load_library([collection], cache_dir=cache)
    assert old.read_text(encoding="utf-8").startswith('{"format": 1')
    assert sorted(p.name for p in cache.iterdir()) == sorted([CACHE_NAME, "headers-v1.json"])


def test_a_cache_of_other_code_is_replaced_without_being_set_aside(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_library([collection], cache_dir=cache)
    damaged_copy(cache, lambda d: d.__setitem__("fingerprint", "older parsing code"))
    load_library([collection], cache_dir=cache)
    assert not (cache / (CACHE_NAME + ".corrupt")).exists()
    assert read_cache(cache)["fingerprint"] != "older parsing code"


# Values of no column's type, put where an index, a number or a flag belongs. (A value of the
# right type, such as another valid index, is a different cache, not a damaged one.)
ODD_VALUES = st.one_of(
    st.none(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damaged_value_costs_at_most_a_reparse(
    collection: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    cache = tmp_path_factory.mktemp("cache")
    cold = load_library([collection], cache_dir=cache)
    raw = read_cache(cache)
    table = raw[data.draw(st.sampled_from(["sessions", "others"]))]
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from(sorted(table)))
        odd = ODD_VALUES.filter(lambda value: value is not None) if name == "day" else ODD_VALUES
        if table[name]:
            table[name][data.draw(st.integers(0, len(table[name]) - 1))] = data.draw(odd)
    write_cache(cache, raw)
    warm = load_library([collection], cache_dir=cache)  # never raises
    assert warm.sessions == cold.sessions
    assert warm.problems == cold.problems


# --- showing a library from its remembered scan (trust_cache) --------------------------------


def test_a_trusted_cache_shows_the_library_without_reading_or_listing(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    assert cold.verified
    calls = count_reads(monkeypatch)
    monkeypatch.setattr("viewer.core.library.load.discover", lambda _paths: pytest.fail("listed"))
    quick = load_library([collection], cache_dir=cache, trust_cache=True)
    assert calls == []
    assert not quick.verified
    assert quick.sessions == cold.sessions and quick.problems == cold.problems
    assert quick.roots == cold.roots
    assert [quick.file_state(s.path) for s in quick.sessions] == [
        cold.file_state(s.path) for s in cold.sessions
    ]
    assert [s.paths for s in quick.streams] == [s.paths for s in cold.streams]


def test_a_trusted_cache_is_stale_once_a_file_changed(collection: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_library([collection], cache_dir=cache)
    changed = collection / "Day-1_Feb-16" / "sessions" / "002-B.md"
    write(changed, session_text("Session B, renamed", transcript=""))
    os.utime(changed, ns=(1, 1_700_000_000_000_000_000))
    (collection / "Day-3_Feb-18" / "sessions" / "deep" / "001-A.md").unlink()
    quick = load_library([collection], cache_dir=cache, trust_cache=True)
    assert not quick.verified
    assert "Session B" in [s.title for s in quick.sessions]  # what the cache remembers...
    assert quick.is_stale()  # ...until checked
    fresh = load_library([collection], cache_dir=cache)
    assert [s.title for s in fresh.sessions] == ["Session A", "Session B, renamed"]
    assert not fresh.is_stale()
    again = load_library([collection], cache_dir=cache, trust_cache=True)
    assert again.sessions == fresh.sessions and not again.is_stale()


def test_a_trusted_cache_without_that_scan_lists_the_files(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    day = collection / "Day-1_Feb-16"
    load_library([collection], cache_dir=cache)  # remembers the whole collection, not a day
    assert load_library([day], cache_dir=cache, trust_cache=True).verified
    assert not load_library([day], cache_dir=cache, trust_cache=True).verified
    missing = [collection, tmp_path / "nowhere"]
    assert load_library(missing, cache_dir=cache, trust_cache=True).verified
    assert load_library([collection], trust_cache=True).verified  # no cache at all


def test_a_trusted_cache_keeps_scan_problems_and_explicit_files(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    session = collection / "Day-1_Feb-16" / "sessions" / "001-A.md"
    given = [collection / "README.md", fifo, session]
    cold = load_library(given, cache_dir=cache)
    quick = load_library(given, cache_dir=cache, trust_cache=True)
    assert not quick.verified
    assert quick.problems == cold.problems and len(cold.problems) == 2
    assert quick.sessions == cold.sessions and [s.path for s in quick.sessions] == ["001-A"]


def test_a_damaged_listing_means_a_scan(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    damaged_copy(cache, lambda d: d["listings"][0]["displays"].__setitem__(0, "x"))
    quick = load_library([collection], cache_dir=cache, trust_cache=True)
    assert quick.verified and quick.sessions == cold.sessions
    # A listing naming a file whose entry was damaged is not trusted either.
    damaged_copy(cache, lambda d: d["sessions"]["size"].__setitem__(0, "big"))
    calls = count_reads(monkeypatch)
    quick = load_library([collection], cache_dir=cache, trust_cache=True)
    assert quick.verified and quick.sessions == cold.sessions
    assert len(calls) == 1


# --- building in bulk ------------------------------------------------------------------------


def _columns(objects: list[Any]) -> list[list[Any]]:
    names = [f.name for f in dataclasses.fields(objects[0])]
    return [[getattr(item, name) for item in objects] for name in names]


def test_built_in_bulk_is_what_the_constructor_builds() -> None:
    sessions = [
        full_session("a"),
        full_session("b", day=None, speakers=(), transcript="words"),
        Session(path="only a path"),
    ]
    speakers = [ADA, Speaker("Bo", "Bo"), Speaker("", "")]
    for originals in (sessions, speakers):
        built = build_many(type(originals[0]), _columns(originals))
        assert built == originals
        assert [hash(item) for item in built] == [hash(item) for item in originals]
        assert [repr(item) for item in built] == [repr(item) for item in originals]
        assert all(type(item) is type(originals[0]) for item in built)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built[0].name = "changed"  # type: ignore[misc]


def test_building_in_bulk_refuses_columns_that_do_not_fit() -> None:
    columns = _columns([ADA, ADA])
    with pytest.raises(ValueError, match="3 columns for 4 fields"):
        build_many(Speaker, columns[:3])
    with pytest.raises(ValueError, match="different lengths"):
        build_many(Speaker, [*columns[:3], ["only one"]])
    assert build_many(Speaker, [[], [], [], []]) == []

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        name: str

    with pytest.raises(TypeError, match="not a plain slotted dataclass"):
        build_many(Unslotted, [["x"]])


def test_what_a_kept_pause_built_goes_to_the_oldest_generation() -> None:
    was_enabled = gc.isenabled()
    with paused_gc(keep=True):
        assert not gc.isenabled()
        built = [Speaker(str(n), str(n)) for n in range(100)]
    assert gc.isenabled() == was_enabled
    assert gc.get_freeze_count() == 0  # nothing stays pinned
    oldest = {id(item) for item in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in built)


def _same_library(quick: Any, cold: Any) -> None:
    assert quick.sessions == cold.sessions and quick.problems == cold.problems
    assert [quick.file_state(s.path) for s in quick.sessions] == [
        cold.file_state(s.path) for s in cold.sessions
    ]
    assert [quick.transcript_digest(s.path) for s in quick.sessions] == [
        cold.transcript_digest(s.path) for s in cold.sessions
    ]
    assert [s.paths for s in quick.streams] == [s.paths for s in cold.streams]
    assert quick._scan_state == cold._scan_state


def test_a_trusted_cache_is_read_column_by_column(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold_reports: list[tuple[int, int]] = []
    cold = load_library([collection], cache_dir=cache, progress=lambda *a: cold_reports.append(a))
    monkeypatch.setattr("viewer.core.library.load._build", lambda *_a: pytest.fail("file by file"))
    reports: list[tuple[int, int]] = []
    quick = load_library(
        [collection], cache_dir=cache, trust_cache=True, progress=lambda *a: reports.append(a)
    )
    _same_library(quick, cold)
    assert not quick.is_stale()
    assert reports == [(6, 6)] == cold_reports[-1:]  # 3 sessions, 2 READMEs, a directory page


def test_a_trusted_cache_of_two_roots_sharing_paths_is_read_file_by_file(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "mirror"
    write(other / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Mirror A"))
    cache = tmp_path / "cache"
    cold = load_library([collection, other], cache_dir=cache)
    calls = []
    real_build = library_module._build
    monkeypatch.setattr(library_module, "_build", lambda *a: calls.append(1) or real_build(*a))
    quick = load_library([collection, other], cache_dir=cache, trust_cache=True)
    assert calls == [1]
    _same_library(quick, cold)
    assert len({s.path for s in quick.sessions}) == 4


def test_the_scan_state_of_columns_is_the_scan_state_of_the_files() -> None:
    found = [
        Found(f"/lib/{n}.md", str(n), f"{n}.md", n * 1000, -n if n % 2 else n << 62, False)
        for n in range(200)
    ]
    columns = ([f.source for f in found], [f.size for f in found], [f.mtime_ns for f in found])
    assert scan_state_of(*columns) == scan_state(found)
    assert scan_state_of([], [], []) == scan_state([]) == (0, 0)


def test_integer_columns_are_written_packed_and_others_as_json(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    parts = dict(json.loads(line) for line in (cache / CACHE_NAME).read_bytes().splitlines()[1:])
    sessions = parts["sessions"]
    packed = {name for name, column in sessions.items() if isinstance(column, str)}
    assert {"title", "source", "speakers", "speakers_count", "size"} <= packed
    # Flags (true/false) and 64-bit times stay JSON lists (so would days with a null).
    assert {"has_transcript", "mtime_ns"}.isdisjoint(packed)
    assert isinstance(parts["speakers"], str)
    assert all(isinstance(listing["sources"], str) for listing in parts["listings"])
    raw = read_cache(cache)
    titles = [raw["strings"][n] for n in raw["sessions"]["title"]]
    assert sorted(titles) == sorted(s.title for s in cold.sessions)


@pytest.mark.parametrize(
    "column",
    [[0, 1, 2**31 - 1], [5], list(range(1000))],
)
def test_a_packed_column_reads_back_as_written(column: list[int]) -> None:
    packed = header_cache._pack(column)
    assert isinstance(packed, str) and packed.isascii()
    assert list(header_cache._unpack(packed)) == column


@pytest.mark.parametrize("column", [[], [-1, 2], [2**31], [1, True], [0, None], [1.0], ["a"]])
def test_a_column_that_cannot_be_packed_stays_a_list(column: list[Any]) -> None:
    assert header_cache._pack(column) == column


def test_a_packed_column_where_flags_belong_marks_its_rows(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only ints are ever packed; flags stay JSON. A packed text where flags belong (damage)
    # is not taken for flags: its rows are parsed again, the rest of the cache is kept.
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    raw = (cache / CACHE_NAME).read_bytes().splitlines(True)
    for number, line in enumerate(raw):
        if line.startswith(b'["sessions"'):
            name, table = json.loads(line)
            table["has_transcript"] = header_cache._pack([int(v) for v in table["has_transcript"]])
            raw[number] = json.dumps([name, table]).encode("ascii") + b"\n"
    (cache / CACHE_NAME).write_bytes(b"".join(raw))
    calls = count_reads(monkeypatch)
    assert load_library([collection], cache_dir=cache).sessions == cold.sessions
    assert sorted(calls) == sorted(s.path for s in cold.sessions)
    assert not (cache / (CACHE_NAME + ".corrupt")).exists()


def test_fingerprint_reads_every_parser_source() -> None:
    from viewer.core.library import header_cache

    core = Path(header_cache.__file__).resolve().parents[1]
    assert all((core / source).is_file() for source in header_cache.PARSER_SOURCES)
