"""Save and restore the window's layout (geometry, splitters, columns, sort) in AppSettings.

Why separate: what is remembered grows over time; the window should only say "restore" and
"save" at the right moments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView

from viewer.ui.common.settings import (
    KEY_COLUMNS,
    KEY_GEOMETRY,
    KEY_SIDE_SPLITTER,
    KEY_SPLITTER,
    KEY_STATE,
)

if TYPE_CHECKING:
    from viewer.ui.mainwindow.window import MainWindow

DEFAULT_SIZE = (1360, 860)


def restore_layout(window: MainWindow) -> None:
    settings = window.settings
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
    for key, splitter in ((KEY_SPLITTER, window.reader_splitter),
                          (KEY_SIDE_SPLITTER, window.side_splitter)):  # fmt: skip
        saved = settings.get_bytes(key)
        if saved is not None:
            splitter.restoreState(saved)
    header = window.browser.table.horizontalHeader()
    for column, width in enumerate(settings.get_json(KEY_COLUMNS, [])[: header.count()]):
        interactive = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
        if isinstance(width, int) and width > 0 and interactive:
            header.resizeSection(column, width)
    column, order = settings.sort()
    if column >= 0:
        window.browser.table.sortByColumn(column, Qt.SortOrder(order))


def save_layout(window: MainWindow) -> None:
    """Layout, filters and the open session, written to disk at once (sync)."""
    settings = window.settings
    settings.set_value(KEY_GEOMETRY, window.saveGeometry())
    settings.set_value(KEY_STATE, window.saveState())
    settings.set_value(KEY_SPLITTER, window.reader_splitter.saveState())
    settings.set_value(KEY_SIDE_SPLITTER, window.side_splitter.saveState())
    header = window.browser.table.horizontalHeader()
    settings.set_sort(header.sortIndicatorSection(), header.sortIndicatorOrder().value)
    settings.set_json(KEY_COLUMNS, [header.sectionSize(c) for c in range(header.count())])
    if window.library is not None:  # closed before loading ended: keep the saved filters
        settings.set_filters(window.browser.filter_values())
    if window.current_path:
        settings.set_last_session(window.current_path)
    settings.sync()
