"""LibraryWatcher: added, modified and removed session files arrive as one debounced signal."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from viewer.core.library.load import load_library
from viewer.ui.library.watcher import LibraryWatcher

DEBOUNCE = 150
WAIT = 4000
SESSION = "# Title\n\n## 📌 Session Details\n\n| | |\n|---|---|\n| ⏰ **Time** | 10:00 |\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    lib = tmp_path / "library"
    (lib / "Day-1" / "sessions").mkdir(parents=True)
    (lib / "Day-1" / "sessions" / "001-a.md").write_text(SESSION, encoding="utf-8")
    (lib / "Day-1" / "README.md").write_text("# Day 1\n", encoding="utf-8")
    (lib / ".hidden").mkdir()
    (lib / ".hidden" / "secret.md").write_text(SESSION, encoding="utf-8")
    (lib / "notes.txt").write_text("not a session", encoding="utf-8")
    return lib.resolve()


@pytest.fixture
def watcher(qtbot: Any, root: Path) -> Iterator[LibraryWatcher]:
    w = LibraryWatcher([root], debounce_ms=DEBOUNCE)
    yield w
    w.stop()


def _a(root: Path) -> Path:
    return root / "Day-1" / "sessions" / "001-a.md"


def test_snapshot_matches_library_scan(watcher: LibraryWatcher, root: Path) -> None:
    assert set(watcher.files()) == {str(_a(root)), str(root / "Day-1" / "README.md")}
    library = load_library([root])
    # Every session the library loaded is a file the watcher knows, spelled the same way.
    assert {s.source for s in library.sessions} <= set(watcher.files())
    assert watcher.roots() == [str(root)]


def test_added_file(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    new = root / "Day-1" / "sessions" / "002-b.md"
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        new.write_text(SESSION, encoding="utf-8")
    assert blocker.args == [[str(new)], [], []]


def test_modified_in_place(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    with (
        qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker,
        open(_a(root), "a", encoding="utf-8") as handle,
    ):
        handle.write("\n## 📝 Transcript\n\nmore words\n")
    assert blocker.args == [[], [str(_a(root))], []]


def test_modified_by_atomic_replace_then_again_in_place(
    qtbot: Any, watcher: LibraryWatcher, root: Path
) -> None:
    temp = _a(root).with_name(".001-a.md.tmp")
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        temp.write_text(SESSION + "\nsaved by an editor\n", encoding="utf-8")
        os.replace(temp, _a(root))
    assert blocker.args == [[], [str(_a(root))], []]
    # The replaced file is watched again: a later in-place write is still noticed.
    with (
        qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker,
        open(_a(root), "a", encoding="utf-8") as handle,
    ):
        handle.write("and edited again\n")
    assert blocker.args == [[], [str(_a(root))], []]


def test_removed_file(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        _a(root).unlink()
    assert blocker.args == [[], [], [str(_a(root))]]
    assert str(_a(root)) not in watcher.files()


def test_new_folder_is_watched_recursively(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    day = root / "Day-2" / "sessions"
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        day.mkdir(parents=True)
        (day / "001-x.md").write_text(SESSION, encoding="utf-8")
    assert blocker.args[0] == [str(day / "001-x.md")]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        (day / "002-y.md").write_text(SESSION, encoding="utf-8")
    assert blocker.args == [[str(day / "002-y.md")], [], []]


def test_removed_folder_removes_its_files(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    readme = root / "Day-1" / "README.md"
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        _a(root).unlink()
        (root / "Day-1" / "sessions").rmdir()
        readme.unlink()
        (root / "Day-1").rmdir()
    assert blocker.args[0] == [] and blocker.args[1] == []
    assert sorted(blocker.args[2]) == sorted([str(_a(root)), str(readme)])


def test_burst_of_writes_is_one_signal(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    seen: list[list[list[str]]] = []
    watcher.changed.connect(lambda *args: seen.append(list(args)))
    new = root / "Day-1" / "sessions" / "003-c.md"
    for n in range(5):
        new.write_text(SESSION + "x" * n, encoding="utf-8")
        _a(root).write_text(SESSION + "y" * (n + 1), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT)
    qtbot.wait(DEBOUNCE * 4)
    assert seen == [[[str(new)], [str(_a(root))], []]]


def test_ignores_other_files_hidden_and_outside(
    qtbot: Any, watcher: LibraryWatcher, root: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.md").write_text(SESSION, encoding="utf-8")
    with qtbot.assertNotEmitted(watcher.changed, wait=DEBOUNCE * 5):
        (root / "notes.txt").write_text("changed", encoding="utf-8")
        (root / ".hidden" / "secret.md").write_text(SESSION + "z", encoding="utf-8")
        (root / "other.txt").write_text("new", encoding="utf-8")
        os.symlink(outside, root / "elsewhere")
        os.symlink(outside / "o.md", root / "link.md")
        os.mkfifo(root / "pipe.md")
        (root / ".draft.md").write_text(SESSION, encoding="utf-8")


def test_symlink_inside_root_counts_once(qtbot: Any, watcher: LibraryWatcher, root: Path) -> None:
    with qtbot.assertNotEmitted(watcher.changed, wait=DEBOUNCE * 5):
        os.symlink(root / "Day-1", root / "loop")  # the same folder again: already known
    assert str(root / "loop" / "sessions" / "001-a.md") not in watcher.files()


def test_stop_and_set_roots(
    qtbot: Any, watcher: LibraryWatcher, root: Path, tmp_path: Path
) -> None:
    watcher.stop()
    assert watcher.files() == {}
    with qtbot.assertNotEmitted(watcher.changed, wait=DEBOUNCE * 4):
        (root / "Day-1" / "sessions" / "009.md").write_text(SESSION, encoding="utf-8")
    other = (tmp_path / "other").resolve()
    other.mkdir()
    watcher.set_roots([other, other / "missing", _a(root)])
    assert watcher.roots() == [str(other)]
    with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
        (other / "s.md").write_text(SESSION, encoding="utf-8")
    assert blocker.args == [[str(other / "s.md")], [], []]


def test_rescan_now_flushes_pending_changes(qtbot: Any, root: Path) -> None:
    watcher = LibraryWatcher([root], debounce_ms=60_000)
    try:
        new = root / "Day-1" / "sessions" / "004-d.md"
        new.write_text(SESSION, encoding="utf-8")
        qtbot.waitUntil(lambda: bool(watcher._dirty), timeout=WAIT)
        with qtbot.waitSignal(watcher.changed, timeout=1000) as blocker:
            watcher.rescan_now()
        assert blocker.args == [[str(new)], [], []]
    finally:
        watcher.stop()


def test_poll_fallback_finds_changes_without_events(qtbot: Any, root: Path) -> None:
    watcher = LibraryWatcher([root], debounce_ms=DEBOUNCE, poll_ms=100)
    try:
        watcher._watcher.removePaths(watcher._watcher.files() + watcher._watcher.directories())
        watcher._poll.start()  # as when the system is out of watches
        new = root / "polled.md"
        with qtbot.waitSignal(watcher.changed, timeout=WAIT) as blocker:
            new.write_text(SESSION, encoding="utf-8")
        assert blocker.args[0] == [str(new)]
    finally:
        watcher.stop()


def test_background_watching_matches_and_notices(
    qtbot: Any, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listed in a thread, watched a slice per event-loop turn (one path per turn here): the
    # same snapshot and watches as set_roots, and changes are noticed once it is ready.
    import viewer.ui.library.watcher as module

    monkeypatch.setattr(module, "WATCH_CHUNK", 1)
    reference = LibraryWatcher([root])
    background = LibraryWatcher(debounce_ms=DEBOUNCE)
    added: list[int] = []
    original = background._watch

    def counted(paths: list[str], **kwargs: Any) -> None:
        added.append(len(paths))
        original(paths, **kwargs)

    monkeypatch.setattr(background, "_watch", counted)
    try:
        with qtbot.waitSignal(background.ready, timeout=WAIT):
            background.set_roots_in_background([root, root / "Day-1", root / "missing"])
        assert background.files() == reference.files()
        assert background.roots() == reference.roots() == [str(root)]
        watched = set(background._watcher.files()) | set(background._watcher.directories())
        expected = set(reference._watcher.files()) | set(reference._watcher.directories())
        assert watched == expected
        assert added == [1] * len(expected)  # one slice per turn
        with qtbot.waitSignal(background.changed, timeout=WAIT) as blocker:
            _a(root).write_text(SESSION + "\nmore\n", encoding="utf-8")
        assert blocker.args == [[], [str(_a(root))], []]
    finally:
        reference.stop()
        background.stop()


def test_background_watching_is_dropped_when_stopped(qtbot: Any, root: Path) -> None:
    watcher = LibraryWatcher(debounce_ms=DEBOUNCE)
    with qtbot.assertNotEmitted(watcher.ready, wait=500):
        watcher.set_roots_in_background([root])
        watcher.stop()  # before the thread's listing arrives
    assert watcher.files() == {}
    assert not watcher._watcher.files() and not watcher._watcher.directories()


def test_file_reached_twice_is_known_once_as_the_scan_knows_it(qtbot: Any, root: Path) -> None:
    # A hard link and a symlink to one session: the scan reads it once; the watcher agrees.
    os.link(_a(root), root / "Day-1" / "000-hard.md")
    (root / "Day-1" / "zz-link.md").symlink_to(_a(root))
    w = LibraryWatcher([root], debounce_ms=DEBOUNCE)
    try:
        scanned = {s.source for s in load_library([root]).sessions}
        assert len(scanned) == 1
        assert scanned <= set(w.files())
        assert len([p for p in w.files() if p.endswith(("000-hard.md", "001-a.md"))]) == 1
        assert not any(p.endswith("zz-link.md") for p in w.files())
        # A new folder holding another name for the same file adds nothing.
        with qtbot.assertNotEmitted(w.changed, wait=DEBOUNCE * 4):
            (root / "Day-2").mkdir()
            os.link(_a(root), root / "Day-2" / "copy.md")
        fresh = root / "Day-2" / "fresh.md"
        with qtbot.waitSignal(w.changed, timeout=WAIT) as blocker:
            fresh.write_text(SESSION, encoding="utf-8")
        assert blocker.args == [[str(fresh)], [], []]
    finally:
        w.stop()


def test_a_folder_renamed_during_the_load_is_noticed(qtbot: Any, root: Path) -> None:
    """Issue 20 item 11: the rename happened after the load listed the files and before any
    watch was in; the watcher says the library is outdated instead of staying silent."""
    library = load_library([root])
    (root / "Day-1").rename(root / "Day-1-renamed")  # mid-load: no watch sees it
    w = LibraryWatcher(debounce_ms=DEBOUNCE)
    try:
        with qtbot.waitSignal(w.outdated, timeout=WAIT):
            w.set_roots_in_background([root], is_stale=library.is_stale)
    finally:
        w.stop()


def test_an_unchanged_library_is_not_outdated(qtbot: Any, root: Path) -> None:
    library = load_library([root])
    w = LibraryWatcher(debounce_ms=DEBOUNCE)
    try:
        with qtbot.waitSignal(w.ready, timeout=WAIT):
            w.set_roots_in_background([root], is_stale=library.is_stale)
        with qtbot.assertNotEmitted(w.outdated, wait=500):
            pass
    finally:
        w.stop()
