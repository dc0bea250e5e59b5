"""Preparing an index build's rows in a helper process (`core/search/prepare.py`): the index it
gives is the one the build makes alone, a file changed after the build looked at it is read
again, a helper that dies changes nothing, and the helper never runs further ahead than
MAX_AHEAD sessions."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.search.search_fixtures import FILLER, build_corpus, stream_transcript, write_session
from tests.fixtures.spy import spy
from viewer.core.library.load import Library, load_library
from viewer.core.search import build, prepare
from viewer.core.search.index import SearchIndex
from viewer.core.search.prepare import AheadPreparer
from viewer.core.search.schema import TRANSCRIPT
from viewer.core.session.transcript import read_paragraphs
from viewer.core.util import helper as helper_rules


def _library_folder(root: Path) -> Path:
    build_corpus(root)
    for n in range(30):
        write_session(
            root,
            f"Day2/{n:03d}",
            f"Extra talk {n}",
            day=2,
            speakers=(f"Dr. Meera Rao{n}, Civic Lab",),
            summary=f"About topic {n}.",
            transcript=f"&gt;&gt; Hello {n}. {FILLER * (3 + n % 5)} &gt;&gt; Thanks {n}.",
        )
    write_session(root, "Day2/stream-b", "Stream again", day=2, transcript=stream_transcript())
    return root


def _contents(location: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(location)
    try:
        return {
            "rows": db.execute("SELECT id, field, share, text FROM rows ORDER BY id").fetchall(),
            "fts": db.execute("SELECT rowid, * FROM fts ORDER BY rowid").fetchall(),
            "sessions": db.execute("SELECT * FROM sessions ORDER BY path").fetchall(),
            "transcripts": db.execute("SELECT * FROM transcripts ORDER BY digest").fetchall(),
        }
    finally:
        db.close()


def _index(root: Path, location: Path) -> dict[str, list[tuple[object, ...]]]:
    library = load_library([root])
    index = SearchIndex.open(location)
    try:
        index.update(library)
    finally:
        index.close()
    return _contents(location)


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every build with a transcript starts a helper; counts the sessions taken from one."""
    monkeypatch.setattr(helper_rules, "MIN_HELPER_BYTES", 0)
    monkeypatch.setattr(helper_rules, "MIN_HELPER_FILES", 1)
    monkeypatch.setattr(helper_rules, "cores", lambda: 2)
    monkeypatch.setattr(prepare, "LEAD_BYTES", 0)
    taken: list[int] = []
    original = AheadPreparer.take

    def counting(self: AheadPreparer, index: int, size: int, mtime: int) -> object:
        got = original(self, index, size, mtime)
        if got is not None:
            taken.append(index)
        return got

    monkeypatch.setattr(AheadPreparer, "take", counting)
    return taken


def _alone(root: Path, location: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    with monkeypatch.context() as alone:
        alone.setattr(build, "worth_a_helper", lambda sizes: False)
        return _index(root, location)


def test_an_index_prepared_by_a_helper_is_the_one_made_alone(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library_folder(tmp_path / "lib")
    alone = _alone(root, tmp_path / "alone.sqlite", monkeypatch)
    assert not helpers
    shared = _index(root, tmp_path / "shared.sqlite")
    assert len(helpers) >= 30, "the helper's rows were not used"
    assert shared == alone
    assert len(alone["transcripts"]) >= 30


def test_a_file_changed_after_the_build_looked_is_read_again(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    target = next(s for s in library.sessions if s.path == "Day2/005")
    real = prepare._prepare_file

    def edited_first(session: object, size: int, mtime: int, seen: object = ()) -> object:
        if getattr(session, "path", "") == "Day2/005":  # changed while the build ran
            Path(target.source).write_text(
                Path(target.source).read_text(encoding="utf-8").replace("Hello 5.", "Changed 5."),
                encoding="utf-8",
            )
        return real(session, size, mtime, seen)  # type: ignore[arg-type]

    monkeypatch.setattr(prepare, "_prepare_file", edited_first)
    prepared = prepare._prepare_all  # runs in the helper: call it here to see what it sends
    sent: list[tuple[int, int, int, object]] = []
    sizes = {s.path: Path(s.source).stat() for s in library.sessions}
    asked = [
        (i, s, sizes[s.path].st_size, sizes[s.path].st_mtime_ns)
        for i, s in enumerate(library.sessions)
        if s.has_transcript
    ]
    prepared((asked, []), sent.append)
    by_index = {index: result for index, _, _, result in sent}
    changed = next(i for i, s, *_ in asked if s.path == "Day2/005")
    assert by_index[changed] is None  # the file is not the one asked about: not prepared
    assert all(r is not None for i, r in by_index.items() if i != changed)


def test_a_helper_that_dies_changes_nothing(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library_folder(tmp_path / "lib")
    alone = _alone(root, tmp_path / "alone.sqlite", monkeypatch)
    original = AheadPreparer.__init__

    def killed_at_once(self: AheadPreparer, *args: object) -> None:
        original(self, *args)  # type: ignore[arg-type]
        for helper in self._helpers:
            if helper._proc is not None:
                helper._proc.kill()

    monkeypatch.setattr(AheadPreparer, "__init__", killed_at_once)
    assert _index(root, tmp_path / "shared.sqlite") == alone


@pytest.mark.parametrize("count", [1, 2, 3])
def test_any_number_of_helpers_gives_the_same_index(
    tmp_path: Path, count: int, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(build, "HELPERS", count)
    root = _library_folder(tmp_path / "lib")
    alone = _alone(root, tmp_path / "alone.sqlite", monkeypatch)
    assert _index(root, tmp_path / "shared.sqlite") == alone
    assert len(helpers) >= 30  # sessions whose rows came from the helpers


def test_the_helper_runs_at_most_max_ahead(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "MAX_AHEAD", 3)
    root = _library_folder(tmp_path / "lib")
    held: list[int] = []
    original = AheadPreparer.take

    def slow_take(self: AheadPreparer, index: int, size: int, mtime: int) -> object:
        time.sleep(0.01)  # the writes slower than the helpers: they must wait
        with self._cond:
            held.append(max((self._place[i] - self._next for i in self._done), default=0))
        return original(self, index, size, mtime)

    monkeypatch.setattr(AheadPreparer, "take", slow_take)
    _index(root, tmp_path / "index.sqlite")
    assert helpers and max(held) <= 3


def test_the_corpus_index_is_the_same_with_a_helper(
    corpus_root: Path, tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _alone(corpus_root, tmp_path / "alone.sqlite", monkeypatch)
    shared = _index(corpus_root, tmp_path / "shared.sqlite")
    assert len(helpers) > 100
    assert shared == alone


_WORDS = [
    "Namaste", "AI", ">>", "[applause]", "e\u0301tude", "x\u200by", "a\u00a0b",
    "\u201cso\u201d", "Stra\u00dfe", "\ufb01ne", ".", "?", "well,", "\x07bell", "\u2011", "ok",
]  # fmt: skip


_ASCII_WORDS = [w for w in _WORDS if w.isascii() and w.isprintable()] + ["\x00", "\x7f", "\t"]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from([*_WORDS, " ", "\n", "  "]), max_size=400),
        # ASCII, with and without a control character: the path that only lowers
        st.lists(st.sampled_from([*_ASCII_WORDS, " ", "\n", "\r"]), max_size=400),
    ).map(" ".join)
)
def test_paragraph_rows_are_the_clean_rows_of_the_paragraphs(transcript: str) -> None:
    paragraphs = read_paragraphs(transcript)
    words = sum(p.words for p in paragraphs) or 1
    expected = prepare.clean_rows(
        (TRANSCRIPT, p.index, p.words_before / words, p.text) for p in paragraphs
    )
    assert prepare.paragraph_rows(paragraphs, words) == expected
    assert prepare.paragraph_rows(paragraphs, words, transcript) == expected


def test_paragraph_rows_of_every_corpus_transcript(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    for session in library.sessions:
        if session.has_transcript:
            paragraphs = read_paragraphs(library.transcript(session.path))
            words = sum(p.words for p in paragraphs) or 1
            rows = ((TRANSCRIPT, p.index, p.words_before / words, p.text) for p in paragraphs)
            expected = prepare.clean_rows(rows)
            assert prepare.paragraph_rows(paragraphs, words) == expected
            transcript = library.transcript(session.path)
            assert prepare.paragraph_rows(paragraphs, words, transcript) == expected


def test_a_first_build_starts_its_helpers_before_it_hashes_a_file(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file's content hash is taken when its rows are written, not in a pass over every
    file before the helpers are asked: they would wait that long for their first request."""
    root = _library_folder(tmp_path / "lib")
    events: list[str] = []
    spy(monkeypatch, build, "_content_hash", lambda session: events.append("hash"))
    spy(monkeypatch, build, "AheadPreparer", lambda *args, **kwargs: events.append("helpers"))
    contents = _index(root, tmp_path / "index.sqlite")
    assert "helpers" in events and "hash" in events
    assert events.index("helpers") < events.index("hash")
    db = sqlite3.connect(tmp_path / "index.sqlite")
    try:
        stored = dict(db.execute("SELECT source, hash FROM files").fetchall())
    finally:
        db.close()
    assert len(stored) == len(contents["sessions"])
    for source, file_hash in stored.items():  # each the hash of its own file
        assert file_hash == build.file_digest(source, build.MAX_FILE_BYTES)


def test_a_file_changed_while_it_is_indexed_is_read_again_by_the_next_update(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its hash, taken after its rows were made, may be the new text's while the rows hold
    the old one: the next update must not take it for unchanged."""
    root = _library_folder(tmp_path / "lib")
    target = root / "Day2" / "005.md"
    real_hash = build._content_hash

    def changing(session: object) -> str:
        if getattr(session, "source", "") == str(target):
            target.write_text(target.read_text(encoding="utf-8") + "\nA late line.\n", "utf-8")
            os.utime(target, ns=(3_000_000_000, 3_000_000_000))
        return real_hash(session)  # type: ignore[arg-type]

    index = SearchIndex.open(tmp_path / "index.sqlite")
    try:
        with monkeypatch.context() as during:
            during.setattr(build, "_content_hash", changing)
            index.update(load_library([root]))
        again = index.update(load_library([root]))
    finally:
        index.close()
    assert again.changed == 1


def test_the_helper_places_a_recording_as_the_library_would(tmp_path: Path) -> None:
    """What the helper sends for a recording (it runs `_prepare_all` in its process: called
    here) is what the library finds itself."""
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    placing = build._placing(library)
    assert placing, "the fixture has a shared recording"
    sent: list[tuple[int, dict[str, object]]] = []
    prepare._prepare_all(([], [(n, *task) for n, task in enumerate(placing)]), sent.append)
    own = load_library([root])
    assert len(sent) == len(placing)
    for number, parts in sent:
        stream = placing[number][0]
        assert parts == {p: own.segment_of(p) for p in stream.paths}
    assert any(parts for _, parts in sent)


def _placed_here(monkeypatch: pytest.MonkeyPatch, library: Library, location: Path) -> list[str]:
    """Build an index of `library`; the videos whose recording this process placed, in order."""
    from viewer.core.recordings import segments

    here = spy(monkeypatch, segments, "find_segments", lambda streams, *_: streams[0].video_id)
    index = SearchIndex.open(location)
    try:
        index.update(library)
    finally:
        index.close()
    return here


def test_a_build_ends_with_every_recording_placed_once(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slots of a shared recording's sessions are written last. The helper places the
    recordings once its rows are made; what it has not placed when the rows are written the
    building process places, the last first: each recording once here at most, and the
    parts the library would have found itself."""
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    assert library.streams, "the fixture has a shared recording"
    here = _placed_here(monkeypatch, library, tmp_path / "index.sqlite")
    assert len(here) == len(set(here)) <= len(library.streams)
    assert not library.unplaced()
    own = load_library([root])
    paths = [path for stream in own.streams for path in stream.paths]
    assert [library.segment_of(p) for p in paths] == [own.segment_of(p) for p in paths]


def test_without_the_helpers_places_the_build_places_the_last_recording_first(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library_folder(tmp_path / "lib")
    for n in range(3):  # three more recordings, each shared by two sessions
        for part in "ab":
            write_session(
                root,
                f"Day3/{n}{part}",
                f"Shared {n}{part}",
                day=3,
                start="10:00" if part == "a" else "10:30",
                end="10:30" if part == "a" else "11:00",
                venue=f"Hall {n}",
                video_id=f"sharedvid{n:02d}",
                transcript=stream_transcript() + f" recording {n}.",
            )
    library = load_library([root])
    order = [stream.video_id for stream, *_ in build._placing(library)]
    assert len(order) >= 3
    real = build.AheadPreparer
    monkeypatch.setattr(  # the helper is given no recording to place
        build, "AheadPreparer", lambda todo, count, placing, placed: real(todo, count)
    )
    here = _placed_here(monkeypatch, library, tmp_path / "index.sqlite")
    assert here == order[::-1]


def test_a_recording_whose_file_changed_is_left_to_the_library(tmp_path: Path) -> None:
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    stream, members = library.unplaced()[0]
    size, mtime = library.file_state(members[0].path) or (0, 0)
    assert prepare._place_file(stream, members, members[0].source, size, mtime)
    Path(members[0].source).write_text("changed", encoding="utf-8")
    assert prepare._place_file(stream, members, members[0].source, size, mtime) is None


def test_the_sessions_of_one_video_go_to_one_helper() -> None:
    files = [("v1", 100), ("", 50), ("v2", 70), ("v1", 100), ("", 10), ("v2", 70), ("", 5)]
    owner = prepare.assign(files, 2)
    assert owner[0] == owner[3] and owner[2] == owner[5]
    loads, counted = [0, 0], set()
    for k, (video, size) in zip(owner, files, strict=True):
        if not video or video not in counted:  # a video's transcript is read once
            loads[k] += size
            counted.add(video)
    assert abs(loads[0] - loads[1]) <= max(size for _, size in files)
    assert prepare.assign(files, 1) == [0] * len(files)
    assert set(owner) == {0, 1}  # both helpers have work
    assert prepare.assign([("", 10)] * 4, 2) == [0, 1, 0, 1]  # the lighter one, in turn


def test_a_shared_transcript_is_split_once_by_its_helper(tmp_path: Path) -> None:
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    shared = [s for s in library.sessions if library.stream_of(s.path) is not None]
    assert len(shared) >= 3
    asked = []
    for i, s in enumerate(shared):
        info = Path(s.source).stat()
        asked.append((i, s, info.st_size, info.st_mtime_ns))
    sent: list[tuple[int, int, int, prepare.Prepared]] = []
    prepare._prepare_all((asked, []), sent.append)  # runs in the helper: called here
    made = [p for *_, p in sent]
    assert len({p.digest for p in made}) == 1
    assert made[0].transcript_rows and not made[0].left_out
    assert all(p.left_out and not p.transcript_rows for p in made[1:])


def test_a_left_out_transcript_is_written_when_no_session_wrote_it(tmp_path: Path) -> None:
    """A helper leaves a shared transcript out of every session after the first it sent;
    should the build not have written it with that first one, the build makes it itself."""
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    session = next(s for s in library.sessions if library.stream_of(s.path) is not None)
    left_out = prepare.prepare(session, library.full_session(session.path), lambda d: False)
    assert left_out.left_out and not left_out.transcript_rows
    index = SearchIndex.open(tmp_path / "index.sqlite")
    try:
        db = index._writer_db()
        with db.transaction():
            build._index_session(db, library, session, build.UpdateStats(), left_out)
        written = db.scalar("SELECT paragraphs FROM transcripts WHERE digest=?", (left_out.digest,))
    finally:
        index.close()
    assert written and written == len(read_paragraphs(library.transcript(session.path)))


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX priorities")
def test_the_helpers_yield_the_processor_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prepare, "LEAD_BYTES", 0)
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    todo = [
        (s, Path(s.source).stat().st_size, Path(s.source).stat().st_mtime_ns)
        for s in library.sessions
    ]
    first = next(i for i, (s, _, _) in enumerate(todo) if s.has_transcript)
    with AheadPreparer(todo, 1) as ahead:
        assert ahead.take(first, todo[first][1], todo[first][2]) is not None  # it is serving
        process = ahead._helpers[0]._proc
        assert process is not None
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        expected = min(19, mine + prepare.HELPER_NICENESS)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == expected


def test_rows_leave_prepare_in_the_form_sqlite_stores(tmp_path: Path) -> None:
    """A text that is not valid Unicode (a lone surrogate, from a file name that is not
    UTF-8) is made storable when its row is prepared, so the build writes rows as they are."""
    from viewer.core.util.pathtext import from_stored

    odd = "Caf\udce9 talk"
    rows = prepare.clean_rows([(0, 0, 0.0, odd), (3, 3, 0.0, "Plain words")])
    for row in rows:
        row[3].encode("utf-8")  # raises for a text SQLite cannot take
        row[4].encode("utf-8")
    assert from_stored(rows[0][3]) == odd
    paragraphs = read_paragraphs(f"{odd}. More words here.")
    made = prepare.paragraph_rows(paragraphs, 5, f"{odd}. More words here.")
    assert from_stored(made[0][3]) == f"{odd}. More words here."
    index = SearchIndex.open(tmp_path / "index.sqlite")
    try:
        db = index._writer_db()
        with db.transaction():
            build._insert_rows(db, 1, rows)
            build._insert_rows(db, 2, made, TRANSCRIPT)
        stored = [r[0] for r in db.execute("SELECT text FROM rows ORDER BY id")]
        searched = db.scalar("SELECT count(*) FROM fts WHERE fts MATCH 'words'")
    finally:
        index.close()
    assert [from_stored(t) for t in stored] == [odd, "Plain words", f"{odd}. More words here."]
    assert searched == 2


def test_the_build_prepares_the_first_sessions_itself_while_the_helper_starts(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    todo = [
        (s, Path(s.source).stat().st_size, Path(s.source).stat().st_mtime_ns)
        for s in library.sessions
    ]
    with_transcript = [i for i, (s, _, _) in enumerate(todo) if s.has_transcript]
    first_two = sum(todo[i][1] for i in with_transcript[:2])
    monkeypatch.setattr(prepare, "LEAD_BYTES", first_two)
    with AheadPreparer(todo, 1) as ahead:
        started = time.monotonic()
        for i in with_transcript[:2]:  # not asked of the helper: no wait for its start
            assert ahead.take(i, todo[i][1], todo[i][2]) is None
        assert time.monotonic() - started < 0.5
        third = with_transcript[2]
        assert ahead.take(third, todo[third][1], todo[third][2]) is not None
    alone = _alone(root, tmp_path / "alone.sqlite", monkeypatch)
    assert _index(root, tmp_path / "shared.sqlite") == alone


def test_a_cancelled_build_does_not_wait_for_the_recordings(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancelled after its first session, the build stops at once: the helper, held back
    MAX_AHEAD sessions ahead, never gets to its recordings, and nothing waits for them."""
    monkeypatch.setattr(prepare, "MAX_AHEAD", 2)
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    assert library.unplaced()
    index = SearchIndex.open(tmp_path / "index.sqlite")
    calls = iter(range(1_000_000))
    try:
        started = time.monotonic()
        index.update(library, cancelled=lambda: next(calls) >= 2)
        took = time.monotonic() - started
    finally:
        index.close()
    assert took < prepare.WAIT_S / 2
