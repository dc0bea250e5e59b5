"""The catalogue JSON of `--export-json`: schema, values, atomic file output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.core.library.test_library import session_text, write
from tests.core.recordings.segment_fixtures import write_recording
from viewer.core.export.catalogue import SESSION_FIELDS, catalogue, write_catalogue
from viewer.core.library.load import load_library
from viewer.core.session.parse import transcript_stats

SPEAKER_FIELDS = ["text", "name", "affiliation"]


def check_schema(data: dict[str, list[dict[str, object]]]) -> None:
    assert list(data) == ["sessions", "problems"]
    for record in data["sessions"]:
        assert list(record) == list(SESSION_FIELDS)
        for key in ("path", "title", "date", "start", "end", "venue", "building", "room"):
            assert isinstance(record[key], str), key
        for key in ("video_url", "video_id", "summary"):
            assert isinstance(record[key], str), key
        assert record["day"] is None or isinstance(record["day"], int)
        assert isinstance(record["has_transcript"], bool)
        assert isinstance(record["transcript_words"], int)
        assert isinstance(record["speaker_changes"], int)
        assert all(isinstance(p, str) for p in record["partners"])  # type: ignore[attr-defined]
        assert all(isinstance(t, str) for t in record["takeaways"])  # type: ignore[attr-defined]
        for speaker in record["speakers"]:  # type: ignore[attr-defined]
            assert list(speaker) == SPEAKER_FIELDS
        venue = " — ".join(v for v in (record["building"], record["room"]) if v)
        assert record["venue"] == venue
        assert not str(record["path"]).endswith(".md") and "\\" not in str(record["path"])
    for problem in data["problems"]:
        assert list(problem) == ["path", "reason"]


def test_catalogue_of_a_small_collection(tmp_path: Path) -> None:
    root = tmp_path / "c"
    text = session_text("Session A", room="Hall No. 9")
    write(root / "Day-1_Feb-16" / "sessions" / "001-A.md", text)
    write(root / "Day-1_Feb-16" / "sessions" / "002-bad.md", b"\x00\x00binary")
    data = catalogue(load_library([root]))
    check_schema(data)
    (record,) = data["sessions"]
    assert record["path"] == "Day-1_Feb-16/sessions/001-A"
    assert record["venue"] == "Bharat Mandapam — Hall No. 9"
    assert record["venue_canonical"] == "Bharat Mandapam — Hall 9"
    assert record["speakers"] == [
        {
            "text": "Dr. Ada Example, Example Institute",
            "name": "Ada Example",
            "affiliation": "Example Institute",
        },
        {
            "text": "Mr. Bo Sample - CTO, Demo Co",
            "name": "Bo Sample",
            "affiliation": "CTO, Demo Co",
        },
    ]
    assert record["takeaways"] == ["Fixtures are written by hand.", "Nothing is copied."]
    assert (record["has_transcript"], record["transcript_words"], record["speaker_changes"]) == (
        True,
        27,
        2,
    )
    assert data["problems"] == [
        {"path": "Day-1_Feb-16/sessions/002-bad.md", "reason": data["problems"][0]["reason"]}
    ]
    assert "binary" in data["problems"][0]["reason"]


def test_write_to_stdout_and_to_a_file_atomically(tmp_path: Path) -> None:
    root = tmp_path / "c"
    write(root / "x.md", session_text("Caf\u00e9 — \u201cquoted\u201d"))
    library = load_library([root])
    out = io.StringIO()
    write_catalogue(library, "-", stdout=out)
    from_stdout = json.loads(out.getvalue())
    target = tmp_path / "out" / "catalogue.json"
    write_catalogue(library, target)
    assert json.loads(target.read_text(encoding="utf-8")) == from_stdout
    assert from_stdout["sessions"][0]["title"] == "Caf\u00e9 — \u201cquoted\u201d"
    assert [p.name for p in target.parent.iterdir()] == ["catalogue.json"]
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)
    write_catalogue(library, target)  # replacing keeps the file's permissions
    assert target.stat().st_mode & 0o777 == 0o600


def test_unwritable_target_raises_oserror(tmp_path: Path) -> None:
    library = load_library([])
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        write_catalogue(library, tmp_path / "file" / "below-a-file.json")


@pytest.mark.corpus
def test_catalogue_of_the_real_collection(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    data = json.loads(json.dumps(catalogue(library)))
    check_schema(data)
    assert len(data["sessions"]) == 356 and data["problems"] == []
    assert len({r["path"] for r in data["sessions"]}) == 356
    assert sum(r["has_transcript"] for r in data["sessions"]) == 248
    with_video = [r for r in data["sessions"] if r["video_id"]]
    assert with_video and all(r["video_id"] in r["video_url"] for r in with_video)
    # Counts agree with the transcripts themselves, recounted from the full sessions.
    for record in data["sessions"][::25]:
        full = library.full_session(record["path"])
        assert (record["transcript_words"], record["speaker_changes"]) == transcript_stats(
            full.transcript
        )
        assert record["has_transcript"] == bool(full.transcript)
    # Speakers keep the entry as written; `name` is the bare name; venues are canonical.
    speakers = [sp for r in data["sessions"] for sp in r["speakers"]]
    assert any(sp["text"].startswith(("Shri ", "Dr. ", "Moderator:")) for sp in speakers)
    for sp in speakers:
        assert not sp["name"].startswith(("Shri ", "Sh. ", "Dr. ", "Moderator", "(")), sp
        assert all(word in sp["text"] for word in sp["name"].split()), sp
    canonical = {r["venue_canonical"] for r in data["sessions"]}
    assert len(canonical) < len({r["venue"] for r in data["sessions"]})
    assert not any("No." in v or "theatre" in v for v in canonical)


def test_segment_field_for_shared_and_unshared_sessions(tmp_path: Path) -> None:
    paths = write_recording(tmp_path / "c")
    data = catalogue(load_library([tmp_path / "c"]))
    check_schema(data)
    records = {r["path"]: r for r in data["sessions"]}
    assert records[paths["Sample"]]["segment"] is None  # its transcript is its own
    turing = records[paths["Turing"]]["segment"]
    lovelace = records[paths["Lovelace"]]["segment"]
    curie = records[paths["Curie"]]["segment"]
    assert list(turing) == [
        "recording",
        "sessions",
        "start_word",
        "end_word",
        "basis",
        "absent",
        "cue",
    ]
    assert turing["recording"] == "Plenary0001" and turing["sessions"] == 4
    assert turing["basis"] == "transcript" and turing["absent"] is False
    # "please" of the host's cue: 300 filler words, `>>` not counted, "Ladies and gentlemen,"
    assert turing["start_word"] == 303
    assert turing["end_word"] == lovelace["start_word"]
    assert turing["cue"] == 'host: "please welcome" + name "Turin" (Turing)'
    assert curie == {
        "recording": "Plenary0001",
        "sessions": 4,
        "start_word": None,
        "end_word": None,
        "basis": "transcript",
        "absent": True,
        "cue": None,
    }
    hopper = records[paths["Hopper"]]
    assert hopper["segment"]["end_word"] == hopper["transcript_words"]
    json.dumps(data)  # plain JSON values throughout
