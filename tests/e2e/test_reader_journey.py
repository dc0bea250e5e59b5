"""A new reader's first hour, end to end in a real window: no library yet, download the
collection from a (loopback) server, make the text larger, switch to the dark theme, jump to the
video near the paragraph being read, export the session, quit.

Light and dark screenshots are kept in test-artifacts/screens/ whatever the outcome: they are
what a person looks at to judge the reading experience.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.fixtures.http import Server

from . import xhelpers
from .driver import PROJECT, RunningApp

SCREENS = PROJECT / "test-artifacts" / "screens"


def zip_of(folder: Path, top: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.rglob("*.md")):
            zf.write(file, f"{top}/{file.relative_to(folder).as_posix()}")
    return buffer.getvalue()


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def keep(app: RunningApp, name: str) -> None:
    shot = app.screenshot(name)
    assert shot is not None and shot.stat().st_size > 10_000, "screenshot failed"
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENS / f"journey-{name}.png")


def wait_for_file(path: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not path.exists():
        time.sleep(0.1)
    assert path.exists(), f"{path} was not written"


def wait_for_new_window(app: RunningApp, before: set[int], timeout: float = 15.0) -> int:
    """A file dialog that appeared after `before` was listed, once its file name field has the
    keyboard (typing before that would go elsewhere)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = set(app.visible_windows()) - before
        if new:
            dialog = max(new)
            xhelpers.xdotool(app.display, "windowfocus", "--sync", str(dialog))
            app.wait_for_state(lambda s: s["focus"] == "fileNameEdit", what="the file name field")
            return dialog
        time.sleep(0.1)
    raise AssertionError("no dialog appeared")


def open_menu(app: RunningApp, keys: str, title: str) -> None:
    """Open a menu from the keyboard and wait until it is on screen."""
    app.key(keys)
    app.wait_for_state(lambda s: s["popup"] == title, what=f"the {title} menu open")


def test_first_hour_of_a_new_reader(
    launch: Callable[..., RunningApp],
    sample_library: Path,
    server: Server,
    tmp_path: Path,
) -> None:
    sessions = len(list(sample_library.glob("Day-*/sessions/*.md")))
    server.routes["/collection.zip"] = zip_of(sample_library, "Ai-summit-main")
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    app = launch([empty], extra_args=["--collection-url", f"{server.url}/collection.zip"])
    app.wait_for_window()

    # 1. Nothing to read: the welcome page offers the download; it comes from our server.
    app.click_widget("downloadCollectionButton", timeout=30)
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionList"]["rows"] == sessions
            and bool(s["widgets"]["detailTitle"]["text"])
        ),
        timeout=60,
        what="the downloaded collection listed and a session shown",
    )
    assert server.requests == ["/collection.zip"]
    assert state["theme"] == "light"
    app.focus()
    keep(app, "downloaded-light")

    # 2. Larger text (Ctrl+=), remembered by the view.
    before = state["widgets"]["transcriptView"]["font_pt"]
    app.key("ctrl+equal", "ctrl+equal")
    app.wait_for_state(
        lambda s: s["widgets"]["transcriptView"]["font_pt"] >= before + 2,
        what="a larger transcript font",
    )

    # 3. Dark theme from the View menu (System, Light, Dark are its first entries).
    open_menu(app, "alt+v", "View")
    app.key("Down", "Down", "Return")
    app.wait_for_state(
        lambda s: s["theme"] == "dark" and not s["popup"], what="the dark theme, menu closed"
    )
    keep(app, "reading-dark")

    # 4. Watch near here: the video opens at an estimated moment (captured, nothing opened).
    app.focus()
    app.key("ctrl+shift+Return")
    url = app.wait_for_urls(1)[-1]
    parsed = urlparse(url)
    assert parsed.hostname == "www.youtube.com"
    query = parse_qs(parsed.query)
    assert len(query["v"][0]) == 11 and query["t"][0].endswith("s")

    # 5. Export the session as Markdown through the file dialog.
    target = tmp_path / "exported-session.md"
    app.click_widget("transcriptView")  # a text field would take Ctrl+E as "end of line"
    windows = set(app.visible_windows())
    app.key("ctrl+e")
    wait_for_new_window(app, windows)
    app.key("ctrl+a")  # the suggested name is replaced by ours
    app.type(str(target))
    app.key("Return")
    wait_for_file(target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ") and "## Transcript" in text

    assert app.close() == 0
    assert app.stderr() == ""
