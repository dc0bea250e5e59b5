"""The left-hand browser: filter box, facets, the sortable session table and its count.

Why its own widget: the main window only assembles; everything about narrowing the list
(controls, the proxy, the "Showing 42 of 356" line, keeping the selection) lives here and
speaks to the outside through one signal, `sessionActivated`. The facet controls themselves
are a widget of their own (`session_facets`); this one turns what they say into the filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    QAbstractButton,
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from viewer.core.session.model import Session
from viewer.ui.common import icons
from viewer.ui.common.viewport import viewport_of
from viewer.ui.sessions.facets import SessionFacetBar
from viewer.ui.sessions.model import (
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
    SessionRole,
    SessionTableModel,
)

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality

ROW_THROTTLE_MS = 60  # holding an arrow key opens at most ~16 sessions a second
FAST_CELLS_DELAY_MS = 250  # after the rows' first paint: see SessionBrowser.use_fast_cells
NARROW_LIST = 460  # below this width the venue column goes (the detail pane shows the venue)
COLUMN_WIDTHS = {COL_DAY: 38, COL_TIME: 84, COL_VENUE: 118, COL_SPEAKERS: 34, COL_VIDEO: 30,
                 COL_TRANSCRIPT: 30}  # fmt: skip


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
    favoritesChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SessionTableModel(self)
        self.proxy = SessionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._speaker_name = ""
        self._favorites: frozenset[str] = frozenset()
        self._silent = False
        self.shown_path = ""  # the session the window shows (may be filtered out)
        self._pending_row = ""
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(ROW_THROTTLE_MS)
        self._throttle.timeout.connect(self._on_throttle_done)
        self._fast_cells = False
        self._build()
        self._connect()
        self._update_count(self.proxy.rowCount(), self.proxy.total())

    def use_fast_cells(self) -> None:
        """Paint the table's cells with its own painter (`session_delegate`): the stock
        delegate's pixels at a fraction of the cost. Installed once the first rows are shown, or
        at the first letter typed in the filter box if sooner: the painter needs PySide6's QStyle
        type, costly to build, which the first paint need not wait for."""
        if self._fast_cells:
            return
        from viewer.ui.sessions.delegate import SessionCellDelegate

        self._fast_cells = True
        cell_painter = SessionCellDelegate(self.table, self.proxy.cells_at)
        cell_painter.elide_middle = frozenset({COL_VENUE})  # keeps the room number in view
        self.table.setItemDelegate(cell_painter)

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("sessionFilter")
        self.filter_edit.setAccessibleName("Filter sessions")
        self.filter_edit.setPlaceholderText("Filter by title, speaker, partner or venue…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.installEventFilter(self)  # Esc empties it (see eventFilter)

        self.facet_bar = SessionFacetBar(self)

        self.table = QTableView(self)
        self.table.setObjectName("sessionList")
        self.table.setAccessibleName("Sessions")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrows move between rows
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
        self.table.installEventFilter(self)  # a narrow list drops its venue column

        self.count_label = QLabel(self)
        self.count_label.setObjectName("sessionCount")
        self.count_label.setAccessibleName("Number of sessions shown")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 4)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.facet_bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def _connect(self) -> None:
        self.filter_edit.textChanged.connect(self._on_text)
        self.facet_bar.changed.connect(self._on_facets)
        self.facet_bar.speakerRemoved.connect(self.clear_speaker)
        self.facet_bar.clearRequested.connect(self.clear_filters)
        self.proxy.filterChanged.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.activated.connect(self._on_activated)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in a non-empty filter box empties it, as in browsers' find fields; a resized
        table shows its venue column only while titles keep room to be read."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            narrow = self.table.width() < NARROW_LIST
            if self.table.isColumnHidden(COL_VENUE) != narrow:
                self.table.setColumnHidden(COL_VENUE, narrow)
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
        self.model.set_sessions(sessions, prepared)
        if sessions and not self._fast_cells:  # after the rows' first paint
            QTimer.singleShot(FAST_CELLS_DELAY_MS, self, self.use_fast_cells)
        self.facet_bar.set_choices(facets)
        self._apply_facets()
        self._update_count(self.proxy.rowCount(), self.proxy.total())

    def add_sessions(self, sessions: Sequence[Session], before: int) -> None:
        """Rows of a library still being read (`LibraryLoader.arrived`): the first batch
        (`before == 0`) replaces the old rows, later ones are added to them; the facet
        choices wait for `set_sessions` with the whole library."""
        if before == 0 or before != len(self.model.sessions):
            self.model.set_sessions(sessions)
            self._update_count(self.proxy.rowCount(), self.proxy.total())
        else:
            self.model.append_sessions(sessions)

    def set_quality(self, qualities: dict[str, Quality]) -> None:
        """The transcripts' quality flags, once judged: shown in the transcript column and
        used by the Transcript facet."""
        self.model.set_quality(qualities)
        self.proxy.refilter()

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
        self.use_fast_cells()
        self._set_filter(text=text)
        self.filtersChanged.emit()

    @Slot()
    def _on_facets(self) -> None:
        self._apply_facets()
        self.filtersChanged.emit()

    def _apply_facets(self) -> None:
        self._set_filter(**self.facet_bar.criteria(self._favorites))

    def filter_by_speaker(self, key: str, name: str) -> None:
        self._speaker_name = name
        self._set_filter(speaker_key=key)
        self.facet_bar.show_speaker(key, name)
        self.filtersChanged.emit()

    @Slot()
    def clear_speaker(self) -> None:
        self.filter_by_speaker("", "")

    def rows_in_view(self) -> int:
        """How many rows the list shows at once (one cut at the bottom counts)."""
        height = viewport_of(self.table).height()
        return max(1, -(-height // self.table.verticalHeader().defaultSectionSize()))

    def shown_sessions(self) -> list[Session]:
        """The sessions the list shows, in its order."""
        proxy = self.proxy
        shown = (proxy.index(row, 0).data(SessionRole) for row in range(proxy.rowCount()))
        return [s for s in shown if s is not None]

    def agenda_toggle(self) -> QAbstractButton:
        """The "My agenda" switch (only starred sessions), for an action to mirror."""
        return self.facet_bar.agenda_toggle

    def set_favorites(self, paths: frozenset[str]) -> None:
        """The sessions in My agenda; the list follows at once when it shows only those."""
        self._favorites = paths
        if self.facet_bar.agenda_toggle.isChecked():
            self._apply_facets()
        self.favoritesChanged.emit()

    def favorites(self) -> frozenset[str]:
        """The sessions in My agenda."""
        return self._favorites

    def filter_by_partner(self, partner: str) -> None:
        self.facet_bar.select_partner(partner)

    @Slot()
    def clear_filters(self) -> None:
        self.filter_edit.clear()
        self.facet_bar.clear()
        self._speaker_name = ""
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
            "quality": f.quality,
            "agenda": f.only_paths is not None,
            "speaker_key": f.speaker_key,
            "speaker_name": self._speaker_name,
        }

    def restore_filters(self, values: dict[str, Any]) -> None:
        """Set controls from `filter_values()` output; values not offered any more are dropped."""
        self.facet_bar.restore(values)
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
            if not notify:  # the open session is filtered out: highlight no other row
                self._silent = True
                try:
                    self.table.selectionModel().clear()
                finally:
                    self._silent = False
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
