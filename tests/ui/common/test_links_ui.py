"""open_url: the only door to the desktop; refused URLs never reach QDesktopServices."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from viewer.core.text.links import LinkDecision
from viewer.ui.common import links

pytestmark = pytest.mark.real_link_dialogs

# tests/ui/conftest.py replaces these for every UI test (no modal dialog may block a headless
# run); the tests here that are about the real ones put them back.
REAL_TELL_REFUSED = links.tell_refused


@pytest.fixture
def real_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(links, "tell_refused", REAL_TELL_REFUSED)
    monkeypatch.delenv("SUMMIT_URL_CONFIRM", raising=False)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Capture QDesktopServices.openUrl calls (and never really open anything)."""
    calls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        calls.append(url.toString())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return calls


def _no_confirm(parent: QWidget | None, decision: LinkDecision) -> bool:
    raise AssertionError(f"unexpected question for {decision.url}")


REFUSED = [
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,x",
    "smb://host/share",
    "custom://x",
    "https://user:pw@youtube.com/watch?v=abcdefghijk",
    "https://youtube.com.evil.example/watch?v=abcdefghijk",
    "https://example.org/" + "x" * 3000,
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused_urls_never_reach_the_desktop(
    url: str, opened: list[str], monkeypatch: pytest.MonkeyPatch, url_log: Path
) -> None:
    monkeypatch.delenv("SUMMIT_URL_LOG")
    told: list[str] = []
    result = links.open_url(
        None, url, confirm=_no_confirm, notify=lambda _p, d: told.append(d.message)
    )
    assert result is False
    assert opened == []
    assert len(told) == 1 and "refused" in told[0].lower()


def test_youtube_opens_without_asking(opened: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMIT_URL_LOG")
    assert links.open_url(None, "https://youtu.be/abcdefghijk", confirm=_no_confirm)
    assert opened == ["https://youtu.be/abcdefghijk"]


@pytest.mark.parametrize("answer", [True, False])
def test_other_hosts_ask_and_obey(
    answer: bool, opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMIT_URL_LOG")
    asked: list[str] = []

    def confirm(_parent: QWidget | None, decision: LinkDecision) -> bool:
        asked.append(decision.host)
        return answer

    assert links.open_url(None, "https://bücher.example/x", confirm=confirm) is answer
    assert asked == ["xn--bcher-kva.example"]
    assert opened == (["https://xn--bcher-kva.example/x"] if answer else [])


def test_url_log_receives_approved_urls_instead_of_the_desktop(
    opened: list[str], url_log: Path
) -> None:
    assert links.open_url(None, "https://www.youtube.com/watch?v=abcdefghijk")
    assert not links.open_url(None, "file:///etc/passwd", notify=lambda _p, _d: None)
    assert links.open_url(None, "https://example.org/", confirm=lambda _p, _d: True)
    assert not links.open_url(None, "https://example.net/", confirm=lambda _p, _d: False)
    assert url_log.read_text(encoding="utf-8").splitlines() == [
        "https://www.youtube.com/watch?v=abcdefghijk",
        "https://example.org/",
    ]
    assert opened == []


@pytest.mark.parametrize(("preset", "expected"), [("yes", True), ("no", False)])
def test_confirm_preset_from_environment(
    preset: str, expected: bool, url_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMIT_URL_CONFIRM", preset)
    assert links.open_url(None, "https://example.org/") is expected
    assert url_log.exists() is expected


@pytest.mark.usefixtures("real_dialogs")
def test_refusal_goes_to_the_messages_of_its_window(qtbot, opened: list[str]) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.common.messages import MessageBridge

    window = QMainWindow()
    child = QWidget()
    window.setCentralWidget(child)
    qtbot.addWidget(window)
    MessageBridge(window).message.connect(window.statusBar().showMessage)
    assert not links.open_url(child, "javascript:alert(1)")
    assert "javascript" in window.statusBar().currentMessage()
    assert opened == []


@pytest.mark.usefixtures("real_dialogs")
def test_default_dialog_shows_the_real_host(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}

    def fake_exec(box: QMessageBox) -> int:
        seen["text"] = box.text()
        seen["info"] = box.informativeText()
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert not links.open_url(None, "https://exаmple.com/")  # Cyrillic а
    assert "xn--" in seen["text"]
    assert "xn--" in seen["info"]


@pytest.mark.usefixtures("real_dialogs")
def test_default_dialog_open_button_approves(qtbot, monkeypatch, url_log: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        QMessageBox, "exec", lambda _box: int(QMessageBox.StandardButton.Open.value)
    )
    assert links.open_url(None, "https://example.org/talk")
    assert url_log.read_text(encoding="utf-8") == "https://example.org/talk\n"


@pytest.mark.usefixtures("real_dialogs")
def test_refusal_without_a_window_uses_a_message_box(
    opened: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text: shown.append(text))
    )
    assert not links.open_url(None, "smb://server/share")
    assert len(shown) == 1 and "smb:" in shown[0]
    assert opened == []


def test_youtube_only_refuses_other_hosts_without_asking(opened: list[str], url_log: Path) -> None:
    told: list[str] = []
    assert not links.open_url(
        None,
        "https://example.org/video",
        confirm=_no_confirm,
        notify=lambda _p, d: told.append(d.message),
        youtube_only=True,
    )
    assert told and "not YouTube" in told[0]
    assert links.open_url(None, "https://youtu.be/abcdefghijk", youtube_only=True)
    assert url_log.read_text(encoding="utf-8") == "https://youtu.be/abcdefghijk\n"
    assert opened == []
