"""A strip over the reader while the bundled sample is open: its sessions are invented.

The sample looks real (names, ministries, quotes); a new user must not take it for the
summit's record. The strip says so and offers the real collection.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from viewer.ui.common import icons


class SampleBanner(QFrame):
    """Signals: downloadRequested(): "Download the collection…" was clicked."""

    downloadRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sampleBanner")
        self.setAccessibleName("Sample library")
        self.setStyleSheet(
            "#sampleBanner { background: palette(alternate-base);"
            " border-bottom: 1px solid palette(mid); }"
        )
        self.label = QLabel(
            "Invented sample: these sessions, speakers, organisations and quotes are made up "
            "to show how the viewer works.",
            self,
        )
        self.label.setObjectName("sampleBannerText")
        self.label.setWordWrap(True)
        self.button = QPushButton(icons.icon("mdi6.download"), "Download the collection…", self)
        self.button.setObjectName("sampleDownloadButton")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.downloadRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


def reader_with_banner(banner: QWidget, reader: QWidget) -> QWidget:
    """The reading side: the banner (hidden unless the sample is open) over the reader."""
    holder = QWidget(reader.parentWidget())
    holder.setObjectName("readerSide")
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(reader, 1)
    return holder
