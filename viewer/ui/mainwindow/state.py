"""Save and restore the window's layout (geometry, splitters, columns, sort) in AppSettings.

Why separate: what is remembered grows over time; the window should only say "restore" and
"save" at the right moments, handing over the widgets whose layout is kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter, QTableView

from viewer.ui.common.settings import (
    KEY_COLUMNS,
    KEY_GEOMETRY,
    KEY_SIDE_SPLITTER,
    KEY_SPLITTER,
    KEY_STATE,
    AppSettings,
)

DEFAULT_SIZE = (1360, 860)


def splitter_keys(reader: QSplitter, side: QSplitter) -> dict[str, QSplitter]:
    """The window's splitters under their settings keys."""
    return {KEY_SPLITTER: reader, KEY_SIDE_SPLITTER: side}


def restore_layout(
    settings: AppSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    table: QTableView,
) -> None:
    geometry = settings.get_bytes(KEY_GEOMETRY)
    if geometry is None or not window.restoreGeometry(geometry):
        available = window.screen().availableGeometry()
        window.resize(
            min(DEFAULT_SIZE[0], available.width() * 9 // 10),
            min(DEFAULT_SIZE[1], available.height() * 9 // 10),
        )
    state = settings.get_bytes(KEY_STATE)
    if state is not None:
        window.restoreState(state)
    for key, splitter in splitters.items():
        saved = settings.get_bytes(key)
        if saved is not None:
            splitter.restoreState(saved)
    header = table.horizontalHeader()
    for column, width in enumerate(settings.get_json(KEY_COLUMNS, [])[: header.count()]):
        interactive = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
        if isinstance(width, int) and width > 0 and interactive:
            header.resizeSection(column, width)
    column, order = settings.sort()
    if column >= 0:
        table.sortByColumn(column, Qt.SortOrder(order))


def save_layout(
    settings: AppSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    table: QTableView,
) -> None:
    """Geometry, splitters, columns and sort (the caller syncs the settings to disk)."""
    settings.set_value(KEY_GEOMETRY, window.saveGeometry())
    settings.set_value(KEY_STATE, window.saveState())
    for key, splitter in splitters.items():
        settings.set_value(key, splitter.saveState())
    header = table.horizontalHeader()
    settings.set_sort(header.sortIndicatorSection(), header.sortIndicatorOrder().value)
    settings.set_json(KEY_COLUMNS, [header.sectionSize(c) for c in range(header.count())])
