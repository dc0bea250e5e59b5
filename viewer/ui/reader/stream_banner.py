"""The banner over a shared recording's transcript: what it covers and where this session is.

`describe` words it for the three cases a found part (`segments.Segment`) can be in: found in
the text (with the evidence), only estimated from the schedule, or not in the recording at all;
without a part it falls back to the slot's estimate. The banner's "Sessions" menu lists the
sessions of the recording in the order their parts were found (`part_label`), each a click
away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.session.model import Session
from viewer.core.session.titles import display_title
from viewer.ui.common import icons

if TYPE_CHECKING:
    from viewer.core.recordings.segments import Segment


def describe(sessions: int, segment: Segment | None, share: float) -> tuple[str, str, bool]:
    """(banner text, tooltip, whether "Show whole stream from start" means a move) for a
    session of a recording shared by `sessions` sessions, opened at `share` of it."""
    covers = f"This recording covers {sessions} sessions"
    if segment is not None and (segment.absent or segment.start_word is None):
        return (
            f"{covers} — this session's part is not in it: its speakers and topic never come "
            "up. Showing the recording from its start.",
            "Read from the transcript: the host never introduces the session, none of its "
            "speakers is named, and its title's words never come together.",
            False,
        )
    if segment is not None and segment.basis == "transcript":
        return (
            f"{covers} — opened where this session's part was found (~{share:.0%}): {segment.cue}",
            f"Found in the transcript ({segment.confidence:.0%} sure): its part runs from word "
            f"{segment.start_word or 0:,} to word {segment.end_word or 0:,}.",
            True,
        )
    if segment is not None:
        return (
            f"{covers} — opened at this session's estimated start (~{share:.0%}): no "
            "introduction of it was found in the text",
            "An estimate from the time slots of the sessions sharing this video, between the "
            "parts found for its neighbours.",
            True,
        )
    where = (
        "this session's slot is at its start"
        if share < 0.005
        else f"opened at this session's estimated start (~{share:.0%})"
    )
    return (
        f"{covers} — {where}",
        "No timestamps survive in the captions: the start is estimated from the time slots "
        "of the sessions that share this video.",
        True,
    )


def part_label(session: Session, segment: Segment, total_words: int) -> str:
    """One menu line: where the session's part is, then its title and speakers."""
    what = display_title(session)
    if segment.absent or segment.start_word is None:
        return f"not in this recording · {what}"
    share = segment.start_word / total_words if total_words > 0 else 0.0
    where = f"{share:.0%}" if segment.basis == "transcript" else f"~{share:.0%} (estimate)"
    return f"{where} · {what}"


class OneLineLabel(QLabel):
    """A label that never wraps and never asks for width: what does not fit ends in "…"
    (the whole text stays in `text()`, the tooltip and the accessible name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(0)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(text)
        self.setToolTip(text)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), int(flags), shown)


class StreamBanner(QFrame):
    """ "This recording covers N sessions …" on one line (elided when the window is narrow),
    the sessions it holds, a button to see the stream from the start, and "Why?" showing the
    whole explanation on demand (wrapped onto many lines, it took a narrow window's
    transcript)."""

    sessionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streamBanner")
        self.setAccessibleName("Shared recording")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet(
            "#streamBanner { background: palette(alternate-base);"
            " border-bottom: 1px solid palette(mid); }"
        )
        self.icon = QLabel(self)
        pixmap = icons.icon("mdi6.broadcast", icons.TRANSCRIPT_BLUE).pixmap(18, 18)
        self.icon.setPixmap(pixmap)
        self.label = OneLineLabel(self)
        self.label.setObjectName("streamBannerText")
        self.button = QPushButton("Whole stream", self)
        self.button.setObjectName("streamWholeButton")
        self.button.setAccessibleName("Show whole stream from start")
        self.button.setAutoDefault(False)
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("streamDetailsButton")
        self.details_button.setText("Why?")
        self.details_button.setAccessibleName("Why the session opens here")
        self.details_button.setCheckable(True)
        self.details = QLabel(self)
        self.details.setObjectName("streamBannerDetails")
        self.details.setWordWrap(True)
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 4, 8, 4)
        outer.setSpacing(2)
        outer.addLayout(layout)
        outer.addWidget(self.details)
        layout.addWidget(self.icon)
        self.sessions_button = QToolButton(self)
        self.sessions_button.setObjectName("streamSessionsButton")
        self.sessions_button.setText("Sessions")
        self.sessions_button.setToolTip("The sessions in this recording, in the order found")
        self.sessions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sessions_menu = QMenu(self.sessions_button)
        self.sessions_button.setMenu(self.sessions_menu)
        self.sessions_button.hide()
        layout.addWidget(self.label, 1)
        layout.addWidget(self.sessions_button)
        layout.addWidget(self.details_button)
        layout.addWidget(self.button)

    def describe(self, text: str, why: str) -> None:
        """The one line, and the whole of it with the reason behind "Why?"."""
        self.label.setText(text)
        self.details.setText(f"{text}. {why}" if not text.endswith(".") else f"{text} {why}")
        self.setToolTip(why)

    def set_parts(self, entries: Sequence[tuple[str, str]], current: str) -> None:
        """List (path, label) entries in the Sessions menu, `current` checked; none: hidden."""
        self.sessions_menu.clear()
        for path, label in entries:
            action = self.sessions_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(path == current)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.sessionChosen.emit(p))
        self.sessions_button.setVisible(bool(entries))
