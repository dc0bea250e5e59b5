"""The left-hand browser: filter box, facets, the sortable session table and its count.

Why its own widget: the main window only assembles; everything about narrowing the list
(controls, the proxy, the "Showing 42 of 356" line, keeping the selection) lives here and
speaks to the outside through one signal, `sessionActivated`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.model import Session
from viewer.ui import icons
from viewer.ui.session_model import (
    COL_DAY,
    COL_SPEAKERS,
    COL_TIME,
    COL_TITLE,
    COL_TRANSCRIPT,
    COL_VENUE,
    COL_VIDEO,
    PreparedRows,
    SessionFilterProxy,
    SessionPathRole,
    SessionTableModel,
)

MAX_POPUP_WIDTH = 480
ROW_THROTTLE_MS = 60  # holding an arrow key opens at most ~16 sessions a second
COLUMN_WIDTHS = {COL_DAY: 38, COL_TIME: 84, COL_VENUE: 118, COL_SPEAKERS: 34, COL_VIDEO: 30,
                 COL_TRANSCRIPT: 30}  # fmt: skip


def _combo(name: str, accessible: str, everything: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    combo.setToolTip(accessible)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    combo.addItem(everything, None)
    return combo


class SessionBrowser(QWidget):
    """Filter controls over a SessionTableModel/SessionFilterProxy pair.

    Signals:
        sessionActivated(str path): the current row changed to this session.
        sessionChosen(str path): Enter or double-click on a row (go and read it).
        filtersChanged(): any filter control changed (the window persists them).
    """

    sessionActivated = Signal(str)
    sessionChosen = Signal(str)
    filtersChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SessionTableModel(self)
        self.proxy = SessionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._speaker_name = ""
        self._favorites: frozenset[str] = frozenset()
        self._updating = False
        self._silent = False
        self.shown_path = ""  # the session the window shows (may be filtered out)
        self._pending_row = ""
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(ROW_THROTTLE_MS)
        self._throttle.timeout.connect(self._on_throttle_done)
        self._build()
        self._connect()
        self._update_count(self.proxy.rowCount(), self.proxy.total())

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("sessionFilter")
        self.filter_edit.setAccessibleName("Filter sessions")
        self.filter_edit.setPlaceholderText("Filter by title, speaker, partner or venue…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.installEventFilter(self)  # Esc empties it (see eventFilter)

        self.day_combo = _combo("dayFacet", "Filter by day", "All days")
        self.venue_combo = _combo("venueFacet", "Filter by venue", "All venues")
        self.partner_combo = _combo("partnerFacet", "Filter by knowledge partner", "All partners")
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

        self.table = QTableView(self)
        self.table.setObjectName("sessionList")
        self.table.setAccessibleName("Sessions")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(28)
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.setSortingEnabled(True)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("sessionCount")
        self.count_label.setAccessibleName("Number of sessions shown")

        facets = QHBoxLayout()
        facets.setSpacing(6)
        facets.addWidget(self.day_combo, 2)
        facets.addWidget(self.venue_combo, 3)
        facets.addWidget(self.partner_combo, 3)
        toggles = QHBoxLayout()
        toggles.setSpacing(10)
        toggles.addWidget(self.video_toggle)
        toggles.addWidget(self.transcript_toggle)
        toggles.addWidget(self.agenda_toggle)
        toggles.addWidget(self.speaker_chip)
        toggles.addStretch(1)
        toggles.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addLayout(facets)
        layout.addLayout(toggles)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_text)
        self.day_combo.currentIndexChanged.connect(self._on_facets)
        self.venue_combo.currentIndexChanged.connect(self._on_facets)
        self.partner_combo.currentIndexChanged.connect(self._on_facets)
        self.video_toggle.toggled.connect(self._on_facets)
        self.transcript_toggle.toggled.connect(self._on_facets)
        self.agenda_toggle.toggled.connect(self._on_facets)
        self.speaker_chip.clicked.connect(self.clear_speaker)
        self.clear_button.clicked.connect(self.clear_filters)
        self.proxy.filterChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(self._on_activated)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in a non-empty filter box empties it, as in browsers' find fields."""
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.filter_edit.text()
        ):
            self.filter_edit.clear()
            return True
        return super().eventFilter(watched, event)

    # -- data --------------------------------------------------------------------------------

    def set_sessions(
        self,
        sessions: Sequence[Session],
        facets: dict[str, Sequence[Any]],
        prepared: PreparedRows | None = None,
    ) -> None:
        """New library: rows and facet choices (keys "days", "venues", "partners")."""
        self._updating = True
        try:
            self.model.set_sessions(sessions, prepared)
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
        self._apply_facets()
        self._update_count(self.proxy.rowCount(), self.proxy.total())

    # -- filters -----------------------------------------------------------------------------

    def _set_filter(self, **changes: Any) -> None:
        """Filter without opening whatever row Qt makes current when the open one is hidden.

        Typing must not load a different transcript per keystroke; the open session stays
        selected while visible, and nothing is selected while it is filtered out.
        """
        self._silent = True
        try:
            self.proxy.set_filter(**changes)
            if not self.shown_path or self.proxy.proxy_row_of(self.shown_path) < 0:
                self.table.selectionModel().clear()
        finally:
            self._silent = False
        if self.shown_path:
            self.select_path(self.shown_path, notify=False)

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self._set_filter(text=text)
        self.filtersChanged.emit()

    @Slot()
    def _on_facets(self, *_: Any) -> None:
        if not self._updating:
            self._apply_facets()
            self.filtersChanged.emit()

    def _apply_facets(self) -> None:
        self._set_filter(
            day=self.day_combo.currentData(),
            venue=self.venue_combo.currentData() or "",
            partner=self.partner_combo.currentData() or "",
            has_video=self.video_toggle.isChecked(),
            has_transcript=self.transcript_toggle.isChecked(),
            only_paths=self._favorites if self.agenda_toggle.isChecked() else None,
        )

    def filter_by_speaker(self, key: str, name: str) -> None:
        self._speaker_name = name
        self._set_filter(speaker_key=key)
        self.speaker_chip.setText(f"Speaker: {name}")
        self.speaker_chip.setToolTip(f"Showing sessions with {name}; click to remove")
        self.speaker_chip.setVisible(bool(key))
        self.filtersChanged.emit()

    @Slot()
    def clear_speaker(self) -> None:
        self.filter_by_speaker("", "")

    def set_favorites(self, paths: frozenset[str]) -> None:
        """The sessions in My agenda; the list follows at once when it shows only those."""
        self._favorites = paths
        if self.agenda_toggle.isChecked():
            self._apply_facets()

    def filter_by_partner(self, partner: str) -> None:
        index = self.partner_combo.findData(partner)
        if index >= 0:
            self.partner_combo.setCurrentIndex(index)

    @Slot()
    def clear_filters(self) -> None:
        self._updating = True
        try:
            self.filter_edit.clear()
            for combo in (self.day_combo, self.venue_combo, self.partner_combo):
                combo.setCurrentIndex(0)
            self.video_toggle.setChecked(False)
            self.transcript_toggle.setChecked(False)
            self.agenda_toggle.setChecked(False)
        finally:
            self._updating = False
        self._speaker_name = ""
        self.speaker_chip.hide()
        self._set_filter(reset=True)
        self.filtersChanged.emit()

    def filter_values(self) -> dict[str, Any]:
        """The controls' state as plain values (for settings)."""
        f = self.proxy.current_filter
        return {
            "text": f.text,
            "day": f.day,
            "venue": f.venue,
            "partner": f.partner,
            "has_video": f.has_video,
            "has_transcript": f.has_transcript,
            "agenda": f.only_paths is not None,
            "speaker_key": f.speaker_key,
            "speaker_name": self._speaker_name,
        }

    def restore_filters(self, values: dict[str, Any]) -> None:
        """Set controls from `filter_values()` output; values not offered any more are dropped."""
        self._updating = True
        try:
            for combo, key in (
                (self.day_combo, "day"),
                (self.venue_combo, "venue"),
                (self.partner_combo, "partner"),
            ):
                index = combo.findData(values.get(key)) if values.get(key) is not None else 0
                combo.setCurrentIndex(max(index, 0))
            self.video_toggle.setChecked(bool(values.get("has_video")))
            self.transcript_toggle.setChecked(bool(values.get("has_transcript")))
            self.agenda_toggle.setChecked(values.get("agenda") is True)
        finally:
            self._updating = False
        self._apply_facets()
        speaker_key, speaker_name = values.get("speaker_key"), values.get("speaker_name")
        if isinstance(speaker_key, str) and speaker_key:
            label = speaker_name if isinstance(speaker_name, str) else speaker_key
            self.filter_by_speaker(speaker_key, label)
        text = values.get("text")
        self.filter_edit.setText(text if isinstance(text, str) else "")

    @Slot(int, int)
    def _update_count(self, shown: int, total: int) -> None:
        if shown == total:
            text = f"{total:,} session{'s' if total != 1 else ''}"
        else:
            text = f"Showing {shown:,} of {total:,} sessions"
        self.count_label.setText(text)

    # -- selection ---------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Announce the new row at once, unless one was announced moments ago; then the
        latest row is announced when the throttle ends (holding an arrow key stays smooth)."""
        path = current.data(SessionPathRole) if current.isValid() else None
        if not isinstance(path, str) or not path or self._silent:
            return
        if self._throttle.isActive():
            self._pending_row = path
            return
        self.sessionActivated.emit(path)
        self._throttle.start()

    @Slot()
    def _on_throttle_done(self) -> None:
        path, self._pending_row = self._pending_row, ""
        if path and path == self.current_path() and path != self.shown_path:
            self.sessionActivated.emit(path)
            self._throttle.start()

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        path = index.data(SessionPathRole) if index.isValid() else None
        if isinstance(path, str) and path:
            self.sessionChosen.emit(path)

    def current_path(self) -> str:
        index = self.table.currentIndex()
        path = index.data(SessionPathRole) if index.isValid() else None
        return path if isinstance(path, str) else ""

    def select_path(self, path: str, *, notify: bool = True) -> bool:
        """Make `path` the current row (scrolled into view); False when it is filtered out."""
        if not notify:
            self.shown_path = path
        row = self.proxy.proxy_row_of(path)
        if row < 0:
            return False
        if self.current_path() == path:
            return True
        index = self.proxy.index(row, COL_TITLE)
        self._silent = not notify  # the view must still see the selection signals to repaint
        try:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        finally:
            self._silent = False
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def first_path(self) -> str:
        return self.proxy.path_at(0) if self.proxy.rowCount() else ""
