"""The session library: safe scanning, problems, header cache, on-demand transcripts, streams."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from array import array
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.spy import spy
from viewer.core.library import load as library_module
from viewer.core.library.header_cache import CACHE_NAME, HeaderCache, read_document, write_document
from viewer.core.library.load import Library, load_library
from viewer.core.library.scan import current_state, day_from_folders, discover, scan_state
from viewer.core.session import parse as parse_module
from viewer.core.session.model import Session
from viewer.core.util.digest import text_digest

PROJECT = Path(__file__).resolve().parents[3]

TRANSCRIPT = (
    "good morning everyone and welcome to this\n\nsession on invented examples. [applause]\n\n"
    "&gt;&gt; Thank you. It is a pleasure to be here &amp; to talk.\n\n&gt;&gt; Over to you."
)


def session_text(
    title: str = "An Invented Session",
    *,
    day: int | None = 1,
    date: str = "2026-02-16",
    time_slot: str = "10:00 – 11:00",
    room: str = "Hall 9",
    video_id: str = "",
    transcript: str = TRANSCRIPT,
    partners: tuple[str, ...] = ("Example Partner",),
) -> str:
    """A session file in the collection's layout, with invented content."""
    subtitle = f"Day {day} ({date})" if day is not None else f"({date})"
    link = f"https://youtube.com/live/{video_id}?feature=share"
    video = f"| 🎥 **Video** | [▶️ Watch on YouTube]({link}) |\n" if video_id else ""
    partner_lines = "".join(f"- {p}\n" for p in partners)
    body = (
        f"# {title}\n\n**India AI Impact Summit 2026 — {subtitle}**\n\n---\n\n"
        "## 📌 Session Details\n\n| | |\n|---|---|\n"
        f"| ⏰ **Time** | {time_slot} |\n| 📍 **Venue** | Bharat Mandapam | {room} |\n"
        f"| 📅 **Date** | {date} |\n{video}\n"
        "## 🎤 Speakers\n\n- Dr. Ada Example, Example Institute\n- Mr. Bo Sample - CTO, Demo Co\n\n"
        f"## 🤝 Knowledge Partners\n\n{partner_lines}\n"
        "## 📝 Summary\n\nA session that exists only in tests.\n\n"
        "## 🔑 Key Takeaways\n\n1. Fixtures are written by hand.\n2. Nothing is copied.\n\n"
        "---\n\n_[← Back to Day 1 Sessions](../README.md)_\n\n"
    )
    if transcript:
        body += f"\n## 📝 Transcript\n\n{transcript}\n"
    return body


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """A small collection: two days, READMEs, a nested folder, a hidden folder, a text file."""
    root = tmp_path / "collection"
    write(root / "README.md", "# Overview\n\nNot a session.\n")
    write(root / "total686.md", "# All sessions\n\n| Day | Title |\n|---|---|\n")
    write(root / "Day-1_Feb-16" / "README.md", "# Day 1\n\n## Hall 9\n\n- [A](sessions/001-A.md)\n")
    write(root / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Session A"))
    write(
        root / "Day-1_Feb-16" / "sessions" / "002-B.md",
        session_text("Session B", time_slot="11:00", transcript=""),
    )
    write(
        root / "Day-3_Feb-18" / "sessions" / "deep" / "001-A.md",
        session_text("Session A of day 3", day=None, date="2026-02-18"),
    )
    write(root / ".git" / "001-hidden.md", session_text("Hidden"))
    write(root / "notes.txt", session_text("Not Markdown by name"))
    return root


def paths_of(library: Library) -> list[str]:
    return [s.path for s in library.sessions]


def test_nested_folders_load_and_non_sessions_are_skipped_quietly(collection: Path) -> None:
    library = load_library([collection])
    assert paths_of(library) == [
        "Day-1_Feb-16/sessions/001-A",
        "Day-1_Feb-16/sessions/002-B",
        "Day-3_Feb-18/sessions/deep/001-A",
    ]
    assert library.problems == []
    assert library.roots == [collection.resolve()]
    first = library.sessions[0]
    assert first.title == "Session A"
    assert first.source == str(collection.resolve() / "Day-1_Feb-16/sessions/001-A.md")
    assert first.transcript == "" and first.has_transcript
    assert (first.transcript_words, first.speaker_changes) == (
        27,
        2,
    )  # `&amp;` is a token, `>>` is not


def test_day_comes_from_the_subtitle_else_the_folder(collection: Path) -> None:
    library = load_library([collection])
    assert [s.day for s in library.sessions] == [1, 1, 3]
    assert library.days() == [1, 3]


def test_facets(collection: Path) -> None:
    library = load_library([collection])
    assert library.venues() == ["Bharat Mandapam — Hall 9"]
    assert library.partners() == ["Example Partner"]


def test_a_file_given_directly_is_named_by_its_file_name(collection: Path) -> None:
    file = collection / "Day-1_Feb-16" / "sessions" / "001-A.md"
    library = load_library([file, collection / "notes.txt"])
    assert paths_of(library) == ["001-A", "notes.txt"]
    assert library.sessions[0].day == 1


def test_a_non_session_file_given_directly_is_a_problem(collection: Path) -> None:
    library = load_library([collection / "README.md"])
    assert library.sessions == []
    assert [p.path for p in library.problems] == ["README.md"]
    assert "not a session" in library.problems[0].reason


def test_missing_path_is_one_problem_and_the_rest_loads(collection: Path, tmp_path: Path) -> None:
    library = load_library([tmp_path / "nowhere", collection])
    assert len(library.sessions) == 3
    assert [(p.path, p.reason) for p in library.problems] == [
        (str(tmp_path / "nowhere"), "no such file or folder")
    ]


def test_broken_files_give_one_problem_each_and_others_load(collection: Path) -> None:
    sessions = collection / "Day-1_Feb-16" / "sessions"
    write(sessions / "003-binary.md", b"\x00\x01\x02PNG\x00" * 500)
    write(sessions / "004-empty.md", b"")
    write(sessions / "005-utf16.md", session_text("Wide Session").encode("utf-16"))
    write(sessions / "006-cp1252.md", session_text("Caf\u00e9 Session").encode("cp1252", "replace"))
    library = load_library([collection])
    problems = {p.path: p.reason for p in library.problems}
    assert set(problems) == {
        "Day-1_Feb-16/sessions/003-binary.md",
        "Day-1_Feb-16/sessions/004-empty.md",
    }
    assert "binary" in problems["Day-1_Feb-16/sessions/003-binary.md"]
    assert "empty" in problems["Day-1_Feb-16/sessions/004-empty.md"]
    titles = {s.path: s.title for s in library.sessions}
    assert titles["Day-1_Feb-16/sessions/005-utf16"] == "Wide Session"
    assert titles["Day-1_Feb-16/sessions/006-cp1252"] == "Caf\u00e9 Session"
    assert len(library.sessions) == 5


@settings(max_examples=60, deadline=None)
@given(
    st.binary(max_size=3000)
    | st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass"))
    | st.text(max_size=300).map(lambda t: (session_text() + t).encode("utf-8", "surrogatepass"))
)
def test_any_bytes_give_a_session_a_problem_or_a_quiet_skip(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(root / "Day-1_x" / "any.md", data)
        write(root / "Day-1_x" / "good.md", session_text("Good"))
        library = load_library([root], cache_dir=root / ".cache")
        again = load_library([root], cache_dir=root / ".cache")
    assert "Day-1_x/good" in paths_of(library)
    assert len(library.sessions) + len(library.problems) in (1, 2)
    assert again.sessions == library.sessions and again.problems == library.problems


def test_a_50_mb_file_is_refused_without_reading_it(collection: Path) -> None:
    big = collection / "Day-1_Feb-16" / "sessions" / "099-huge.md"
    with open(big, "wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    library = load_library([collection])
    elapsed = time.perf_counter() - started
    assert [p.path for p in library.problems] == ["Day-1_Feb-16/sessions/099-huge.md"]
    assert "too large" in library.problems[0].reason
    assert "50 MB" in library.problems[0].reason
    assert len(library.sessions) == 3
    assert elapsed < 10.0  # a hang guard: the size is checked before any byte is read


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_a_problem(collection: Path) -> None:
    locked = write(collection / "Day-1_Feb-16" / "sessions" / "007-locked.md", session_text())
    locked.chmod(0)
    try:
        library = load_library([collection])
    finally:
        locked.chmod(0o644)
    assert [p.path for p in library.problems] == ["Day-1_Feb-16/sessions/007-locked.md"]
    assert "permission" in library.problems[0].reason
    assert len(library.sessions) == 3


def test_symlink_loops_do_not_hang_or_duplicate(collection: Path) -> None:
    sessions = collection / "Day-1_Feb-16" / "sessions"
    (sessions / "again").symlink_to(sessions, target_is_directory=True)
    (sessions / "root").symlink_to(collection, target_is_directory=True)
    (collection / "self").symlink_to(".", target_is_directory=True)
    (sessions / "alias-of-A.md").symlink_to(sessions / "001-A.md")
    library = load_library([collection])
    assert paths_of(library) == [
        "Day-1_Feb-16/sessions/001-A",
        "Day-1_Feb-16/sessions/002-B",
        "Day-3_Feb-18/sessions/deep/001-A",
    ]
    assert library.problems == []


def test_symlinks_inside_the_root_are_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    write(root / "store" / "x.md", session_text("Stored"))
    (root / "by-day").mkdir()
    (root / "by-day" / "Day-2").symlink_to(root / "store", target_is_directory=True)
    write(root / ".private" / "y.md", session_text("Reached only through a link"))
    (root / "public").symlink_to(root / ".private", target_is_directory=True)
    library = load_library([root])
    # "by-day/Day-2" sorts first, but the real folder names the session; the hidden folder is
    # skipped by name and reached through the link inside the root.
    assert paths_of(library) == ["public/y", "store/x"]


def test_symlinks_leaving_the_root_are_ignored(collection: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.md", session_text("Outside The Root"))
    (collection / "escape.md").symlink_to(outside / "secret.md")
    (collection / "escape-dir").symlink_to(outside, target_is_directory=True)
    (collection / "dangling.md").symlink_to(tmp_path / "missing.md")
    (collection / "zero.md").symlink_to("/dev/zero")
    library = load_library([collection])
    assert "Outside The Root" not in {s.title for s in library.sessions}
    assert len(library.sessions) == 3
    assert library.problems == []


def test_a_fifo_named_md_is_never_opened(collection: Path) -> None:
    os.mkfifo(collection / "Day-1_Feb-16" / "sessions" / "010-pipe.md")
    library = load_library([collection])  # would block forever if opened
    assert len(library.sessions) == 3
    assert library.problems == []


def test_odd_file_names_become_printable_paths(tmp_path: Path) -> None:
    root = tmp_path / "odd"
    root.mkdir()
    raw = os.fsencode(root) + b"/bad-\xff-name.md"
    with open(raw, "wb") as handle:
        handle.write(session_text("Bytes In Its Name").encode())
    write(root / "two\nlines.md", session_text("Newline In Its Name"))
    write(root / "broken\xff\n.md", b"\x00" * 10)
    library = load_library([root])
    assert sorted(paths_of(library)) == ["bad-\\xff-name", "two\\x0alines"]
    assert [p.path for p in library.problems] == ["broken\xff\\x0a.md"]
    full = library.full_session("bad-\\xff-name")
    assert full.title == "Bytes In Its Name" and full.has_transcript
    json.dumps([p.path for p in library.problems], ensure_ascii=False).encode("utf-8")


def test_same_root_twice_loads_once_and_two_roots_keep_same_relative_paths(
    collection: Path, tmp_path: Path
) -> None:
    other = tmp_path / "mirror"
    write(other / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Mirror A"))
    library = load_library([collection, collection, other])
    paths = paths_of(library)
    assert len(paths) == len(set(paths)) == 4
    assert "Day-1_Feb-16/sessions/001-A" in paths
    mirror = next(s for s in library.sessions if s.title == "Mirror A")
    assert mirror.path.endswith("Day-1_Feb-16/sessions/001-A")
    assert library.session(mirror.path) == mirror


def test_full_session_loads_the_transcript_on_demand(collection: Path) -> None:
    library = load_library([collection])
    path = "Day-1_Feb-16/sessions/001-A"
    assert library.session(path).transcript == ""  # type: ignore[union-attr]
    full = library.full_session(path)
    assert full.path == path
    assert full.transcript.startswith("good morning everyone")
    assert ">> Thank you." in full.transcript and "&gt;" not in full.transcript
    assert library.transcript(path) == full.transcript
    assert library.transcript_digest(path) == text_digest(full.transcript)
    assert library.transcript_digest("Day-1_Feb-16/sessions/002-B") == ""
    assert library.session("no/such") is None
    with pytest.raises(KeyError):
        library.full_session("no/such")


def _parsed_whole(library: Library, path: str) -> Session:
    """What parsing the session's file whole gives, as `full_session` returns it."""
    header = library.session(path)
    assert header is not None
    day = day_from_folders(header.source)
    result = parse_module.read_session_file(Path(header.source), path, day_hint=day)
    assert isinstance(result, Session)
    return replace(result, path=path, source=header.source)


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_an_unchanged_file_is_read_again_without_its_speakers_or_counts(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm: bool
) -> None:
    """Speakers and counts as loaded (from the files or the header cache), the rest parsed
    again: the same session as a whole parse gives, with no speaker parsed, no transcript
    counted and no texts asked of the header cache (at 7,000 sessions its texts part is
    ~12 MB that a warm start never decodes)."""
    cache = tmp_path / "cache"
    library = load_library([collection], cache_dir=cache)
    if warm:
        library = load_library([collection], cache_dir=cache, trust_cache=True)
    speakers = spy(monkeypatch, parse_module, "split_speaker")
    counts = spy(monkeypatch, parse_module, "transcript_stats")
    texts = spy(monkeypatch, HeaderCache, "texts")
    fulls = [library.full_session(session.path) for session in library.sessions]
    assert (speakers, counts, texts) == ([], [], [])
    assert fulls == [_parsed_whole(library, session.path) for session in library.sessions]


def test_a_file_changed_since_the_load_is_parsed_whole(collection: Path) -> None:
    library = load_library([collection])
    path = "Day-1_Feb-16/sessions/001-A"
    source = Path(library.session(path).source)  # type: ignore[union-attr]
    source.write_text(session_text("Session A, renamed"), encoding="utf-8")
    full = library.full_session(path)
    assert full.title == "Session A, renamed" != library.session(path).title  # type: ignore[union-attr]
    assert full == _parsed_whole(library, path)


def test_the_corpus_reads_an_unchanged_file_again_as_a_whole_parse_does(
    corpus_root: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    load_library([corpus_root], cache_dir=cache)
    library = load_library([corpus_root], cache_dir=cache, trust_cache=True)
    with_transcript = [s.path for s in library.sessions if s.has_transcript]
    assert len(with_transcript) > 200
    for path in with_transcript:
        assert library.full_session(path) == _parsed_whole(library, path), path


def test_reading_a_transcript_alone_never_loads_the_name_rules(
    collection: Path, tmp_path: Path
) -> None:
    """A warm start that opens a session with a transcript compiles none of `text.names`'s
    patterns (a few milliseconds of every such start)."""
    cache = tmp_path / "cache"
    load_library([collection], cache_dir=cache)
    code = (
        "import sys\n"
        "from viewer.core.library.load import load_library\n"
        f"library = load_library([{str(collection)!r}], cache_dir={str(cache)!r}, "
        "trust_cache=True)\n"
        "full = library.full_session('Day-1_Feb-16/sessions/001-A')\n"
        "assert full.transcript, 'no transcript'\n"
        "print('viewer.core.text.names' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"


def test_full_session_survives_a_vanished_file(collection: Path) -> None:
    library = load_library([collection])
    loaded, never = "Day-1_Feb-16/sessions/001-A", "Day-3_Feb-18/sessions/deep/001-A"
    before = library.full_session(loaded)
    for path in (loaded, never):
        Path(library.session(path).source).unlink()  # type: ignore[union-attr]
    assert library.full_session(loaded) == before
    assert library.full_session(never) == library.session(never)


def test_full_session_lru_rereads_files(collection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = collection / "Day-1_Feb-16" / "sessions"
    for i in range(library_module.FULL_SESSION_CACHE + 2):
        write(sessions / f"1{i:02d}-extra.md", session_text(f"Extra {i}"))
    library = load_library([collection])
    calls = count_reads(monkeypatch)
    extra = [s.path for s in library.sessions if "extra" in s.path]
    for path in extra:
        library.full_session(path)
    library.full_session(extra[-1])  # recent: served from memory
    assert len(calls) == len(extra)
    library.full_session(extra[0])  # evicted: read again
    assert len(calls) == len(extra) + 1


def test_is_stale_notices_added_changed_and_removed_files(collection: Path) -> None:
    library = load_library([collection])
    assert not library.is_stale()
    write(collection / "notes-2.txt", "not Markdown: not a candidate")
    assert not library.is_stale()
    added = write(collection / "Day-1_Feb-16" / "sessions" / "009-new.md", session_text("New"))
    assert library.is_stale()
    added.unlink()
    assert not library.is_stale()
    changed = collection / "Day-1_Feb-16" / "sessions" / "001-A.md"
    os.utime(changed, ns=(1, 1_600_000_000_000_000_000))
    assert library.is_stale()
    assert load_library([collection]).is_stale() is False
    changed.unlink()
    assert library.is_stale()


def test_the_stat_check_agrees_with_a_full_scan(collection: Path, tmp_path: Path) -> None:
    # is_stale() walks without making a Found per file: it must see exactly what discover sees.
    (collection / "Day-1_Feb-16" / "link.md").symlink_to(collection / "README.md")
    (collection / "loop").symlink_to(collection)
    given = [collection, collection / "notes.txt", tmp_path / "nowhere", collection]
    assert current_state(given) == scan_state(discover(given)[1])
    assert current_state(given)[0] == len(discover(given)[1]) == 7  # link and loop: seen once
    changed = collection / "Day-1_Feb-16" / "sessions" / "001-A.md"
    before = current_state(given)
    os.utime(changed, ns=(1, 1_600_000_000_000_000_000))
    assert current_state(given) != before
    assert current_state(given) == scan_state(discover(given)[1])


def test_progress_and_cancel(collection: Path) -> None:
    seen: list[tuple[int, int]] = []
    library = load_library([collection], progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] and seen == sorted(seen)
    assert not library.cancelled
    polls = iter(range(100))
    stopped = load_library([collection], cancelled=lambda: next(polls) >= 2)
    assert stopped.cancelled
    assert len(stopped.sessions) < len(library.sessions)


def stream_text(slot: str, title: str, transcript: str, video: str = "Stream00001") -> str:
    return session_text(title, time_slot=slot, video_id=video, transcript=transcript)


def test_shared_streams_group_same_video_and_transcript(tmp_path: Path) -> None:
    root = tmp_path / "streams"
    shared = "the whole day &gt;&gt; of talks\n\nin one room"
    write(root / "a.md", stream_text("10:00 – 10:20", "Keynote A", shared))
    write(root / "c.md", stream_text("10:40 – 11:00", "Keynote C", shared))
    write(root / "b.md", stream_text("10:20 – 10:40", "Keynote B", shared))
    write(root / "d.md", stream_text("10:00 – 11:00", "Same video, own text", "different"))
    write(root / "e.md", stream_text("10:00 – 11:00", "Other video", shared, "OtherVid001"))
    write(root / "f.md", stream_text("12:00 – 13:00", "Other video too", shared, "OtherVid002"))
    library = load_library([root])
    (stream,) = library.streams
    assert stream.video_id == "Stream00001"
    assert stream.paths == ("a", "b", "c")
    assert stream.offsets == pytest.approx((0.0, 1 / 3, 2 / 3))
    assert library.stream_of("b") is stream
    assert stream.offset_of("c") == pytest.approx(2 / 3)
    assert library.stream_of("d") is None and library.stream_of("e") is None


def test_stream_offsets_without_end_times_and_identical_slots(tmp_path: Path) -> None:
    root = tmp_path / "streams"
    shared = "one recording for two listings"
    write(root / "x.md", stream_text("15:30", "Listed once", shared))
    write(root / "y.md", stream_text("15:30", "Listed twice", shared))
    write(root / "z.md", stream_text("16:30", "Later, start only", shared))
    (stream,) = load_library([root]).streams
    assert stream.paths == ("x", "y", "z")
    assert stream.offsets == (0.0, 0.0, 1.0)


# --- header cache -------------------------------------------------------------------------


def read_cache(cache: Path) -> dict[str, Any]:
    """The cache file's content (format, fingerprint, strings, tables, listings), packed
    integer columns as lists, so that a test can put a value of another type in one (which
    is then written as a JSON list, as the code writes any column it cannot pack)."""
    with (cache / CACHE_NAME).open("rb") as handle:
        data = read_document(handle)
    assert data is not None
    return {name: _as_lists(part) for name, part in data.items()}


def _as_lists(part: Any) -> Any:
    if isinstance(part, dict):
        return {name: _as_lists(value) for name, value in part.items()}
    if isinstance(part, list):
        return [_as_lists(item) for item in part]
    return part.tolist() if isinstance(part, array) else part


def write_cache(cache: Path, data: dict[str, Any]) -> None:
    (cache / CACHE_NAME).write_bytes(write_document(data))


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = parse_module.read_session_bytes

    def counting(file: Path, rel: str, *args: object, **kwargs: object) -> object:
        calls.append(rel)
        return real(file, rel, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "read_session_bytes", counting)  # every read of a file
    return calls


def test_warm_start_reads_no_file(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    write(collection / "Day-1_Feb-16" / "sessions" / "003-binary.md", b"\x00" * 64)
    cold = load_library([collection], cache_dir=cache)
    assert (cache / CACHE_NAME).is_file()
    assert [p.name for p in cache.iterdir()] == [CACHE_NAME]  # no temporary file left behind
    calls = count_reads(monkeypatch)
    warm = load_library([collection], cache_dir=cache)
    assert calls == []  # sessions, READMEs and the broken file all came from the cache
    assert warm.sessions == cold.sessions
    assert warm.problems == cold.problems
    assert [warm.transcript_digest(p) for p in paths_of(warm)] == [
        cold.transcript_digest(p) for p in paths_of(cold)
    ]


def test_a_changed_file_is_parsed_again(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_library([collection], cache_dir=cache)
    changed = collection / "Day-1_Feb-16" / "sessions" / "002-B.md"
    write(changed, session_text("Session B, renamed", transcript=""))
    os.utime(changed, ns=(1, 1_700_000_000_000_000_000))
    calls = count_reads(monkeypatch)
    library = load_library([collection], cache_dir=cache)
    assert calls == ["Day-1_Feb-16/sessions/002-B"]
    assert library.session("Day-1_Feb-16/sessions/002-B").title == "Session B, renamed"  # type: ignore[union-attr]


def test_a_corrupt_cache_is_kept_aside_and_rebuilt(collection: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_NAME).write_bytes(b'{"entries": [1, 2')
    library = load_library([collection], cache_dir=cache)
    assert len(library.sessions) == 3
    assert (cache / (CACHE_NAME + ".corrupt")).read_bytes() == b'{"entries": [1, 2'
    rebuilt = read_cache(cache)
    assert len(rebuilt["sessions"]["source"]) == 3
    assert len(rebuilt["others"]["source"]) == 3  # non-session Markdown files


def test_a_cache_entry_of_the_wrong_shape_is_not_trusted(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    load_library([collection], cache_dir=cache)
    data = read_cache(cache)
    data["others"]["kind"] = [7] * len(data["others"]["kind"])  # no such kind
    data["sessions"]["title"] = ["a title instead of its index"] * 3
    write_cache(cache, data)
    calls = count_reads(monkeypatch)
    assert len(load_library([collection], cache_dir=cache).sessions) == 3
    assert len(calls) == 6


def test_damaged_cache_entries_are_parsed_again(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache)
    data = read_cache(cache)
    sessions = data["sessions"]
    sessions["day"][0] = "one"  # the wrong type
    sessions["title"][1] = -1  # an index that would silently count from the end
    sessions["speakers"][-1] = 10**6  # the last session's last speaker: out of range
    write_cache(cache, data)
    calls = count_reads(monkeypatch)
    warm = load_library([collection], cache_dir=cache)
    assert warm.sessions == cold.sessions
    assert len(calls) == 3


def test_explicit_non_session_reason_is_the_same_cold_and_warm(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    given = [collection / "README.md"]
    cold = load_library(given, cache_dir=cache).problems
    assert load_library(given, cache_dir=cache).problems == cold
    assert len(cold) == 1


def test_cache_keeps_other_libraries_and_forgets_deleted_files(
    collection: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    other = tmp_path / "other"
    write(other / "x.md", session_text("Other X"))
    load_library([other], cache_dir=cache)
    load_library([collection], cache_dir=cache)
    (collection / "Day-1_Feb-16" / "sessions" / "002-B.md").unlink()
    load_library([collection], cache_dir=cache)
    kept = HeaderCache(cache)
    assert kept.entry(str(other.resolve() / "x.md")) is not None
    assert kept.entry(str(collection.resolve() / "Day-1_Feb-16" / "sessions" / "002-B.md")) is None
    assert kept.entry(str(collection.resolve() / "Day-1_Feb-16" / "sessions" / "001-A.md"))


# --- the real collection ------------------------------------------------------------------


@pytest.mark.corpus
def test_real_collection_loads_every_session(corpus_root: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    cold = load_library([corpus_root], cache_dir=tmp_path)
    cold_time = time.perf_counter() - started
    started = time.perf_counter()
    warm = load_library([corpus_root], cache_dir=tmp_path)
    warm_time = time.perf_counter() - started
    assert len(cold.sessions) == 356 and cold.problems == []
    assert warm.sessions == cold.sessions
    assert all(s.transcript == "" for s in cold.sessions)
    assert sum(s.has_transcript for s in cold.sessions) == 248
    assert cold.days() == [1, 2, 4]
    assert all(s.day is not None and f"Day-{s.day}_" in s.path for s in cold.sessions)
    # The speed figures live in benchmarks/; here only that the cache is used at all.
    assert warm_time < cold_time / 3


@pytest.mark.corpus
def test_real_collection_shared_streams(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    assert library.streams
    grouped = {p for stream in library.streams for p in stream.paths}
    by_video: dict[str, set[str]] = {}
    for session in library.sessions:
        if session.video_id and session.has_transcript:
            by_video.setdefault(session.video_id, set()).add(session.path)
    for stream in library.streams:
        digests = {library.transcript_digest(p) for p in stream.paths}
        assert len(digests) == 1 and "" not in digests
        assert {library.session(p).video_id for p in stream.paths} == {stream.video_id}  # type: ignore[union-attr]
        assert stream.offsets[0] == 0.0
        assert list(stream.offsets) == sorted(stream.offsets)
        assert all(0.0 <= o <= 1.0 for o in stream.offsets)
    # Every video used by several sessions with one transcript is a stream, and no other.
    for video, paths in by_video.items():
        digests = {library.transcript_digest(p) for p in paths}
        if len(paths) > 1 and len(digests) == 1:
            assert paths <= grouped, video
    # The Day-4 keynote stream is attached to many short slots.
    longest = max(library.streams, key=lambda s: len(s.paths))
    assert len(longest.paths) >= 20
    first, last = library.full_session(longest.paths[0]), library.full_session(longest.paths[-1])
    assert first.transcript == last.transcript and first.transcript


@pytest.mark.corpus
def test_seed_file_loads_like_its_corpus_twin(corpus_root: Path, seed_file: Path) -> None:
    twin = corpus_root / "Day-2_Feb-17/sessions/075-Digital-Public-Goods-for-Global-AI-Equity.md"
    library = load_library([seed_file, twin])
    seed, original = library.sessions
    assert seed.path == seed_file.name and original.path == twin.stem
    fields = [name for name in Session.__dataclass_fields__ if name not in ("path", "source")]
    for name in fields:
        assert getattr(seed, name) == getattr(original, name), name
    assert library.transcript_digest(seed.path) == library.transcript_digest(original.path)


def test_summaries_and_takeaways_are_kept_apart_and_come_on_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Headers leave summaries and takeaways out (half a warm start's text at 7,000 sessions);
    `with_texts` gives them from the load's parse or the cache's texts part, without reading
    a file, and from the file when the cache cannot say."""
    root = tmp_path / "lib"

    def write_session(n: int, summary: str) -> None:
        text = session_text(f"Session {n}").replace("A session that exists only in tests.", summary)
        write(root / "Day-1_Feb-16" / "sessions" / f"00{n}-S.md", text.replace("copied", f"{n}"))

    for n in range(3):
        write_session(n, f"Summary number {n}.")
    points = ("Fixtures are written by hand.", "Nothing is {}.")
    expected = {
        f"Session {n}": (f"Summary number {n}.", (points[0], points[1].format(n))) for n in range(3)
    }

    def texts_of(library: Library) -> dict[str, tuple[str, tuple[str, ...]]]:
        whole = [library.with_texts(s.path) for s in library.sessions]
        return {s.title: (s.summary, s.takeaways) for s in whole}

    cache = tmp_path / "cache"
    cold = load_library([root], cache_dir=cache)
    assert all(s.summary == "" and s.takeaways == () for s in cold.sessions)
    reads = count_reads(monkeypatch)
    assert texts_of(cold) == expected and reads == []  # kept from the parse
    warm = load_library([root], cache_dir=cache, trust_cache=True)
    assert not warm.verified
    assert texts_of(warm) == expected and reads == []  # the cache's texts part
    assert load_library([root], cache_dir=cache).sessions == cold.sessions
    assert reads == []

    write_session(1, "Edited since.")  # parsed again on the next checked load
    os.utime(root / "Day-1_Feb-16" / "sessions" / "001-S.md", ns=(1, 1))
    edited = load_library([root], cache_dir=cache)
    assert texts_of(edited)["Session 1"][0] == "Edited since." and len(reads) == 1
    expected["Session 1"] = texts_of(edited)["Session 1"]
    again = load_library([root], cache_dir=cache, trust_cache=True)
    assert texts_of(again) == expected and len(reads) == 1  # the edit was cached too

    data = read_cache(cache)
    data["texts"] = b'["texts",{"source":7}]'  # a texts part of the wrong shape
    write_cache(cache, data)
    damaged = load_library([root], cache_dir=cache, trust_cache=True)
    assert len(damaged.sessions) == 3  # the headers are fine
    assert texts_of(damaged) == expected and len(reads) == 1 + 3  # each file read instead
