"""Live library: notice session files added, changed or removed under the open folders.

Why a watcher of our own rather than re-loading on every signal: QFileSystemWatcher reports a
*directory* that changed (or a watched file), not what changed in it, and an editor saving one
file can fire a burst of events (temp file created, renamed, attributes set). So the watcher
keeps a snapshot of `(size, mtime_ns)` for every session file, collects the directories that
fired, waits until they are quiet for `debounce_ms`, re-lists only those directories, and emits
one `changed` signal with the difference.

API (the window wires it; nothing here parses a file):

    watcher = LibraryWatcher(roots, debounce_ms=300, parent=window)
    watcher.changed.connect(on_changed)   # (added: list[str], modified: list[str],
                                          #  removed: list[str]) absolute file paths
    watcher.set_roots(new_roots)          # after opening another library (no signal emitted)
    watcher.stop()                        # stop watching (e.g. before the window closes)
    watcher.rescan_now()                  # flush pending events now (tests, a Refresh action)
    watcher.files()                       # the current snapshot: {path: (size, mtime_ns)}

Paths are spelled as the library spells `Session.source`: the root resolved, then the names
below it joined with `os.sep`, so a changed path can be matched to a loaded session. The files
are found by the library scan's own walk and folder rules (`viewer.core.library.scan`): hidden
names skipped, symlinks followed only inside the root, each folder and file counted once. A
changed file is not read here; the receiver re-reads it through the core.

Watch limits: Linux allows a limited number of inotify watches per user. Every folder and every
session file is watched (a folder watch alone misses in-place writes to a file); paths Qt cannot
watch are covered by a slow full rescan every `POLL_MS` instead.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from viewer.core.library.scan import entry_info, is_session_file, list_folder, walk

DEBOUNCE_MS = 300
POLL_MS = 5000
WATCH_CHUNK = 128  # watches added per event-loop turn by set_roots_in_background

FileState = tuple[int, int]  # (size, mtime_ns)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class _Tree:
    """The snapshot of one root: session files and the folders holding them, found by the
    library scan's own walk (`viewer.core.library.scan`), so both see the same files."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.files: dict[str, FileState] = {}
        self.dirs: dict[str, tuple[int, int]] = {}  # folder -> (st_dev, st_ino)
        self.ids: dict[str, tuple[int, int]] = {}  # file -> (st_dev, st_ino)

    def list_dir(
        self, folder: str
    ) -> tuple[dict[str, FileState], dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        """Session files, subfolders and file identities directly in `folder` (empty when it
        cannot be read). A file already known under another path of the tree is left out, as
        the scan leaves it out."""
        files: dict[str, FileState] = {}
        subdirs: dict[str, tuple[int, int]] = {}
        ids: dict[str, tuple[int, int]] = {}
        taken = {key for path, key in self.ids.items() if os.path.dirname(path) != folder}
        candidates: list[tuple[bool, bool, str, os.stat_result]] = []
        for path, parts, is_link in list_folder(folder, (), Path(self.root)):
            info = entry_info(path, is_link, self.root)
            if info is None:
                continue
            if stat.S_ISDIR(info.st_mode):
                subdirs[path] = (info.st_dev, info.st_ino)
            elif is_session_file(parts[-1], info):
                candidates.append((path not in self.files, is_link, path, info))
        # One name per file: the one already known, else a real entry before a link.
        for _new, _link, path, info in sorted(candidates, key=lambda c: c[:3]):
            key = (info.st_dev, info.st_ino)
            if key not in taken:
                taken.add(key)
                files[path] = (info.st_size, info.st_mtime_ns)
                ids[path] = key
        return files, subdirs, ids

    def scan(self, folder: str, key: tuple[int, int]) -> tuple[list[str], list[str]]:
        """Add `folder` and everything below it; return (new files, new folders)."""
        seen_dirs = set(self.dirs.values())
        if key in seen_dirs:
            return [], []  # a loop, or a folder reached twice through a symlink
        seen_dirs.add(key)
        self.dirs[folder] = key
        added_files: list[str] = []
        added_dirs: list[str] = [folder]

        def on_folder(path: str, folder_key: tuple[int, int]) -> None:
            self.dirs[path] = folder_key
            added_dirs.append(path)

        def on_file(path: str, _parts: tuple[str, ...], info: os.stat_result) -> None:
            if path not in self.files:
                self.files[path] = (info.st_size, info.st_mtime_ns)
                self.ids[path] = (info.st_dev, info.st_ino)
                added_files.append(path)

        walk(
            self.root,
            (folder, ()),
            on_file,
            seen_dirs=seen_dirs,
            seen_files=set(self.ids.values()),
            on_folder=on_folder,
        )
        return added_files, added_dirs

    def drop_file(self, path: str) -> None:
        del self.files[path]
        self.ids.pop(path, None)

    def forget(self, folder: str) -> list[str]:
        """Drop `folder` and everything below it; return the files that were known there."""
        gone = [p for p in self.files if _inside(os.path.dirname(p), folder)]
        for path in gone:
            self.drop_file(path)
        for known in [d for d in self.dirs if _inside(d, folder)]:
            del self.dirs[known]
        return gone


def scan_roots(roots: Iterable[Path | str]) -> list[_Tree]:
    """The snapshot of each folder among `roots` (files and missing paths skipped, a folder
    inside another one's tree counted once). Touches no Qt object: runs in any thread."""
    trees: list[_Tree] = []
    for given in roots:
        try:
            root = Path(given).expanduser().resolve(strict=True)
            info = root.stat()
        except (OSError, RuntimeError):
            continue
        if not stat.S_ISDIR(info.st_mode):
            continue  # a single file: the window re-opens it itself
        if any(_inside(str(root), t.root) for t in trees):
            continue
        tree = _Tree(str(root))
        tree.scan(tree.root, (info.st_dev, info.st_ino))
        trees.append(tree)
    return trees


class _Relay(QObject):
    """Carries a background check's answer to the watcher's thread (owned by the watcher)."""

    stale = Signal(int)  # token of the roots that were checked


class LibraryWatcher(QObject):
    """Watches library roots recursively; emits `changed(added, modified, removed)`."""

    changed = Signal(list, list, list)
    ready = Signal()  # every folder and file of the roots is watched (set_roots_in_background)
    # The library changed between its load and the moment every watch was in (a folder renamed
    # while loading): no watch could see it, so the receiver reloads.
    outdated = Signal()
    _scanned = Signal(object, int)  # from the scanning thread: (trees, token)

    def __init__(
        self,
        roots: Iterable[Path | str] = (),
        *,
        debounce_ms: int = DEBOUNCE_MS,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_directory)
        self._watcher.fileChanged.connect(self._on_file)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.rescan_now)
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._poll_all)
        self._trees: list[_Tree] = []
        self._dirty: set[str] = set()
        self._token = 0
        self._pending: list[str] = []
        self._scanned.connect(self._on_scanned)
        # The checking thread talks to a child object, never to the watcher itself: a thread
        # holding the watcher's last Python reference would destroy it (and its inotify
        # notifier) in the wrong thread.
        self._relay = _Relay(self)
        self._relay.stale.connect(self._on_stale)
        self._is_stale: Callable[[], bool] | None = None
        self.set_roots(roots)

    # -- public ------------------------------------------------------------------------------

    def set_roots(self, roots: Iterable[Path | str]) -> None:
        """Watch these folders (files given directly are watched through their folder)."""
        self.stop()
        self._trees = scan_roots(roots)
        for tree in self._trees:
            self._watch(list(tree.dirs) + list(tree.files))

    def set_roots_in_background(
        self, roots: Iterable[Path | str], *, is_stale: Callable[[], bool] | None = None
    ) -> None:
        """`set_roots` without holding up the window: the folders are listed in a thread
        (a stat per file) and the watches added WATCH_CHUNK per event-loop turn (Qt checks
        each new path against every watched one, which at once would freeze a large library's
        window). Emits `ready` once every watch is in. A later call or `stop()` supersedes it.

        `is_stale` (the loaded library's `Library.is_stale`): asked in a thread once every
        watch is in; True means files changed after the load listed them and before any watch
        could notice (a folder renamed mid-load), and `outdated` is emitted."""
        self.stop()
        token = self._token
        self._is_stale = is_stale
        wanted = list(roots)

        def scan() -> None:
            trees = scan_roots(wanted)
            with contextlib.suppress(RuntimeError):  # the watcher went meanwhile
                self._scanned.emit(trees, token)

        threading.Thread(target=scan, name="libraryWatchScan", daemon=True).start()

    def roots(self) -> list[str]:
        return [t.root for t in self._trees]

    def files(self) -> dict[str, FileState]:
        return {path: state for tree in self._trees for path, state in tree.files.items()}

    def stop(self) -> None:
        self._token += 1  # a background scan or chunked watching under way is dropped
        self._pending = []
        self._debounce.stop()
        self._poll.stop()
        self._dirty.clear()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._trees = []

    @Slot()
    def rescan_now(self) -> None:
        """Re-list the folders that fired and emit what changed (nothing when nothing did)."""
        self._debounce.stop()
        dirty, self._dirty = self._dirty, set()
        added: list[str] = []
        modified: list[str] = []
        removed: list[str] = []
        for tree in self._trees:
            for folder in sorted(d for d in dirty if _inside(d, tree.root)):
                if folder in tree.dirs or folder == tree.root:
                    self._rescan_dir(tree, folder, added, modified, removed)
        # A file that went and came back within one burst (a folder replaced) was modified.
        both = set(added) & set(removed)
        gone, new = set(removed) - both, set(added) - both
        changed = (set(modified) | both) - gone - new
        if gone or new or changed:
            self.changed.emit(sorted(new), sorted(changed), sorted(gone))

    # -- internals ---------------------------------------------------------------------------

    @Slot(object, int)
    def _on_scanned(self, trees: list[_Tree], token: int) -> None:
        if token != self._token:
            return
        self._trees = trees
        # Every root's folders first: from then on an added or removed file is noticed.
        self._pending = [folder for tree in trees for folder in tree.dirs]
        self._pending += [path for tree in trees for path in tree.files]
        self._watch_next_chunk(token)

    def _watch_next_chunk(self, token: int) -> None:
        if token != self._token:
            return
        chunk, self._pending = self._pending[:WATCH_CHUNK], self._pending[WATCH_CHUNK:]
        if chunk:
            self._watch(chunk)
        if self._pending:
            QTimer.singleShot(0, self, lambda: self._watch_next_chunk(token))
            return
        self.ready.emit()
        check, relay = self._is_stale, self._relay
        if check is not None:

            def run() -> None:
                try:
                    stale = check()
                except Exception:  # noqa: BLE001 - a folder gone meanwhile: the watches tell
                    stale = False
                if stale:
                    with contextlib.suppress(RuntimeError):  # the watcher went meanwhile
                        relay.stale.emit(token)

            threading.Thread(target=run, name="libraryStaleCheck", daemon=True).start()

    @Slot(int)
    def _on_stale(self, token: int) -> None:
        if token == self._token:
            self.outdated.emit()

    def _watch(self, paths: Sequence[str], *, renew: Sequence[str] = ()) -> None:
        """Add watches; `renew` are files whose watch may point at a replaced inode."""
        if renew:
            current = set(self._watcher.files())
            stale = [p for p in renew if p in current]
            if stale:
                self._watcher.removePaths(stale)
        watched = set(self._watcher.files()) | set(self._watcher.directories())
        wanted = [p for p in dict.fromkeys([*paths, *renew]) if p not in watched]
        if not wanted:
            return
        failed = self._watcher.addPaths(wanted)
        if failed and not self._poll.isActive():
            self._poll.start()  # out of watches: fall back to a slow full rescan

    def _rescan_dir(
        self,
        tree: _Tree,
        folder: str,
        added: list[str],
        modified: list[str],
        removed: list[str],
    ) -> None:
        try:
            info = os.stat(folder)
        except OSError:
            removed += tree.forget(folder)
            return
        if not stat.S_ISDIR(info.st_mode):
            removed += tree.forget(folder)
            return
        files, subdirs, ids = tree.list_dir(folder)
        for path in [p for p in tree.files if os.path.dirname(p) == folder]:
            if path not in files:
                tree.drop_file(path)
                removed.append(path)
        new_watches: list[str] = []
        renew: list[str] = []
        for path, state in files.items():
            old = tree.files.get(path)
            if old is None:
                added.append(path)
                new_watches.append(path)
            elif old != state:
                modified.append(path)
                renew.append(path)  # a file replaced by a rename lost its watch
            tree.files[path] = state
            tree.ids[path] = ids[path]
        for known in [d for d in tree.dirs if os.path.dirname(d) == folder]:
            if known not in subdirs or tree.dirs[known] != subdirs[known]:
                removed += tree.forget(known)
        for sub, key in subdirs.items():
            if sub not in tree.dirs:
                new_files, new_dirs = tree.scan(sub, key)
                added += new_files
                new_watches += new_dirs + new_files
        if folder == tree.root and folder not in self._watcher.directories():
            new_watches.append(folder)
        self._watch(new_watches, renew=renew)

    @Slot(str)
    def _on_directory(self, path: str) -> None:
        self._dirty.add(path)
        self._debounce.start()

    @Slot(str)
    def _on_file(self, path: str) -> None:
        self._dirty.add(os.path.dirname(path))
        self._debounce.start()

    @Slot()
    def _poll_all(self) -> None:
        for tree in self._trees:
            self._dirty.update(tree.dirs)
        self.rescan_now()
