"""The window's actions in one registry keyed by an enum (after Picard's ui/mainwindow/actions).

Why: the main window must not grow a method per menu entry. Each action's text, shortcut,
icon and accessible name live here; the window only connects `triggered` to its slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from viewer.ui import icons

StandardKey = QKeySequence.StandardKey


class ActionId(Enum):
    OPEN_FOLDER = auto()
    OPEN_FILE = auto()
    QUIT = auto()
    FIND = auto()
    FIND_NEXT = auto()
    FIND_PREVIOUS = auto()
    SEARCH_ALL = auto()
    FOCUS_FILTER = auto()
    CLEAR_FILTERS = auto()
    OPEN_VIDEO = auto()
    COPY_VIDEO_LINK = auto()
    SHOW_PROBLEMS = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str
    tip: str
    keys: tuple[QKeySequence.StandardKey | str, ...] = ()
    icon: str = ""


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.OPEN_FOLDER: ActionSpec(
        "Open &Folder…", "Open a folder of session files", (StandardKey.Open,), "open_folder"
    ),
    ActionId.OPEN_FILE: ActionSpec(
        "Open F&ile…", "Open one or more session files", ("Ctrl+Shift+O",), "open_file"
    ),
    ActionId.QUIT: ActionSpec("&Quit", "Quit the viewer", (StandardKey.Quit, "Ctrl+Q"), "quit"),
    ActionId.FIND: ActionSpec(
        "&Find in Transcript…", "Find text in the open transcript", (StandardKey.Find,), "find"
    ),
    ActionId.FIND_NEXT: ActionSpec("Find &Next", "Next match", (StandardKey.FindNext,)),
    ActionId.FIND_PREVIOUS: ActionSpec(
        "Find Pre&vious", "Previous match", (StandardKey.FindPrevious,)
    ),
    ActionId.SEARCH_ALL: ActionSpec(
        "&Search All Transcripts…",
        "Search every transcript in the library",
        ("Ctrl+Shift+F",),
        "search",
    ),
    ActionId.FOCUS_FILTER: ActionSpec(
        "Filter &Sessions", "Type to filter the session list", ("Ctrl+L",)
    ),
    ActionId.CLEAR_FILTERS: ActionSpec(
        "&Clear Filters", "Show every session", ("Ctrl+Shift+L",), "clear_filters"
    ),
    ActionId.OPEN_VIDEO: ActionSpec(
        "Open &Video", "Open the session's video in the browser", ("Ctrl+Return",), "video"
    ),
    ActionId.COPY_VIDEO_LINK: ActionSpec(
        "Copy Video &Link", "Copy the video address", ("Ctrl+Shift+C",), "copy"
    ),
    ActionId.SHOW_PROBLEMS: ActionSpec(
        "Show &Problems…", "Files that could not be read as sessions", (), "problems"
    ),
}


def _sequences(keys: tuple[QKeySequence.StandardKey | str, ...]) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key) if isinstance(key, StandardKey) else [QKeySequence(key)]
        )
        for sequence in found:
            if not sequence.isEmpty() and sequence not in sequences:
                sequences.append(sequence)
    return sequences


def build_actions(parent: QWidget) -> dict[ActionId, QAction]:
    """One QAction per ActionId, parented to `parent` (add them to menus or the window)."""
    actions: dict[ActionId, QAction] = {}
    for action_id, spec in SPECS.items():
        action = QAction(spec.text, parent)
        action.setObjectName(f"action{action_id.name.title().replace('_', '')}")
        action.setToolTip(spec.tip)
        action.setStatusTip(spec.tip)
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
        action.setShortcuts(_sequences(spec.keys))
        actions[action_id] = action
    return actions
