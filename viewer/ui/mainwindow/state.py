"""Save and restore the window's layout (geometry, splitters, columns, sort) in AppSettings.

Why separate: what is remembered grows over time; the window should only say "restore" and
"save" at the right moments, handing over the widgets whose layout is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
LIST_SHARE = 0.45  # of the window's width for the session list (or schedule) on first run
LIST_WIDTH = (300, 760)  # its bounds: room for title and venue, and a reading side left


def list_width(window_width: int) -> int:
    """The session list's first-run width for a window `window_width` pixels wide."""
    low, high = LIST_WIDTH
    return max(min(round(window_width * LIST_SHARE), high), min(low, window_width // 2))


def splitter_keys(reader: QSplitter | None, side: QSplitter) -> dict[str, QSplitter]:
    """The window's splitters under their settings keys (the reader's when it is built)."""
    keys = {KEY_SIDE_SPLITTER: side}
    if reader is not None:
        keys[KEY_SPLITTER] = reader
    return keys


def restore_splitter(settings: AppSettings, key: str, splitter: QSplitter) -> bool:
    """The sizes saved under `key`, if any and valid; True when they were used."""
    saved = settings.get_bytes(key)
    return saved is not None and splitter.restoreState(saved)


def restore_layout(
    settings: AppSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    table: QTableView,
) -> set[str]:
    """Restore what was saved; returns the keys of the splitters whose saved sizes were used."""
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
    restored: set[str] = set()
    for key, splitter in splitters.items():
        if restore_splitter(settings, key, splitter):
            restored.add(key)
            continue
        if key == KEY_SIDE_SPLITTER:  # first run: fit the screen, not a fixed width
            width = window.width()
            splitter.setSizes([list_width(width), width - list_width(width)])
    header = table.horizontalHeader()
    for column, width in enumerate(settings.get_json(KEY_COLUMNS, [])[: header.count()]):
        interactive = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
        if isinstance(width, int) and width > 0 and interactive:
            header.resizeSection(column, width)
    column, order = settings.sort()
    if column >= 0:
        table.sortByColumn(column, Qt.SortOrder(order))
    return restored


def save_layout(
    settings: AppSettings,
    window: QMainWindow,
    splitters: Mapping[str, QSplitter],
    table: QTableView,
    forget: Iterable[str] = (),
) -> None:
    """Geometry, splitters, columns and sort (the caller syncs the settings to disk).

    `splitters` are the ones whose sizes the user chose; `forget` names splitters sized by
    their content, whose saved sizes are removed.
    """
    settings.set_value(KEY_GEOMETRY, window.saveGeometry())
    settings.set_value(KEY_STATE, window.saveState())
    for key, splitter in splitters.items():
        settings.set_value(key, splitter.saveState())
    for key in forget:
        if settings.qsettings.contains(key):
            settings.qsettings.remove(key)
    header = table.horizontalHeader()
    settings.set_sort(header.sortIndicatorSection(), header.sortIndicatorOrder().value)
    # A column hidden for a narrow list reports size 0: keep the width it had, for later.
    saved = settings.get_json(KEY_COLUMNS, [])
    widths = []
    for column in range(header.count()):
        width = header.sectionSize(column)
        if (
            header.isSectionHidden(column)
            and column < len(saved)
            and isinstance(saved[column], int)
        ):
            width = saved[column]
        widths.append(width)
    settings.set_json(KEY_COLUMNS, widths)
