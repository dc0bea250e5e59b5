"""The schedule panel and view with hand-made sessions: blocks, lanes, clicks, keys, marks,
the sticky header and ruler, and the PNG/PDF export."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QGraphicsView

from tests.ui.conftest import make_session
from viewer.core.session.model import Session
from viewer.ui.common.theme import ThemeMode, palette_for
from viewer.ui.schedule.export import page_size, write_pdf, write_png
from viewer.ui.schedule.items import SessionBlock
from viewer.ui.schedule.painting import ScheduleStyle
from viewer.ui.schedule.panel import SchedulePanel
from viewer.ui.schedule.view import ScheduleView

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


def day1() -> list[Session]:
    return [
        make_session("d1/a", "Opening", start="09:00", end="10:00", room="Hall 1"),
        make_session("d1/b", "Morning talk", start="10:00", end="11:00", room="Hall 1"),
        make_session("d1/c", "Parallel one", start="09:30", end="10:30", room="Hall 2"),
        make_session("d1/d", "Parallel two", start="09:45", end="10:15", room="Hall 2"),
        make_session("d1/e", "Only a start", start="12:00", end="", room="Hall 2"),
        make_session(
            "d1/f",
            "Annex talk",
            start="10:00",
            end="11:00",
            building="Annex",
            room="Room A",
            video_id="vidAAAAAAA1",
            transcript="words here",
        ),
        make_session("d1/g", "Untimed", start="", end="", room="Hall 1"),
    ]


def day2() -> list[Session]:
    return [
        make_session(
            f"d2/{i}",
            f"Day two {i}",
            day=2,
            start=f"{9 + i}:00",
            end=f"{10 + i}:00",
            room=f"Room {i % 3}",
        )
        for i in range(6)
    ]


@pytest.fixture
def panel(qtbot: Any) -> SchedulePanel:
    widget = SchedulePanel()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.set_sessions(day1() + day2())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def blocks(panel: SchedulePanel) -> dict[str, SessionBlock]:
    return {item.data(0): item for item in panel.view.blocks()}


def click(qtbot: Any, view: ScheduleView, item: SessionBlock, double: bool = False) -> None:
    point = view.mapFromScene(item.sceneBoundingRect().center())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_contract_blocks_carry_paths_and_each_day_its_timed_sessions(panel) -> None:
    view = panel.findChild(QGraphicsView, "scheduleView")
    assert view is panel.view
    assert [d.label for d in panel.days] == ["Day 1 · 16 Feb", "Day 2 · 17 Feb"]
    assert set(blocks(panel)) == {"d1/a", "d1/b", "d1/c", "d1/d", "d1/e", "d1/f"}
    assert "1 without a time" in panel.summary.text()
    panel.day_box.setCurrentIndex(1)
    assert set(blocks(panel)) == {f"d2/{i}" for i in range(6)}
    assert all(isinstance(item, SessionBlock) for item in view.scene().items())
    # every block points like a link (one cursor made for the day, not one per block)
    shapes = {item.cursor().shape() for item in view.blocks()}
    assert shapes == {Qt.CursorShape.PointingHandCursor}


def test_rooms_are_columns_and_overlaps_side_by_side(panel) -> None:
    by = blocks(panel)
    rect = {path: item.sceneBoundingRect() for path, item in by.items()}
    # One room, one column: Hall 1's blocks share their x range, Hall 2's another.
    assert rect["d1/a"].left() == rect["d1/b"].left()
    assert not rect["d1/a"].intersects(rect["d1/c"])
    # Overlapping sessions of Hall 2 are side by side, never on top of each other.
    assert not rect["d1/c"].intersects(rect["d1/d"])
    assert rect["d1/c"].top() < rect["d1/d"].bottom() and rect["d1/d"].top() < rect["d1/c"].bottom()
    # Time runs down: an hour is as tall in every room; only a start gives a short block.
    assert rect["d1/a"].height() == pytest.approx(rect["d1/b"].height())
    assert rect["d1/e"].height() < rect["d1/a"].height() / 2
    assert rect["d1/b"].top() > rect["d1/a"].top()
    # Buildings: the annex room comes after the main building's rooms.
    assert rect["d1/f"].left() > max(rect["d1/c"].right(), rect["d1/d"].right())


def test_click_opens_and_double_click_reads(qtbot, panel) -> None:
    by = blocks(panel)
    with qtbot.waitSignal(panel.sessionActivated) as opened:
        click(qtbot, panel.view, by["d1/c"])
    assert opened.args == ["d1/c"]
    with qtbot.waitSignal(panel.sessionChosen) as chosen:
        click(qtbot, panel.view, by["d1/b"], double=True)
    assert chosen.args == ["d1/b"]


def test_arrow_keys_move_between_blocks(qtbot, panel) -> None:
    view = panel.view
    view.set_state(current="d1/a")
    view.setFocus()
    seen: list[str] = []
    panel.sessionActivated.connect(seen.append)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # next in Hall 1
    assert view.focused == "d1/b"
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.focused == "d1/a"
    qtbot.keyClick(view, Qt.Key.Key_Right)  # Hall 2, the block running at 09:00 or nearest
    assert view.focused == "d1/c"
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the annex
    assert view.focused == "d1/f"
    qtbot.keyClick(view, Qt.Key.Key_Right)  # no room further right: stays
    assert view.focused == "d1/f"
    qtbot.waitUntil(lambda: seen[-1:] == ["d1/f"], timeout=2000)  # throttled, never lost
    with qtbot.waitSignal(panel.sessionChosen) as chosen:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert chosen.args == ["d1/f"]


def test_marks_dim_outline_and_star(panel) -> None:
    panel.matcher = lambda path: path in {"d1/a", "d1/f"}
    panel.refresh_matching()
    by = blocks(panel)
    assert {p for p, item in by.items() if item.dimmed} == {
        "d1/b",
        "d1/c",
        "d1/d",
        "d1/e",
    }
    panel.view.set_state(current="d1/b", favorites=frozenset({"d1/f"}))
    assert [p for p, item in by.items() if item.look.current] == ["d1/b"]
    assert [p for p, item in by.items() if item.look.starred] == ["d1/f"]
    panel.matcher = None
    panel.refresh_matching()
    assert not any(item.dimmed for item in by.values())


def test_marks_follow_to_another_day(panel) -> None:
    panel.matcher = lambda path: path.endswith("/1")
    panel.show_day(panel.days[1].key)
    by = blocks(panel)
    assert [p for p, item in by.items() if not item.dimmed] == ["d2/1"]


def test_header_and_ruler_stay_while_the_grid_scrolls(qtbot, panel) -> None:
    panel.resize(420, 300)
    view = panel.view
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0)
    header = view.findChild(type(view._header), "scheduleHeader")
    ruler = view.findChild(type(view._ruler), "scheduleRuler")
    assert header is not None and ruler is not None
    where = (header.geometry(), ruler.geometry())
    before = header.grab().toImage(), ruler.grab().toImage()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    assert (header.geometry(), ruler.geometry()) == where  # they do not move
    # ...but they follow the grid: room names slide with it, hours roll with it.
    assert header.grab().toImage() != before[0]
    assert ruler.grab().toImage() != before[1]
    # No block is hidden under them: the viewport starts below and right of them.
    assert view.viewport().geometry().top() >= header.geometry().bottom()
    assert view.viewport().geometry().left() >= ruler.geometry().right()


def test_dark_palette_changes_the_colours(panel) -> None:
    light = panel.view.look.background.name()
    panel.view.setPalette(palette_for(ThemeMode.DARK))
    assert panel.view.look.background.name() != light
    assert panel.view.look.background.lightness() < 80


def test_export_png_and_pdf(panel, tmp_path: Path) -> None:
    scene = panel.scene
    assert scene is not None
    # Whatever the screen shows (dark, filtered, outlined), the page is light and plain.
    panel.view.setPalette(palette_for(ThemeMode.DARK))
    panel.view.set_state(current="d1/a", matching=frozenset({"d1/b"}))
    png, pdf = tmp_path / "day.png", tmp_path / "day.pdf"
    write_png(png, scene, "Day 1")
    write_pdf(pdf, scene, "Day 1")
    image = QImage(str(png))
    size = page_size(scene)
    assert not image.isNull()
    assert image.width() / image.height() == pytest.approx(size.width() / size.height(), rel=0.02)
    # The page holds the grid: a block's fill colour appears where its block is.
    item = blocks(panel)["d1/a"]
    scale = image.width() / size.width()
    centre = item.sceneBoundingRect().center()
    from viewer.ui.schedule.painting import HEADER_HEIGHT, RULER_WIDTH

    pixel = image.pixelColor(
        round((centre.x() + RULER_WIDTH) * scale),
        round((item.sceneBoundingRect().bottom() - 3 + HEADER_HEIGHT) * scale),
    )
    light_fill = ScheduleStyle(dark=False).fill(0)
    assert pixel.name() == light_fill.name()
    assert blocks(panel)["d1/a"].look.current and blocks(panel)["d1/a"].dimmed  # restored
    data = pdf.read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n")
        + data.count(b"/Type /Page>>")
        + data.count(b"/Type /Page ")
        >= 1
    )
    assert not list(tmp_path.glob("*.tmp"))


def test_export_refuses_an_unwritable_place(panel, tmp_path: Path) -> None:
    from viewer.ui.reader.exporting import ExportError

    scene = panel.scene
    assert scene is not None
    with pytest.raises((ExportError, OSError)):
        write_png(tmp_path / "missing-folder" / "day.png", scene)


def test_a_new_library_keeps_the_day_and_an_empty_one_shows_nothing(qtbot, panel) -> None:
    panel.show_day(panel.days[1].key)
    panel.set_sessions(day2() + day1()[:2])
    assert panel.current_day() == panel.days[1]
    panel.set_sessions([])
    assert panel.view.blocks() == [] and panel.days == []
    seen: list[str] = []
    panel.sessionActivated.connect(seen.append)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)  # no block: the keys do nothing
    assert seen == [] and panel.view.focused == ""


def test_many_blocks_with_hostile_text_paint_in_bounded_time(panel) -> None:
    long_title = "W" * 5000 + " " + "x " * 3000
    sessions = [
        make_session(f"h/{i}", long_title, start="10:00", end="10:05", room="\u2060" * 50 + "Hall")
        for i in range(40)
    ]
    sessions.append(make_session("h/wide", "y" * 400_000, start="09:00", end="17:00"))
    began = time.perf_counter()
    panel.set_sessions(sessions)
    image = panel.view.viewport().grab().toImage()
    panel.view.viewport().grab()  # a second paint measures nothing again
    assert time.perf_counter() - began < 5.0
    assert not image.isNull()
    assert len(panel.view.blocks()) == 41
    assert len({item.sceneBoundingRect().left() for item in panel.view.blocks()}) == 41


def test_tooltip_names_title_time_venue_and_speakers(panel, monkeypatch) -> None:
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *_: shown.append(text))
    view = panel.view
    item = blocks(panel)["d1/f"]
    view.ensureVisible(item.sceneBoundingRect())
    point = view.mapFromScene(item.sceneBoundingRect().center())
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    assert view.viewportEvent(event)
    assert len(shown) == 1
    text = shown[0]
    assert "Annex talk" in text and "10:00–11:00" in text and "Room A" in text
    assert "video" in text and "transcript" in text
    empty = QHelpEvent(QEvent.Type.ToolTip, QPoint(1, 1), view.viewport().mapToGlobal(QPoint(1, 1)))
    view.viewportEvent(empty)  # nothing under the mouse: no tooltip
    assert len(shown) == 1


def test_a_dimmed_block_fades_but_its_outline_does_not(panel) -> None:
    view = panel.view
    item = blocks(panel)["d1/a"]
    view.ensureVisible(item.sceneBoundingRect())

    def pixels() -> tuple[QColor, QColor]:
        image = view.viewport().grab().toImage()
        rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        middle = rect.center().y()
        return image.pixelColor(rect.left() + 1, middle), image.pixelColor(rect.center())

    background = view.look.background
    view.set_state(current="d1/a", matching=frozenset({"d1/b"}))
    edge, inside = pixels()
    outline = view.look.outline
    assert abs(edge.red() - outline.red()) + abs(edge.blue() - outline.blue()) < 60
    # The fill is faded towards the background, and back once the filter keeps it.
    fill = view.look.fill(0)
    assert abs(inside.lightness() - background.lightness()) < abs(
        fill.lightness() - background.lightness()
    )
    view.set_state(current="", matching=None)
    assert pixels()[1].name() == fill.name()


def test_a_transcript_not_to_be_trusted_is_marked_on_its_block(panel) -> None:
    from viewer.ui.schedule.items import tooltip

    def painted() -> QImage:
        scene = panel.scene
        assert scene is not None
        item = blocks(panel)["d1/f"]
        rect = item.sceneBoundingRect()
        image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        from PySide6.QtGui import QPainter

        painter = QPainter(image)
        scene.render(painter, image.rect().toRectF(), rect)
        painter.end()
        return image

    plain = painted()
    panel.set_warnings({"d1/f": "Transcript: 300 words for a 1 h slot."})
    item = blocks(panel)["d1/f"]
    assert item.look.warning.endswith("1 h slot.")
    assert "1 h slot." in tooltip(panel.sessions["d1/f"], item.look)
    assert painted() != plain  # the mark is drawn
    assert blocks(panel)["d1/a"].look.warning == ""
    panel.set_warnings({})
    assert blocks(panel)["d1/f"].look.warning == ""
