"""The session table's own cell painter: the same pixels as Qt's stock delegate for every cell
(selected, focused and alternate rows included, light and dark), icons only where the session
has them, a repaint that follows a change of theme or column width, and installed after the
first paint or at the first filter change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from viewer.core.session.model import Session
from viewer.ui.common.theme import apply_theme
from viewer.ui.sessions.browser import FAST_CELLS_DELAY_MS, SessionBrowser
from viewer.ui.sessions.cells import COL_DAY, COL_TITLE, COL_TRANSCRIPT, COL_VIDEO, COLUMNS
from viewer.ui.sessions.delegate import SessionCellDelegate

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def browser(qtbot, sessions: list[Session]) -> Iterator[SessionBrowser]:  # type: ignore[no-untyped-def]
    browser = SessionBrowser()
    qtbot.addWidget(browser)
    browser.set_sessions(sessions, {"days": [1, 2], "venues": [], "partners": []})
    browser.resize(560, 320)
    browser.show()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(lambda: isinstance(browser.table.itemDelegate(), SessionCellDelegate))
    browser.table.setFocus()
    browser.table.selectRow(1)  # a selected row with the focused (current) cell in it
    yield browser
    apply_theme(QApplication.instance(), "light")


def viewport_image(browser: SessionBrowser) -> QImage:
    QApplication.processEvents()
    return browser.table.viewport().grab().toImage()


def cell_pixels(browser: SessionBrowser, image: QImage, row: int, column: int) -> list[int]:
    table = browser.table
    x0, y0 = table.columnViewportPosition(column), table.rowViewportPosition(row)
    return [
        image.pixel(x, y)
        for y in range(y0, y0 + table.rowHeight(row))
        for x in range(x0, x0 + table.columnWidth(column))
    ]


def ink_columns(browser: SessionBrowser, image: QImage, row: int, column: int) -> list[int]:
    """x offsets (in the cell) where the cell has pixels unlike its own right edge."""
    table = browser.table
    x0, y0 = table.columnViewportPosition(column), table.rowViewportPosition(row)
    width, height = table.columnWidth(column), table.rowHeight(row)
    background = image.pixel(x0 + width - 1, y0 + height // 2)
    return sorted(
        {
            x - x0
            for y in range(y0, y0 + height)
            for x in range(x0, x0 + width)
            if image.pixel(x, y) != background
        }
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_cells_are_the_stock_delegates_pixels(browser: SessionBrowser, theme: str) -> None:
    apply_theme(QApplication.instance(), theme)
    assert isinstance(browser.table.itemDelegate(), SessionCellDelegate)
    ours = viewport_image(browser)
    browser.table.setItemDelegate(QStyledItemDelegate(browser.table))
    stock = viewport_image(browser)
    rows = browser.proxy.rowCount()
    assert rows == 6
    for row in range(rows):
        for column in range(COLUMNS):
            assert cell_pixels(browser, ours, row, column) == cell_pixels(
                browser, stock, row, column
            ), (row, column)


def test_icons_only_where_the_session_has_them(
    browser: SessionBrowser, sessions: list[Session]
) -> None:
    image = viewport_image(browser)
    for row in range(browser.proxy.rowCount()):
        session = next(s for s in sessions if s.path == browser.proxy.path_at(row))
        for column, has in (
            (COL_VIDEO, bool(session.video_url)),
            (COL_TRANSCRIPT, session.has_transcript),
        ):
            assert bool(ink_columns(browser, image, row, column)) == has, (row, column)


def test_installed_after_the_first_paint_or_at_the_first_filter(
    qtbot, sessions: list[Session]
) -> None:  # type: ignore[no-untyped-def]
    browser = SessionBrowser()
    qtbot.addWidget(browser)
    browser.set_sessions(sessions, {"days": [1, 2], "venues": [], "partners": []})
    browser.show()
    assert not isinstance(browser.table.itemDelegate(), SessionCellDelegate)  # first paint: stock
    browser.filter_edit.setText("a")  # typing does not wait for the timer
    assert isinstance(browser.table.itemDelegate(), SessionCellDelegate)
    delegate = browser.table.itemDelegate()
    qtbot.wait(FAST_CELLS_DELAY_MS + 100)
    assert browser.table.itemDelegate() is delegate  # installed once


def test_a_narrower_title_column_is_elided_again(browser: SessionBrowser) -> None:
    header = browser.table.horizontalHeader()
    wide = ink_columns(browser, viewport_image(browser), 0, COL_TITLE)
    browser.table.setColumnWidth(COL_DAY, browser.table.columnWidth(COL_DAY) + 120)
    narrow = ink_columns(browser, viewport_image(browser), 0, COL_TITLE)
    assert header.sectionSize(COL_TITLE) < 200
    assert narrow and wide and narrow[-1] < wide[-1]  # the text ends earlier: elided shorter
    ours = viewport_image(browser)
    browser.table.setItemDelegate(QStyledItemDelegate(browser.table))
    assert cell_pixels(browser, ours, 0, COL_TITLE) == cell_pixels(
        browser, viewport_image(browser), 0, COL_TITLE
    )
