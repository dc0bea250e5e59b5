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
