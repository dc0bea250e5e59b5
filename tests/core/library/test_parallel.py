"""Parsing on a second core (`core/library/parallel.py`): what the helper process sends is what
the loader would have parsed, files that changed since it read them are read again, and a
helper that dies or was started for other folders changes nothing but the time."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.sessions import session_text
from tests.fixtures.spy import spy
from viewer.core.library import load as load_module
from viewer.core.library import parallel
from viewer.core.library.load import load_library
from viewer.core.library.parallel import BackParser, claim, parse_item, prestart
from viewer.core.library.scan import Found, discover
from viewer.core.util import helper as helpers


def _collection(root: Path, count: int = 40) -> Path:
    for n in range(count):
        day = 1 + n % 3
        folder = root / f"Day{day}"
        folder.mkdir(parents=True, exist_ok=True)
        words = " ".join(f"word{n}x{k}" for k in range(200 + n))
        text = session_text(
            title=f"Session number {n} on public models",
            day=day,
            transcript=f"Welcome to talk {n}. {words} &gt;&gt; Thank you, {n}.",
        )
        (folder / f"{n:03d}_talk.md").write_text(text, encoding="utf-8")
    (root / "README.md").write_text("# Not a session\n", encoding="utf-8")
    (root / "Day1" / "broken.md").write_bytes(b"# Broken\x00\x00 binary\n")
    return root


def _wait_until_done(helper: BackParser, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not helper.finished:
        assert time.monotonic() < deadline, "the helper sent nothing in time"
        time.sleep(0.01)


def _prestarted(root: Path) -> BackParser:
    """A helper started before the window for `root`, claimed by its own paths."""
    prestart([str(root)])
    helper = claim([str(root)])
    assert helper is not None
    return helper


def _snapshot(library: load_module.Library) -> tuple[object, ...]:
    return (
        [
            (s, library.transcript_digest(s.path), library.with_texts(s.path))
            for s in library.sessions
        ],
        [(p.path, p.reason) for p in library.problems],
    )


def test_the_helper_sends_what_the_loader_would_parse(tmp_path: Path) -> None:
    _, found, _ = discover([_collection(tmp_path)])
    with BackParser.for_items(list(enumerate(found))) as helper:
        _wait_until_done(helper)
        for index, item in enumerate(found):
            assert helper.take(index, item) == parse_item(item), item.rel


def test_what_a_helper_sends_is_unpickled_by_the_thread_taking_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader thread files each message as bytes: the listing and each chunk are
    unpickled by the loader when it takes them (the first file of a chunk opens it all), so
    receiving takes the interpreter lock from the window for a copy, not for unpickling."""
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    root = _collection(tmp_path / "lib")
    _, found, _ = discover([root])
    opened: list[tuple[str, int]] = []
    unseal = helpers.unseal

    def recording(data: bytes) -> Any:
        value = unseal(data)
        opened.append((threading.current_thread().name, len(value)))
        return value

    monkeypatch.setattr(helpers, "unseal", recording)
    helper = _prestarted(root)
    with helper:
        _wait_until_done(helper)
        assert opened == []  # all of it came, nothing was opened
        assert helper.listing() == discover([root])
        assert helper.take(0, found[0]) == parse_item(found[0])
        assert helper.take(1, found[1]) == parse_item(found[1])  # (opened with the first)
        here = threading.current_thread().name
        assert opened == [(here, 3), (here, parallel.CHUNK_FILES)]


def test_what_does_not_open_is_read_by_the_loader(tmp_path: Path) -> None:
    """A chunk or a listing that does not unpickle (never expected: the pipe is private)
    is as if it had not come: the loader parses those files and lists the folders itself."""
    _, found, _ = discover([_collection(tmp_path, count=6)])
    with BackParser.for_items([]) as helper:
        _wait_until_done(helper)
        good = helpers.seal([(f.source, f.size, f.mtime_ns, parse_item(f)) for f in found[2:4]])
        helper._arrived((True, [0, 1], b"not a pickle"))
        helper._arrived((True, [2, 3], good))
        helper._arrived((parallel.LISTING, helpers.seal(([], [[1], [2, 3]], []))))
        assert helper.take(1, found[1]) is None and helper.take(0, found[0]) is None
        assert helper.take(3, found[3]) == parse_item(found[3])
        assert helper.take(2, found[2]) == parse_item(found[2])
        assert helper.listing() is None  # (columns of different lengths)


def test_a_file_changed_after_the_helper_read_it_is_not_taken(tmp_path: Path) -> None:
    _, found, _ = discover([_collection(tmp_path)])
    with BackParser.for_items(list(enumerate(found))) as helper:
        _wait_until_done(helper)
        changed = found[3]
        Path(changed.source).write_text(session_text(title="Rewritten"), encoding="utf-8")
        _, now, _ = discover([tmp_path])
        assert now[3].source == changed.source
        assert helper.take(3, now[3]) is None  # other size or time: the loader reads it
        assert helper.take(4, now[4]) == parse_item(now[4])


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The places whose parse the loader took from a helper."""
    got: list[int] = []
    original_take = BackParser.take

    def counting(self: BackParser, index: int, item: Found) -> parallel.Parsed | None:
        result = original_take(self, index, item)
        if result is not None:
            got.append(index)
        return result

    monkeypatch.setattr(BackParser, "take", counting)
    return got


@pytest.fixture
def helper_for_any_size(monkeypatch: pytest.MonkeyPatch) -> list[BackParser]:
    """Every load starts a helper, however few bytes it has to parse; the helpers made."""
    monkeypatch.setattr(helpers, "MIN_HELPER_BYTES", 0)
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    made: list[BackParser] = []
    original = BackParser.for_items.__func__  # type: ignore[attr-defined]

    def recording(cls: type[BackParser], indexed: list[tuple[int, object]]) -> BackParser:
        helper = original(cls, indexed)
        made.append(helper)
        return helper

    monkeypatch.setattr(BackParser, "for_items", classmethod(recording))
    return made


def test_a_load_with_a_helper_equals_one_without(
    tmp_path: Path,
    helper_for_any_size: list[BackParser],
    taken: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _collection(tmp_path / "lib")
    monkeypatch.setattr(helpers, "MIN_HELPER_BYTES", 1 << 62)
    alone = _snapshot(load_library([root], cache_dir=tmp_path / "alone"))
    assert helper_for_any_size == []
    monkeypatch.setattr(helpers, "MIN_HELPER_BYTES", 0)
    slow = parallel.parse_item

    def slow_parse(item: object) -> object:  # the loader slower than the helper: it must share
        time.sleep(0.02)
        return slow(item)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "parse_item", slow_parse)
    shared = load_library([root], cache_dir=tmp_path / "shared")
    assert taken, "the helper's results were never used"
    assert _snapshot(shared) == alone
    # and from the cache it wrote, a warm load gives the same again (no helper: nothing to parse)
    before = len(helper_for_any_size)
    assert _snapshot(load_library([root], cache_dir=tmp_path / "shared")) == alone
    assert len(helper_for_any_size) == before


def test_a_helper_that_dies_costs_nothing_but_time(
    tmp_path: Path, helper_for_any_size: list[BackParser], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _collection(tmp_path / "lib")
    alone = _snapshot(load_library([root]))
    original = BackParser.__init__

    def killed_at_once(self: BackParser, request: tuple[str, object]) -> None:
        original(self, request)
        process = self._helper._proc
        if process is not None:
            process.kill()

    monkeypatch.setattr(BackParser, "__init__", killed_at_once)
    assert _snapshot(load_library([root])) == alone


def test_a_helper_that_cannot_start_costs_nothing(
    tmp_path: Path, helper_for_any_size: list[BackParser], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _collection(tmp_path / "lib")
    alone = _snapshot(load_library([root]))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    assert _snapshot(load_library([root])) == alone


def test_a_prestarted_helper_is_claimed_by_its_own_paths_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    root = _collection(tmp_path / "lib")
    prestart([str(root)])
    assert claim([str(tmp_path / "other")]) is None  # another folder: stopped, not kept
    assert claim([str(root)]) is None
    helper = _prestarted(root)
    try:
        _wait_until_done(helper)
        _, found, _ = discover([root])
        assert all(helper.take(i, item) == parse_item(item) for i, item in enumerate(found))
    finally:
        helper.stop()
    assert claim([str(root)]) is None  # claimed once


def test_a_first_open_loads_what_the_prestarted_helper_parsed(
    tmp_path: Path, taken: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    root = _collection(tmp_path / "lib")
    alone = _snapshot(load_library([str(root)]))
    prestart([str(root)])
    time.sleep(0.5)  # as while the window is built: the helper parses from the back
    assert _snapshot(load_library([str(root)], cache_dir=tmp_path / "cache")) == alone
    assert taken, "the prestarted helper's results were never used"
    assert claim([str(root)]) is None  # the load took it


def test_a_first_open_takes_the_prestarted_helpers_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    root = _collection(tmp_path / "lib")
    alone = _snapshot(load_library([str(root)]))
    listed = spy(monkeypatch, load_module, "discover")
    prestart([str(root)])
    library = load_library([str(root)], cache_dir=tmp_path / "cache")
    assert listed == []  # the helper's listing was taken: the folders were listed once
    assert _snapshot(library) == alone
    assert not library.is_stale()  # the listing is the folder as it is


def test_the_window_parses_ahead_only_on_a_first_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from viewer import app
    from viewer.core.library.header_cache import CACHE_NAME

    started: list[list[str]] = []
    monkeypatch.setattr(parallel, "prestart", lambda paths: started.append(list(paths)))
    args = app.parse_args([str(tmp_path)])
    args.cache_dir = tmp_path / "cache"
    app.parse_ahead(args)
    assert started == [[str(tmp_path)]]
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / CACHE_NAME).write_text("{}", encoding="utf-8")
    app.parse_ahead(args)
    assert len(started) == 1  # a cache exists: the load decides (and starts one if it pays)
    app.parse_ahead(app.parse_args([]))
    assert len(started) == 1  # no folder named: the last library, most likely cached


def _front_files(found: list[Found]) -> int:
    """How many files a prestarted helper parses from the front: whole chunks, until they
    hold FIRST_ROWS sessions (a README or a broken file gives no row)."""
    sessions = [isinstance(parse_item(item), tuple) for item in found]
    step = parallel.CHUNK_FILES
    return next(
        (end for end in range(step, len(found) + step, step)
         if sum(sessions[:end]) >= parallel.FIRST_ROWS),
        len(found),
    )  # fmt: skip


def test_a_prestarted_helper_parses_the_first_rows_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started before the window, the helper reads the first screenful from the front (the
    loader comes later and takes it at once), says how far that went, then reads the rest
    from the back down to there."""
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    root = _collection(tmp_path / "lib", count=60)
    sent: list[tuple[bool, list[int]]] = []
    listings: list[Any] = []
    fronts: list[int] = []
    original = BackParser._arrived

    def recording(self: BackParser, message: tuple[Any, ...]) -> None:
        if message[0] == parallel.LISTING:
            listings.append(helpers.unseal(message[1]))
            assert not sent, "the listing comes first"
        elif message[0] == parallel.FRONT:
            fronts.append(message[1])
            assert sent and not any(from_back for from_back, _ in sent), "after the front"
        else:
            from_back, indices, rows = message
            assert [row[0] for row in helpers.unseal(rows)] == [found[i].source for i in indices]
            sent.append((from_back, indices))
        original(self, message)

    _, found, _ = discover([root])
    monkeypatch.setattr(BackParser, "_arrived", recording)
    helper = _prestarted(root)
    with helper:
        _wait_until_done(helper)
    assert [parallel.unpack_listing(packed) for packed in listings] == [discover([str(root)])]
    # The folder's broken file is among the first FIRST_ROWS: the rows need one file more,
    # and the helper sends whole chunks.
    reach = _front_files(found)
    step = parallel.CHUNK_FILES
    assert reach == -(-(parallel.FIRST_ROWS + 1) // step) * step
    assert fronts == [reach]
    front = [i for from_back, chunk in sent if not from_back for i in chunk]
    back = [i for from_back, chunk in sent if from_back for i in chunk]
    assert front == list(range(reach))
    assert sent[: len(front) // parallel.CHUNK_FILES] == [
        (False, list(range(s, s + parallel.CHUNK_FILES)))
        for s in range(0, reach, parallel.CHUNK_FILES)
    ]
    assert back == list(range(len(found) - 1, reach - 1, -1))
    assert not helper.reached(reach - 1) and helper.reached(reach)


def test_a_first_open_parses_nothing_itself_before_its_first_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first FIRST_ROWS sessions of a first open all come from the prestarted helper,
    though files that are no session (a README, a broken file) sit among them: the loading
    thread parses no file (nor imports the parser) before they are handed over."""
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "FRONT_WAIT_S", 30.0)
    root = _collection(tmp_path / "lib", count=60)
    for day in (2, 3):  # every folder starts with a file that gives no row
        (root / f"Day{day}" / "000_README.md").write_text("# Notes\n", encoding="utf-8")
    parsed_here: list[str] = []
    rows_when_parsed: list[int] = []
    rows: list[str] = []
    real = parallel.parse_item

    def counting(item: Found) -> object:
        parsed_here.append(item.rel)
        rows_when_parsed.append(len(rows))
        return real(item)

    monkeypatch.setattr(parallel, "parse_item", counting)
    prestart([str(root)])
    library = load_library([str(root)], arrived=lambda session: rows.append(session.path))
    assert rows == [s.path for s in library.sessions]
    assert len(rows) > parallel.FIRST_ROWS
    assert all(count >= parallel.FIRST_ROWS for count in rows_when_parsed), parsed_here[:3]


def test_small_loads_and_one_core_start_no_helper(tmp_path: Path) -> None:
    _, found, _ = discover([_collection(tmp_path, count=5)])
    assert not helpers.worth_a_helper(
        [item.size for item in found]
    )  # a few KB: the process would cost more


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_cores_follow_the_affinity() -> None:
    assert helpers.cores() == len(os.sched_getaffinity(0))


def test_the_corpus_loads_the_same_with_a_helper(
    corpus_root: Path, taken: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    monkeypatch.setattr(helpers, "MIN_HELPER_BYTES", 1 << 62)
    alone = _snapshot(load_library([corpus_root]))
    monkeypatch.setattr(helpers, "MIN_HELPER_BYTES", 0)
    prestart([str(corpus_root)])
    assert _snapshot(load_library([str(corpus_root)])) == alone
    assert len(taken) > 20  # the helper parsed a share of the collection


def test_a_load_that_fails_leaves_no_helper_running(
    tmp_path: Path, helper_for_any_size: list[BackParser]
) -> None:
    root = _collection(tmp_path / "lib")
    seen: list[object] = []

    def arrived(session: object) -> None:  # a callback with a bug
        seen.append(session)
        if len(seen) == 3:
            raise RuntimeError("a bug in the list")

    with pytest.raises(RuntimeError):
        load_library([root], arrived=arrived)
    assert len(helper_for_any_size) == 1
    assert helper_for_any_size[0].finished and helper_for_any_size[0]._helper._proc is None


def test_the_loader_waits_for_the_first_rows_a_prestarted_helper_parses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "FRONT_WAIT_S", 30.0)
    root = _collection(tmp_path / "lib", count=60)
    _, found, _ = discover([str(root)])
    helper = _prestarted(root)
    with helper:  # asked at once, before the helper can have parsed anything
        assert helper.take(0, found[0]) == parse_item(found[0])
        assert helper.take(parallel.FIRST_ROWS - 1, found[parallel.FIRST_ROWS - 1]) == (
            parse_item(found[parallel.FIRST_ROWS - 1])
        )


def test_a_dead_helper_is_not_waited_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(helpers, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "FRONT_WAIT_S", 30.0)
    root = _collection(tmp_path / "lib")
    _, found, _ = discover([str(root)])
    helper = _prestarted(root)
    helper.stop()
    started = time.monotonic()
    assert helper.take(0, found[0]) in (None, parse_item(found[0]))
    assert time.monotonic() - started < 5.0


def test_a_listing_travels_packed_and_comes_back_the_same(tmp_path: Path) -> None:
    root = _collection(tmp_path / "lib", count=12)
    (tmp_path / "notes.md").write_text("not a session", encoding="utf-8")
    listing = discover([root, tmp_path / "missing", tmp_path / "notes.md"])
    assert len(listing[1]) == 15 and listing[2]  # files, one given directly, and a problem
    assert [item.explicit for item in listing[1]].count(True) == 1
    packed = parallel.pack_listing(listing)
    assert all(type(value) in (str, int, bool) for column in packed[1] for value in column)
    assert parallel.unpack_listing(packed) == listing
    empty = discover([tmp_path / "missing"])
    assert parallel.unpack_listing(parallel.pack_listing(empty)) == empty


def test_a_listing_that_travelled_makes_its_files_as_they_are_read(tmp_path: Path) -> None:
    """The files of an unpacked listing are made a block at a time, as read, and read the
    same whichever way: in order, by index (from the end too), by slice, twice."""
    root = _collection(tmp_path / "lib", count=150)
    listing = discover([root])
    found = listing[1]
    assert len(found) == 152
    unpacked = parallel.unpack_listing(parallel.pack_listing(listing))[1]
    assert len(unpacked) == len(found)
    assert unpacked[0] == found[0] and unpacked[-1] == found[-1] and unpacked[100] == found[100]
    assert unpacked[3:140:7] == found[3:140:7]
    assert list(unpacked) == found and list(unpacked) == found
    with pytest.raises(IndexError):
        unpacked[len(found)]
    with pytest.raises(IndexError):
        unpacked[-len(found) - 1]
    # Read in order, only the first ones are made at first; then all, each once.
    fresh = parallel.unpack_listing(parallel.pack_listing(listing))[1]
    made: list[int] = []
    real = parallel.build_many

    def counting(cls: type[Found], columns: list[list[Any]]) -> list[Found]:
        made.append(len(columns[0]))
        return real(cls, columns)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "build_many", counting)
        first = next(iter(fresh))
        assert first == found[0] and sum(made) < len(found)
        assert [item.rel for item in fresh] == [item.rel for item in found]
    assert sum(made) == len(found)
    assert fresh != found[:-1] and fresh != [*found[:-1], found[0]]
    assert fresh == tuple(found) and fresh == unpacked
