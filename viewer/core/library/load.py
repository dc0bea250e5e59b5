"""Folders and files -> a `Library`: session headers, problems and shared streams.

Any folder may be opened: `scan.py` finds candidate files safely (symlinks, loops, FIFOs, size
limits). Markdown that is not a session (READMEs, the directory page) is skipped quietly; a
broken session file becomes one `ParseProblem` and the load goes on.

Only headers stay in memory (`Session.transcript == ""`): 356 transcripts are 20 MB and the
collection is meant to grow tenfold. `Library.full_session` reads a file again on demand and
keeps the last few in a small LRU. Summaries and takeaways are left out of the headers too (at
7,000 sessions they are half the text of a warm start's cache): `Library.with_texts` gives them,
from the load's parse or the cache's texts part (decoded on first use), else from the file.

Sessions with the same video and the same transcript form a `SharedStream` (`streams.py`);
where each one's part lies in that transcript is found on first request (`segments.py`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from viewer.core.library.header_cache import (
    PROBLEM,
    SESSION,
    Entry,
    HeaderCache,
    Listing,
)
from viewer.core.library.scan import (
    Found,
    ScanState,
    current_state,
    day_from_folders,
    discover,
    rel_of_display,
    scan_state,
    scan_state_of,
    session_rel_path,
)
from viewer.core.recordings.streams import find_shared_streams
from viewer.core.session.model import (
    MAX_FILE_BYTES,
    ParseProblem,
    Session,
    SharedStream,
    Texts,
    build_many,
)
from viewer.core.text.venues import canonical_venue, natural_key
from viewer.core.util.collector import paused_gc

if TYPE_CHECKING:
    # Placing recordings and judging quality need the name matchers (rapidfuzz): imported on
    # first use, so that a start that never asks does not pay for them.
    from viewer.core.library.parallel import BackParser
    from viewer.core.library.quality import Quality
    from viewer.core.recordings.cache import SegmentCache
    from viewer.core.recordings.segments import Segment

__all__ = [
    "Library",
    "day_from_folders",
    "find_shared_streams",
    "load_library",
    "session_rel_path",
]

FULL_SESSION_CACHE = 6
SEGMENTS_SAVE_S = 2.0  # the least time between two saves of the recordings placed so far


class Library:
    """The sessions of some folders and files, headers only, plus what could not be read.

    Attributes:
        roots: the folders and files it was loaded from (absolute, symlinks resolved).
        sessions: session headers (no transcript, summary or takeaways: `full_session`,
            `with_texts`), ordered by root then path.
        problems: one entry per file that could not be read as a session.
        streams: groups of sessions that share one recording and transcript.
        cancelled: loading stopped early on request; the lists hold what was read by then.
        verified: the files were listed and checked while loading. False when the library was
            built from the header cache's record of the last scan alone
            (`load_library(..., trust_cache=True)`): `is_stale()` then tells whether it holds.
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
        scan_state: ScanState = (0, 0),
        verified: bool = True,
        texts: Callable[[Session], Texts | None] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.roots = list(roots)
        self.sessions = list(sessions)
        self.problems = list(problems)
        self.cancelled = cancelled
        self.verified = verified
        self._by_path = {s.path: s for s in self.sessions}
        self._digests = dict(digests or {})
        self._file_states = dict(file_states or {})
        self.streams = find_shared_streams(self.sessions, self._digests)
        self._stream_of = {path: stream for stream in self.streams for path in stream.paths}
        self._given_paths = list(given_paths)
        self._scan_state = scan_state
        self._full: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()
        self._texts_of = texts
        self._placed: dict[int, dict[str, Segment]] = {}  # by id() of the stream
        self._segment_cache: SegmentCache | None = None
        self._cache_dir = cache_dir
        self._segments_lock = threading.Lock()
        self._segments_saved = -SEGMENTS_SAVE_S
        self._quality: dict[str, Quality] | None = None
        self._state_keys: dict[str, str] | None = None
        self._quality_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.sessions)

    def session(self, path: str) -> Session | None:
        """The header of one session, None when the library has no such path."""
        return self._by_path.get(path)

    def full_session(self, path: str) -> Session:
        """The session with its transcript, read from disk on demand.

        A file of the size and time the load saw keeps the speakers and counts it was loaded
        with (they are not parsed or counted again); a changed one is parsed whole. If the
        file vanished or no longer parses, the last copy read is returned, or the header when
        there is none. Raises KeyError for a path the library does not hold. Safe to call
        from a worker thread.
        """
        header = self._by_path[path]
        with self._lock:
            cached = self._full.get(path)
            if cached is not None:
                self._full.move_to_end(path)
                return cached
        from viewer.core.session.parse import parse_session, read_session_bytes

        read = read_session_bytes(Path(header.source), path)
        if isinstance(read, ParseProblem):
            return header
        data, state = read
        day = day_from_folders(header.source)
        if state == self._file_states.get(path):
            # Unchanged since the load: its speakers and counts are the ones loaded, so they
            # are neither parsed (no name rules to load) nor counted again.
            result = parse_session(data, path, header.source, day, counted=False, speakers=False)
            if isinstance(result, Session):
                result = replace(
                    result,
                    speakers=header.speakers,
                    transcript_words=header.transcript_words,
                    speaker_changes=header.speaker_changes,
                )
        else:
            result = parse_session(data, path, header.source, day)
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

    def with_texts(self, path: str) -> Session:
        """The header with its summary and takeaways, as loaded (no file read when the load
        parsed it or the header cache kept them), else as the file has them now. Raises
        KeyError for a path the library does not hold. Safe to call from a worker thread."""
        header = self._by_path[path]
        texts = self._texts_of(header) if self._texts_of is not None else None
        if texts is None:
            full = self.full_session(path)
            texts = (full.summary, full.takeaways)
        return replace(header, summary=texts[0], takeaways=texts[1])

    def readable(self, path: str) -> Session:
        """The session as a reader or the index needs it: its texts as loaded
        (`with_texts`), and its file read again only for a transcript (`full_session`).
        Raises KeyError for a path the library does not hold."""
        header = self._by_path[path]
        return self.full_session(path) if header.has_transcript else self.with_texts(path)

    def stream_of(self, path: str) -> SharedStream | None:
        return self._stream_of.get(path)

    def segment_of(self, path: str) -> Segment | None:
        """Where the session's part lies in the recording it shares (`segments.py`); None
        when it shares none. A recording is placed on the first call for one of its sessions
        (one transcript read; a large library holds many recordings, so none is placed before
        it is needed), and kept beside the header cache
        (`recordings/cache.py`) once every recording is placed, so a warm start reads the
        parts instead. Safe to call from a worker thread."""
        stream = self._stream_of.get(path)
        if stream is None:
            return None
        from viewer.core.recordings.segments import find_segments

        with self._segments_lock:
            parts = self._placed.get(id(stream))
            if parts is None:
                parts = self._recalled(stream)
            if parts is None:
                parts = find_segments([stream], self.session, self.transcript)
                self._keep_placed(stream, parts)
            return parts.get(path)

    def unplaced(self) -> list[tuple[SharedStream, list[Session]]]:
        """The recordings neither placed nor kept in the cache, each with the headers of its
        sessions: what `segment_of` would place (an index build has a helper place them)."""
        with self._segments_lock:
            return [
                (stream, self._members(stream))
                for stream in self.streams
                if id(stream) not in self._placed and self._recalled(stream) is None
            ]

    def adopt_segments(self, stream: SharedStream, parts: dict[str, Segment]) -> None:
        """Keep `parts`, placed elsewhere (`segments.find_segments` in a helper process) from
        the transcript this library would read, unless the recording was placed meanwhile."""
        with self._segments_lock:
            if id(stream) not in self._placed:
                self._keep_placed(stream, parts)

    def _recalled(self, stream: SharedStream) -> dict[str, Segment] | None:
        """The recording's parts as the segment cache kept them (kept as placed), if it did.
        Call with `_segments_lock` held."""
        from viewer.core.recordings.cache import SegmentCache

        if self._segment_cache is None and self._cache_dir is not None:
            self._segment_cache = SegmentCache(self._cache_dir)
        cache = self._segment_cache
        if cache is None:
            return None
        parts = cache.recall(self._stream_key(stream))
        if parts is not None:
            self._placed[id(stream)] = parts
            self._save_segments(cache)
        return parts

    def _keep_placed(self, stream: SharedStream, parts: dict[str, Segment]) -> None:
        """Call with `_segments_lock` held."""
        self._placed[id(stream)] = parts
        cache = self._segment_cache
        if cache is not None:
            cache.keep(self._stream_key(stream), parts)
            self._save_segments(cache)

    def _members(self, stream: SharedStream) -> list[Session]:
        """The headers of the recording's sessions the library holds, in its order."""
        return [m for path in stream.paths if (m := self.session(path)) is not None]

    def _stream_key(self, stream: SharedStream) -> str:
        from viewer.core.recordings.cache import stream_key

        return stream_key(stream, self._members(stream), self.transcript_digest(stream.paths[0]))

    def _save_segments(self, cache: SegmentCache) -> None:
        """Keep what was placed: pruned once every recording was asked for; before that,
        merged with the file, at most every SEGMENTS_SAVE_S (a start that quits early, or
        places one recording for the first session shown, still spares the next start
        that work)."""
        if len(self._placed) == len(self.streams):
            cache.save()
        elif cache.has_new and time.monotonic() - self._segments_saved >= SEGMENTS_SAVE_S:
            cache.save(prune=False)
            self._segments_saved = time.monotonic()

    def recording_parts(self, path: str) -> list[tuple[str, Segment]]:
        """Every session of the recording `path` shares, with its part, in the order the
        parts were found in the recording (those not in it last); [] when it shares none."""
        stream = self._stream_of.get(path)
        if stream is None:
            return []
        parts = [(p, s) for p in stream.paths if (s := self.segment_of(p)) is not None]
        parts.sort(key=lambda item: (item[1].absent, item[1].start_word or 0))
        return parts

    def quality_of(self, path: str) -> Quality:
        """How far the session's transcript can be trusted (`quality.py`): flags with
        reasons. Judged for every session on the first call, once per library (each own
        transcript read once, the verdicts kept beside the header cache so a warm start
        reads them instead). Safe to call from a worker thread."""
        from viewer.core.library.quality import NO_QUALITY

        return self.qualities().get(path, NO_QUALITY)

    @property
    def quality_known(self) -> bool:
        """Were the quality flags judged already (`qualities()` returns at once)?"""
        return self._quality is not None

    def qualities(self) -> dict[str, Quality]:
        """Every session's `Quality`, by path (computed on the first call)."""
        from viewer.core.library.quality import assess
        from viewer.core.library.quality_cache import text_verdicts

        with self._quality_lock:
            if self._quality is None:
                shared = set(self._stream_of)
                verdicts = text_verdicts(
                    self.sessions, shared, self.transcript, self.transcript_digest, self._cache_dir
                )
                self._quality = assess(self.sessions, self.streams, self.segment_of, verdicts.get)
            return self._quality

    def state_keys(self) -> dict[str, str]:
        """{session path: its file's stable key} (`userstate.state_keys`), made once: the
        reader's state and the highlights both follow their sessions' files by it."""
        if self._state_keys is None:
            from viewer.core.library.userstate import state_keys

            self._state_keys = state_keys((s.path, s.source) for s in self.sessions)
        return self._state_keys

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
        return current_state(self._given_paths) != self._scan_state

    def days(self) -> list[int]:
        return sorted({s.day for s in self.sessions if s.day is not None})

    def venues(self) -> list[str]:
        """One canonical name per room (`text.venues`), in natural order (7 before 10)."""
        # Joined once per distinct (building, room), not per session.
        places = {(s.building, s.room) for s in self.sessions}
        names = {canonical_venue(b, r) for b, r in places}
        return sorted(names - {""}, key=natural_key)

    def partners(self) -> list[str]:
        return sorted({p for s in self.sessions for p in s.partners if p}, key=str.casefold)


def load_library(
    paths: Sequence[Path | str],
    *,
    cache_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    trust_cache: bool = False,
    arrived: Callable[[Session], None] | None = None,
) -> Library:
    """Scan folders and files into a `Library`; never raises for anything a file contains.

    `progress(done, total)` is called after each file; `cancelled()` is polled between files
    and stops the load early (the library then holds what was read so far). `arrived(session)`
    is called with each session as soon as its file is read or recalled, in the library's
    order and with its final path, so a list can fill while the rest is read (not called for
    a library built from the cache's memory alone: that one is ready at once).

    `trust_cache`: when the header cache holds what the last scan of these same roots found,
    build the library from the cache alone, without listing a folder or checking a file (the
    window shows it at once). The result has `verified == False`; the caller must check
    `is_stale()` afterwards (a stat walk) and load again without `trust_cache` when it is.
    """
    cache: HeaderCache | None = None
    if trust_cache and cache_dir is not None:
        # From memory alone the library is built in bulk, with no collector pass meanwhile
        # and none walking it afterwards (`paused_gc`).
        with paused_gc(keep=True):
            cache = HeaderCache(cache_dir)
            remembered = _remembered_scan(paths, cache)
            if remembered is not None:
                library = _from_memory(paths, *remembered, cache, progress, cancelled)
                library.verified = False
                return library
    elif cache_dir is not None:
        cache = HeaderCache(cache_dir)
    from viewer.core.library.parallel import claim

    # A helper started for these paths before the window listed them already: its listing
    # is taken (what the folders held a moment ago; the window checks for changes after).
    helper = claim(paths)
    listing = helper.listing() if helper is not None else None
    roots, found, scan_problems = listing if listing is not None else discover(paths)
    library = _build(
        paths, roots, found, scan_problems, cache, progress, cancelled, arrived, helper
    )
    if cache is not None and not library.cancelled:
        cache.remember(
            Listing(
                tuple(map(str, roots)),
                tuple(item.source for item in found),
                tuple(item.display for item in found),
                tuple(item.explicit for item in found),
                tuple((problem.path, problem.reason) for problem in scan_problems),
            )
        )
        cache.save([str(r) for r in roots if r.is_dir()])
    return library


def _build(
    paths: Sequence[Path | str],
    roots: list[Path],
    found: Sequence[Found],
    scan_problems: list[ParseProblem],
    cache: HeaderCache | None,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    arrived: Callable[[Session], None] | None = None,
    claimed: BackParser | None = None,
) -> Library:
    """Read (or recall) every file found and make the library of them. `claimed`: the
    helper started for these paths before the window, if the caller took it already."""
    problems = list(scan_problems)
    sessions: list[Session] = []
    parsed: dict[str, Texts] = {}
    digests: dict[str, str] = {}
    states: dict[str, tuple[int, int]] = {}
    stopped = False
    total = len(found)
    helper = claimed if claimed is not None else _helper_for(found, cache)
    try:
        for done, item in enumerate(found, 1):
            if cancelled is not None and cancelled():
                stopped = True
                break
            if helper is not None and helper.reached(done - 1):
                helper.stop()  # it is reading what was read here already; what it sent stays
            outcome = _read_one(item, cache, helper, done - 1)
            if isinstance(outcome, ParseProblem):
                problems.append(outcome)
            elif outcome is not None:
                session, digest, texts = outcome
                path = _unique_path(session.path, item, digests)
                sessions.append(replace(session, path=path) if path != session.path else session)
                if arrived is not None:
                    arrived(sessions[-1])
                if texts is not None:
                    parsed[path] = texts
                digests[path] = digest
                states[path] = (item.size, item.mtime_ns)
            if progress is not None:
                progress(done, total)
    finally:
        if helper is not None:  # also when a callback raised: no process is left behind
            helper.stop()
    return Library(
        roots,
        sessions,
        problems,
        digests,
        states,
        cancelled=stopped,
        given_paths=list(paths),
        scan_state=scan_state(found),
        texts=_TextsFrom(parsed, cache),
        cache_dir=cache.file.parent if cache is not None else None,
    )


_Remembered = tuple[list[Path], Listing, list[Entry], list[ParseProblem]]


def _remembered_scan(paths: Sequence[Path | str], cache: HeaderCache) -> _Remembered | None:
    """What `discover(paths)` gave last time, from the cache (the roots, the listing, each
    file's entry, the scan's problems); None when it was not recorded (or a root is missing
    now, or a file of it has no usable entry)."""
    roots: list[Path] = []
    for given in paths:
        try:
            root = Path(given).expanduser().resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if root not in roots:
            roots.append(root)
    remembered = cache.listing([str(root) for root in roots])
    if remembered is None:
        return None
    listing, entries = remembered
    problems = [ParseProblem(path, reason) for path, reason in listing.problems]
    return roots, listing, entries, problems


def _from_memory(
    paths: Sequence[Path | str],
    roots: list[Path],
    listing: Listing,
    entries: list[Entry],
    scan_problems: list[ParseProblem],
    cache: HeaderCache,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Library:
    """`_build` for a remembered scan, column by column: what it gives, without a `Found`
    and a round of calls per file.

    Taken when every session's cached header has the path and source its file has now and no
    two share a path, which is every time but after a collection was moved or two roots hold
    the same relative path; then `_build` decides file by file. Files that are no session
    (a README, a problem) are recalled one by one, as `_build` would. Progress is reported
    once, at the end (nothing here waits on the disk)."""
    sources, displays, explicit = listing.sources, listing.displays, listing.explicit
    rels = list(map(rel_of_display, displays))
    sizes = [entry.size for entry in entries]
    mtimes = [entry.mtime_ns for entry in entries]
    kept = [row for row, entry in enumerate(entries) if entry.kind == SESSION]
    headers = [entries[row].header for row in kept]
    paths_now = [rels[row] for row in kept]
    if (
        (cancelled is not None and cancelled())
        or [getattr(header, "path", None) for header in headers] != paths_now
        or [getattr(header, "source", None) for header in headers] != [sources[r] for r in kept]
        or len(set(paths_now)) != len(paths_now)
    ):
        found = build_many(Found, [sources, rels, displays, sizes, mtimes, explicit])
        return _build(paths, roots, found, scan_problems, cache, progress, cancelled)
    problems = list(scan_problems)
    for row in (row for row, entry in enumerate(entries) if entry.kind != SESSION):
        item = Found(sources[row], rels[row], displays[row], sizes[row], mtimes[row], explicit[row])
        outcome = _recall(entries[row], item)
        if isinstance(outcome, ParseProblem):
            problems.append(outcome)
    if progress is not None:
        progress(len(entries), len(entries))
    return Library(
        roots,
        cast(list[Session], headers),
        problems,
        dict(zip(paths_now, [entries[row].digest for row in kept], strict=True)),
        {rels[row]: (sizes[row], mtimes[row]) for row in kept},
        given_paths=list(paths),
        scan_state=scan_state_of(sources, sizes, mtimes),
        texts=_TextsFrom({}, cache),
        cache_dir=cache.file.parent,
    )


class _TextsFrom:
    """Where a library finds the texts its headers leave out: what its load parsed (by path),
    else what the header cache kept for the file (by source)."""

    def __init__(self, parsed: dict[str, Texts], cache: HeaderCache | None) -> None:
        self._parsed = parsed
        self._cache = cache

    def __call__(self, header: Session) -> Texts | None:
        texts = self._parsed.get(header.path)
        if texts is None and self._cache is not None:
            texts = self._cache.texts(header.source)
        return texts


# A header, its transcript digest and its texts (None: recalled, the cache has them), or a
# problem, or None for a file to skip quietly.
_Outcome = tuple[Session, str, Texts | None] | ParseProblem | None


def _helper_for(found: Sequence[Found], cache: HeaderCache | None) -> BackParser | None:
    """A new process parsing from the back of `found` while this thread reads from the front
    (`parallel.py`) when the files the cache does not know are worth it, else None. (The
    parser and the helper are imported here: a start that recalls every file from the cache
    needs neither.)"""
    from viewer.core.library.parallel import BackParser
    from viewer.core.util import helper as helpers

    misses = [
        (index, item)
        for index, item in enumerate(found)
        if item.size <= MAX_FILE_BYTES
        and (cache is None or cache.get(item.source, item.size, item.mtime_ns) is None)
    ]
    if not helpers.worth_a_helper([item.size for _, item in misses]):
        return None
    return BackParser.for_items(misses)


def _read_one(
    item: Found, cache: HeaderCache | None, helper: BackParser | None = None, index: int = -1
) -> _Outcome:
    """Parse (or recall) one file: a header and digest, a problem, or None to skip quietly.
    `helper`: a process that may have parsed the file at `index` already."""
    if item.size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return ParseProblem(item.display, f"too large ({_megabytes(item.size)}, limit {limit} MB)")
    if cache is not None:
        entry = cache.get(item.source, item.size, item.mtime_ns)
        if entry is not None:
            return _recall(entry, item)
    parsed = helper.take(index, item) if helper is not None else None
    if parsed is None:
        from viewer.core.library.parallel import parse_item

        parsed = parse_item(item)
    if isinstance(parsed, tuple):
        header, digest, texts = parsed
        if cache is not None:
            cache.put(item.source, item.size, item.mtime_ns, header, digest, texts)
        return header, digest, texts
    if cache is not None:
        cache.put(item.source, item.size, item.mtime_ns, parsed)
    if parsed.is_error or item.explicit:
        return ParseProblem(item.display, parsed.reason)
    return None


def _recall(entry: Entry, item: Found) -> _Outcome:
    """The outcome a cache entry records (the cache type-checked it when loading)."""
    header = entry.header
    if entry.kind == SESSION and header is not None:
        if header.path != item.rel or header.source != item.source:
            header = replace(header, path=item.rel, source=item.source)  # reached another way
        return header, entry.digest, None
    reason = entry.reason or "could not be read as a session"
    if entry.kind == PROBLEM or item.explicit:
        return ParseProblem(item.display, reason)
    return None


def _unique_path(path: str, item: Found, taken: dict[str, str]) -> str:
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
