"""Parsing on a second core: a helper process reads session files from the back of the list
while the loader reads them from the front, until the two meet.

A cold load is parsing (decoding, repairing, splitting, counting), pure Python bound to one
core by the interpreter lock; the loader thread also shares that lock with the window. A
second process has a core and an interpreter of its own. It starts in a few tens of
milliseconds (it imports the parser alone, no Qt) and sends what it parsed, a few files at a
time, through a pipe (`viewer.core.util.helper`).

Why from the back: the loader keeps reading from the front, so the first rows come as soon
as without a helper and arrive in the library's order; whatever the helper finished is taken
when the loader gets there, and the helper is stopped then (at most its current few files
were read twice). Nothing depends on the helper: a result it did not send, or one for a file
that is not the one the loader has at that place now (other path, size or time), is parsed
by the loader itself; a helper that cannot start or dies costs nothing but its start.

Two ways to start one:
- `BackParser.for_items(...)`: the loader found files the header cache does not know, and
  enough of them to pay for a process (`helper.worth_a_helper`).
- `prestart(paths)`: before the window's own start-up (importing Qt, building widgets), when
  there is no header cache at all (a first open): the helper lists the folders itself,
  parses the first screenful from the front (the loader, which starts later, takes those at
  once), then the rest from the back while the window is built; the load claims it
  (`claim`).
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import fields, replace
from itertools import islice
from operator import attrgetter, eq
from pathlib import Path
from typing import Any, overload

from viewer.core.library.scan import Found, day_from_folders, rel_of_display
from viewer.core.session.model import ParseProblem, Session, Texts, build_many
from viewer.core.util import helper as helpers
from viewer.core.util.digest import text_digest

# What parsing one file gives: the header (no transcript, summary or takeaways), the
# transcript's digest and the summary and takeaways (kept apart from the headers: `load.py`),
# or why it is not a session.
Parsed = tuple[Session, str, Texts] | ParseProblem

# What `scan.discover` gives: the roots, the files found, the problems met.
Listing = tuple[list[Path], Sequence[Found], list[ParseProblem]]

# What a helper sends (`_parse_from_the_back`), each message small to receive: what it
# parsed or listed travels sealed (`helper.seal`), and is unpickled by the loader when it
# takes it, not by the reader thread. Unpickled there, a first open's listing and first
# chunks took the interpreter lock from the window being built: at 7,000 sessions the
# window was built 12 ms later (benchmarks/FINDINGS.md).
#   (LISTING, sealed packed listing): a helper that lists its paths, first;
#   (FRONT, how many files): then, after the files it parsed from the front;
#   (from the back?, indices, sealed rows): parsed files, a row (source, size, mtime_ns,
#   Parsed) for each index into the listing.
LISTING = "listing"
FRONT = "front"
Row = tuple[str, int, int, Parsed]

# Files per message: what the two sides may both read at their meeting point. Each message
# takes the interpreter lock from the loading thread for its reading thread: at 7,000
# sessions a cold load took 2.75 s with 8 files a message, 2.69-2.71 s with 16, 2.73 s
# with 32 and 2.82 s with 4 (benchmarks/FINDINGS.md).
CHUNK_FILES = 16
FIRST_ROWS = 40  # sessions a prestarted helper parses from the front first: the list's first rows
FRONT_WAIT_S = 1.0  # the longest the loader waits for one of those from a live helper


def parse_item(item: Found) -> Parsed:
    """Parse one found file the way the loader keeps it (`Parsed`); never raises.

    The parser is imported at the first file parsed, not with this module: a first open
    starts the helper (`prestart`) before the window loads, and the window's process takes
    its first rows from the helper, so it need not import the parser before they show."""
    from viewer.core.session.parse import read_session_file

    result = read_session_file(Path(item.source), item.rel, day_hint=day_from_folders(item.source))
    if not isinstance(result, Session):
        return result
    digest = text_digest(result.transcript)
    texts = (result.summary, result.takeaways)
    header = replace(
        result, path=item.rel, source=item.source, transcript="", summary="", takeaways=()
    )
    return header, digest, texts


class BackParser:
    """A helper process parsing a list of files from its end, and what it sent so far.

    `take(index, item)` gives the helper's parse of the file at `index` (an index into the
    loader's list) when the helper reached it and read that same file; `reached(index)` says
    whether every file from `index` on is done; `stop()` ends the process (what it sent is
    kept). Thread-safe: the helper's reader thread fills the results while the loader takes
    them.
    """

    def __init__(self, request: tuple[str, object]) -> None:
        self._done: dict[int, Row | _Sealed] = {}
        self._low = 1 << 62  # every index from here on was sent
        self._lock = threading.Lock()
        self._listing: Listing | None = None
        self._sealed_listing: bytes | None = None
        self._listed = threading.Event()
        self._arrival = threading.Condition(self._lock)
        # A helper that lists its paths parses the first files from the front; how many it
        # says once done (FRONT). Until then any file may be among them (`_front`).
        self._front = 1 << 62 if request[0] == "paths" else 0
        self._helper = helpers.Helper(__name__, request, self._arrived)

    @classmethod
    def for_items(cls, indexed: Sequence[tuple[int, Found]]) -> BackParser:
        """A helper for these files (with their places in the loader's list)."""
        return cls(("items", list(indexed)))

    @classmethod
    def for_paths(cls, paths: Sequence[Path | str]) -> BackParser:
        """A helper that lists `paths` itself (as `scan.discover` does), sends that listing
        first (`listing`), and parses it all."""
        return cls(("paths", [str(p) for p in paths]))

    def _arrived(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        with self._arrival:
            if kind == LISTING:
                self._sealed_listing = message[1]
                self._listed.set()
            elif kind == FRONT:
                self._front = message[1]
            else:
                sealed = _Sealed(message[1], message[2])
                self._done.update(dict.fromkeys(sealed.indices, sealed))
                if kind:  # from the back
                    self._low = min(self._low, min(sealed.indices))
            self._arrival.notify_all()

    @property
    def finished(self) -> bool:
        """Has the helper sent all it will send (or stopped)?"""
        return self._helper.finished.is_set()

    def listing(self) -> Listing | None:
        """What `scan.discover` gave the helper for its paths (one started `for_paths`, which
        lists them first), waiting for it while the helper lives; None when it sent none.
        The loader takes it instead of listing the folders again before it reads its first
        file (benchmarks/FINDINGS.md)."""
        while not self._listed.wait(0.05):
            if self._helper.finished.is_set():
                break
        with self._lock:
            sealed, self._sealed_listing = self._sealed_listing, None
            if sealed is not None:
                try:
                    self._listing = unpack_listing(helpers.unseal(sealed))
                except Exception:  # noqa: BLE001 - the loader lists the folders itself
                    self._listing = None
            return self._listing

    def reached(self, index: int) -> bool:
        with self._lock:
            return index >= self._low

    def take(self, index: int, item: Found) -> Parsed | None:
        """The helper's parse of the file at `index`, or None (the loader parses it). For the
        files a prestarted helper parses from the front (those holding the first FIRST_ROWS
        sessions), this waits for the helper (FRONT_WAIT_S at most) rather than parsing the
        same file again: the window, building meanwhile, would share its core and
        interpreter with that parse."""
        deadline = time.monotonic() + FRONT_WAIT_S
        with self._arrival:
            while (
                index < self._front
                and index not in self._done
                and not self._helper.finished.is_set()
                and time.monotonic() < deadline
            ):
                self._arrival.wait(0.02)
            got = self._done.pop(index, None)
            if isinstance(got, _Sealed):  # the first file taken of its chunk: open it
                got = self._open(got, index)
        if got is None:
            return None
        source, size, mtime_ns, parsed = got
        if (source, size, mtime_ns) != (item.source, item.size, item.mtime_ns):
            return None  # the folder changed between the two listings: read it here
        return parsed

    def _open(self, sealed: _Sealed, index: int) -> Row | None:
        """Unseal a chunk: its rows go where `_done` kept it, the row at `index` is returned.
        One that does not open (never expected: the pipe is private) gives nothing, as if it
        had not come: the loader parses those files."""
        try:
            rows = dict(zip(sealed.indices, helpers.unseal(sealed.data), strict=True))
        except Exception:  # noqa: BLE001 - nothing may depend on the helper
            for other in sealed.indices:
                self._done.pop(other, None)
            return None
        got = rows.pop(index, None)
        self._done.update(rows)
        return got

    def stop(self) -> None:
        self._helper.stop()

    def __enter__(self) -> BackParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Sealed:
    """Files a helper parsed, as they came: the rows for `indices`, sealed."""

    __slots__ = ("data", "indices")

    def __init__(self, indices: list[int], data: bytes) -> None:
        self.indices, self.data = indices, data


# -- started before the window (a first open) -------------------------------------------------

_waiting: tuple[list[str], BackParser] | None = None
_waiting_lock = threading.Lock()


def prestart(paths: Sequence[Path | str]) -> None:
    """Start a helper on `paths` now, for the load to `claim` later (see the module's doc)."""
    global _waiting
    if not paths or helpers.cores() < 2:
        return
    with _waiting_lock:
        if _waiting is not None:
            return
        _waiting = ([str(p) for p in paths], BackParser.for_paths(paths))
    atexit.register(_drop_waiting)


def claim(paths: Sequence[Path | str]) -> BackParser | None:
    """The helper `prestart` started for these same paths, once; any other is stopped."""
    global _waiting
    with _waiting_lock:
        waiting, _waiting = _waiting, None
    if waiting is None:
        return None
    started_for, helper = waiting
    if started_for != [str(p) for p in paths]:
        helper.stop()
        return None
    return helper


def _drop_waiting() -> None:
    helper = claim([])
    if helper is not None:
        helper.stop()


# -- the helper process -------------------------------------------------------------------


def serve() -> None:
    """The helper's side: parse what was asked from the back, a chunk a message."""
    helpers.serve_requests(_parse_from_the_back)


def _parse_from_the_back(request: tuple[str, Any], send: Any) -> None:
    """Parse from the back, a chunk a message. A helper started before the window first
    parses the first screenful from the front (the loader starts later and takes it at once:
    the list's first rows come sooner), then goes on from the back down to there."""
    kind, what = request
    front = 0
    if kind == "paths":
        from viewer.core.library.scan import discover

        listing = discover(what)
        send((LISTING, helpers.seal(pack_listing(listing))))
        indexed = list(enumerate(listing[1]))
        sessions = 0  # files that are no session (a folder's README) give no row
        while front < len(indexed) and sessions < FIRST_ROWS:
            part = indexed[front : front + CHUNK_FILES]
            rows = _send_parsed(part, False, send)
            front += len(part)
            sessions += sum(isinstance(parsed, tuple) for *_, parsed in rows)
        send((FRONT, front))
    else:
        indexed = list(what)
    for end in range(len(indexed), front, -CHUNK_FILES):
        _send_parsed(indexed[max(front, end - CHUNK_FILES) : end][::-1], True, send)


def _send_parsed(part: Sequence[tuple[int, Found]], from_back: bool, send: Any) -> list[Row]:
    """Parse `part` and send it (from the back or not, its indices, its rows sealed)."""
    rows = [(item.source, item.size, item.mtime_ns, parse_item(item)) for _, item in part]
    send((from_back, [index for index, _ in part], helpers.seal(rows)))
    return rows


# A listing as it travels: the roots as texts, the found files as one column per field but
# `rel` (which `display` gives: `scan.rel_of_display`), the problems. Pickling 7,000 `Found`
# objects took 20-30 ms each way, on the way to the first rows; as columns of texts and
# numbers they take 10-15 ms to pack and send, and 6 ms to receive and make into objects
# (`build_many`).
PackedListing = tuple[list[str], list[list[Any]], list[ParseProblem]]
_FOUND_FIELDS = tuple(field.name for field in fields(Found))
_SENT_FIELDS = tuple(name for name in _FOUND_FIELDS if name != "rel")


def pack_listing(listing: Listing) -> PackedListing:
    roots, found, problems = listing
    columns = [list(map(attrgetter(name), found)) for name in _SENT_FIELDS]
    return [str(root) for root in roots], columns, problems


def unpack_listing(packed: PackedListing) -> Listing:
    roots, columns, problems = packed
    if len({len(column) for column in columns}) > 1:
        raise ValueError("listing columns of different lengths")
    found = _ListedFiles(dict(zip(_SENT_FIELDS, columns, strict=True)))
    return [Path(root) for root in roots], found, problems


class _ListedFiles(Sequence[Found]):
    """The files of a listing that travelled (`pack_listing`), kept as the columns they came
    in: each `Found` is made when first read, with the next ones, as many as were made (the
    loader reads them in order). Making all 7,000 at once took 4.6-5.7 ms, before a first
    open's loader could take its first file. Equal to a list of the same files."""

    __slots__ = ("_columns", "_count", "_made")

    def __init__(self, columns: dict[str, list[Any]]) -> None:
        self._columns = columns
        self._count = len(columns["source"])
        self._made: list[Found] = []

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Found: ...

    @overload
    def __getitem__(self, index: slice) -> list[Found]: ...

    def __getitem__(self, index: int | slice) -> Found | list[Found]:
        if isinstance(index, slice):
            self._make(self._count)
            return self._made[index]
        place = index + self._count if index < 0 else index
        if not 0 <= place < self._count:
            raise IndexError("listing index out of range")
        self._make(place + 1)
        return self._made[place]

    def __iter__(self) -> Iterator[Found]:
        done = 0
        while done < self._count:
            self._make(done + 1)
            made = self._made
            yield from islice(made, done, len(made))
            done = len(made)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (list, tuple, _ListedFiles)):
            return NotImplemented
        return len(self) == len(other) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]  # (a list's)

    def _make(self, stop: int) -> None:
        """Make the files before `stop` (at least), if not made yet."""
        start = len(self._made)
        if stop <= start:
            return
        stop = min(self._count, max(stop, 2 * start, 64))
        part = {name: column[start:stop] for name, column in self._columns.items()}
        part["rel"] = list(map(rel_of_display, part["display"]))
        self._made.extend(build_many(Found, [part[name] for name in _FOUND_FIELDS]))
        if stop == self._count:
            self._columns = {}
