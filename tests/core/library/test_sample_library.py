"""The bundled sample library: what a new user sees first, so it must load cleanly.

It is also the one collection every e2e test and every fresh clone has, so it deliberately
covers the variants of DATA.md (shared stream, missing video/speakers/transcript, start-only
time, multi-line entries, entities and annotations). These tests keep it that way.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from viewer.core.library.load import load_library
from viewer.core.session import parse
from viewer.core.session.model import ParseProblem, Session

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
DAY_DIR = re.compile(r"^Day-(\d)_Feb-(\d\d)$")


def _session_files(root: Path) -> list[Path]:
    return sorted(root.glob("Day-*/sessions/*.md"))


@pytest.fixture(scope="module")
def sessions(sample_root: Path) -> list[Session]:
    parsed = []
    for file in _session_files(sample_root):
        result = parse.read_session_file(file, file.relative_to(sample_root).as_posix())
        assert isinstance(result, Session), f"{file}: {result}"
        parsed.append(result)
    return parsed


def test_layout_matches_the_collection(sample_root: Path) -> None:
    assert (sample_root / "README.md").is_file()
    day_dirs = [d for d in sample_root.iterdir() if d.is_dir()]
    assert len(day_dirs) >= 2
    for day_dir in day_dirs:
        match = DAY_DIR.match(day_dir.name)
        assert match, day_dir.name
        assert (day_dir / "README.md").is_file()
        files = sorted((day_dir / "sessions").glob("*.md"))
        assert files, day_dir
        for file in files:
            assert re.match(r"^\d{3}-[A-Za-z0-9-]+\.md$", file.name), file.name
    stems = [f.name[:3] for f in _session_files(sample_root)]
    assert len(stems) != len(set(stems)), "numbering should restart per day, as in the collection"


def test_readmes_are_not_sessions(sample_root: Path) -> None:
    for readme in sample_root.rglob("README.md"):
        text = readme.read_text(encoding="utf-8")
        assert not parse.is_session_text(text), readme
        rel = readme.relative_to(sample_root).as_posix()
        assert isinstance(parse.read_session_file(readme, rel), ParseProblem)


def test_every_session_parses_fully(sample_root: Path, sessions: list[Session]) -> None:
    assert 6 <= len(sessions) <= 10
    for s in sessions:
        day_dir = DAY_DIR.match(s.path.split("/")[0])
        assert day_dir
        assert s.day == int(day_dir.group(1))
        assert s.date == f"2026-02-{day_dir.group(2)}"
        assert s.title and s.building and s.room and s.start
        assert s.summary and s.takeaways
        if s.video_url:
            assert YOUTUBE_ID.match(s.video_id), s.video_id
        for speaker in s.speakers:
            assert speaker.name.strip() and speaker.key, (s.path, speaker)
            assert "\u2060" not in speaker.text


def test_covers_the_variants_new_users_meet(sessions: list[Session]) -> None:
    assert any(not s.video_id for s in sessions), "a session without video"
    assert any(not s.speakers for s in sessions), "a session without speakers"
    assert any(s.start and not s.end for s in sessions), "a session with only a start time"
    assert any(not s.has_transcript for s in sessions), "a session without transcript"
    assert any(len(s.partners) > 1 for s in sessions)


def test_shared_morning_stream(sessions: list[Session]) -> None:
    by_video: dict[str, list[Session]] = {}
    for s in sessions:
        if s.video_id:
            by_video.setdefault(s.video_id, []).append(s)
    shared = [group for group in by_video.values() if len(group) > 1]
    assert len(shared) == 1
    group = sorted(shared[0], key=lambda s: s.start)
    assert 2 <= len(group) <= 3
    assert len({s.transcript for s in group}) == 1, "a shared stream carries one transcript"
    assert len({(s.date, s.building, s.room) for s in group}) == 1
    for before, after in pairwise(group):
        assert before.end == after.start, "consecutive slots of one stream"
    assert all(s.start < "12:00" for s in group)


def test_transcripts_read_like_captions(sample_root: Path, sessions: list[Session]) -> None:
    with_text = [s for s in sessions if s.has_transcript]
    assert sum(s.transcript_words for s in {s.video_id: s for s in with_text}.values()) > 4000
    for s in with_text:
        words, changes = parse.transcript_stats(s.transcript)
        assert (words, changes) == (s.transcript_words, s.speaker_changes)
        assert changes > 0 and "[applause]" in s.transcript
        raw = Path(s.source).read_text(encoding="utf-8").split("## 📝 Transcript", 1)[1]
        assert "&gt;&gt;" in raw and ">>" not in raw
        blocks = [b for b in raw.strip().split("\n\n") if b]
        assert len(blocks) > 5
        assert all(len(b.split()) <= 46 and "\n" not in b for b in blocks)
        # caption blocks break mid-sentence, not at paragraph ends
        assert sum(not b.rstrip().endswith((".", "?", "]")) for b in blocks) > len(blocks) // 2
    raw_all = "".join(f.read_text(encoding="utf-8") for f in _session_files(sample_root))
    assert "&amp;" in raw_all and "[music]" in raw_all


def test_multiline_entries(sample_root: Path, sessions: list[Session]) -> None:
    raw = {
        f.relative_to(sample_root).as_posix(): f.read_text(encoding="utf-8")
        for f in _session_files(sample_root)
    }
    assert any(re.search(r"^- ?\n\S", text, re.M) for text in raw.values()), "empty-dash entry"
    assert any(re.search(r"^\d+\. .+\n[a-z]", text, re.M) for text in raw.values()), (
        "a takeaway over two lines"
    )
    joined = [sp.text for s in sessions for sp in s.speakers]
    assert any("Reddy - Director, Krishi Data Cooperative" in t for t in joined)


def test_library_loads_without_problems(sample_root: Path, tmp_path: Path) -> None:
    library = load_library([sample_root], cache_dir=tmp_path)
    assert library.problems == []
    assert len(library.sessions) == len(_session_files(sample_root))
    assert all(s.transcript == "" for s in library.sessions), "headers only"
    assert len(library.streams) == 1
    stream = library.streams[0]
    assert len(stream.paths) >= 2
    assert stream.offsets[0] == pytest.approx(0.0)
    assert list(stream.offsets) == sorted(stream.offsets)
    assert all(0.0 <= o < 1.0 for o in stream.offsets)
    first = library.full_session(stream.paths[0])
    assert first.transcript and library.transcript(stream.paths[-1]) == first.transcript
    assert library.days() == [1, 2]
