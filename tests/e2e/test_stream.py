"""A shared stream, end to end: each slot opens the one recording near its own start."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from viewer.core.session import parse
from viewer.core.session.model import Session

from .driver import RunningApp


def _stream_sessions(root: Path) -> list[Session]:
    """The sample's sessions that share one video, in slot order."""
    by_video: dict[str, list[Session]] = {}
    for file in sorted(root.glob("Day-*/sessions/*.md")):
        result = parse.read_session_file(file, file.relative_to(root).as_posix())
        assert isinstance(result, Session), result
        if result.video_id:
            by_video.setdefault(result.video_id, []).append(result)
    shared = [group for group in by_video.values() if len(group) > 1]
    assert len(shared) == 1
    return sorted(shared[0], key=lambda s: s.start)


def _open_by_title(app: RunningApp, title: str) -> dict:
    state = app.wait_for_state(lambda s: title in s["widgets"]["sessionList"]["row_texts"], 10)
    app.click_row("sessionList", state["widgets"]["sessionList"]["row_texts"].index(title))
    return app.wait_for_state(
        lambda s: (
            s["widgets"]["detailTitle"]["text"] == title
            and s["widgets"]["streamBanner"]["visible"]
            and s["widgets"]["transcriptView"]["scroll_max"] > 0
        ),
        10,
        f"{title!r} shown with the stream banner",
    )


def test_each_slot_opens_the_stream_near_its_start(
    launch: Callable[..., RunningApp], sample_library: Path
) -> None:
    stream = _stream_sessions(sample_library)
    app = launch([sample_library])
    app.wait_for_window()

    positions = []
    for session in stream:
        state = _open_by_title(app, session.title)
        banner = state["widgets"]["streamBannerText"]["text"]
        assert str(len(stream)) in re.findall(r"\d+", banner), banner
        view = state["widgets"]["transcriptView"]
        positions.append(view["scroll"] / view["scroll_max"])
        app.screenshot(f"slot-{session.start.replace(':', '')}")
    assert positions == sorted(positions) and len(set(positions)) == len(positions), positions
    assert positions[0] < 0.1 and positions[-1] > 0.3, positions

    # The banner's button toggles between the whole recording from its start and this slot.
    slot_scroll = app.widget("transcriptView")["scroll"]
    button_text = app.widget("streamWholeButton")["text"]
    app.click_widget("streamWholeButton")
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["transcriptView"]["scroll"] < slot_scroll
            and s["widgets"]["streamWholeButton"]["text"] != button_text
        ),
        5,
        "the stream shown from its start",
    )
    view = state["widgets"]["transcriptView"]
    assert view["scroll"] / view["scroll_max"] < 0.1
    app.click_widget("streamWholeButton")
    app.wait_for_state(
        lambda s: s["widgets"]["transcriptView"]["scroll"] == slot_scroll,
        5,
        "back at this session's slot",
    )

    assert app.close() == 0
    assert app.stderr() == ""
