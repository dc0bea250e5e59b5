"""The shared-recording banner over a transcript that covers several sessions: one line.

A narrow window must not lose the transcript to an explanation: the banner says what it must
in one line (elided when even that does not fit) and keeps the why behind a "Why?" toggle.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.common import icons


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
    """One line, "Shared recording covers N sessions · opened at ~40%", a button to see the
    stream from the start, and "Why?" for the explanation on demand (it used to wrap onto many
    lines on a narrow window)."""

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
        self.details_button.setAccessibleName("Why the start is estimated")
        self.details_button.setCheckable(True)
        self.details = QLabel(self)
        self.details.setObjectName("streamBannerDetails")
        self.details.setWordWrap(True)
        self.details.hide()
        self.details_button.toggled.connect(self.details.setVisible)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.icon)
        row.addWidget(self.label, 1)
        row.addWidget(self.details_button)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.details)
