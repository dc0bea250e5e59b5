"""Persistent user settings: one INI file, typed accessors, corruption kept aside.

Why a wrapper: QSettings in IniFormat hands back strings for every scalar and a bare string for a
one-element list, so each caller would re-implement the same coercions; and a damaged settings
file must never crash start-up or be silently overwritten (DESIGN.md, "Untrusted input").

Location: `settings.ini` in `viewer.core.util.appdirs.config_dir()`.
QSettings writes through QSaveFile, so a crash mid-write leaves the previous file intact.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from viewer.core.util.appdirs import config_dir
from viewer.core.util.atomic import NotRegularFile, read_regular, set_aside

E2E_LOG_ENV = "SUMMIT_E2E_LOG"  # names the state log of viewer.ui.mainwindow.e2e_probe (tests only)
SETTINGS_FILE = "settings.ini"
MAX_SETTINGS_BYTES = 16 * 1024 * 1024  # a settings file this large is damaged
MAX_RECENT = 8

# Every settings key of the program, declared here and nowhere else (a test checks that), with
# what it holds. Values are read through `AppSettings`' typed getters with the caller's default.
KEY_GEOMETRY = "window/geometry"  # QMainWindow.saveGeometry bytes
KEY_STATE = "window/state"  # QMainWindow.saveState bytes
KEY_SPLITTER = "window/splitter"  # detail pane over transcript: QSplitter state
KEY_SIDE_SPLITTER = "window/sideSplitter"  # list beside reader: QSplitter state
KEY_SORT_COLUMN = "list/sortColumn"  # int, -1 for unsorted
KEY_SORT_ORDER = "list/sortOrder"  # Qt.SortOrder value
KEY_COLUMNS = "list/columnWidths"  # JSON list of ints
KEY_FILTERS = "list/filters"  # JSON object of the list's filter values
KEY_LAST_LIBRARY = "library/last"  # list of paths
KEY_LAST_SESSION = "library/lastSession"  # session path
KEY_RECENT = "library/recent"  # JSON list of path lists
KEY_THEME = "view/theme"  # "system" | "light" | "dark"
KEY_FONT_FAMILY = "reading/fontFamily"  # transcript font family
KEY_FONT_SIZE = "reading/fontSize"  # transcript point size, "%.1f"
KEY_COLUMN_CHARS = "reading/columnChars"  # transcript line width in characters
KEY_COLLECTION_URL = "download/url"  # where the welcome page downloads the collection from


SAMPLE_LIBRARY = Path(__file__).resolve().parents[3] / "resources" / "sample"


def _looks_corrupt(path: Path) -> bool:
    """A NUL byte never occurs in a file QSettings wrote; non-UTF-8 bytes neither; and it is
    always a regular file (QSettings would block forever reading a FIFO)."""
    try:
        data = read_regular(path, MAX_SETTINGS_BYTES)
    except (NotRegularFile, ValueError):
        return True
    except OSError:
        return False
    if b"\x00" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def open_settings(path: Path | None = None) -> QSettings:
    """Open (or create) the INI settings file; a corrupt file is renamed aside, not reused.

    Returns a QSettings with a Python attribute `corrupt_backup` (Path or None) telling the
    caller whether a damaged file was set aside, so the window can say so in the status bar.
    """
    path = path or config_dir() / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    backup: Path | None = None
    if path.exists() and _looks_corrupt(path):
        backup = set_aside(path)
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if settings.status() == QSettings.Status.FormatError:
        del settings
        backup = set_aside(path)
        settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.corrupt_backup = backup  # type: ignore[attr-defined]
    return settings


def _same_value(stored: Any, value: Any) -> bool:
    """Whether `value` is what QSettings already holds (INI files give ints back as text)."""
    if stored is None or isinstance(value, bool):
        return False
    if isinstance(value, (QByteArray, bytes, bytearray)):
        as_bytes = value.data() if isinstance(value, QByteArray) else bytes(value)
        return isinstance(stored, QByteArray) and stored.data() == as_bytes
    if isinstance(value, (int, str)) and isinstance(stored, (int, str)):
        return str(stored) == str(value)
    return False


class AppSettings:
    """Typed access to the values the window remembers between runs.

    Attributes:
        qsettings: the underlying QSettings (INI format).
        corrupt_backup: where a damaged settings file was moved, or None.
    """

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else open_settings()
        self.corrupt_backup: Path | None = getattr(self.qsettings, "corrupt_backup", None)

    # -- generic coercions -------------------------------------------------------------------

    def _raw(self, key: str) -> Any:
        return self.qsettings.value(key)

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._raw(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes) and value:
            return QByteArray(value)
        return None

    def get_int(self, key: str, default: int) -> int:
        value = self._raw(key)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def get_str(self, key: str, default: str = "") -> str:
        value = self._raw(key)
        return value if isinstance(value, str) else default

    def get_json(self, key: str, default: Any) -> Any:
        """Structured values are stored as JSON text: INI lists lose their type otherwise."""
        text = self.get_str(key)
        if not text:
            return default
        try:
            value = json.loads(text)
        except ValueError:
            return default
        return value if isinstance(value, type(default)) else default

    def set_value(self, key: str, value: Any) -> None:
        """Store `value`, unless the stored value is already the same: QSettings rewrites (and
        flushes) its file at the next sync whenever any key was set, and a window closed
        without changing its layout then writes nothing."""
        if not _same_value(self.qsettings.value(key), value):
            self.qsettings.setValue(key, value)

    def set_json(self, key: str, value: Any) -> None:
        self.set_value(key, json.dumps(value, ensure_ascii=False))

    def sync(self) -> None:
        self.qsettings.sync()

    # -- domain values -----------------------------------------------------------------------

    def last_library(self) -> list[str]:
        return [p for p in self.get_json(KEY_LAST_LIBRARY, []) if isinstance(p, str)]

    def set_last_library(self, paths: Sequence[str]) -> None:
        self.set_json(KEY_LAST_LIBRARY, [str(p) for p in paths])
        self.add_recent(paths)

    def recent_libraries(self) -> list[list[str]]:
        entries = self.get_json(KEY_RECENT, [])
        return [
            [p for p in entry if isinstance(p, str)]
            for entry in entries
            if isinstance(entry, list) and entry
        ]

    def add_recent(self, paths: Sequence[str]) -> None:
        entry = [str(p) for p in paths]
        if not entry:
            return
        recent = [r for r in self.recent_libraries() if r != entry]
        self.set_json(KEY_RECENT, [entry, *recent][:MAX_RECENT])

    def clear_recent(self) -> None:
        self.set_json(KEY_RECENT, [])

    def last_session(self) -> str:
        return self.get_str(KEY_LAST_SESSION)

    def set_last_session(self, path: str) -> None:
        self.set_value(KEY_LAST_SESSION, path)

    def filters(self) -> dict[str, Any]:
        return self.get_json(KEY_FILTERS, {})

    def set_filters(self, values: dict[str, Any]) -> None:
        self.set_json(KEY_FILTERS, values)

    def sort(self) -> tuple[int, int]:
        """(column, Qt.SortOrder value); column -1 means "file order"."""
        return self.get_int(KEY_SORT_COLUMN, -1), self.get_int(KEY_SORT_ORDER, 0)

    def set_sort(self, column: int, order: int) -> None:
        self.set_value(KEY_SORT_COLUMN, int(column))
        self.set_value(KEY_SORT_ORDER, int(order))
