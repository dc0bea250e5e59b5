"""Settings wrapper: typed values, recent libraries, corrupt files set aside, config location."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from viewer.core.util.appdirs import cache_dir, config_dir
from viewer.ui.common.settings import MAX_RECENT, AppSettings, open_settings


def test_location_follows_the_override(private_config: Path) -> None:
    assert config_dir() == private_config
    assert cache_dir() == private_config / "cache"


def test_values_round_trip(private_config: Path) -> None:
    settings = AppSettings()
    settings.set_last_library(["/a", "/b"])
    settings.set_filters({"text": "ünï", "day": 2, "has_video": True})
    settings.set_sort(3, 1)
    settings.set_last_session("Day-1/sessions/001")
    settings.sync()
    again = AppSettings(open_settings(private_config / "settings.ini"))
    assert again.last_library() == ["/a", "/b"]
    assert again.filters() == {"text": "ünï", "day": 2, "has_video": True}
    assert again.sort() == (3, 1)
    assert again.last_session() == "Day-1/sessions/001"
    assert again.corrupt_backup is None


def test_recent_libraries_are_deduplicated_and_capped(private_config: Path) -> None:
    settings = AppSettings()
    for n in range(MAX_RECENT + 3):
        settings.add_recent([f"/lib{n}"])
    settings.add_recent(["/lib4"])
    recent = settings.recent_libraries()
    assert recent[0] == ["/lib4"]
    assert len(recent) == MAX_RECENT
    assert recent.count(["/lib4"]) == 1
    settings.clear_recent()
    assert settings.recent_libraries() == []


def test_wrong_types_fall_back_to_defaults(private_config: Path) -> None:
    settings = AppSettings()
    settings.set_value("list/filters", "{not json")
    settings.set_value("list/sortColumn", "abc")
    settings.set_value("library/last", '{"a": 1}')
    assert settings.filters() == {}
    assert settings.sort() == (-1, 0)
    assert settings.last_library() == []


def test_nul_bytes_mean_corrupt_and_are_kept_aside(private_config: Path) -> None:
    ini = private_config / "settings.ini"
    ini.write_bytes(b"[library]\nlast=\x00\x00\n")
    settings = AppSettings()
    assert settings.corrupt_backup == private_config / "settings.ini.corrupt"
    assert settings.corrupt_backup.read_bytes() == b"[library]\nlast=\x00\x00\n"
    assert settings.last_library() == []
    settings.set_last_session("x")
    settings.sync()
    assert b"\x00" not in ini.read_bytes()
    # A second corrupt file does not overwrite the first backup.
    ini.write_bytes(b"\xff\xfe garbage")
    second = AppSettings()
    assert second.corrupt_backup is not None
    assert second.corrupt_backup != settings.corrupt_backup
    assert (private_config / "settings.ini.corrupt").read_bytes().startswith(b"[library]")


def test_saving_unchanged_values_leaves_the_file_alone(private_config: Path) -> None:
    import os

    from PySide6.QtCore import QByteArray

    path = private_config / "settings.ini"

    def save(settings: AppSettings, layout: bytes, column: int) -> None:
        settings.set_value("window/geometry", QByteArray(layout))
        settings.set_sort(column, 1)
        settings.set_filters({"text": "health", "day": 2})
        settings.set_last_session("Day-1/sessions/001")
        settings.sync()

    save(AppSettings(open_settings(path)), b"\x01\x02layout", 3)
    os.utime(path, ns=(1, 1_000_000_000))  # a stamp no write could leave
    reopened = AppSettings(open_settings(path))  # ints and bytes come back from the INI text
    save(reopened, b"\x01\x02layout", 3)
    assert path.stat().st_mtime_ns == 1_000_000_000  # same values: nothing written
    save(reopened, b"\x01\x02layout", 4)  # one value changed: written
    assert path.stat().st_mtime_ns != 1_000_000_000
    again = AppSettings(open_settings(path))
    assert again.sort() == (4, 1)
    assert again.get_bytes("window/geometry") == QByteArray(b"\x01\x02layout")
    again.set_value("window/geometry", b"\x03other")  # bytes as well as QByteArray
    again.sync()
    assert AppSettings(open_settings(path)).get_bytes("window/geometry") == QByteArray(b"\x03other")


def test_folders_are_where_qt_puts_them(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """appdirs works the folders out without Qt; they must be QStandardPaths' own, so that
    settings and caches written before stay found."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    from viewer.core.util import appdirs

    for name in ("SUMMIT_CONFIG_DIR", "SUMMIT_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName(appdirs.ORGANISATION)
    QCoreApplication.setApplicationName(appdirs.APPLICATION)
    try:
        where = QStandardPaths.writableLocation
        kinds = QStandardPaths.StandardLocation
        assert appdirs.config_dir() == Path(where(kinds.AppConfigLocation))
        assert appdirs.cache_dir() == Path(where(kinds.CacheLocation))
        assert appdirs.data_dir() == Path(where(kinds.AppDataLocation))
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])


def test_every_settings_key_is_declared_in_the_settings_module() -> None:
    """Keys scattered over modules drift: every `KEY_* = "section/name"` lives in settings.py."""
    import re

    root = Path(__file__).resolve().parents[3] / "viewer"
    declaration = re.compile(r'^KEY_\w+\s*=\s*"[\w/]+"', re.M)
    elsewhere = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "settings.py" and declaration.search(path.read_text(encoding="utf-8"))
    ]
    assert elsewhere == []
