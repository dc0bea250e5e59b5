"""Menu commands that open dialogs or change app-wide state, kept out of the main window.

Why functions over a window argument: each is a few lines of glue between an action and a
dialog owned by another module (quick switcher, shortcuts, export, theme); putting them here
keeps `main_window.py` an assembler, as in qutebrowser.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from viewer.ui.mainwindow.actions import THEME_ACTIONS, ActionId
from viewer.ui.sessions.model import SessionRole

if TYPE_CHECKING:
    from viewer.core.session.model import Session
    from viewer.ui.common.settings import AppSettings
    from viewer.ui.mainwindow.window import MainWindow

KEY_THEME = "view/theme"


def choose_folder(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog  # here: only when asked (start-up cost)

    start = window.library_paths[0] if window.library_paths else str(Path.home())
    folder = QFileDialog.getExistingDirectory(window, "Open Folder of Sessions", start)
    if folder:
        window.load([folder])


def choose_files(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    files, _ = QFileDialog.getOpenFileNames(
        window, "Open Session Files", "", "Markdown sessions (*.md);;All files (*)"
    )
    if files:
        window.load(files)


def fill_recent_menu(window: MainWindow) -> None:
    """File > Recent Libraries, rebuilt each time it opens."""
    menu = window.recent_menu
    menu.clear()
    recent = window.settings.recent_libraries()
    for paths in recent:
        action = menu.addAction(", ".join(Path(p).name for p in paths))
        action.setToolTip("\n".join(paths))
        action.triggered.connect(lambda _checked=False, p=paths: window.load(p))
    if not recent:
        menu.addAction("No recent libraries").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear Recent Libraries", window.settings.clear_recent)


def quick_switch(window: MainWindow) -> None:
    """Ctrl+P: a popup over every session; the chosen one opens (filters left alone)."""
    from viewer.ui.sessions.quick_switcher import QuickSwitcher

    if window.library is None:
        return
    dialog = QuickSwitcher(window.library.sessions, window)
    dialog.sessionChosen.connect(window.open_session)
    window.dialogs["quick"] = dialog
    dialog.open()


def show_shortcuts(window: MainWindow) -> None:
    from viewer.ui.mainwindow.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.findChildren(QAction), window)
    window.dialogs["shortcuts"] = dialog
    dialog.open()


def _open_session(window: MainWindow) -> Session | None:
    if window.library is None or not window.current_path:
        return None
    return window.library.full_session(window.current_path)


def export_session(window: MainWindow) -> None:
    from viewer.ui.reader.exporting import export_session as export

    session = _open_session(window)
    if session is not None and export(window, session) is not None:
        window.statusBar().showMessage("Session exported", 4000)


def print_session(window: MainWindow) -> None:
    from viewer.ui.reader.exporting import print_session as print_it

    session = _open_session(window)
    if session is not None:
        print_it(window, session)


def export_list(window: MainWindow) -> None:
    """The sessions the list shows, in its current order and filter."""
    from viewer.ui.reader.exporting import export_list as export

    proxy = window.browser.proxy
    shown = [proxy.index(row, 0).data(SessionRole) for row in range(proxy.rowCount())]
    if export(window, [s for s in shown if s is not None]) is not None:
        window.statusBar().showMessage(f"Exported {len(shown)} sessions", 4000)


def saved_theme(settings: AppSettings) -> str:
    """The theme mode the user chose ("system", "light" or "dark")."""
    mode = settings.get_str(KEY_THEME, "system")
    return mode if mode in THEME_ACTIONS.values() else "system"


def apply_theme_setting(window: MainWindow, mode: str | None = None) -> None:
    """Apply `mode` (or the saved one) to the application and tick its menu entry."""
    from viewer.ui.common.theme import apply_theme

    mode = saved_theme(window.settings) if mode is None else mode
    if mode not in THEME_ACTIONS.values():
        mode = "system"
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, mode)
    window.settings.set_value(KEY_THEME, mode)
    for action_id, value in THEME_ACTIONS.items():
        window.commands[action_id].setChecked(value == mode)


def connect_theme_actions(window: MainWindow) -> None:
    for action_id, mode in THEME_ACTIONS.items():
        window.commands[action_id].triggered.connect(
            lambda _checked=False, m=mode: apply_theme_setting(window, m)
        )


__all__ = [
    "ActionId",
    "apply_theme_setting",
    "choose_files",
    "choose_folder",
    "connect_theme_actions",
    "export_list",
    "export_session",
    "fill_recent_menu",
    "print_session",
    "quick_switch",
    "show_shortcuts",
]
