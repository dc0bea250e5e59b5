"""viewport_of: the very widget `viewport()` gives, whoever made it."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QTableView, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from viewer.ui.common.viewport import after_next_paint, viewport_of


def test_the_viewport_found_is_the_one_the_area_gives(qtbot: QtBot) -> None:
    for area in (QTableView(), QTextBrowser(), QScrollArea()):
        qtbot.addWidget(area)
        found = viewport_of(area)
        assert found is area.viewport()
        assert found.parent() is area


def test_a_viewport_set_by_the_program_is_found_too(qtbot: QtBot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    own = QWidget()
    own.setObjectName("ownViewport")
    area.setViewport(own)
    assert viewport_of(area) is own


def test_a_child_of_the_viewport_name_deeper_down_is_not_taken(qtbot: QtBot) -> None:
    area = QTableView()
    qtbot.addWidget(area)
    inner = QWidget(area.viewport())  # a grandchild carrying the same name
    inner.setObjectName("qt_scrollarea_viewport")
    assert viewport_of(area) is area.viewport()


def test_after_next_paint_calls_once_the_widget_has_painted(qtbot: QtBot) -> None:
    painted: list[str] = []

    class Probe(QWidget):
        def paintEvent(self, event: object) -> None:
            painted.append("paint")

    widget = Probe()
    qtbot.addWidget(widget)
    after_next_paint(widget, lambda: painted.append("called"))
    qtbot.wait(50)
    assert painted == []  # not shown, not painted: not called
    widget.show()
    qtbot.waitUntil(lambda: "called" in painted, timeout=5_000)
    assert painted.index("paint") < painted.index("called")
    widget.update()
    qtbot.waitUntil(lambda: painted.count("paint") >= 2, timeout=5_000)
    qtbot.wait(20)
    assert painted.count("called") == 1
