"""Messages for the user from anywhere in the window: one bridge, one place decides how.

Widgets and helpers say "tell the user X" with `tell(widget, text)`, or are handed a bridge's
`show`; they never reach for the main window or its status bar. The main window owns one
`MessageBridge` and connects it to its status bar (after qutebrowser's `utils/message.py`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

DEFAULT_TIMEOUT_MS = 4000
STICKY = 0  # shown until the next message
BRIDGE_NAME = "messageBridge"


class MessageBridge(QObject):
    """Where a window's messages go.

    Signals:
        message(str text, int timeout_ms): show `text` for `timeout_ms` (0: until replaced).
    """

    message = Signal(str, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(BRIDGE_NAME)

    @Slot(str)
    def show(self, text: str, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        self.message.emit(text, timeout_ms)


def bridge_of(widget: QWidget | None) -> MessageBridge | None:
    """The bridge of the window holding `widget`, if that window has one."""
    if widget is None:
        return None
    return widget.window().findChild(MessageBridge, BRIDGE_NAME)


def tell(widget: QWidget | None, text: str, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> bool:
    """Show `text` through the bridge of `widget`'s window; False when it has none."""
    bridge = bridge_of(widget)
    if bridge is None:
        return False
    bridge.show(text, timeout_ms)
    return True
