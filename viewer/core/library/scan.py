"""Finding candidate session files under folders, safely (no Qt, no parsing).

Every folder is untrusted: the scan follows no symlink that leaves the root it was found under,
enters no folder twice (symlink loops end), skips hidden folders and anything that is not a
regular file (a FIFO named `x.md` would block a read forever), and records each file's size
before a byte is read, so the library can refuse a 50 MB file without opening it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from viewer.core.session.model import ParseProblem
from viewer.core.util.pathtext import shown_path

_DAY_FOLDER = re.compile(r"^Day[-_ ]?(\d{1,2})(?:\D|$)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    """A candidate file found by the scan, before it is read."""

    source: str  # absolute path to open
    rel: str  # session identity: relative, `/`-separated, no `.md`
    display: str  # how problems name it: relative, with its extension
    size: int
    mtime_ns: int
    explicit: bool  # named on the command line: "not a session" is then a problem


def readable(text: str) -> str:
    """A file name fit to print and to serialise as JSON.

    Names that are not valid UTF-8 arrive as lone surrogates, and a name may hold a newline
    or U+202E; either would break `--check` lines, the JSON export or what the screen shows,
    so they are made visible (`\\xff`, `\\u202e`: `viewer.core.util.pathtext.shown_path`).
    """
    return shown_path(text)


def session_rel_path(relative_parts: Sequence[str]) -> str:
    """Identity of a session from its path parts below the root: `/`-joined, no `.md`."""
    return rel_of_display(readable("/".join(relative_parts)))


def rel_of_display(display: str) -> str:
    """`Found.rel` from `Found.display`: the same text without a `.md` extension."""
    return display[:-3] if display.lower().endswith(".md") else display


def day_from_folders(source: str) -> int | None:
    """Day number of the nearest enclosing folder named like `Day-2_Feb-17`, else None."""
    for part in reversed(Path(source).parent.parts):
        match = _DAY_FOLDER.match(part)
        if match:
            return int(match.group(1))
    return None


ScanState = tuple[int, int]
_MASK = (1 << 64) - 1


def scan_state(found: Iterable[Found]) -> ScanState:
    """What a scan found, in two numbers: (count, sum of the hashes of each (path, size, mtime)).

    Equal for two scans that found the same files unchanged, in any order; a changed, added or
    removed file changes it (but for a 64-bit collision). Numbers, not the set of files, because
    a library keeps them while open (a set of a tuple per file would hold far more) and the
    check after showing a cached library needs no list of the files either. Python's string
    hashes differ from one process to the next: compare within a process, never store it.
    """
    items = list(found)
    return scan_state_of(
        [item.source for item in items],
        [item.size for item in items],
        [item.mtime_ns for item in items],
    )


def scan_state_of(sources: Sequence[str], sizes: Sequence[int], mtimes: Sequence[int]) -> ScanState:
    """`scan_state` of the files with these columns (summing modulo 2**64 in any grouping
    gives the same total)."""
    return len(sources), sum(map(hash, zip(sources, sizes, mtimes, strict=True))) & _MASK


def current_state(paths: Iterable[Path | str]) -> ScanState:
    """`scan_state(discover(paths)[1])` without making a `Found` per file (or keeping any)."""
    total = count = 0

    def add(path: str, _parts: tuple[str, ...], info: os.stat_result, _explicit: bool) -> None:
        nonlocal total, count
        total = (total + hash((path, info.st_size, info.st_mtime_ns))) & _MASK
        count += 1

    _scan(paths, add, lambda: None)
    return count, total


def discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[Found], list[ParseProblem]]:
    """Resolve the given paths and list every candidate file, in a stable order (roots in the
    order given, each root's files sorted by their relative path)."""
    found: list[Found] = []
    start = 0

    def add(path: str, parts: tuple[str, ...], info: os.stat_result, explicit: bool) -> None:
        display = readable("/".join(parts))
        found.append(
            Found(path, rel_of_display(display), display, info.st_size, info.st_mtime_ns, explicit)
        )

    def end_root() -> None:
        nonlocal start
        found[start:] = sorted(found[start:], key=lambda item: item.rel)
        start = len(found)

    roots, problems = _scan(paths, add, end_root)
    return roots, found, problems


# Called for each candidate file: (path, parts below its root, its stat, given directly).
_Add = Callable[[str, tuple[str, ...], os.stat_result, bool], None]


def _scan(
    paths: Iterable[Path | str], add: _Add, end_root: Callable[[], None]
) -> tuple[list[Path], list[ParseProblem]]:
    """The scan `discover` describes, telling `add` each file and `end_root` each root's end."""
    roots: list[Path] = []
    problems: list[ParseProblem] = []
    seen_roots: set[Path] = set()
    seen_files: set[tuple[int, int]] = set()
    for given in paths:
        given_path = Path(given).expanduser()
        try:
            root = given_path.resolve(strict=True)
            info = root.stat()
        except (OSError, RuntimeError) as error:
            reason = (
                "no such file or folder"
                if isinstance(error, FileNotFoundError)
                else (f"cannot be opened ({getattr(error, 'strerror', None) or error})")
            )
            problems.append(ParseProblem(readable(str(given)), reason))
            continue
        if root in seen_roots:
            continue
        seen_roots.add(root)
        roots.append(root)
        if stat.S_ISDIR(info.st_mode):
            _walk(root, add, problems, seen_files)
        elif stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen_files:
                continue
            seen_files.add((info.st_dev, info.st_ino))
            add(str(root), (root.name,), info, True)
        else:
            problems.append(ParseProblem(readable(str(given)), "not a regular file or folder"))
        end_root()
    return roots, problems


def _walk(
    root: Path,
    add: _Add,
    problems: list[ParseProblem],
    seen_files: set[tuple[int, int]],
) -> None:
    """Scan one root (see `walk`), telling `add` each session file with its parts."""
    root_info = root.stat()
    walk(
        str(root),
        (str(root), ()),
        lambda path, parts, info: add(path, parts, info, False),
        problems=problems,
        seen_dirs={(root_info.st_dev, root_info.st_ino)},
        seen_files=seen_files,
    )


# Called for each folder a walk enters: (path, (st_dev, st_ino)).
FolderSeen = Callable[[str, tuple[int, int]], None]
# Called for each session file a walk finds: (path, parts below the root, its stat).
FileSeen = Callable[[str, tuple[str, ...], os.stat_result], None]


def walk(
    root: str,
    start: tuple[str, tuple[str, ...]],
    on_file: FileSeen,
    *,
    problems: list[ParseProblem] | None = None,
    seen_dirs: set[tuple[int, int]],
    seen_files: set[tuple[int, int]],
    on_folder: FolderSeen | None = None,
) -> None:
    """The one folder walk (the library scan and the watcher both use it): every session file
    below folder `start` = (path, parts below `root`), symlinks followed only while they stay
    inside `root`.

    Real folders and files are walked first and symlinks afterwards, so a file reachable both
    ways is named by its real place, whatever the names sort like. Folders and files are
    identified by (device, inode): a folder in `seen_dirs` is not entered again (loops end) and
    a file in `seen_files` is not reported again under another name. `start` itself is neither
    checked against nor added to `seen_dirs`; `on_folder` hears of each folder entered below it.
    """
    folders: list[tuple[str, tuple[str, ...]]] = [start]
    links: list[tuple[str, tuple[str, ...], bool]] = []
    while folders or links:
        if folders:
            folder, parts = folders.pop()
            entries = list_folder(folder, parts, Path(root), problems)
        else:
            entries = [links.pop(0)]
            folder, parts = "", ()
        for path, entry_parts, is_link in entries:
            name = entry_parts[-1]
            if folder and is_link:
                links.append((path, entry_parts, is_link))
                continue
            info = entry_info(path, is_link, root)
            if info is None:
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if key not in seen_dirs:
                    seen_dirs.add(key)
                    if on_folder is not None:
                        on_folder(path, key)
                    folders.append((path, entry_parts))
            elif is_session_file(name, info):
                if key in seen_files:
                    continue
                seen_files.add(key)
                on_file(path, entry_parts, info)


def entry_info(path: str, is_link: bool, root: str) -> os.stat_result | None:
    """The stat of a folder entry a walk may follow; None when it vanished, cannot be read, or
    is a symlink whose target leaves `root`."""
    try:
        if is_link:
            target = os.path.realpath(path)
            if target != root and not target.startswith(root.rstrip(os.sep) + os.sep):
                return None
        return os.stat(path)
    except (OSError, ValueError):
        return None


def is_session_file(name: str, info: os.stat_result) -> bool:
    """A candidate session: a regular file (never a FIFO or device) named `*.md`, any case."""
    return stat.S_ISREG(info.st_mode) and name.lower().endswith(".md")


def list_folder(
    folder: str, parts: tuple[str, ...], root: Path, problems: list[ParseProblem] | None = None
) -> list[tuple[str, tuple[str, ...], bool]]:
    """Visible entries of one folder as (path, parts below the root, is a symlink), sorted by
    name; a problem if the folder is unreadable. (The entry type comes with the listing on most
    file systems, so telling links apart costs no `lstat` per file.)"""
    try:
        with os.scandir(folder) as scan:
            # (`entry.path` is `os.path.join(folder, entry.name)`, made in C)
            listed = sorted(
                (entry.name, entry.path, _is_link(entry))
                for entry in scan
                if not entry.name.startswith(".")
            )
    except OSError as error:
        if problems is not None:
            label = readable("/".join(parts) or root.name)
            problems.append(
                ParseProblem(label + "/", f"folder cannot be read ({error.strerror or error})")
            )
        return []
    return [(path, (*parts, name), link) for name, path, link in listed]


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return True  # unknown: treated as a link, so it is checked against the root later
