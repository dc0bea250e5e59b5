"""The line above a transcript that says how far it can be trusted (`library/quality.py`).

Shown for a transcript that is partial, possibly another talk, or one of two entries of the
same session; the shared-recording banner already says what "shared" means, so that flag alone
shows nothing here. The short text names the problems; the tooltip gives every reason. When
the text seems to belong to another session, a link opens that one (the text is never moved).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from viewer.ui.common import icons

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality

SHOWN_FLAGS = ("doubtful", "partial", "duplicate")  # the most telling first
_HEADLINES = {
    "partial": "Partial transcript",
    "doubtful": "This transcript may be another talk",
    "duplicate": "Listed twice",
}
MAX_TITLE_CHARS = 90


def note_html(quality: Quality, title_of: Callable[[str], str]) -> str:
    """The note's rich text: what is wrong in a few words, the main reason, and links to
    the session the text may belong to and to the other entry of a duplicate."""
    flags = [f for f in SHOWN_FLAGS if f in quality.flags]
    if not flags:
        return ""
    headline = " · ".join(_HEADLINES[f] for f in flags)
    reasons = dict(zip(quality.flags, quality.reasons, strict=True))
    main = reasons[flags[0]] if flags[0] != "duplicate" else ""
    parts = [f"<b>{escape(headline)}</b>"]
    if main:
        parts.append(escape(main.split(" It may belong to ")[0]))
    if quality.may_belong_to:
        parts.append(f"This text may belong to: {_link(quality.may_belong_to, title_of)}")
    if "duplicate" in flags and quality.duplicates:
        others = ", ".join(_link(p, title_of) for p in quality.duplicates)
        parts.append(f"Other entry: {others}")
    return " — ".join(parts[:2]) + "".join(f"<br>{p}" for p in parts[2:])


def _link(path: str, title_of: Callable[[str], str]) -> str:
    title = title_of(path) or path
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1] + "…"
    return f'<a href="session:{escape(path, quote=True)}">{escape(title)}</a>'


class QualityNote(QFrame):
    """See the module docstring. `sessionChosen(path)`: a linked session was clicked."""

    sessionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qualityNote")
        self.setAccessibleName("Transcript quality")
        self.setStyleSheet(
            "#qualityNote { background: palette(alternate-base);"
            " border-bottom: 1px solid palette(mid); }"
        )
        self.icon = QLabel(self)
        self.icon.setPixmap(icons.icon("quality_warning", icons.WARNING_AMBER).pixmap(18, 18))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setObjectName("qualityNoteText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.label.linkActivated.connect(self._on_link)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_quality(self, quality: Quality | None, title_of: Callable[[str], str]) -> None:
        """Show the note for `quality` (hidden when there is nothing to warn about)."""
        text = note_html(quality, title_of) if quality is not None else ""
        self.label.setText(text)
        self.setToolTip("\n".join(quality.reasons) if quality is not None and text else "")
        self.setVisible(bool(text))

    def _on_link(self, target: str) -> None:
        if target.startswith("session:"):
            self.sessionChosen.emit(target.removeprefix("session:"))
