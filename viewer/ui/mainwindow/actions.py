"""The window's actions in one registry keyed by an enum (after Picard's ui/mainwindow/actions).

Why: the main window must not grow a method per menu entry. Each action's text, shortcut,
icon and accessible name live here; the window only connects `triggered` to its slots.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import NamedTuple

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from viewer.ui.common import icons

StandardKey = QKeySequence.StandardKey


class ActionId(Enum):
    OPEN_FOLDER = auto()
    OPEN_FILE = auto()
    QUIT = auto()
    FIND = auto()
    SEARCH_ALL = auto()
    FOCUS_FILTER = auto()
    CLEAR_FILTERS = auto()
    OPEN_VIDEO = auto()
    COPY_VIDEO_LINK = auto()
    SHOW_PROBLEMS = auto()
    RELOAD = auto()
    QUICK_SWITCH = auto()
    EXPORT_SESSION = auto()
    EXPORT_LIST = auto()
    PRINT = auto()
    SHORTCUTS = auto()
    THEME_SYSTEM = auto()
    THEME_LIGHT = auto()
    THEME_DARK = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    ZOOM_RESET = auto()
    CHOOSE_FONT = auto()
    WIDTH_NARROW = auto()
    WIDTH_MEDIUM = auto()
    WIDTH_WIDE = auto()
    TOGGLE_FAVORITE = auto()
    SHOW_AGENDA = auto()
    WATCH_NEAR_HERE = auto()
    SHOW_SCHEDULE = auto()
    COPY_QUOTE = auto()
    HIGHLIGHT = auto()
    SHOW_NOTES = auto()
    EXPORT_NOTES = auto()
    DOWNLOAD_COLLECTION = auto()


class ActionSpec(NamedTuple):
    """How one command looks: its menu text, tooltip, shortcuts (standard keys or key
    strings) and icon name (`icons.GLYPHS` or a glyph)."""

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
    ActionId.RELOAD: ActionSpec(
        "&Reload Library", "Read the library's files again", (StandardKey.Refresh,), "mdi6.refresh"
    ),
    ActionId.QUICK_SWITCH: ActionSpec(
        "&Go to Session…",
        "Jump to a session by title or speaker",
        ("Ctrl+P",),
        "mdi6.arrow-right-bold-box-outline",
    ),
    ActionId.EXPORT_SESSION: ActionSpec(
        "&Export Session…",
        "Save the open session as text, Markdown or PDF",
        ("Ctrl+E",),
        "mdi6.export",
    ),
    ActionId.EXPORT_LIST: ActionSpec(
        "Export &List as CSV…",
        "Save the sessions shown in the list as CSV",
        (),
        "mdi6.table-arrow-right",
    ),
    ActionId.PRINT: ActionSpec(
        "&Print Session…", "Print the open session", ("Ctrl+Shift+P",), "mdi6.printer-outline"
    ),
    ActionId.SHORTCUTS: ActionSpec(
        "&Keyboard Shortcuts",
        "Every keyboard shortcut",
        (StandardKey.HelpContents,),
        "mdi6.keyboard-outline",
    ),
    ActionId.THEME_SYSTEM: ActionSpec("&System Theme", "Follow the desktop's light or dark mode"),
    ActionId.THEME_LIGHT: ActionSpec("&Light Theme", "Light colours"),
    ActionId.THEME_DARK: ActionSpec("&Dark Theme", "Dark colours"),
    ActionId.ZOOM_IN: ActionSpec(
        "&Larger Text",
        "Larger transcript text",
        (StandardKey.ZoomIn, "Ctrl+="),
        "mdi6.magnify-plus",
    ),
    ActionId.ZOOM_OUT: ActionSpec(
        "&Smaller Text", "Smaller transcript text", (StandardKey.ZoomOut,), "mdi6.magnify-minus"
    ),
    ActionId.ZOOM_RESET: ActionSpec("&Normal Text Size", "Default text size", ("Ctrl+0",)),
    ActionId.CHOOSE_FONT: ActionSpec("Reading &Font…", "Choose the transcript's font"),
    ActionId.WIDTH_NARROW: ActionSpec("&Narrow Lines", "About 60 characters a line"),
    ActionId.WIDTH_MEDIUM: ActionSpec("&Medium Lines", "About 75 characters a line"),
    ActionId.WIDTH_WIDE: ActionSpec("&Wide Lines", "About 100 characters a line"),
    ActionId.TOGGLE_FAVORITE: ActionSpec(
        "Add to My &Agenda", "Star the open session (My agenda)", ("Ctrl+D",), "mdi6.star-outline"
    ),
    ActionId.SHOW_AGENDA: ActionSpec(
        "Show My A&genda", "List only the starred sessions", ("Ctrl+Shift+A",), "mdi6.star"
    ),
    ActionId.WATCH_NEAR_HERE: ActionSpec(
        "&Watch Near Here",
        "Open the video at the estimated moment of the paragraph you are reading",
        ("Ctrl+Shift+Return",),
        "mdi6.play-circle-outline",
    ),
    ActionId.SHOW_SCHEDULE: ActionSpec(
        "S&chedule",
        "The day's sessions as a timetable: rooms across, time down",
        ("Ctrl+T",),
        "mdi6.calendar-clock",
    ),
    ActionId.COPY_QUOTE: ActionSpec(
        "Copy as &Quote",
        "Copy the selected text with its source: session, day, venue, speaker and video moment",
        ("Ctrl+Alt+C",),
        "mdi6.format-quote-close",
    ),
    ActionId.HIGHLIGHT: ActionSpec(
        "&Highlight Selection…",
        "Highlight the selected text, with an optional note",
        ("Ctrl+Alt+H",),
        "mdi6.marker",
    ),
    ActionId.SHOW_NOTES: ActionSpec(
        "&Notes",
        "Every highlight and note of the library",
        ("Ctrl+Shift+N",),
        "mdi6.notebook-outline",
    ),
    ActionId.EXPORT_NOTES: ActionSpec(
        "Export N&otes…",
        "Save your highlights and notes as Markdown or text",
        (),
        "mdi6.notebook-edit-outline",
    ),
    ActionId.DOWNLOAD_COLLECTION: ActionSpec(
        "&Download the collection…",
        "Download the summit's full session collection and open it",
        (),
        "mdi6.download",
    ),
}

WIDTH_ACTIONS = {ActionId.WIDTH_NARROW: 60, ActionId.WIDTH_MEDIUM: 75, ActionId.WIDTH_WIDE: 100}

THEME_ACTIONS = {ActionId.THEME_SYSTEM: "system", ActionId.THEME_LIGHT: "light",
                 ActionId.THEME_DARK: "dark"}  # fmt: skip

# Menu layout: (title, entries); None is a separator, a str names a submenu the window fills.
MENUS: tuple[tuple[str, tuple[ActionId | str | None, ...]], ...] = (
    ("&File", (ActionId.OPEN_FOLDER, ActionId.OPEN_FILE, "recent", ActionId.RELOAD,
               ActionId.DOWNLOAD_COLLECTION, None,
               ActionId.EXPORT_SESSION, ActionId.EXPORT_LIST, ActionId.EXPORT_NOTES,
               ActionId.PRINT, None,
               ActionId.SHOW_PROBLEMS, None, ActionId.QUIT)),
    ("&Edit", (ActionId.FIND, ActionId.SEARCH_ALL, None, ActionId.COPY_QUOTE,
               ActionId.HIGHLIGHT, None, ActionId.FOCUS_FILTER, ActionId.CLEAR_FILTERS)),
    ("&Go", (ActionId.QUICK_SWITCH, ActionId.SHOW_AGENDA, ActionId.SHOW_SCHEDULE,
             ActionId.SHOW_NOTES)),
    ("&Session", (ActionId.OPEN_VIDEO, ActionId.WATCH_NEAR_HERE, ActionId.COPY_VIDEO_LINK, None,
                  ActionId.TOGGLE_FAVORITE)),
    ("&View", (ActionId.THEME_SYSTEM, ActionId.THEME_LIGHT, ActionId.THEME_DARK, None,
               ActionId.ZOOM_IN, ActionId.ZOOM_OUT, ActionId.ZOOM_RESET, ActionId.CHOOSE_FONT,
               None, ActionId.WIDTH_NARROW, ActionId.WIDTH_MEDIUM, ActionId.WIDTH_WIDE)),
    ("&Help", (ActionId.SHORTCUTS, ActionId.DOWNLOAD_COLLECTION)),
)  # fmt: skip


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


def menu_path(action_id: ActionId) -> str:
    """Where a person finds a command, as the menus and its first shortcut show it:
    "Edit ▸ Highlight Selection… (Ctrl+Alt+H)"."""
    spec = SPECS[action_id]
    title = next((t for t, entries in MENUS if action_id in entries), "")
    path = " ▸ ".join(mnemonic_free(text) for text in (title, spec.text) if text)
    keys = _sequences(spec.keys)
    shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    return f"{path} ({shortcut})" if shortcut else path


def mnemonic_free(text: str) -> str:
    """ "&Highlight Selection…" -> "Highlight Selection…" (a doubled "&&" is a real "&")."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


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
    for group_ids in (THEME_ACTIONS, WIDTH_ACTIONS):
        group = QActionGroup(parent)
        for action_id in group_ids:
            actions[action_id].setCheckable(True)
            group.addAction(actions[action_id])
    actions[ActionId.TOGGLE_FAVORITE].setCheckable(True)
    actions[ActionId.SHOW_AGENDA].setCheckable(True)
    return actions


def build_menus(
    bar: QMenuBar, actions: dict[ActionId, QAction], submenus: dict[str, QMenu]
) -> None:
    """Fill the menu bar from MENUS."""
    for title, entries in MENUS:
        menu = bar.addMenu(title)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, str):
                menu.addMenu(submenus[entry])
            else:
                menu.addAction(actions[entry])
