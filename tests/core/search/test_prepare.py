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
from viewer.core.library.load import load_library
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

    def edited_first(session: object, size: int, mtime: int) -> object:
        if getattr(session, "path", "") == "Day2/005":  # changed while the build ran
            Path(target.source).write_text(
                Path(target.source).read_text(encoding="utf-8").replace("Hello 5.", "Changed 5."),
                encoding="utf-8",
            )
        return real(session, size, mtime)  # type: ignore[arg-type]

    monkeypatch.setattr(prepare, "_prepare_file", edited_first)
    prepared = prepare._prepare_all  # runs in the helper: call it here to see what it sends
    sent: list[tuple[int, int, int, object]] = []
    sizes = {s.path: Path(s.source).stat() for s in library.sessions}
    asked = [
        (i, s, sizes[s.path].st_size, sizes[s.path].st_mtime_ns)
        for i, s in enumerate(library.sessions)
        if s.has_transcript
    ]
    prepared(asked, sent.append)
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

    def killed_at_once(self: AheadPreparer, todo: list, helpers: int = 1) -> None:  # type: ignore[type-arg]
        original(self, todo, helpers)
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


def test_shared_recordings_are_placed_while_the_helpers_start(
    tmp_path: Path, helpers: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slots of a shared recording's sessions are written last, but the recording is
    placed first: at the end the helpers are done and their core would stand idle."""
    root = _library_folder(tmp_path / "lib")
    library = load_library([root])
    assert library.streams, "the fixture has a shared recording"
    events: list[str] = []
    spy(monkeypatch, type(library), "segment_of", lambda *args: events.append("place"))
    spy(monkeypatch, build, "_insert_rows", lambda *args: events.append("write"))
    index = SearchIndex.open(tmp_path / "index.sqlite")
    try:
        index.update(library)
    finally:
        index.close()
    assert "place" in events and "write" in events
    assert events.index("place") < events.index("write")
