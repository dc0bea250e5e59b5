"""The quality flags in the exports: the catalogue's `quality` field, `--check`'s summary line,
and the line above the transcript in text, Markdown and the print/PDF layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.library import quality_fixtures as fx
from viewer.app import main
from viewer.core.export.catalogue import catalogue
from viewer.core.export.session_text import (
    quality_lines,
    session_as_html,
    session_as_markdown,
    session_as_text,
)
from viewer.core.library.load import load_library
from viewer.core.library.quality import FLAGS


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.build(tmp_path_factory.mktemp("quality-export"))


def test_catalogue_has_each_sessions_quality(collection: Path) -> None:
    records = {r["path"]: r for r in catalogue(load_library([collection]))["sessions"]}
    for record in records.values():
        quality = record["quality"]
        assert set(quality) == {"flags", "words_per_minute", "reasons", "may_belong_to"}
        assert set(quality["flags"]) <= set(FLAGS)
        assert len(quality["reasons"]) == len(quality["flags"])
    assert records[fx.WRONG]["quality"]["flags"] == ["doubtful"]
    assert records[fx.WRONG]["quality"]["may_belong_to"] == fx.OWNER
    assert records[fx.NO_TEXT]["quality"]["flags"] == ["none"]
    assert records[fx.GENUINE]["quality"]["flags"] == []


def test_export_json_and_check_on_the_command_line(
    collection: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.json"
    assert main(["--export-json", str(target), str(collection)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert all("quality" in s for s in data["sessions"])
    capsys.readouterr()
    assert main(["--check", str(collection)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1].endswith("0 problems")  # the summary line stays last
    summary = [line for line in captured.err.splitlines() if line.startswith("transcripts:")]
    assert len(summary) == 1
    # Counted from the flags themselves: 3 sessions without transcript, 2 entries of one.
    assert "3 none" in summary[0] and "2 duplicate" in summary[0] and "6 shared" in summary[0]


def test_text_markdown_and_print_say_it_above_the_transcript(collection: Path) -> None:
    library = load_library([collection])
    session = library.full_session(fx.WRONG)
    quality = library.quality_of(fx.WRONG)
    lines = quality_lines(quality)
    assert len(lines) == 1 and lines[0].startswith("Transcript doubtful: Possibly another talk")
    text = session_as_text(session, quality)
    assert text.index("Transcript doubtful:") > text.index("Transcript:\n")
    assert text.index("Transcript doubtful:") < text.index("may I request")
    markdown = session_as_markdown(session, quality)
    assert "> ⚠ Transcript doubtful:" in markdown
    assert markdown.index("⚠") > markdown.index("## Transcript")
    html = session_as_html(session, quality)
    assert "Transcript doubtful:" in html and html.index("doubtful") > html.index("<h2>Transcript")
    # A transcript with nothing wrong, or no quality given, exports as before.
    genuine = library.full_session(fx.GENUINE)
    assert session_as_text(genuine, library.quality_of(fx.GENUINE)) == session_as_text(genuine)
