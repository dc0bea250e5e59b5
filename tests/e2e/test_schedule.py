"""Issue 18, end to end: the Schedule tab in a real window. Open it with its shortcut, click a
block (the session opens), move with the arrow keys, see the list's filter dim the grid, export
the day as PNG through the file dialog, in the light and the dark theme.

Light and dark screenshots are kept in test-artifacts/screens/ whatever the outcome: they are
what a person looks at to judge the grid.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from viewer.core.session import parse
from viewer.core.session.model import Session

from .driver import PROJECT, AppFailed, RunningApp
from .test_reader_journey import open_menu, wait_for_file, wait_for_new_window

SCREENS = PROJECT / "test-artifacts" / "screens"


def keep(app: RunningApp, name: str) -> None:
    shot = app.screenshot(name)
    assert shot is not None and shot.stat().st_size > 10_000, "screenshot failed"
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENS / f"schedule-{name}.png")


def session_at(root: Path, path: str) -> Session:
    result = parse.read_session_file(root / f"{path}.md", path)
    assert isinstance(result, Session), result
    return result


def schedule(state: dict[str, Any]) -> dict[str, Any]:
    return state["widgets"]["scheduleView"]


def click_block(app: RunningApp, index: int) -> str:
    state = app.wait_for_state(
        lambda s: schedule(s)["visible"] and len(schedule(s)["block_rects"]) > index,
        what=f"schedule block {index} on screen",
    )
    x, y, w, h = schedule(state)["block_rects"][index]
    app.click_at(x + w // 2, y + min(h // 2, 20))
    return str(schedule(state)["block_paths"][index])


def open_schedule(app: RunningApp) -> dict[str, Any]:
    app.key("ctrl+t")
    return app.wait_for_state(
        lambda s: schedule(s)["visible"] and schedule(s)["blocks"] > 0, what="the schedule shown"
    )


def test_schedule_tab_click_keys_filter_and_export(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path
) -> None:
    total = len(list(sample_library.glob("Day-*/sessions/*.md")))
    app = launch([sample_library])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] == total, 60, "listed")

    # Ctrl+T opens the tab: the grid of the open session's day, that session outlined.
    state = open_schedule(app)
    assert schedule(state)["current_block"] != ""  # the open session is on the day shown
    assert schedule(state)["dimmed"] == 0
    assert "session" in state["widgets"]["scheduleSummary"]["text"]

    # A click on a block opens that session, as a click on a row does.
    index = 1 if len(schedule(state)["block_paths"]) > 1 else 0
    path = click_block(app, index)
    title = session_at(sample_library, path).title
    app.wait_for_state(
        lambda s: (
            s["widgets"]["detailTitle"]["text"] == title and schedule(s)["current_block"] == path
        ),
        what="the clicked session shown and outlined",
    )
    keep(app, "light")

    # The arrow keys move to a neighbouring block and open it.
    before = path
    state = app.state()
    for key in ("Left", "Right", "Up", "Down"):
        app.key(key)
        try:  # a key with no block in its direction changes nothing: try the next one
            state = app.wait_for_state(
                lambda s: schedule(s)["focused_block"] not in ("", before), timeout=2
            )
            break
        except AppFailed:
            continue
    moved = schedule(state)["focused_block"]
    assert moved and moved != before
    moved_title = session_at(sample_library, moved).title
    app.wait_for_state(
        lambda s: s["widgets"]["detailTitle"]["text"] == moved_title, what="the reached session"
    )

    # The list's filter applies: blocks that do not match are dimmed.
    app.key("ctrl+l")
    app.wait_for_state(lambda s: s["focus"] == "sessionFilter", what="filter box focused")
    app.type(title.split()[-1])
    app.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["rows"] < total, what="the list filtered"
    )
    state = open_schedule(app)
    app.wait_for_state(lambda s: schedule(s)["dimmed"] > 0, what="non-matching blocks dimmed")
    keep(app, "filtered-light")
    app.key("ctrl+shift+l")  # clear the filters: nothing dimmed any more
    app.wait_for_state(lambda s: schedule(s)["dimmed"] == 0, what="no block dimmed")

    # Dark theme from the View menu (System, Light, Dark are its first entries).
    open_menu(app, "alt+v", "View")
    app.key("Down", "Down", "Return")
    app.wait_for_state(
        lambda s: s["theme"] == "dark" and not s["popup"], what="the dark theme, menu closed"
    )
    keep(app, "dark")

    # Export the day as PNG: the button's menu, then the file dialog.
    target = tmp_path / "day-export.png"
    app.click_widget("scheduleExport")
    app.wait_for_state(lambda s: s["popup"] != "", what="the export menu open")
    windows = set(app.visible_windows())
    app.key("Down", "Return")
    wait_for_new_window(app, windows)
    app.key("ctrl+a")
    app.type(str(target))
    app.key("Return")
    wait_for_file(target)
    assert target.read_bytes().startswith(b"\x89PNG")

    assert app.close() == 0
    assert app.stderr() == ""


@pytest.mark.corpus
def test_schedule_of_a_real_day(launch: Callable[..., RunningApp], corpus_root: Path) -> None:
    """The busiest day of the shared corpus on screen, light and dark, and a click on it."""
    app = launch([corpus_root])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] > 100, 90, "listed")
    open_schedule(app)
    path = click_block(app, 3)
    title = session_at(corpus_root, path).title
    app.wait_for_state(
        lambda s: s["widgets"]["detailTitle"]["text"] == title, what="the clicked session"
    )
    keep(app, "corpus-light")
    open_menu(app, "alt+v", "View")
    app.key("Down", "Down", "Return")
    app.wait_for_state(
        lambda s: s["theme"] == "dark" and not s["popup"], what="the dark theme, menu closed"
    )
    keep(app, "corpus-dark")
    assert app.close() == 0
    assert app.stderr() == ""
