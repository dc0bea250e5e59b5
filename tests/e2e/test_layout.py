"""The window fits its content, in a real window at 1600x1000 and 900x600, light and dark.

For each size and theme: a session with 17 speakers (collapsed to one line), one without a
transcript (the details take the room), one speaker over a long transcript (the transcript
takes the room), and a shared recording (a one-line banner). Nothing the user needs may be
cut off: every visible control lies inside the window's reading side. The screenshots are
kept in test-artifacts/screens/ (pass or fail) for a person to look at.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from . import xhelpers
from .conftest import ARTIFACTS
from .driver import RunningApp
from .layout_library import MANY_SPEAKERS, NO_TRANSCRIPT, ONE_SPEAKER, write_layout_library

SCREENS = ARTIFACTS.parent / "screens"
SIZES = ((1600, 1000), (900, 600))
STREAM_TITLE = "Opening Keynote: AI That Serves Every Citizen"  # sample session in a stream
CONTROLS = ("openVideoButton", "favoriteButton", "streamWholeButton", "detailTitle")


def _open(app: RunningApp, title: str) -> dict[str, Any]:
    state = app.wait_for_state(lambda s: title in s["widgets"]["sessionList"]["row_texts"], 10)
    app.click_row("sessionList", state["widgets"]["sessionList"]["row_texts"].index(title))
    app.wait_for_state(lambda s: s["widgets"]["detailTitle"]["text"] == title, 10, title)
    time.sleep(0.6)  # the fit runs after the labels are laid out; let the probe see it
    return app.state()


def _inside(inner: list[int], outer: list[int], slack: int = 1) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return (
        x >= ox - slack
        and y >= oy - slack
        and x + w <= ox + ow + slack
        and (y + h <= oy + oh + slack)
    )


def _keep(app: RunningApp, name: str) -> None:
    shot = app.screenshot(name)
    if shot is not None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, SCREENS / f"{name}.png")


def _switch_theme(app: RunningApp, mnemonic: str, theme: str) -> None:
    app.key("alt+v")
    time.sleep(0.4)
    app.key(mnemonic)
    app.wait_for_state(lambda s: s["theme"] == theme, 10, f"{theme} theme")
    time.sleep(0.8)  # the menu closes; a click while it is open would only close it


def _check(state: dict[str, Any], what: str) -> None:
    widgets = state["widgets"]
    side = widgets["readerSide"]["geometry"]
    for name in CONTROLS:
        info = widgets.get(name, {})
        if info.get("visible"):
            assert _inside(info["geometry"], side), (what, name, info["geometry"], side)
    detail = widgets["detailPane"]["geometry"][3]
    view = widgets["transcriptView"]["geometry"][3]
    assert detail > 0 and view > 0, what


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_layout_follows_content(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path, theme: str
) -> None:
    library = write_layout_library(sample_library, tmp_path / "library")
    app = launch([library])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] >= 10, 60, "rows")
    if theme == "dark":
        _switch_theme(app, "d", "dark")
    app.wait_for_state(lambda s: s["theme"] == theme, 10, f"{theme} theme")
    for width, height in SIZES:
        xhelpers.xdotool(app.display, "windowsize", "--sync", str(app.window), str(width),
                         str(height))  # fmt: skip
        xhelpers.xdotool(app.display, "windowmove", "--sync", str(app.window), "0", "0")
        time.sleep(1.0)
        size = f"{width}x{height}-{theme}"

        state = _open(app, MANY_SPEAKERS)
        speakers = state["widgets"]["detailSpeakers"]["text"]
        assert "+12 more" in speakers and "<br>" not in speakers, speakers[:300]
        assert speakers.count('href="speaker:') == 5
        _check(state, f"{size} many speakers")
        _keep(app, f"{size}-many-speakers")

        state = _open(app, NO_TRANSCRIPT)
        detail = state["widgets"]["detailPane"]["geometry"][3]
        view = state["widgets"]["transcriptView"]["geometry"][3]
        assert detail > 3 * view, (size, detail, view)  # the summary gets the room
        _check(state, f"{size} no transcript")
        _keep(app, f"{size}-no-transcript")

        state = _open(app, ONE_SPEAKER)
        detail = state["widgets"]["detailPane"]["geometry"][3]
        view = state["widgets"]["transcriptView"]["geometry"][3]
        assert view > detail, (size, detail, view)  # the transcript gets the rest
        _check(state, f"{size} one speaker")

        state = _open(app, STREAM_TITLE)
        banner = state["widgets"]["streamBanner"]
        assert banner["visible"] and banner["geometry"][3] <= 48, (size, banner)  # one line
        _check(state, f"{size} shared recording")
        _keep(app, f"{size}-shared-recording")

        list_width = state["widgets"]["sideTabs"]["geometry"][2]
        assert 0.3 * width <= list_width <= 0.5 * width, (size, list_width)
    assert app.close() == 0
    assert app.stderr() == ""


def test_theme_switch_recolours_the_speaker_links(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path
) -> None:
    library = write_layout_library(sample_library, tmp_path / "library")
    app = launch([library])
    app.wait_for_window()
    app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] >= 10, 60, "rows")
    app.wait_for_state(lambda s: s["theme"] == "light", 10, "light theme")
    light = _open(app, MANY_SPEAKERS)["widgets"]["detailSpeakers"]["text"]
    _switch_theme(app, "d", "dark")
    dark = app.wait_for_state(
        lambda s: s["widgets"]["detailSpeakers"]["text"] != light, 10, "links recoloured"
    )["widgets"]["detailSpeakers"]["text"]
    assert "color:#1f5fbf" in light and "color:#7fb0ff" in dark, (light[:200], dark[:200])
    assert app.close() == 0


def test_first_run_sample_is_labelled_invented(launch: Callable[..., RunningApp]) -> None:
    app = launch([])
    app.wait_for_window()
    state = app.wait_for_state(
        lambda s: s["widgets"]["sampleBanner"]["visible"], 60, "the sample banner"
    )
    assert "invented" in state["widgets"]["libraryLabel"]["text"]
    assert "invented" in app.window_title()
    _keep(app, "first-run-sample")
    assert app.close() == 0
