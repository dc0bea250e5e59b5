"""The app's folders: settings, caches (header cache, search index) and downloaded collections.

One module so that the window, the welcome page and every command-line mode agree: the window
and `--search` share one search index instead of building two. No Qt: the locations are the
ones Qt's QStandardPaths gives for organisation and application "SummitViewer", worked out
here so that command-line modes that never start Qt find the same files.

Overrides: `SUMMIT_CONFIG_DIR` moves everything below one folder (the tests use it so they
never touch a home folder); `SUMMIT_CACHE_DIR` moves only the caches.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ORGANISATION = APPLICATION = "SummitViewer"
CONFIG_ENV = "SUMMIT_CONFIG_DIR"
CACHE_ENV = "SUMMIT_CACHE_DIR"


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value) if value else None


def _base(xdg: str, default: Path, mac: str, windows: str) -> Path:
    """The user's base folder of one kind, as QStandardPaths finds it on each system."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / mac
    if sys.platform == "win32":
        return _env_path(windows) or Path.home() / "AppData" / "Local"
    found = _env_path(xdg)
    return found if found is not None and found.is_absolute() else default


def config_dir() -> Path:
    """Settings, favorites, reading positions and notes."""
    override = _env_path(CONFIG_ENV)
    if override is not None:
        return override
    base = _base("XDG_CONFIG_HOME", Path.home() / ".config", "Preferences", "LOCALAPPDATA")
    return base / ORGANISATION / APPLICATION


def cache_dir() -> Path:
    """The header cache and, in `search_dir()`, the search index: rebuilt when deleted."""
    explicit = _env_path(CACHE_ENV)
    if explicit is not None:
        return explicit
    override = _env_path(CONFIG_ENV)
    if override is not None:
        return override / "cache"
    base = _base("XDG_CACHE_HOME", Path.home() / ".cache", "Caches", "LOCALAPPDATA")
    folder = base / ORGANISATION / APPLICATION
    return folder / "cache" if sys.platform == "win32" else folder


def search_dir() -> Path:
    """Where search indexes live (one file per set of library roots)."""
    return cache_dir() / "search"


def data_dir() -> Path:
    """Data the app keeps for the user (downloaded collections)."""
    override = _env_path(CONFIG_ENV)
    if override is not None:
        return override
    local_share = Path.home() / ".local" / "share"
    base = _base("XDG_DATA_HOME", local_share, "Application Support", "APPDATA")
    return base / ORGANISATION / APPLICATION


def collections_dir() -> Path:
    """Where downloaded collections are unpacked."""
    return data_dir() / "collections"
