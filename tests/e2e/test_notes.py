"""Issue 16, end to end: select a sentence, highlight it with a note, copy it as a quote, quit,
start again, find the highlight in the transcript and the notes view, edit the session file
above the passage and still find it, export the notes.

Driven from outside with xdotool on a real X server (mouse drag to select, the action
shortcuts, a typed note); the probe reports the transcript's highlights, the notes list and
the clipboard (text and text/markdown). The profile (SUMMIT_CONFIG_DIR) is shared by both runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.fixtures.sessions import session_text

from . import xhelpers
from .driver import PROJECT, AppFailed, RunningApp

SENTENCE = "Rivers need shared data more than new dams."
NOTE = "key claim for chapter two"
FILLER = " ".join(f"Point {n} is about something else entirely." for n in range(40))


def _transcript(extra: str = "") -> str:
    return f"{extra}Welcome to the panel on water. {FILLER} &gt;&gt; {SENTENCE} {FILLER} Thanks."


def _write(root: Path, extra: str = "") -> None:
    folder = root / "Day-2_Feb-17" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "001-Water.md").write_text(
        session_text(
            "Water and Data",
            time="09:00 – 10:00",
            speakers=("- Dr. Asha Verma, Institute of Civic Computing",),
            transcript=_transcript(extra),
        ),
        encoding="utf-8",
    )
    (folder / "002-Other.md").write_text(
        session_text("Another Panel", time="14:00 – 15:00"), encoding="utf-8"
    )


def _highlights(state: dict) -> list[str]:
    return list(state["widgets"]["transcriptView"].get("note_highlights", []))


def _focus_new_window(app: RunningApp, before: list[int], timeout: float = 10.0) -> None:
    """No window manager under Xvfb: give a new dialog the keyboard ourselves."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [w for w in app.visible_windows() if w not in before]
        if new:
            xhelpers.xdotool(app.display, "windowfocus", "--sync", str(new[-1]))
            return
        time.sleep(0.1)
    raise AppFailed("the highlight dialog did not appear")


def test_highlight_quote_restart_edit_export(
    launch: Callable[..., RunningApp], tmp_path: Path
) -> None:
    root = tmp_path / "library"
    _write(root)
    profile = {"SUMMIT_CONFIG_DIR": str(tmp_path / "profile")}

    app = launch([root], extra_env=profile)
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] == 2, 60, "2 sessions")
    app.wait_for_state(
        lambda s: s["widgets"]["transcriptView"]["chars"] > 1000, 20, "transcript shown"
    )

    # Find the sentence to learn where it is on screen, drag over it, close the find bar.
    app.key("ctrl+f")
    app.wait_for_state(lambda s: s["focus"] == "findInput", 5, "find bar open")
    app.type(SENTENCE)
    state = app.wait_for_state(
        lambda s: len(s["widgets"]["transcriptView"].get("match_ends", [])) == 2, 10, "match"
    )
    (x0, y0), (x1, y1) = state["widgets"]["transcriptView"]["match_ends"]
    xhelpers.xdotool(app.display, "mousemove", "--sync", str(x0), str(y0), "mousedown", "1")
    xhelpers.xdotool(app.display, "mousemove", "--sync", str(x1), str(y1), "mouseup", "1")
    app.wait_for_state(
        lambda s: s["widgets"]["transcriptView"]["selection"].strip() == SENTENCE,
        5,
        "sentence selected",
    )
    app.key("Escape")  # the keyboard is in the transcript now: closes the find bar
    app.wait_for_state(lambda s: not s["widgets"]["findBar"]["visible"], 5, "find bar closed")

    # Highlight with a note (the dialog: type the note, Return).
    before = app.visible_windows()
    app.key("ctrl+alt+h")
    _focus_new_window(app, before)
    app.type(NOTE)
    app.key("Return")
    app.focus()
    app.wait_for_state(lambda s: _highlights(s) == [SENTENCE], 10, "highlight shown")

    # Copy as quote: text and Markdown with the source and the moment.
    app.key("ctrl+alt+c")
    state = app.wait_for_state(
        lambda s: s["clipboard"]["text"].startswith(f"“{SENTENCE}”"), 10, "quote copied"
    )
    plain, markdown = state["clipboard"]["text"], state["clipboard"]["markdown"]
    assert "Water and Data; Day 2, 2026-02-17, 09:00–10:00" in plain
    assert "Asha Verma" in plain and "t= is an estimate" in plain and "&t=" in plain
    assert markdown.startswith(f"> {SENTENCE}") and "(t= is an estimate)](https://" in markdown
    app.key("Right")  # drop the selection so the highlight itself shows
    app.wait_for_state(lambda s: not s["widgets"]["transcriptView"]["selection"], 5, "deselected")
    app.screenshot("transcript-highlighted")
    assert app.close() == 0

    # Start again: the highlight is in the transcript and in the notes view.
    again = launch([root], extra_env=profile)
    again.wait_for_window()
    again.wait_for_state(lambda s: _highlights(s) == [SENTENCE], 60, "highlight after restart")
    again.key("ctrl+shift+n")
    state = again.wait_for_state(
        lambda s: any(SENTENCE in t for t in s["widgets"]["notesTree"]["row_texts"]),
        10,
        "notes view lists the highlight",
    )
    rows = state["widgets"]["notesTree"]["row_texts"]
    assert rows[0] == "Water and Data" and NOTE in rows[1]
    again.screenshot("notes-view")

    # The file changes above the passage: the window reloads, the highlight is found again.
    chars = state["widgets"]["transcriptView"]["chars"]
    _write(root, extra="An opening remark the editors added later on. " * 5)
    again.wait_for_state(
        lambda s: s["widgets"]["transcriptView"]["chars"] > chars and _highlights(s) == [SENTENCE],
        30,
        "highlight found after the edit above it",
    )
    again.screenshot("after-edit")
    assert again.close() == 0

    # Export the notes kept in the profile for this library.
    out = tmp_path / "notes.md"
    result = subprocess.run(
        [sys.executable, str(PROJECT / "main.py"), "--export-notes", str(out), str(root)],
        env={**os.environ, **profile},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    exported = out.read_text(encoding="utf-8")
    assert exported.startswith("## Water and Data")
    assert f"> {SENTENCE}" in exported and NOTE in exported and "&t=" in exported
