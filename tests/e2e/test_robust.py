"""Issue 20 end to end: two windows on one profile (item 3), cancelling a stalled download
(item 8). Real programs on the test display, driven with xdotool from outside."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from tests.fixtures.http import COLLECTION, Server

from .driver import RunningApp


def _loaded(app: RunningApp) -> None:
    app.wait_for_window()
    app.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["rows"] > 1 and s["widgets"]["detailTitle"]["text"],
        60,
        "library loaded and a session shown",
    )


def _star(app: RunningApp, row: int) -> str:
    """Open list row `row`, star it with Ctrl+D; returns the session's title."""
    app.focus()
    app.click_row("sessionList", row)
    state = app.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["current_row"] == row, 10, f"row {row} current"
    )
    title = state["widgets"]["detailTitle"]["text"]
    app.key("ctrl+d")
    app.wait_for_state(
        lambda s: s["widgets"]["favoriteButton"].get("checked") is True, 10, "starred"
    )
    return str(title)


def test_two_windows_on_one_profile_keep_both_stars_and_both_search(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    env = {"SUMMIT_CONFIG_DIR": str(profile)}
    first = launch([sample_library], extra_env=env)
    _loaded(first)
    second = launch([sample_library], extra_env=env)
    _loaded(second)
    assert first.window != second.window
    starred = {_star(first, 0), _star(second, 1)}
    assert len(starred) == 2
    for app in (first, second):  # both search (one of them may say another is indexing)
        app.focus()
        app.key("ctrl+shift+f")
        app.wait_for_state(lambda s: s["focus"] == "searchInput", 5, "search box focused")
        app.type("ai")
        app.key("Return")
        app.wait_for_state(
            lambda s: s["widgets"]["searchResults"]["rows"] >= 1, 30, "search results"
        )
    for app in (first, second):
        statuses = {s["widgets"].get("searchStatus", {}).get("text", "") for s in app.states()}
        assert not any("unavailable" in t or "locked" in t for t in statuses), statuses
    assert first.close() == 0 and second.close() == 0
    assert first.stderr() == "" and second.stderr() == ""
    # A third window on the same profile shows both stars in My agenda.
    stored = json.loads((profile / "reading-state.json").read_text(encoding="utf-8"))
    assert len(stored["favorites"]) == 2
    third = launch([sample_library], extra_env=env)
    _loaded(third)
    third.click_widget("agendaToggle")
    state = third.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["rows"] == 2, 10, "My agenda lists both stars"
    )
    shown = " ".join(state["widgets"]["sessionList"]["row_texts"])
    assert all(title in shown for title in starred), (starred, shown)
    assert third.close() == 0


def test_cancel_and_close_during_a_stalled_download(
    launch: Callable[..., RunningApp], tmp_path: Path
) -> None:
    server = Server()
    try:
        server.routes["/slow.zip"] = COLLECTION[:8]
        server.trickle["/slow.zip"] = 5.0  # a byte, then five seconds of nothing, ...
        empty = tmp_path / "empty"
        empty.mkdir()
        app = launch([empty], extra_args=["--collection-url", f"{server.url}/slow.zip"])
        app.wait_for_window()
        app.click_widget("downloadCollectionButton", timeout=30)
        app.wait_for_state(
            lambda s: s["widgets"]["cancelDownloadButton"]["visible"], 10, "downloading"
        )
        deadline = time.monotonic() + 10
        while "/slow.zip" not in server.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # now blocked reading the stalled answer
        started = time.monotonic()
        app.click_widget("cancelDownloadButton")
        app.wait_for_state(
            lambda s: s["widgets"]["downloadStatus"]["text"] == "Download cancelled.",
            3,
            "cancelled at once",
        )
        assert time.monotonic() - started < 3
        # Again, then close the window mid-download: it must not freeze.
        app.click_widget("downloadCollectionButton")
        app.wait_for_state(
            lambda s: s["widgets"]["cancelDownloadButton"]["visible"], 10, "downloading again"
        )
        time.sleep(0.8)
        started = time.monotonic()
        assert app.close(timeout=10) == 0
        assert time.monotonic() - started < 3
        assert app.stderr() == ""
    finally:
        server.close()
