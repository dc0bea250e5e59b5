"""The detail pane sizes to its content: long speaker lists collapse, links follow the theme."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_session
from viewer.ui.common.theme import ThemeMode, apply_theme
from viewer.ui.reader.detail_pane import COLLAPSED_NAMES, SPEAKER_ROWS, DetailPane
from viewer.ui.reader.fit import MAX_SHARE, MIN_DETAIL, NO_TRANSCRIPT_HEIGHT, detail_height

MANY = tuple((f"Speaker Number{i}", f"Ministry {i}", f"speaker number{i}") for i in range(17))


@pytest.fixture
def pane(qtbot: Any) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    return widget


def test_a_long_speaker_list_is_one_line_until_expanded(pane: DetailPane, qtbot: Any) -> None:
    few = make_session("d/few", "Few", speakers=MANY[:SPEAKER_ROWS], summary="Short.")
    pane.show_session(few)
    assert pane.speakers_label.text().count("<br>") == SPEAKER_ROWS - 1
    many = make_session("d/many", "Many", speakers=MANY, summary="Short.")
    pane.show_session(many)
    collapsed = pane.speakers_label.text()
    assert "<br>" not in collapsed
    assert f"+{len(MANY) - COLLAPSED_NAMES} more" in collapsed
    assert collapsed.count('href="speaker:') == COLLAPSED_NAMES
    short = pane.wanted_height()
    with qtbot.waitSignal(pane.contentChanged):
        pane.speakers_label.linkActivated.emit("more:speakers")
    assert pane.speakers_label.text().count('href="speaker:') == len(MANY)
    assert pane.wanted_height() > short + 10 * pane.fontMetrics().height()
    pane.speakers_label.linkActivated.emit("less:speakers")
    assert pane.speakers_label.text() == collapsed


def test_wanted_height_follows_the_content(pane: DetailPane) -> None:
    pane.show_session(make_session("d/a", "A", speakers=MANY[:1]))
    small = pane.wanted_height()
    summary = "\n\n".join(f"Paragraph {i} of a long summary, " * 6 for i in range(8))
    pane.show_session(make_session("d/b", "B", speakers=MANY[:1], summary=summary))
    assert pane.wanted_height() > small + 8 * pane.fontMetrics().height()


def _link_colours(text: str) -> set[str]:
    return set(re.findall(r'<a href="speaker:\d+" style="[^"]*color:(#[0-9a-f]{6})', text))


def test_theme_switch_recolours_speaker_links(pane: DetailPane, qapp: QApplication) -> None:
    try:
        apply_theme(qapp, ThemeMode.LIGHT)
        qapp.processEvents()  # the running program's event loop delivers the palette
        pane.show_session(make_session("d/a", "A", speakers=MANY[:2], partners=("Trust",)))
        light = qapp.palette().color(QPalette.ColorRole.Link).name()
        assert _link_colours(pane.speakers_label.text()) == {light}
        apply_theme(qapp, ThemeMode.DARK)
        qapp.processEvents()
        dark = qapp.palette().color(QPalette.ColorRole.Link).name()
        assert dark != light
        assert _link_colours(pane.speakers_label.text()) == {dark}
        assert f"color:{dark}" in pane.partners_label.text()
    finally:
        apply_theme(qapp, ThemeMode.LIGHT)


def test_detail_height_limits() -> None:
    assert detail_height(150, 800, True) == 150  # what it needs
    assert detail_height(2000, 800, True) == int(800 * MAX_SHARE)  # capped: transcript first
    assert detail_height(2000, 800, False) == 800 - NO_TRANSCRIPT_HEIGHT  # no transcript:
    assert detail_height(100, 800, False) == 800 - NO_TRANSCRIPT_HEIGHT  # the room is theirs
    assert detail_height(20, 800, True) == MIN_DETAIL
    assert detail_height(500, 120, True) <= 120
    assert detail_height(10, 0, True) == 0
