"""First-run welcome view: sample, folder, and a download from a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.fixtures.http import COLLECTION, Server
from viewer.core.util.appdirs import collections_dir
from viewer.ui.library.welcome import WelcomeView


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def test_buttons_emit_choices(qtbot) -> None:
    view = WelcomeView("http://127.0.0.1:9/none.zip")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.sampleRequested, timeout=1000):
        qtbot.mouseClick(view.sample_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.openFolderRequested, timeout=1000):
        qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)


def test_download_then_offline_reuse(qtbot, server: Server, private_config: Path) -> None:
    server.routes["/main.zip"] = COLLECTION
    view = WelcomeView(f"{server.url}/main.zip")
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.libraryReady, timeout=10_000) as ready:
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
    root = Path(ready.args[0])
    assert root == collections_dir() / "ai-summit" / "Ai-summit-main"
    assert (root / "Day-2_Feb-17/sessions/001-Panel.md").is_file()
    assert "computer" in view.status.text() and not view.is_downloading()
    # A second click opens what is on disk: no second request reaches the server.
    requests = len(server.requests)
    with qtbot.waitSignal(view.libraryReady, timeout=1000) as again:
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
    assert Path(again.args[0]) == root and len(server.requests) == requests


def test_download_failure_is_shown(qtbot, server: Server) -> None:
    view = WelcomeView(f"{server.url}/missing.zip")
    qtbot.addWidget(view)
    qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_downloading(), timeout=10_000)
    assert "404" in view.status.text()
    assert view.download_button.isEnabled() and view.progress.isHidden()
    assert not (collections_dir() / "ai-summit").exists()


def test_cancel_a_slow_download(qtbot, server: Server) -> None:
    server.routes["/slow.zip"] = COLLECTION * 40
    server.chunk_delay = 0.05
    view = WelcomeView(f"{server.url}/slow.zip")
    qtbot.addWidget(view)
    qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "MB" in view.status.text(), timeout=5000)
    assert not view.cancel_button.isHidden()
    qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.is_downloading(), timeout=5000)
    assert view.status.text() == "Download cancelled."
    assert not (collections_dir() / "ai-summit").exists()
    assert not any(collections_dir().rglob("*.part"))


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_cancel_or_close_stops_a_silent_download_at_once(
    qtbot, server: Server, private_config: Path, how: str
) -> None:  # type: ignore[no-untyped-def]
    """Issue 20 item 8: a server that sends a byte every few seconds; Cancel (or closing the
    window) ends the download within a second, not after the socket timeout."""
    import time

    server.routes["/silent.zip"] = COLLECTION[:4]
    server.trickle["/silent.zip"] = 5.0
    view = WelcomeView(f"{server.url}/silent.zip")
    qtbot.addWidget(view)
    qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "/silent.zip" in server.requests, timeout=5000)
    qtbot.wait(300)  # the worker is now blocked reading
    started = time.monotonic()
    if how == "cancel":
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not view.is_downloading(), timeout=3000)
        assert view.status.text() == "Download cancelled."
    else:
        view.shutdown()
        assert not view.is_downloading()
    assert time.monotonic() - started < 1.5
    assert not (collections_dir() / "ai-summit").exists()
