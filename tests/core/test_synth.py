"""The synthetic collection generator: deterministic for a seed, and in the real file format."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from benchmarks import synth
from viewer.core.session import parse
from viewer.core.session.model import ParseProblem, Session


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for file in sorted(root.rglob("*.md")):
        h.update(file.relative_to(root).as_posix().encode())
        h.update(file.read_bytes())
    return h.hexdigest()


def _sessions(root: Path) -> list[Session]:
    out = []
    for file in sorted(root.glob("Day-*/sessions/*.md")):
        result = parse.read_session_file(file, file.relative_to(root).as_posix())
        assert not isinstance(result, ParseProblem), result
        out.append(result)
    return out


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synth")
    synth.generate(root, 120, seed=7)
    return root


def test_same_seed_same_bytes(collection: Path, tmp_path: Path) -> None:
    synth.generate(tmp_path, 120, seed=7)
    assert _digest(tmp_path) == _digest(collection)


def test_other_seed_differs(collection: Path, tmp_path: Path) -> None:
    synth.generate(tmp_path, 120, seed=8)
    assert _digest(tmp_path) != _digest(collection)


def test_layout_and_count(collection: Path) -> None:
    files = list(collection.glob("Day-*/sessions/*.md"))
    assert len(files) == 120
    days = {f.parent.parent.name.split("_")[0] for f in files}
    assert days == {f"Day-{n}" for n in range(1, 6)}
    # non-session files exist beside the sessions and are recognised as such
    for readme in [collection / "README.md", *collection.glob("Day-*/README.md")]:
        assert not parse.is_session_text(readme.read_text(encoding="utf-8"))


def test_every_file_parses_with_realistic_content(collection: Path) -> None:
    sessions = _sessions(collection)
    with_transcript = [s for s in sessions if s.has_transcript]
    share = len(with_transcript) / len(sessions)
    assert 0.5 < share < 0.9
    assert all(s.title and s.date.startswith("2026-02-") and s.start for s in sessions)
    assert all(s.building and s.room for s in sessions)
    assert all(s.video_id for s in with_transcript)
    assert sum(s.speaker_changes for s in with_transcript) > len(with_transcript)
    assert sum(1 for s in sessions if s.speakers) > 0.9 * len(sessions)
    assert any(s.takeaways for s in sessions) and any(s.partners for s in sessions)
    # one person appears under several spellings (honorific variants) across sessions; the
    # bare name (`Speaker.name`) drops them, the entry as written keeps them
    spellings: dict[str, set[str]] = {}
    for s in sessions:
        for sp in s.speakers:
            spellings.setdefault(sp.key, set()).add(sp.text.split(",")[0])
    assert any(len(names) > 1 for names in spellings.values())


def test_parse_session_reads_the_text_as_written(collection: Path) -> None:
    for file in sorted(collection.glob("Day-*/sessions/*.md"))[:20]:
        text = file.read_bytes().decode("utf-8-sig")
        assert parse.is_session_text(text)
        session = parse.parse_session(text, file.name, day_hint=None)
        assert isinstance(session, Session), session
        assert session.day == int(file.parent.parent.name.split("_")[0].split("-")[1])


def test_transcript_sizes_and_markers(collection: Path) -> None:
    sizes = []
    for file in collection.glob("Day-*/sessions/*.md"):
        text = file.read_bytes().decode("utf-8-sig")
        _head, sep, transcript = text.partition("## 📝 Transcript\n")
        if sep:
            sizes.append(len(transcript.encode()))
            assert "\n\n" in transcript
    assert sizes and min(sizes) >= 15_000 and max(sizes) <= 410_000
    whole = "".join(f.read_text(encoding="utf-8-sig") for f in collection.rglob("*.md"))
    assert "&gt;&gt;" in whole
    assert any(annotation in whole for annotation in synth.ANNOTATIONS)


def test_shared_streams_share_transcript(tmp_path: Path) -> None:
    synth.generate(tmp_path, 400, seed=3)
    sessions = _sessions(tmp_path)
    by_video: dict[str, list[Session]] = {}
    for s in sessions:
        if s.video_id:
            by_video.setdefault(s.video_id, []).append(s)
    shared = [group for group in by_video.values() if len(group) > 1]
    assert shared, "expected at least one shared stream in 400 sessions"
    for group in shared:
        assert len({s.transcript for s in group}) == 1
        assert len({(s.building, s.room) for s in group}) == 1


def test_cached_collection_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMIT_BENCH_CACHE", str(tmp_path))
    first = synth.cached_collection(25, seed=2)
    marker = first / "marker"
    marker.write_text("kept", encoding="utf-8")
    again = synth.cached_collection(25, seed=2)
    assert again == first and marker.is_file()
    assert len(list(first.glob("Day-*/sessions/*.md"))) == 25


def test_cli_refuses_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x", encoding="utf-8")
    with pytest.raises(SystemExit):
        synth.main([str(tmp_path), "--sessions", "3"])
    out = tmp_path / "new"
    assert synth.main([str(out), "--sessions", "3"]) == 0
    assert len(list(out.glob("Day-*/sessions/*.md"))) == 3
