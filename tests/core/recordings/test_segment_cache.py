"""Found parts kept beside the header cache: a warm start reads them, a change re-places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.recordings.segment_fixtures import (
    DAY,
    SLOTS,
    TRANSCRIPT,
    session_file,
    write_recording,
)
from tests.fixtures.spy import spy
from viewer.core.library.load import Library, load_library
from viewer.core.recordings.cache import CACHE_NAME
from viewer.core.recordings.segments import find_segments


def parts(library: Library) -> dict[str, object]:
    return {s.path: library.segment_of(s.path) for s in library.sessions}


def no_transcripts(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Library, path: str) -> str:
        raise AssertionError(f"transcript read for {path}")

    monkeypatch.setattr(Library, "transcript", refuse)


def test_a_warm_start_reads_the_parts_instead_of_the_transcripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_recording(tmp_path / "lib")
    cache = tmp_path / "cache"
    cold = load_library([tmp_path / "lib"], cache_dir=cache)
    found = parts(cold)
    assert found[paths["Turing"]] is not None and (cache / CACHE_NAME).is_file()
    with monkeypatch.context() as patch:
        no_transcripts(patch)
        warm = load_library([tmp_path / "lib"], cache_dir=cache, trust_cache=True)
        assert not warm.verified and parts(warm) == found
        rescanned = load_library([tmp_path / "lib"], cache_dir=cache)
        assert parts(rescanned) == found


def test_a_start_that_placed_one_recording_spares_the_next_start_that_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A start places the recording of the first session shown and may quit before any
    other is asked for: what it placed is kept all the same, and nothing it did not use is
    lost."""
    paths = write_recording(tmp_path / "lib")
    other = tmp_path / "lib" / "Day-4_Feb-19" / "other"
    other.mkdir(parents=True)
    for stem, slot, speaker in SLOTS:  # a second recording: another video, another text
        text = session_file("Keynote", slot, speaker, "Plenary0002", TRANSCRIPT + " Goodbye.")
        (other / f"{stem}.md").write_text(text, encoding="utf-8")
    second = f"Day-4_Feb-19/other/{SLOTS[0][0]}"
    cache = tmp_path / "cache"
    first = load_library([tmp_path / "lib"], cache_dir=cache)
    assert len(first.streams) == 2
    placed = first.segment_of(paths["Turing"])  # the first session shown; then it quits
    assert placed is not None and (cache / CACHE_NAME).is_file()
    with monkeypatch.context() as patch:
        no_transcripts(patch)
        warm = load_library([tmp_path / "lib"], cache_dir=cache, trust_cache=True)
        assert warm.segment_of(paths["Turing"]) == placed  # recalled, not placed again
    assert warm.segment_of(second) is not None  # placed now: every recording was asked for
    stored = json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))
    assert len(stored) == 2
    with monkeypatch.context() as patch:
        no_transcripts(patch)
        again = load_library([tmp_path / "lib"], cache_dir=cache, trust_cache=True)
        assert parts(again) == parts(warm)


def test_a_changed_session_places_its_recording_again(tmp_path: Path) -> None:
    paths = write_recording(tmp_path / "lib")
    cache = tmp_path / "cache"
    before = load_library([tmp_path / "lib"], cache_dir=cache).segment_of(paths["Curie"])
    assert before is not None and before.absent
    # The absent speaker is now the one the host calls up second.
    file = tmp_path / "lib" / DAY / "004-Keynote.md"
    file.write_text(
        file.read_text(encoding="utf-8").replace("Marie Curie", "Ada Lovelace"), encoding="utf-8"
    )
    after = load_library([tmp_path / "lib"], cache_dir=cache).segment_of(paths["Curie"])
    assert after is not None and not after.absent and after.start_word is not None


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json",
        b"[]",
        b'{"k": {"p": [1, 2]}}',
        b'{"k": {"p": ["v", 4, -5, 10, "transcript", false, null, 0.5]}}',
        b'{"k": {"p": ["v", 4, 0, 10, "guess", false, null, 0.5]}}',
        b"[" * 100_000,
    ],
)
def test_a_damaged_cache_is_set_aside_and_rebuilt(tmp_path: Path, content: bytes) -> None:
    paths = write_recording(tmp_path / "lib")
    cache = tmp_path / "cache"
    expected = parts(load_library([tmp_path / "lib"]))
    cache.mkdir()
    (cache / CACHE_NAME).write_bytes(content)
    library = load_library([tmp_path / "lib"], cache_dir=cache)
    assert parts(library) == expected and expected[paths["Turing"]] is not None
    assert json.loads((cache / CACHE_NAME).read_bytes())  # rewritten whole
    assert (cache / (CACHE_NAME + ".corrupt")).read_bytes() == content


def test_a_recording_is_placed_only_when_one_of_its_sessions_asks(
    corpus_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    library = load_library([corpus_root], cache_dir=cache)
    assert len(library.streams) >= 2
    original = Library.transcript
    read = spy(monkeypatch, Library, "transcript", lambda library, path: path)
    first = library.streams[0]
    assert library.segment_of(first.paths[0]) is not None
    assert read and set(read) <= set(first.paths)  # no other recording's transcript
    # kept at once (a start may quit before asking for another), and only what was placed
    assert len(json.loads((cache / CACHE_NAME).read_bytes())) == 1
    everything = parts(library)
    assert len(json.loads((cache / CACHE_NAME).read_bytes())) == len(library.streams)
    monkeypatch.setattr(Library, "transcript", original)
    fresh = load_library([corpus_root])
    at_once = find_segments(fresh.streams, fresh.session, fresh.transcript)
    assert {p: s for p, s in everything.items() if s is not None} == at_once
