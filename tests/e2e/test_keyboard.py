"""Keyboard only: Ctrl+P goes to a session by a word of its title or speaker, Enter opens it."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from viewer.core.session import parse
from viewer.core.session.model import Session

from . import xhelpers
from .driver import AppFailed, RunningApp

TARGET = "Day-1_Feb-16/sessions/003-Fireside-Chat-Trust-by-Design.md"
WORD = "trust"


def _dialog(app: RunningApp, title: str, timeout: float = 5.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = xhelpers.xdotool(app.display, "search", "--onlyvisible", "--name", title)
            return int(found.split()[0])
        except RuntimeError:
            time.sleep(0.1)
    raise AppFailed(f"no visible window {title!r} after {timeout}s; stderr:\n{app.stderr()}")


def test_go_to_session_with_ctrl_p(launch: Callable[..., RunningApp], sample_library: Path) -> None:
    target = parse.read_session_file(sample_library / TARGET, TARGET)
    assert isinstance(target, Session) and WORD in target.title.casefold()
    app = launch([sample_library])
    app.wait_for_window()
    app.wait_for_state(
        lambda s: s["widgets"]["detailTitle"]["text"] not in ("", target.title),
        60,
        "another session shown first",
    )

    app.key("ctrl+p")
    _dialog(app, "Go to Session")
    app.type(WORD)
    app.key("Return")
    app.wait_for_state(
        lambda s: s["widgets"]["detailTitle"]["text"] == target.title,
        10,
        f"{target.title!r} opened from the quick switcher",
    )
    app.screenshot("switched")
    assert app.close() == 0
    assert app.stderr() == ""


def _focus(app: RunningApp, name: str, what: str) -> dict:
    return app.wait_for_state(lambda s: s["focus"] == name, 5, what)


def test_tab_moves_between_panes_and_esc_returns_to_the_list(
    launch: Callable[[list[Path]], RunningApp], sample_library: Path
) -> None:
    app = launch([sample_library])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] > 3, 60, "rows")
    app.click_row("sessionList", 2)
    state = _focus(app, "sessionList", "the list focused by a click")
    row = state["widgets"]["sessionList"]["current_row"]
    title = state["widgets"]["detailTitle"]["text"]
    ring = app.wait_for_state(lambda s: s["widgets"]["focusRing"]["target"] == "sessionList", 5)
    assert ring["widgets"]["focusRing"]["visible"]

    order = ["sessionFilter", "detailPane", "transcriptView", "sessionList"]
    for name in order * 2:  # twice round: Tab never walks the table's cells
        app.key("Tab")
        state = _focus(app, name, f"Tab to {name}")
        assert state["widgets"]["focusRing"]["target"] in (name, "")
    for name in reversed(order[:-1]):
        app.key("shift+Tab")
        _focus(app, name, f"Shift+Tab to {name}")
    state = app.state()
    assert state["widgets"]["sessionList"]["current_row"] == row  # the open session stayed
    assert state["widgets"]["detailTitle"]["text"] == title

    for start in ("transcriptView", "detailPane", "sessionFilter"):
        while app.state()["focus"] != start:
            app.key("Tab")
            time.sleep(0.15)
        app.key("Escape")
        _focus(app, "sessionList", f"Esc from {start} back to the list")
    app.screenshot("focus-ring")
    assert app.close() == 0
    assert app.stderr() == ""


def test_commands_switch_to_the_tab_they_act_on_and_the_list_follows(
    launch: Callable[[list[Path]], RunningApp], sample_library: Path
) -> None:
    target = parse.read_session_file(sample_library / TARGET, TARGET)
    assert isinstance(target, Session)
    app = launch([sample_library])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] > 3, 60, "rows")
    app.key("ctrl+shift+f")
    app.wait_for_state(lambda s: s["widgets"]["searchInput"]["visible"], 10, "Search tab")
    assert not app.state()["widgets"]["sessionList"]["visible"]
    app.key("ctrl+shift+a")  # My agenda: a filter of the session list
    app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionList"]["visible"] and s["widgets"]["agendaToggle"]["checked"]
        ),
        10,
        "the Sessions tab shown with My agenda on",
    )
    app.key("ctrl+shift+a")
    app.wait_for_state(lambda s: not s["widgets"]["agendaToggle"]["checked"], 10, "agenda off")

    app.key("ctrl+p")
    _dialog(app, "Go to Session")
    app.type(target.title)
    app.key("Return")
    app.wait_for_state(
        lambda s: (
            s["widgets"]["detailTitle"]["text"] == target.title
            and s["widgets"]["sessionList"]["current"] == target.title
        ),
        10,
        "the list follows the session opened from the quick switcher",
    )
    assert app.close() == 0
