"""Search across every transcript, end to end: Ctrl+Shift+F, type, click a hit, land on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from viewer.core.session import parse
from viewer.core.session.model import Session

from .driver import RunningApp

WORD = "scheduler"  # said only in the shared morning stream of the sample


def _sample_sessions(root: Path) -> list[Session]:
    found = []
    for file in sorted(root.glob("Day-*/sessions/*.md")):
        result = parse.read_session_file(file, file.relative_to(root).as_posix())
        assert isinstance(result, Session), result
        found.append(result)
    return found


def test_search_hit_opens_the_session_at_the_paragraph(
    launch: Callable[..., RunningApp], sample_library: Path
) -> None:
    sessions = _sample_sessions(sample_library)
    holding = {s.title for s in sessions if WORD in s.transcript.casefold()}
    assert holding and len(holding) < len(sessions)

    app = launch([sample_library])
    app.wait_for_window()
    start = app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionList"]["rows"] == len(sessions)
            and s["widgets"]["detailTitle"]["text"] != ""
        ),
        60,
        "library loaded and a session shown",
    )
    first_scroll = start["widgets"]["transcriptView"]["scroll"]

    app.key("ctrl+shift+f")
    app.wait_for_state(lambda s: s["focus"] == "searchInput", 5, "search box focused")
    app.type(WORD)
    app.key("Return")
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["searchResults"].get("description") == f"Results for {WORD}"
            and s["widgets"]["searchResults"]["rows"] >= 1
            and len(s["widgets"]["searchResults"]["row_texts"]) > 1
            and "hit" in s["widgets"]["searchStatus"]["text"]
        ),
        30,
        "search results listed",
    )
    results = state["widgets"]["searchResults"]
    top_level = results["rows"]
    assert top_level <= len(holding), results["row_texts"]
    status = [int(n) for n in re.findall(r"\d+", state["widgets"]["searchStatus"]["text"])]
    assert top_level in status, state["widgets"]["searchStatus"]
    shown = app.screenshot("search-results")

    # The first row is the session; the row under it is its first hit (a paragraph).
    app.click_row("searchResults", 1)
    opened = app.wait_for_state(
        lambda s: (
            s["widgets"]["detailTitle"]["text"] in holding
            and s["widgets"]["transcriptView"]["scroll"] != first_scroll
        ),
        10,
        "the hit's session shown, scrolled to the paragraph",
    )
    assert opened["widgets"]["transcriptView"]["visible"]
    landed = app.screenshot("hit-opened")
    if shown is not None and landed is not None:
        assert shown.read_bytes() != landed.read_bytes()

    assert app.urls() == []
    assert app.close() == 0
    assert app.stderr() == ""
