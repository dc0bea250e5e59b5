"""The one place that hands URLs to the desktop, after `viewer.core.text.links.check_url` decided.

Everything that can open a link (clicks in any text view, the "Open video" button, menu actions)
calls `open_url`; nothing else calls `QDesktopServices.openUrl`. That keeps the policy of
DESIGN.md "Untrusted input" in one place that tests can hold to account.

Test and automation hooks:
    SUMMIT_URL_LOG: a file path; approved URLs are appended to it (one per line) instead of being
        opened, so tests and end-to-end runs can see what would have opened without a browser.
    SUMMIT_URL_CONFIRM: "yes" or "no" answers the "open this other host?" question without a
        dialog (for unattended runs); unset, the user is asked.
    `ask_user` and `tell_refused` are looked up at call time, so tests may monkeypatch them, or
    pass `confirm=` / `notify=` to `open_url`.

When the desktop cannot open an approved link (no browser, or `QDesktopServices.openUrl`
answers False), the user is told in the window and the link is put on the clipboard, so it
can be pasted into a browser by hand.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from viewer.core.text.links import LinkDecision, check_url
from viewer.ui.common.messages import tell

ConfirmFn = Callable[[QWidget | None, LinkDecision], bool]
NotifyFn = Callable[[QWidget | None, LinkDecision], None]

URL_LOG_ENV = "SUMMIT_URL_LOG"
URL_CONFIRM_ENV = "SUMMIT_URL_CONFIRM"
STATUS_TIMEOUT_MS = 8000


def ask_user(parent: QWidget | None, decision: LinkDecision) -> bool:
    """Ask before opening a non-YouTube host; the real (punycode) host is what is shown."""
    preset = os.environ.get(URL_CONFIRM_ENV, "").strip().lower()
    if preset in {"yes", "no"}:
        return preset == "yes"
    from PySide6.QtWidgets import QMessageBox  # here: only when asked (start-up cost)

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Open link?")
    box.setText(f"Open a page on <b>{_escape(decision.host)}</b> in your browser?")
    shown = decision.url if len(decision.url) <= 300 else decision.url[:300] + "…"
    box.setInformativeText(_escape(shown))
    box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Open


def tell_refused(parent: QWidget | None, decision: LinkDecision) -> None:
    """Say why a link was not opened: through the window's messages, else in a message box."""
    if tell(parent, decision.message, STATUS_TIMEOUT_MS):
        return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "Link not opened", decision.message)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _deliver(url: str) -> bool:
    log = os.environ.get(URL_LOG_ENV)
    if log:
        with Path(log).open("a", encoding="utf-8") as handle:
            handle.write(url + "\n")
        return True
    return QDesktopServices.openUrl(QUrl(url, QUrl.ParsingMode.StrictMode))


def video_decision(url: str) -> LinkDecision:
    """The policy for a session's video link, for "Open video" and "Copy video link" alike:
    the general link rules, and a YouTube host (anything else is refused, not asked about)."""
    decision = check_url(url)
    if decision.action == "ask":
        shown = decision.host or "this host"
        decision = LinkDecision(
            "refuse", "", decision.host, f"Video link refused: {shown} is not YouTube."
        )
    return decision


def open_url(
    parent: QWidget | None,
    url: str,
    *,
    confirm: ConfirmFn | None = None,
    notify: NotifyFn | None = None,
    youtube_only: bool = False,
) -> bool:
    """Open `url` if the link policy allows it (asking first for other hosts).

    `youtube_only` (the "Open video" button): anything but a YouTube host is refused too.
    Returns True when the URL was handed to the desktop (or logged, see SUMMIT_URL_LOG).
    """
    decision = video_decision(url) if youtube_only else check_url(url)
    if decision.action == "refuse":
        (notify or tell_refused)(parent, decision)
        return False
    if decision.action == "ask" and not (confirm or ask_user)(parent, decision):
        return False
    if _deliver(decision.url):
        return True
    tell_not_opened(parent, decision.url)
    return False


def tell_not_opened(parent: QWidget | None, url: str) -> None:
    """The desktop did not open `url`: say so and put it on the clipboard."""
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText(url)
    text = f"Could not open a browser for {url} — the link was copied to the clipboard."
    if tell(parent, text, STATUS_TIMEOUT_MS * 2):
        return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "Link not opened", text)
