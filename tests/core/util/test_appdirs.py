"""The app's folders, worked out once for the window and every command-line mode."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from viewer.core.util import appdirs


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("SUMMIT_CONFIG_DIR", "SUMMIT_CACHE_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_defaults_follow_the_desktop_conventions(home: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("the XDG layout is Linux's")
    assert appdirs.config_dir() == home / ".config" / "SummitViewer" / "SummitViewer"
    assert appdirs.cache_dir() == home / ".cache" / "SummitViewer" / "SummitViewer"
    assert appdirs.search_dir() == appdirs.cache_dir() / "search"
    assert appdirs.collections_dir() == (
        home / ".local" / "share" / "SummitViewer" / "SummitViewer" / "collections"
    )


def test_xdg_variables_move_each_kind(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.platform != "linux":
        pytest.skip("the XDG layout is Linux's")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "c"))
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")  # the spec says: ignore it
    assert appdirs.cache_dir() == home / "c" / "SummitViewer" / "SummitViewer"
    assert appdirs.config_dir() == home / ".config" / "SummitViewer" / "SummitViewer"


def test_overrides_move_everything_or_only_caches(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMIT_CONFIG_DIR", str(home / "profile"))
    assert appdirs.config_dir() == home / "profile"
    assert appdirs.cache_dir() == home / "profile" / "cache"
    assert appdirs.collections_dir() == home / "profile" / "collections"
    monkeypatch.setenv("SUMMIT_CACHE_DIR", str(home / "elsewhere"))
    assert appdirs.search_dir() == home / "elsewhere" / "search"
    assert appdirs.config_dir() == home / "profile"
