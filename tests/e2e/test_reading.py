"""Issue 3, end to end: filter the list, open a session, find a word, open its video, close.

Driven only from outside (xdotool keys and clicks on a real X server). What is checked is what
a user or the system would see: the state of the named widgets (via the env-gated probe), the
URL the program hands to the browser (SUMMIT_URL_LOG), that no browser or dialog appeared,
the screen changing, and a clean exit with nothing on stderr.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from viewer.core.session import parse, transcript
from viewer.core.session.model import Session

from .driver import RunningApp

PANEL = "Day-2_Feb-17/sessions/001-Panel-Building-Language-Models-for-Bharat.md"
FILTER = "language models"
WORD = "cooperative"


def _session(root: Path, rel: str) -> Session:
    result = parse.read_session_file(root / rel, rel)
    assert isinstance(result, Session), result
    return result


def _occurrences(session: Session, word: str) -> int:
    """How often `word` occurs in the text as displayed (entities decoded, `>>` removed)."""
    shown = "\n".join(p.text for p in transcript.read_paragraphs(session.transcript))
    whole_words = len(re.findall(rf"\b{re.escape(word)}\b", shown, re.IGNORECASE))
    # The word is chosen so that whole-word and substring find agree; keep it that way.
    assert whole_words == shown.casefold().count(word.casefold()) > 1
    return whole_words


def _fake_browser(bin_dir: Path, record: Path) -> dict[str, str]:
    """xdg-open and $BROWSER stand-ins that record any call: proof that nothing was opened."""
    bin_dir.mkdir()
    script = bin_dir / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{record}"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    for alias in ("x-www-browser", "sensible-browser", "firefox", "chromium"):
        (bin_dir / alias).symlink_to(script)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "BROWSER": str(script)}


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text.replace(",", ""))]


def test_filter_open_find_and_video(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path
) -> None:
    panel = _session(sample_library, PANEL)
    expected_hits = _occurrences(panel, WORD)
    total = len(list(sample_library.glob("Day-*/sessions/*.md")))
    opened = tmp_path / "browser-calls.txt"

    app = launch([sample_library], extra_env=_fake_browser(tmp_path / "bin", opened))
    app.wait_for_window()
    app.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["rows"] == total, 60, f"{total} sessions listed"
    )
    loaded = app.screenshot("loaded")
    windows_before = app.visible_windows()
    assert app.window in windows_before

    # Filter: Ctrl+L focuses the filter box; typing narrows the list to the one panel.
    app.key("ctrl+l")
    app.wait_for_state(lambda s: s["focus"] == "sessionFilter", 5, "filter box focused")
    app.type(FILTER)
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionFilter"]["text"] == FILTER
            and s["widgets"]["sessionList"]["rows"] == 1
        ),
        10,
        "the list filtered to one session",
    )
    assert str(total) in state["widgets"]["sessionCount"]["text"]
    filtered = app.screenshot("filtered")

    # Open it: click its row.
    app.click_row("sessionList", 0)
    app.wait_for_state(
        lambda s: (
            s["widgets"]["detailTitle"]["text"] == panel.title
            and s["widgets"]["transcriptView"]["chars"] > len(panel.transcript) // 2
        ),
        10,
        "the panel shown with its transcript",
    )
    app.screenshot("opened")

    # Find: Ctrl+F opens the find bar with the cursor in it; the count reports every hit.
    app.key("ctrl+f")
    app.wait_for_state(
        lambda s: s["widgets"]["findBar"]["visible"] and s["focus"] == "findInput",
        5,
        "find bar open and focused",
    )
    app.type(WORD)
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["findInput"]["text"] == WORD
            and expected_hits in _numbers(s["widgets"]["findCount"]["text"])
        ),
        10,
        f"find count reporting {expected_hits} hits",
    )
    first_count = state["widgets"]["findCount"]["text"]
    app.key("Return")  # next hit: the position in the count moves, the total stays
    state = app.wait_for_state(
        lambda s: s["widgets"]["findCount"]["text"] != first_count,
        5,
        "Enter moving to the next hit",
    )
    assert expected_hits in _numbers(state["widgets"]["findCount"]["text"])
    found = app.screenshot("found")
    app.key("Escape")
    app.wait_for_state(lambda s: not s["widgets"]["findBar"]["visible"], 5, "find bar closed")

    # Video: the button, then the keyboard shortcut; both hand the session's URL over.
    app.click_widget("openVideoButton")
    urls = app.wait_for_urls(1)
    app.key("ctrl+Return")
    urls = app.wait_for_urls(2)
    assert len(urls) == 2 and len(set(urls)) == 1, urls
    assert panel.video_id in urls[0] and urls[0].startswith("https://"), urls[0]
    assert re.match(r"https://(www\.)?(youtube\.com|youtu\.be)/", urls[0]), urls[0]
    assert not opened.exists(), f"a browser was started: {opened.read_text()}"
    assert app.visible_windows() == windows_before, "no dialog or other window appeared"
    app.screenshot("after-video")

    shots = [loaded, filtered, found]
    if all(shot is not None for shot in shots):
        contents = [shot.read_bytes() for shot in shots if shot is not None]
        assert len(set(contents)) == len(contents), "each step must change the screen"

    assert app.close() == 0
    assert app.stderr() == ""
