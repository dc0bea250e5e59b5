"""Favorites and reading positions survive faults: corrupt, truncated, wrong-typed, read-only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.library.userstate import STATE_FILE, UserState


def test_round_trip(tmp_path: Path) -> None:
    state = UserState.load(tmp_path)
    assert state.toggle_favorite("Day-1/sessions/001") is True
    state.set_position("Day-1/sessions/001", 12)
    assert state.save()
    again = UserState.load(tmp_path)
    assert again.favorites == {"Day-1/sessions/001"} and again.position("Day-1/sessions/001") == 12
    assert again.toggle_favorite("Day-1/sessions/001") is False
    assert UserState.load(tmp_path).favorites == set()
    assert again.warning == ""


@pytest.mark.parametrize(
    "content",
    [
        b"\x00" * 64,
        b'{"favorites": ["a", "b"], "positions": {"a": 3',  # truncated mid-write
        b'{"favorites": "a", "positions": {}}',
        b"[1, 2, 3]",
        b"\xff\xfe garbage",
    ],
)
def test_damaged_file_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    (tmp_path / STATE_FILE).write_bytes(content)
    state = UserState.load(tmp_path)
    assert state.favorites == set() and "damaged" in state.warning
    assert (tmp_path / f"{STATE_FILE}.corrupt").read_bytes() == content
    state.toggle_favorite("x")
    assert json.loads((tmp_path / STATE_FILE).read_text())["favorites"] == ["x"]


def test_wrong_typed_entries_are_dropped(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text(
        json.dumps({"favorites": ["ok", 5, None], "positions": {"a": 2, "b": "x", "c": -1}})
    )
    state = UserState.load(tmp_path)
    assert state.favorites == {"ok"} and state.positions == {"a": 2}


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_keeps_state_in_memory(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        state = UserState.load(tmp_path)
        assert state.toggle_favorite("x") is True
        assert state.is_favorite("x") and "Could not save" in state.warning
    finally:
        tmp_path.chmod(0o700)


def test_unwritable_target_keeps_state_in_memory(tmp_path: Path) -> None:
    # Works as root too: the state file's folder is a regular file, so nothing can be written.
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder")
    state = UserState.load(blocker)
    assert state.toggle_favorite("x") is True
    assert state.is_favorite("x") and "Could not save" in state.warning
    assert blocker.read_text() == "not a folder"


def test_killed_mid_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = UserState.load(tmp_path)
    state.toggle_favorite("kept")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    state.toggle_favorite("lost")
    monkeypatch.undo()
    assert UserState.load(tmp_path).favorites == {"kept"}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
