"""Favorites and reading positions survive faults: corrupt, truncated, wrong-typed, read-only."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.library.userstate import STATE_FILE, UserState, state_keys


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


def test_a_save_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    state = UserState.load(tmp_path)
    assert state.save() and not (tmp_path / STATE_FILE).exists()  # a window that only read
    state.set_position("Day-1/sessions/001", 4)
    assert state.save()
    written = (tmp_path / STATE_FILE).stat().st_mtime_ns
    other = UserState.load(tmp_path)  # another window's change lands on disk meanwhile
    other.set_position("Day-1/sessions/002", 9)
    assert other.save()
    state.set_position("Day-1/sessions/001", 4)  # the same place again: no change
    assert state.save()
    assert UserState.load(tmp_path).position("Day-1/sessions/002") == 9  # not overwritten
    assert (tmp_path / STATE_FILE).stat().st_mtime_ns != written  # other's save, not ours
    state.set_position("Day-1/sessions/001", 5)
    assert state.save()
    again = UserState.load(tmp_path)
    assert again.position("Day-1/sessions/001") == 5 and again.position("Day-1/sessions/002") == 9


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


def bound(state: UserState, roots: list[Path]) -> UserState:
    from viewer.core.library.load import load_library
    from viewer.core.library.userstate import state_keys

    library = load_library([str(r) for r in roots])
    state.bind(state_keys((s.path, s.source) for s in library.sessions))
    return state


@pytest.fixture
def two_days(tmp_path: Path) -> Path:
    from tests.core.library.test_library import session_text, write

    root = tmp_path / "collection"
    write(root / "Day-4_Feb-19" / "sessions" / "001-Keynote.md", session_text("Day 4 keynote"))
    write(root / "Day-5_Feb-20" / "sessions" / "001-Keynote.md", session_text("Day 5 keynote"))
    return root


def test_a_star_follows_the_file_whatever_folder_was_opened(two_days: Path) -> None:
    """Issue 20 item 4: keyed by the file, not by the path relative to the opened folder."""
    profile = two_days.parent / "profile"
    day4, day5 = two_days / "Day-4_Feb-19", two_days / "Day-5_Feb-20"
    state = bound(UserState.load(profile), [day4])
    assert state.toggle_favorite("sessions/001-Keynote") is True
    state.set_position("sessions/001-Keynote", 7)
    assert state.save()
    assert bound(UserState.load(profile), [day5]).favorites == set()
    assert bound(UserState.load(profile), [day5]).position("sessions/001-Keynote") == 0
    whole = bound(UserState.load(profile), [two_days])
    assert whole.favorites == {"Day-4_Feb-19/sessions/001-Keynote"}
    assert whole.position("Day-4_Feb-19/sessions/001-Keynote") == 7
    linked = two_days.parent / "link"
    linked.symlink_to(two_days)  # another spelling of the same folder
    assert bound(UserState.load(profile), [linked]).favorites == whole.favorites


def test_old_relative_keys_are_migrated_when_the_session_is_found(two_days: Path) -> None:
    profile = two_days.parent / "profile"
    profile.mkdir()
    old = {"favorites": ["Day-5_Feb-20/sessions/001-Keynote", "gone"], "positions": {"gone": 3}}
    (profile / STATE_FILE).write_text(json.dumps(old))
    state = bound(UserState.load(profile), [two_days])
    assert state.favorites == {"Day-5_Feb-20/sessions/001-Keynote"}
    assert state.save()
    stored = json.loads((profile / STATE_FILE).read_text())
    assert stored["favorites"] == sorted(
        ["gone", str((two_days / "Day-5_Feb-20/sessions/001-Keynote.md").resolve())]
    )
    assert stored["positions"] == {"gone": 3}  # not found here: kept as it was
    assert bound(UserState.load(profile), [two_days / "Day-5_Feb-20"]).favorites == {
        "sessions/001-Keynote"
    }


def test_two_windows_on_one_profile_keep_each_others_changes(tmp_path: Path) -> None:
    """Issue 20 item 3: the last writer does not wipe another window's stars or positions."""
    first, second = UserState.load(tmp_path), UserState.load(tmp_path)
    first.toggle_favorite("a")
    second.toggle_favorite("b")
    first.set_position("p", 4)
    first.save()
    second.set_position("q", 9)
    second.save()
    again = UserState.load(tmp_path)
    assert again.favorites == {"a", "b"} and again.positions == {"p": 4, "q": 9}
    first.toggle_favorite("a")  # removed in one window: not brought back by the other
    second.set_position("q", 0)
    second.save()
    again = UserState.load(tmp_path)
    assert again.favorites == {"b"} and again.positions == {"p": 4}


def test_state_keys_are_each_files_resolved_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each folder is resolved once; the keys are what resolving each file's own path gives."""

    real = tmp_path / "real" / "Day-1"
    real.mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path)
    sources = [
        str(real / "a.md"),
        str(tmp_path / "link" / "Day-1" / "b.md"),
        "link/Day-1/c.md",
        "./link//Day-1/./d.md",
        str(tmp_path / "link" / "Day-1" / ".." / "Day-1" / "e.md"),
        "f.md",
        "",
    ]
    pairs = [(f"p{n}", source) for n, source in enumerate(sources)]

    def one_by_one(source: str) -> str:
        folder, name = os.path.split(os.path.abspath(source))
        return os.path.join(os.path.realpath(folder), name)

    expected = {path: one_by_one(source) if source else path for path, source in pairs}
    assert state_keys(pairs) == expected
    assert expected["p1"] == str(real / "b.md") and expected["p2"] == str(real / "c.md")
