"""`--search QUERY PATH`: JSON lines from the command line, index kept in the cache folder."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.core.recordings.segment_fixtures import write_recording
from tests.core.search.search_fixtures import build_corpus
from viewer.app import main
from viewer.cli import search as search_cli


@pytest.fixture()
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SUMMIT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "lib"
    build_corpus(root)
    return root


def test_json_lines_ranked(library: Path, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert search_cli.run("robotics", [str(library)], out, err=err) == 0
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert records[0]["path"] == "Day-1_Feb-16/sessions/001-Robotics-in-Farming"
    assert records[0]["paragraph"] is None and records[0]["field"] == "title"
    assert {"path", "title", "paragraph", "snippet", "score"} <= set(records[0])
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True)
    mention = next(r for r in records if r["field"] == "transcript")
    assert isinstance(mention["paragraph"], int) and "robotics" in mention["snippet"]
    assert list((tmp_path / "cache" / "search").glob("index-*.sqlite"))


def test_no_hits_and_empty_queries(library: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert search_cli.run("xylophonist", [str(library)], out, err=err) == 1
    assert out.getvalue() == ""
    assert search_cli.run('"" * -', [str(library)], out, err=err) == 2
    assert "no words" in err.getvalue()


def test_main_delegates_to_search(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--search", "glaciers", str(library)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert all(len(json.loads(line)["sessions"]) == 3 for line in lines)


def test_second_run_reuses_the_index(library: Path) -> None:
    out = io.StringIO()
    search_cli.run("robotics", [str(library)], out, err=io.StringIO())
    (library / "Day-1_Feb-16/sessions/001-Robotics-in-Farming.md").unlink()
    out2 = io.StringIO()
    search_cli.run("robotics", [str(library)], out2, err=io.StringIO())
    paths = {json.loads(line)["path"] for line in out2.getvalue().splitlines()}
    assert "Day-1_Feb-16/sessions/001-Robotics-in-Farming" not in paths and paths


def test_hits_in_a_shared_recording_are_credited_to_the_part_holding_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMIT_CACHE_DIR", str(tmp_path / "cache"))
    paths = write_recording(tmp_path / "lib")
    shared = sorted(p for name, p in paths.items() if name != "Sample")
    # Each word is said once in the recording, inside one speaker's part (the recording runs
    # out of schedule order, so the slot times alone would credit other sessions).
    for word, speaker in (
        ("enigmatic", "Turing"),
        ("engines", "Lovelace"),
        ("compilers", "Hopper"),
    ):
        out, err = io.StringIO(), io.StringIO()
        assert search_cli.run(word, [str(tmp_path / "lib")], out, err=err) == 0
        records = [json.loads(line) for line in out.getvalue().splitlines()]
        in_recording = [r for r in records if r["field"] == "transcript" and len(r["sessions"]) > 1]
        assert len(in_recording) == 1, word
        assert in_recording[0]["path"] == paths[speaker]
        assert sorted(in_recording[0]["sessions"]) == shared
