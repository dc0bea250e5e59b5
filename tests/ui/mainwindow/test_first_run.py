"""First run: the invented sample says so everywhere; the collection is offered in the menus;
a library is named by its README's title; list commands switch to the tab they act on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMenuBar

from viewer.ui.library.naming import SAMPLE_NAME, library_name
from viewer.ui.mainwindow.actions import ActionId
from viewer.ui.mainwindow.application import SAMPLE_LIBRARY, create_window
from viewer.ui.mainwindow.window import MainWindow

LOAD_TIMEOUT_MS = 30_000
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture
def open_window(qtbot: Any, private_config: Path) -> Iterator[Callable[..., MainWindow]]:
    def factory(paths: list[Path | str]) -> MainWindow:
        window = create_window([str(p) for p in paths])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=LOAD_TIMEOUT_MS):
            window.show()
        return window

    yield factory


def test_the_sample_is_labelled_invented_everywhere(open_window) -> None:
    window = open_window([])  # first run: no paths, no last library
    assert window.library_paths == [str(SAMPLE_LIBRARY)]
    assert SAMPLE_NAME in window.windowTitle() and "invented" in SAMPLE_NAME
    assert SAMPLE_NAME in window.status.library_label.text()
    assert window.sample_banner.isVisible()
    assert "made up" in window.sample_banner.label.text()


def test_a_library_is_named_by_its_readme_title(open_window, library_dir: Path) -> None:
    (library_dir / "README.md").write_text("# 🌐 Imaginary Congress 2040\n\nText.\n", "utf-8")
    window = open_window([library_dir])
    assert not window.sample_banner.isVisible()
    assert window.windowTitle().startswith("Imaginary Congress 2040 — ")
    assert window.status.library_label.text().endswith("· Imaginary Congress 2040")
    assert library_name([library_dir / "missing"]) == "missing"


def _menu_texts(bar: QMenuBar, title: str) -> list[str]:
    menu = next(a.menu() for a in bar.actions() if a.text().replace("&", "") == title)
    return [a.text().replace("&", "") for a in menu.actions()]


def test_download_is_in_the_file_and_help_menus(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    for title in ("File", "Help"):
        assert "Download the collection…" in _menu_texts(window.menuBar(), title)
    started: list[bool] = []
    window.set_collection_url("http://127.0.0.1:9/nothing.tar.gz")  # refused at once
    window.commands[ActionId.DOWNLOAD_COLLECTION].trigger()
    assert window.welcome is not None and window.reader_stack.currentWidget() is window.welcome
    started.append(window.welcome.is_downloading())
    window.welcome.cancel_download()
    assert started == [True]


def test_list_commands_switch_to_the_sessions_tab(open_window, library_dir: Path) -> None:
    window = open_window([library_dir])
    window.focus_search()
    assert window.side_tabs.currentWidget() is not window.browser
    window.commands[ActionId.SHOW_AGENDA].trigger()
    assert window.side_tabs.currentWidget() is window.browser
    window.commands[ActionId.SHOW_AGENDA].trigger()
    window.focus_search()
    window.commands[ActionId.CLEAR_FILTERS].trigger()
    assert window.side_tabs.currentWidget() is window.browser
    QApplication.processEvents()


def test_first_run_list_width_fits_the_window() -> None:
    from viewer.ui.mainwindow.state import LIST_WIDTH, list_width

    widths = {w: list_width(w) for w in (600, 900, 1360, 1600, 2560)}
    assert all(w // 3 <= widths[w] <= w // 2 for w in (900, 1360, 1600)), widths
    assert widths[2560] == LIST_WIDTH[1] and widths[600] <= 300
    assert list(widths.values()) == sorted(widths.values())
