"""Reading comfort, My agenda, remembered positions and "watch near here" in the real window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from viewer.ui.mainwindow.actions import WIDTH_ACTIONS, ActionId
from viewer.ui.mainwindow.application import SAMPLE_LIBRARY, create_window
from viewer.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
PANEL = "Day-2_Feb-17/sessions/001-Panel-Building-Language-Models-for-Bharat"  # 11:00-12:00
SECOND_KEYNOTE = "Day-1_Feb-16/sessions/002-Keynote-Compute-as-Public-Infrastructure"
NO_VIDEO = "Day-1_Feb-16/sessions/004-Roundtable-AI-for-Agricultural-Extension"


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def factory() -> MainWindow:
        window = create_window([str(SAMPLE_LIBRARY)])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=30_000):
            window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.close()


def test_text_size_and_line_width_are_remembered(open_window) -> None:
    window = open_window()
    view = window.transcript.view
    base = view.font().pointSizeF()
    window.commands[ActionId.ZOOM_IN].trigger()
    window.commands[ActionId.ZOOM_IN].trigger()
    assert view.font().pointSizeF() == pytest.approx(base + 2)
    window.commands[ActionId.ZOOM_OUT].trigger()
    assert view.font().pointSizeF() == pytest.approx(base + 1)
    wide = next(a for a, n in WIDTH_ACTIONS.items() if n == 100)
    narrow_width = view.column_width()
    window.commands[wide].trigger()
    assert view.column_chars == 100 and view.column_width() > narrow_width
    assert window.commands[wide].isChecked()
    window.close()

    again = open_window()
    assert again.transcript.view.font().pointSizeF() == pytest.approx(base + 1)
    assert again.transcript.view.column_chars == 100
    again.commands[ActionId.ZOOM_RESET].trigger()
    assert again.transcript.view.font().pointSizeF() == pytest.approx(base)


def test_my_agenda_stars_filters_and_persists(open_window, qtbot) -> None:
    window = open_window()
    assert window.open_session(PANEL)
    assert not window.detail.favorite_button.isChecked()
    window.commands[ActionId.TOGGLE_FAVORITE].trigger()
    assert window.detail.favorite_button.isChecked()
    assert window.detail.favorite_button.text() == "In My agenda"
    window.commands[ActionId.SHOW_AGENDA].trigger()
    assert window.browser.facet_bar.agenda_toggle.isChecked()
    assert window.browser.proxy.rowCount() == 1
    assert window.browser.proxy.path_at(0) == PANEL
    # Starring from the detail pane's button works the same way.
    window.open_session(SECOND_KEYNOTE)
    window.detail.favorite_button.click()
    assert window.browser.proxy.rowCount() == 2
    window.close()

    again = open_window()
    assert again.reading.state.favorites == {PANEL, SECOND_KEYNOTE}
    again.open_session(PANEL)
    assert again.detail.favorite_button.isChecked()
    again.commands[ActionId.TOGGLE_FAVORITE].trigger()
    assert again.reading.state.favorites == {SECOND_KEYNOTE}


def test_reading_position_is_remembered_across_runs(open_window, qtbot) -> None:
    window = open_window()
    window.resize(1200, 800)
    assert window.open_session(PANEL)
    window.transcript.scroll_to_paragraph(8)
    qtbot.waitUntil(lambda: window.transcript.current_paragraph() == 8, timeout=5000)
    window.open_session(NO_VIDEO)
    window.close()

    again = open_window()
    again.resize(1200, 800)
    assert again.reading.state.position(PANEL) == 8
    again.open_session(PANEL)
    qtbot.waitUntil(lambda: again.transcript.current_paragraph() == 8, timeout=5000)


def test_watch_near_here_opens_the_estimated_moment(open_window, url_log: Path) -> None:
    window = open_window()
    assert window.open_session(PANEL)
    paragraphs = window.transcript.paragraphs()
    middle = len(paragraphs) // 2
    total = paragraphs[-1].words_before + len(paragraphs[-1].text.split())
    expected = round(paragraphs[middle].words_before / total * 60 * 60)  # a 60-minute slot
    window.transcript.momentRequested.emit(middle)  # what the context-menu entry sends
    url = url_log.read_text(encoding="utf-8").split()[-1]
    query = parse_qs(urlparse(url).query)
    assert urlparse(url).hostname == "www.youtube.com"
    assert query["v"] == ["bH3kT9wNz_E"] and query["t"] == [f"{expected}s"]
    assert 0 < expected < 3600
    assert "estimate" in window.statusBar().currentMessage()


def test_watch_near_here_in_a_shared_stream_uses_the_stream(open_window, url_log: Path) -> None:
    window = open_window()
    assert window.open_session(SECOND_KEYNOTE)
    # The stream runs 09:30-10:30; the second keynote's slot starts a third of the way in.
    slot = window.transcript.slot_paragraph()
    assert slot > 0
    window.commands[ActionId.WATCH_NEAR_HERE].trigger()
    seconds = int(parse_qs(urlparse(url_log.read_text().split()[-1]).query)["t"][0][:-1])
    assert 15 * 60 <= seconds <= 25 * 60


def test_a_shared_session_opens_at_its_found_part(open_window, url_log: Path) -> None:
    window = open_window()
    assert window.open_session(SECOND_KEYNOTE)
    library = window.library
    assert library is not None
    segment = library.segment_of(SECOND_KEYNOTE)
    assert segment is not None and segment.basis == "transcript" and segment.cue
    # the banner names the evidence, the view opens at the part, the header counts its words
    assert segment.cue in window.transcript.banner.label.text()
    paragraphs = window.transcript.paragraphs()
    slot = window.transcript.slot_paragraph()
    assert paragraphs[slot].words_before <= segment.start_word  # type: ignore[operator]
    assert segment.start_word < paragraphs[slot].words_before + paragraphs[slot].words  # type: ignore[operator]
    own = segment.end_word - segment.start_word  # type: ignore[operator]
    assert f"{own:,} of the recording's" in window.detail.meta_label.text()
    # "watch near here" at the part's first paragraph: just after where the part begins
    window.transcript.momentRequested.emit(slot)
    assert "where this session's part begins" in window.statusBar().currentMessage()


def test_the_recordings_sessions_are_listed_in_found_order(open_window) -> None:
    window = open_window()
    assert window.open_session(SECOND_KEYNOTE)
    library = window.library
    assert library is not None
    banner = window.transcript.banner
    assert banner.sessions_button.isVisible()
    actions = banner.sessions_menu.actions()
    stream = library.stream_of(SECOND_KEYNOTE)
    assert stream is not None and len(actions) == len(stream.paths)
    starts = [library.segment_of(a.data()).start_word for a in actions]  # type: ignore[union-attr]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert [a.isChecked() for a in actions].count(True) == 1
    assert next(a for a in actions if a.isChecked()).data() == SECOND_KEYNOTE
    assert all("%" in a.text() for a in actions)
    other = next(a for a in actions if not a.isChecked())
    chosen = other.data()
    other.trigger()  # a click away (the menu is then rebuilt for the session opened)
    assert window.current_path == chosen
    segment = library.segment_of(chosen)
    assert segment is not None and segment.cue in banner.label.text()  # type: ignore[operator]


def test_no_video_no_moment(open_window, url_log: Path) -> None:
    window = open_window()
    assert window.open_session(NO_VIDEO)
    assert not window.commands[ActionId.WATCH_NEAR_HERE].isEnabled()
    assert window.reading.watch_near(0) is False
    assert not url_log.exists()
