"""Menu commands that open dialogs, kept out of the main window.

Each is a few lines of glue between an action and a dialog owned by another module (file
choosers, quick switcher, shortcuts, export); each takes the objects it uses and a callback
for what follows, never the window, so the window stays an assembler (as in qutebrowser).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from viewer.ui.common.theme import ThemeMode
from viewer.ui.mainwindow.actions import THEME_ACTIONS, ActionId

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality
    from viewer.core.session.model import Session
    from viewer.ui.common.settings import AppSettings

Load = Callable[[list[str]], None]
Tell = Callable[[str, int], None]


def choose_folder(parent: QWidget, start: str, load: Load) -> None:
    from PySide6.QtWidgets import QFileDialog  # here: only when asked (start-up cost)

    folder = QFileDialog.getExistingDirectory(
        parent, "Open Folder of Sessions", start or str(Path.home())
    )
    if folder:
        load([folder])


def choose_files(parent: QWidget, load: Load) -> None:
    from PySide6.QtWidgets import QFileDialog

    files, _ = QFileDialog.getOpenFileNames(
        parent, "Open Session Files", "", "Markdown sessions (*.md);;All files (*)"
    )
    if files:
        load(files)


def fill_recent_menu(menu: QMenu, settings: AppSettings, load: Load) -> None:
    """File > Recent Libraries, rebuilt each time it opens."""
    menu.clear()
    recent = settings.recent_libraries()
    for paths in recent:
        action = menu.addAction(", ".join(Path(p).name for p in paths))
        action.setToolTip("\n".join(paths))
        action.triggered.connect(lambda _checked=False, p=paths: load(p))
    if not recent:
        menu.addAction("No recent libraries").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear Recent Libraries", settings.clear_recent)


def quick_switch(
    parent: QWidget, sessions: Sequence[Session], open_session: Callable[[str], object]
) -> QDialog:
    """Ctrl+P: a popup over every session; the chosen one opens (filters left alone). The
    caller keeps the returned dialog alive."""
    from viewer.ui.sessions.quick_switcher import QuickSwitcher

    dialog = QuickSwitcher(list(sessions), parent)
    dialog.sessionChosen.connect(open_session)
    dialog.open()
    return dialog


def show_shortcuts(parent: QWidget, actions: Iterable[QAction]) -> QDialog:
    from viewer.ui.mainwindow.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(actions, parent)
    dialog.open()
    return dialog


def export_session(
    parent: QWidget, session: Session | None, tell: Tell, quality: Quality | None = None
) -> None:
    from viewer.ui.reader.exporting import export_session as export

    if session is not None and export(parent, session, quality=quality) is not None:
        tell("Session exported", 4000)


def print_session(parent: QWidget, session: Session | None, quality: Quality | None = None) -> None:
    from viewer.ui.reader.exporting import print_session as print_it

    if session is not None:
        print_it(parent, session, quality)


def export_list(parent: QWidget, shown: Sequence[Session], tell: Tell) -> None:
    """The sessions the list shows, in its current order and filter."""
    from viewer.ui.reader.exporting import export_list as export

    if export(parent, list(shown)) is not None:
        tell(f"Exported {len(shown)} sessions", 4000)


def connect_theme_actions(
    actions: dict[ActionId, QAction], choose: Callable[[ThemeMode], object]
) -> None:
    """View > Theme entries call `choose(mode)`."""
    for action_id, mode in THEME_ACTIONS.items():
        actions[action_id].triggered.connect(lambda _checked=False, m=mode: choose(ThemeMode(m)))


def tick_theme(actions: dict[ActionId, QAction], mode: ThemeMode) -> None:
    """Tick the View > Theme entry of `mode`."""
    for action_id, value in THEME_ACTIONS.items():
        actions[action_id].setChecked(value == mode.value)
