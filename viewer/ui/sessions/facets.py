"""The session list's facet controls: day, venue and partner choices, toggles, speaker chip.

Why its own widget: filling the choices from a library, reading them as filter criteria and
setting them back from saved settings are one job, apart from the browser's table, selection
and count. It owns no filter: it says what the user picked (signals) and is told what to show;
choices set from code (a new library, restored settings, Clear) do not emit `changed`.

Signals:
    changed(): the user changed a facet; `criteria()` says what they now ask for.
    speakerRemoved(): the speaker chip was clicked (drop the speaker filter).
    clearRequested(): the clear button was clicked (drop every filter).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from viewer.ui.common import icons

MAX_POPUP_WIDTH = 480
# The Transcript facet: how far the transcript can be trusted (`library/quality.py`).
QUALITY_CHOICES = (
    ("complete", "Complete"),
    ("partial", "Partial"),
    ("doubtful", "Doubtful"),
    ("none", "No transcript"),
)
QUALITY_TIPS = {
    "complete": "A transcript with no sign of being partial or another talk",
    "partial": "Far fewer words than the slot's length needs: a fragment",
    "doubtful": "Neither its speakers nor its title's words come up: possibly another talk",
    "none": "No transcript",
}


def _combo(name: str, accessible: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setToolTip(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.addItem(everything, None)
    return combo


class SessionFacetBar(QWidget):
    """See the module docstring."""

    changed = Signal()
    speakerRemoved = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self._build()
        self._connect()

    def _build(self) -> None:
        self.day_combo = _combo("dayFacet", "Filter by day", "All days")
        self.venue_combo = _combo("venueFacet", "Filter by venue", "All venues")
        self.partner_combo = _combo("partnerFacet", "Filter by knowledge partner", "All partners")
        self.quality_combo = _combo(
            "transcriptQualityFacet",
            "Transcript: complete, partial, doubtful or none",
            "Transcript",
        )
        for value, label in QUALITY_CHOICES:
            self.quality_combo.addItem(label, value)
            self.quality_combo.setItemData(
                self.quality_combo.count() - 1, QUALITY_TIPS[value], Qt.ItemDataRole.ToolTipRole
            )
        self.video_toggle = QCheckBox("Video", self)
        self.video_toggle.setObjectName("hasVideoToggle")
        self.video_toggle.setAccessibleName("Only sessions with a video")
        self.video_toggle.setToolTip("Only sessions with a video")
        self.transcript_toggle = QCheckBox("Transcript", self)
        self.transcript_toggle.setObjectName("hasTranscriptToggle")
        self.transcript_toggle.setAccessibleName("Only sessions with a transcript")
        self.transcript_toggle.setToolTip("Only sessions with a transcript")
        self.agenda_toggle = QCheckBox("My agenda", self)
        self.agenda_toggle.setObjectName("agendaToggle")
        self.agenda_toggle.setAccessibleName("Only sessions in My agenda")
        self.agenda_toggle.setToolTip("Only the sessions you starred (Ctrl+D stars the open one)")
        self.speaker_chip = QToolButton(self)
        self.speaker_chip.setObjectName("speakerFilterChip")
        self.speaker_chip.setAccessibleName("Remove the speaker filter")
        self.speaker_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.speaker_chip.setIcon(icons.icon("mdi6.close-circle-outline"))
        self.speaker_chip.setAutoRaise(True)
        self.speaker_chip.hide()
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearFiltersButton")
        self.clear_button.setAccessibleName("Clear all filters")
        self.clear_button.setToolTip("Clear all filters")
        self.clear_button.setIcon(icons.icon("clear_filters"))
        self.clear_button.setAutoRaise(True)

        facets = QHBoxLayout()
        facets.setSpacing(6)
        facets.addWidget(self.day_combo, 2)
        facets.addWidget(self.venue_combo, 3)
        facets.addWidget(self.partner_combo, 3)
        facets.addWidget(self.quality_combo, 2)
        toggles = QHBoxLayout()
        toggles.setSpacing(10)
        toggles.addWidget(self.video_toggle)
        toggles.addWidget(self.transcript_toggle)
        toggles.addWidget(self.agenda_toggle)
        toggles.addWidget(self.speaker_chip)
        toggles.addStretch(1)
        toggles.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(facets)
        layout.addLayout(toggles)

    def _connect(self) -> None:
        for combo in (*self._combos(), self.quality_combo):
            combo.currentIndexChanged.connect(self._on_change)
        for toggle in (self.video_toggle, self.transcript_toggle, self.agenda_toggle):
            toggle.toggled.connect(self._on_change)
        self.speaker_chip.clicked.connect(self.speakerRemoved)
        self.clear_button.clicked.connect(self.clearRequested)

    def _combos(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return self.day_combo, self.venue_combo, self.partner_combo

    @Slot()
    def _on_change(self, *_: Any) -> None:
        if not self._updating:
            self.changed.emit()

    def set_choices(self, facets: dict[str, Sequence[Any]]) -> None:
        """Offer a new library's values (keys "days", "venues", "partners"), each set to all."""
        self._updating = True
        try:
            for combo, values, label in (
                (self.day_combo, facets.get("days", ()), "Day {}"),
                (self.venue_combo, facets.get("venues", ()), "{}"),
                (self.partner_combo, facets.get("partners", ()), "{}"),
            ):
                while combo.count() > 1:
                    combo.removeItem(1)
                for value in values:
                    combo.addItem(label.format(value), value)
                    combo.setItemData(combo.count() - 1, str(value), Qt.ItemDataRole.ToolTipRole)
                combo.setCurrentIndex(0)
                # The closed combo stays narrow; its popup is as wide as the longest entry.
                view = combo.view()
                view.setMinimumWidth(min(MAX_POPUP_WIDTH, view.sizeHintForColumn(0) + 24))
        finally:
            self._updating = False

    def criteria(self, favorites: frozenset[str]) -> dict[str, Any]:
        """The chosen facets as filter criteria (`favorites`: the sessions in My agenda)."""
        return {
            "day": self.day_combo.currentData(),
            "venue": self.venue_combo.currentData() or "",
            "partner": self.partner_combo.currentData() or "",
            "has_video": self.video_toggle.isChecked(),
            "has_transcript": self.transcript_toggle.isChecked(),
            "quality": self.quality_combo.currentData() or "",
            "only_paths": favorites if self.agenda_toggle.isChecked() else None,
        }

    def show_speaker(self, key: str, name: str) -> None:
        """Show the chip for the speaker filter on `key` (hidden when `key` is empty)."""
        self.speaker_chip.setText(f"Speaker: {name}")
        self.speaker_chip.setToolTip(f"Showing sessions with {name}; click to remove")
        self.speaker_chip.setVisible(bool(key))

    def select_partner(self, partner: str) -> None:
        """Choose `partner` when it is offered (as if the user had)."""
        index = self.partner_combo.findData(partner)
        if index >= 0:
            self.partner_combo.setCurrentIndex(index)

    def clear(self) -> None:
        """Every choice back to all, toggles off, no speaker chip."""
        self._updating = True
        try:
            for combo in (*self._combos(), self.quality_combo):
                combo.setCurrentIndex(0)
            self.video_toggle.setChecked(False)
            self.transcript_toggle.setChecked(False)
            self.agenda_toggle.setChecked(False)
        finally:
            self._updating = False
        self.speaker_chip.hide()

    def restore(self, values: dict[str, Any]) -> None:
        """Set the controls from saved filter values; values not offered any more are dropped."""
        self._updating = True
        try:
            for combo, key in zip(self._combos(), ("day", "venue", "partner"), strict=True):
                index = combo.findData(values.get(key)) if values.get(key) is not None else 0
                combo.setCurrentIndex(max(index, 0))
            quality = values.get("quality")
            found = self.quality_combo.findData(quality) if isinstance(quality, str) else -1
            self.quality_combo.setCurrentIndex(max(found, 0))
            self.video_toggle.setChecked(bool(values.get("has_video")))
            self.transcript_toggle.setChecked(bool(values.get("has_transcript")))
            self.agenda_toggle.setChecked(values.get("agenda") is True)
        finally:
            self._updating = False
