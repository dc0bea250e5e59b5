"""`--export-notes OUT [PATH ...]`: the profile's notes as Markdown, no Qt, placed in the
current text of the files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.sessions import session_text
from viewer.app import main
from viewer.core.export.notes_export import NOT_FOUND, TranscriptText
from viewer.core.library.anchors import make_anchor
from viewer.core.library.load import load_library
from viewer.core.library.notes import NotesStore, new_highlight

PROJECT = Path(__file__).resolve().parents[2]
PHRASE = "open weights lower the cost"
TRANSCRIPT = f"Welcome everyone. We think {PHRASE} of entry for small labs. Thank you all."


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    root = tmp_path / "lib"
    folder = root / "Day-2_Feb-17" / "sessions"
    folder.mkdir(parents=True)
    (folder / "001-Open.md").write_text(session_text("Open Models", transcript=TRANSCRIPT))
    (folder / "002-Gone.md").write_text(session_text("Other Talk", transcript="Nothing here."))
    config = tmp_path / "config"
    monkeypatch.setenv("SUMMIT_CONFIG_DIR", str(config))
    library = load_library([root])
    store = NotesStore.load(config)
    for session in library.sessions:
        text = TranscriptText.of(library.full_session(session.path).transcript)
        if PHRASE in text.text:
            at = text.text.index(PHRASE)
            anchor = make_anchor(text.text, at, at + len(PHRASE), text.starts)
            store.add(new_highlight(session.path, anchor, "green", "quote this"))
        else:
            anchor = make_anchor("a line that was never there", 0, 6, [0])
            store.add(new_highlight(session.path, anchor, "blue"))
    store.add(new_highlight("Elsewhere/unknown", make_anchor("elsewhere", 0, 9, [0])))
    return root, config


def test_export_notes_to_stdout(
    profile: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _config = profile
    assert main(["--export-notes", "-", str(root)]) == 0
    out = capsys.readouterr().out
    assert "## Open Models" in out and "## Other Talk" in out
    assert f"> {PHRASE}" in out and "quote this" in out
    assert "&t=" in out and "t= is an estimate" in out
    assert NOT_FOUND in out
    assert "elsewhere" not in out  # not under PATH


def test_export_notes_to_file_without_path_lists_all(
    profile: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "notes.md"
    assert main(["--export-notes", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "elsewhere" in text and PHRASE in text


def test_export_notes_unwritable_target_exits_1(profile: tuple[Path, Path], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--export-notes", str(blocker / "notes.md")]) == 1


def test_export_notes_imports_no_qt(profile: tuple[Path, Path]) -> None:
    root, _config = profile
    code = (
        "import sys; from viewer.app import main; rc = main(['--export-notes', '-', sys.argv[1]]);"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert PHRASE in result.stdout
