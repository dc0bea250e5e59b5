"""The program starts in a real X window, loads the sample, shows a session and exits cleanly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .driver import RunningApp


def test_quit_when_ready_exits_zero(
    launch: Callable[..., RunningApp], sample_library: Path
) -> None:
    app = launch([sample_library], extra_args=["--quit-when-ready"])
    status = app.proc.wait(timeout=90)
    assert status == 0, app.stderr()
    assert app.stderr() == ""
    assert app.urls() == [], "starting up must not open anything"


def test_first_run_opens_the_bundled_sample(
    launch: Callable[..., RunningApp], sample_library: Path
) -> None:
    """No PATH and no settings yet: the window opens the sample library (DESIGN.md)."""
    app = launch([])
    app.wait_for_window()
    sessions = len(list(sample_library.glob("Day-*/sessions/*.md")))
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionList"]["rows"] == sessions
            and bool(s["widgets"]["detailTitle"]["text"])
        ),
        timeout=60,
        what=f"{sessions} sample sessions listed and one shown",
    )
    assert "Summit" in app.window_title()
    assert state["widgets"]["transcriptView"]["visible"]
    app.screenshot("first-run")
    assert app.close() == 0
    assert app.stderr() == ""


def test_real_collection_opens_and_quits(
    launch: Callable[..., RunningApp], corpus_root: Path
) -> None:
    """The shared copy of the real collection (skipped when absent), cold cache, real window."""
    app = launch([corpus_root], extra_args=["--quit-when-ready"])
    status = app.proc.wait(timeout=120)
    assert status == 0, app.stderr()
    assert app.stderr() == ""
    assert app.urls() == []
