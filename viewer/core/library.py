"""Folders and files -> a `Library`: session headers, problems and shared streams.

Every file is untrusted and any folder may be opened, so the scan follows no symlink that leaves
the root it was found under, never enters a folder twice (symlink loops), skips hidden folders
and special files (a FIFO named `x.md` would block a read forever), and checks a file's size
before reading a byte of it. Markdown that is not a session (READMEs, the directory page) is
skipped quietly; a broken session file becomes one `ParseProblem` and the scan goes on.

Only headers stay in memory (`Session.transcript == ""`): 356 transcripts are 20 MB and the
collection is meant to grow tenfold. `Library.full_session` reads a file again on demand and
keeps the last few in a small LRU.

Sessions with the same video and the same transcript (a room or day stream attached to several
time slots) form a `SharedStream`; where each slot begins in that shared text is estimated from
the time slots, since no timestamps survive in the captions.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.core.header_cache import PROBLEM, SESSION, HeaderCache, header_from_json
from viewer.core.model import ParseProblem, Session, SharedStream
from viewer.core.parse import MAX_FILE_BYTES, read_session_file

FULL_SESSION_CACHE = 6
_DAY_FOLDER = re.compile(r"^Day[-_ ]?(\d{1,2})(?:\D|$)", re.IGNORECASE)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True, slots=True)
class _Found:
    """A candidate file found by the scan, before it is read."""

    source: str  # absolute path to open
    rel: str  # session identity: relative, `/`-separated, no `.md`
    display: str  # how problems name it: relative, with its extension
    size: int
    mtime_ns: int
    explicit: bool  # named on the command line: "not a session" is then a problem


def session_rel_path(relative_parts: Sequence[str]) -> str:
    """Identity of a session from its path parts below the root: `/`-joined, no `.md`."""
    rel = "/".join(relative_parts)
    return rel[:-3] if rel.lower().endswith(".md") else rel


def day_from_folders(source: str) -> int | None:
    """Day number of the nearest enclosing folder named like `Day-2_Feb-17`, else None."""
    for part in reversed(Path(source).parent.parts):
        match = _DAY_FOLDER.match(part)
        if match:
            return int(match.group(1))
    return None


def transcript_digest(transcript: str) -> str:
    if not transcript:
        return ""
    return hashlib.blake2b(transcript.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Library:
    """The sessions of some folders and files, headers only, plus what could not be read.

    Attributes:
        roots: the folders and files it was loaded from (absolute, symlinks resolved).
        sessions: session headers (`transcript == ""`), ordered by root then path.
        problems: one entry per file that could not be read as a session.
        streams: groups of sessions that share one recording and transcript.
        cancelled: loading stopped early on request; the lists hold what was read by then.
    """

    def __init__(
        self,
        roots: Sequence[Path],
        sessions: Sequence[Session],
        problems: Sequence[ParseProblem],
        digests: dict[str, str] | None = None,
        file_states: dict[str, tuple[int, int]] | None = None,
        *,
        cancelled: bool = False,
        given_paths: Sequence[Path | str] = (),
        scan_state: frozenset[tuple[str, int, int]] = frozenset(),
    ) -> None:
        self.roots = list(roots)
        self.sessions = list(sessions)
        self.problems = list(problems)
        self.cancelled = cancelled
        self._by_path = {s.path: s for s in self.sessions}
        self._digests = dict(digests or {})
        self._file_states = dict(file_states or {})
        self.streams = find_shared_streams(self.sessions, self._digests)
        self._stream_of = {path: stream for stream in self.streams for path in stream.paths}
        self._given_paths = list(given_paths)
        self._scan_state = scan_state
        self._full: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.sessions)

    def session(self, path: str) -> Session | None:
        """The header of one session, None when the library has no such path."""
        return self._by_path.get(path)

    def full_session(self, path: str) -> Session:
        """The session with its transcript, read from disk on demand.

        If the file vanished or no longer parses, the last copy read is returned, or the
        header when there is none. Raises KeyError for a path the library does not hold.
        Safe to call from a worker thread.
        """
        header = self._by_path[path]
        with self._lock:
            cached = self._full.get(path)
            if cached is not None:
                self._full.move_to_end(path)
                return cached
        result = read_session_file(
            Path(header.source), path, day_hint=day_from_folders(header.source)
        )
        if not isinstance(result, Session):
            return header
        full = replace(result, path=path, source=header.source)
        with self._lock:
            self._full[path] = full
            self._full.move_to_end(path)
            while len(self._full) > FULL_SESSION_CACHE:
                self._full.popitem(last=False)
        return full

    def transcript(self, path: str) -> str:
        return self.full_session(path).transcript

    def stream_of(self, path: str) -> SharedStream | None:
        return self._stream_of.get(path)

    def transcript_digest(self, path: str) -> str:
        """Digest of the session's transcript as loaded; "" when it has none."""
        return self._digests.get(path, "")

    def file_state(self, path: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of the session's file when it was scanned (for index freshness)."""
        return self._file_states.get(path)

    def is_stale(self) -> bool:
        """Were session files added, removed or modified since loading? (Cheap: stats only.)

        The window can poll this (on focus, or every few seconds) and reload when True.
        """
        if not self._given_paths:
            return False
        _roots, found, _problems = _discover(self._given_paths)
        return _scan_state(found) != self._scan_state

    def days(self) -> list[int]:
        return sorted({s.day for s in self.sessions if s.day is not None})

    def venues(self) -> list[str]:
        return sorted({s.venue for s in self.sessions if s.venue}, key=str.casefold)

    def partners(self) -> list[str]:
        return sorted({p for s in self.sessions for p in s.partners if p}, key=str.casefold)


def load_library(
    paths: Sequence[Path | str],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Library:
    """Scan folders and files into a `Library`; never raises for anything a file contains.

    `progress(done, total)` is called after each file; `cancelled()` is polled between files
    and stops the load early (the library then holds what was read so far).
    """
    roots, found, problems = _discover(paths)
    cache = HeaderCache(cache_dir) if cache_dir is not None else None
    sessions: list[Session] = []
    digests: dict[str, str] = {}
    states: dict[str, tuple[int, int]] = {}
    stopped = False
    total = len(found)
    for done, item in enumerate(found, 1):
        if cancelled is not None and cancelled():
            stopped = True
            break
        outcome = _read_one(item, cache)
        if isinstance(outcome, ParseProblem):
            problems.append(outcome)
        elif outcome is not None:
            session, digest = outcome
            path = _unique_path(session.path, item, digests)
            sessions.append(replace(session, path=path) if path != session.path else session)
            digests[path] = digest
            states[path] = (item.size, item.mtime_ns)
        if progress is not None:
            progress(done, total)
    if cache is not None and not stopped:
        cache.save([str(r) for r in roots if r.is_dir()])
    return Library(
        roots,
        sessions,
        problems,
        digests,
        states,
        cancelled=stopped,
        given_paths=list(paths),
        scan_state=_scan_state(found),
    )


def _scan_state(found: Iterable[_Found]) -> frozenset[tuple[str, int, int]]:
    return frozenset((item.source, item.size, item.mtime_ns) for item in found)


def _read_one(item: _Found, cache: HeaderCache | None) -> tuple[Session, str] | ParseProblem | None:
    """Parse (or recall) one file: a header and digest, a problem, or None to skip quietly."""
    if item.size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return ParseProblem(item.display, f"too large ({_megabytes(item.size)}, limit {limit} MB)")
    entry = cache.get(item.source, item.size, item.mtime_ns) if cache is not None else None
    if entry is None:
        result = read_session_file(
            Path(item.source), item.rel, day_hint=day_from_folders(item.source)
        )
        if isinstance(result, Session):
            digest = transcript_digest(result.transcript)
            header = replace(result, path=item.rel, source=item.source, transcript="")
            if cache is not None:
                cache.put(item.source, item.size, item.mtime_ns, header, digest)
            return header, digest
        is_error = result.is_error
        if cache is not None:
            cache.put(item.source, item.size, item.mtime_ns, result if is_error else None)
        if is_error:
            return ParseProblem(item.display, result.reason)
        return ParseProblem(item.display, result.reason) if item.explicit else None
    if entry["kind"] == SESSION:
        return header_from_json(entry["header"], item.rel, item.source), entry.get("digest", "")
    if entry["kind"] == PROBLEM:
        return ParseProblem(item.display, entry.get("reason", "could not be read"))
    return ParseProblem(item.display, "not a session file") if item.explicit else None


def _unique_path(path: str, item: _Found, taken: dict[str, str]) -> str:
    """Two roots may hold the same relative path: keep both, the later one prefixed."""
    if path not in taken:
        return path
    parent = Path(item.source).parent.name or "file"
    candidate, n = f"{parent}/{path}", 2
    while candidate in taken:
        candidate, n = f"{parent}/{path} ({n})", n + 1
    return candidate


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _discover(paths: Iterable[Path | str]) -> tuple[list[Path], list[_Found], list[ParseProblem]]:
    """Resolve the given paths and list every candidate file, in a stable order."""
    roots: list[Path] = []
    found: list[_Found] = []
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
            problems.append(ParseProblem(str(given), reason))
            continue
        if root in seen_roots:
            continue
        seen_roots.add(root)
        roots.append(root)
        if stat.S_ISDIR(info.st_mode):
            _walk(root, found, problems, seen_files)
        elif stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen_files:
                continue
            seen_files.add((info.st_dev, info.st_ino))
            name = root.name
            found.append(
                _Found(
                    str(root),
                    session_rel_path([name]),
                    name,
                    info.st_size,
                    info.st_mtime_ns,
                    explicit=True,
                )
            )
        else:
            problems.append(ParseProblem(str(given), "not a regular file or folder"))
    return roots, found, problems


def _walk(
    root: Path,
    found: list[_Found],
    problems: list[ParseProblem],
    seen_files: set[tuple[int, int]],
) -> None:
    """Scan one root; symlinks are followed only while they stay inside it.

    Real folders and files are scanned first and symlinks afterwards, so a file reachable both
    ways is named by its real place, whatever the names sort like. Folders are identified by
    (device, inode), so a link back up the tree is entered at most once: loops end.
    """
    root_text = str(root)
    inside = root_text.rstrip(os.sep) + os.sep
    root_info = root.stat()
    seen_dirs = {(root_info.st_dev, root_info.st_ino)}
    folders: list[tuple[str, tuple[str, ...]]] = [(root_text, ())]
    links: list[tuple[str, tuple[str, ...]]] = []
    items: list[_Found] = []
    while folders or links:
        if folders:
            folder, parts = folders.pop()
            entries = _list_folder(folder, parts, root, problems)
        else:
            entries = [links.pop(0)]
            folder, parts = "", ()
        for path, entry_parts in entries:
            name = entry_parts[-1]
            try:
                if folder and os.path.islink(path):
                    links.append((path, entry_parts))
                    continue
                if not folder:  # a deferred link: only inside the root
                    target = os.path.realpath(path)
                    if target != root_text and not target.startswith(inside):
                        continue
                info = os.stat(path)
            except (OSError, ValueError):
                continue  # vanished, unreadable or looping while scanning: nothing to read
            key = (info.st_dev, info.st_ino)
            if stat.S_ISDIR(info.st_mode):
                if key not in seen_dirs:
                    seen_dirs.add(key)
                    folders.append((path, entry_parts))
            elif stat.S_ISREG(info.st_mode) and name.lower().endswith(".md"):
                if key in seen_files:
                    continue
                seen_files.add(key)
                items.append(
                    _Found(
                        path,
                        session_rel_path(entry_parts),
                        "/".join(entry_parts),
                        info.st_size,
                        info.st_mtime_ns,
                        explicit=False,
                    )
                )
    items.sort(key=lambda item: item.rel)
    found.extend(items)


def _list_folder(
    folder: str, parts: tuple[str, ...], root: Path, problems: list[ParseProblem]
) -> list[tuple[str, tuple[str, ...]]]:
    """Visible entries of one folder as (path, parts below the root); a problem if unreadable."""
    try:
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan if not entry.name.startswith("."))
    except OSError as error:
        label = "/".join(parts) or root.name
        problems.append(
            ParseProblem(label + "/", f"folder cannot be read ({error.strerror or error})")
        )
        return []
    return [(os.path.join(folder, name), (*parts, name)) for name in names]


def find_shared_streams(sessions: Sequence[Session], digests: dict[str, str]) -> list[SharedStream]:
    """Sessions with the same video id and transcript digest, with estimated slot offsets.

    The stream is taken to run from the earliest slot start to the latest slot end among its
    sessions; a session's offset is where its start falls in that span (0.0..1.0).
    """
    groups: dict[tuple[str, str], list[Session]] = defaultdict(list)
    for session in sessions:
        digest = digests.get(session.path, "")
        if session.video_id and digest:
            groups[(session.video_id, digest)].append(session)
    streams = []
    for (video_id, _digest), members in groups.items():
        if len(members) < 2:
            continue
        members.sort(key=lambda s: (_minutes(s.date, s.start) or 0.0, s.path))
        starts = [_minutes(s.date, s.start) for s in members]
        ends = [_minutes(s.date, s.end) or _minutes(s.date, s.start) for s in members]
        known_starts = [m for m in starts if m is not None]
        known_ends = [m for m in ends if m is not None]
        offsets: list[float] = []
        if known_starts and known_ends and max(known_ends) > min(known_starts):
            first, span = min(known_starts), max(known_ends) - min(known_starts)
            offsets = [0.0 if m is None else min(1.0, max(0.0, (m - first) / span)) for m in starts]
        else:
            offsets = [0.0] * len(members)
        streams.append(SharedStream(video_id, tuple(s.path for s in members), tuple(offsets)))
    streams.sort(key=lambda s: s.paths[0])
    return streams


def _minutes(date: str, clock: str) -> float | None:
    """Minutes since an arbitrary epoch for a date and "HH:MM"; None without a time."""
    match = _CLOCK.match(clock)
    if not match:
        return None
    days = 0
    if len(date) == 10 and date[4] == "-" and date[7] == "-":
        try:
            days = int(date[:4]) * 372 + int(date[5:7]) * 31 + int(date[8:10])
        except ValueError:
            days = 0
    return days * 1440.0 + int(match.group(1)) * 60 + int(match.group(2))
