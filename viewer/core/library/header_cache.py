"""A JSON cache of parsed session headers, so a warm start does not read every file again.

Parsing 22 MB of Markdown costs far more than reading one JSON file, so the library remembers,
per source file, what parsing it gave: a session header (everything but the transcript) plus the
transcript digest, a problem, or "not a session". An entry is reused only while the file's size
and modification time (ns) are unchanged, and the whole cache is dropped when the parsing code
changes (its fingerprint hashes the source of the modules that decide what a file parses to).
It also remembers what the last scans of a few libraries found (`Listing`), so the window can
show a library before checking its files (`load_library(..., trust_cache=True)`).

The file is written atomically (temporary file + `os.replace`), so a crash never leaves half a
cache; a cache that cannot be read is renamed `*.corrupt` (kept for inspection, never silently
wiped) and rebuilt. JSON rather than pickle or marshal: a cache file must not be able to run
code, and `marshal` is documented as unsafe for damaged or hostile data.

Layout: columns and a string table rather than one JSON object per file, so that a large
library's cache decodes without a tree of dicts and builds its sessions in bulk. Every text value
is stored once in a string table and referred to by its index, each distinct speaker once, and
the files are tables of columns. The file is JSON lines (`write_document`):

    {"format": N, "fingerprint": "..."}
    ["strings", ["", "Hall 9", ...]]                    (4,096 texts a line, as many lines)
    ["speakers", [text, name, affiliation, key, ...]]   (string indices, 4 per speaker)
    ["sessions", {"source": [...], "size": [...], "title": [...], ...,
                  "speakers": [...], "speakers_count": [...], ...}]   (lists: flat + counts)
    ["others", {"kind": [1 or 2, ...], "source": [...], ...}]   (problems, not sessions)
    ["listings", [{"roots": [...], "sources": [...], "displays": [...], "explicit": [0 or 1, ...],
                   "problems": [path, reason, ...]}, ...]]
    ["texts", {"source": [...], "summary": [...], "takeaways": [[...], ...]}]   (plain texts)

So the file is small (a venue, partner or speaker is written once, not per session), reading
holds one line's text at a time besides what it decoded, every repeated text becomes one shared
object (the loaded sessions share them for free), and each column is type- and range-checked in
one pass before the sessions are built in bulk. A value of the wrong type (or an index out of
range) marks its row damaged: that file is parsed again. A file or table of the wrong shape
(not JSON, a part missing, columns of different lengths) is set aside whole. The file is pure
ASCII (`ensure_ascii`), so decoded text takes one byte per character, not two or four because
of one arrow or emoji; and a fingerprint of other code is noticed after the first line.

Columns of plain integers are written packed (`_pack`: base64 of 32-bit integers, a JSON text
where the list would be) and decode into an `array` in one step. A column holding anything
else (a flag, a missing day, a 64-bit time) stays a JSON list; a packed text that does not
decode sets the cache aside like any table of the wrong shape.

Summaries and takeaways are kept out of the headers (a warm start has no use for them: the
detail pane shows the file as read when the session opens). They are the last line, texts as
written, which reading keeps as bytes until a text is asked for (`HeaderCache.texts`: the
catalogue export); a texts part that does not decode costs nothing but reading those files again.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from itertools import accumulate, pairwise, repeat
from pathlib import Path
from typing import Any, NamedTuple

from viewer.core.session.model import ParseProblem, Session, Speaker, Texts, build_many
from viewer.core.util import int32
from viewer.core.util.atomic import NotRegularFile, atomic_write_bytes, open_regular, set_aside
from viewer.core.util.collector import paused_gc
from viewer.core.util.digest import blake2b

CACHE_NAME = "headers-v4.json"
FORMAT = 4
MAX_LISTINGS = 8  # libraries whose file list is remembered (most recently loaded first)

# What a file gave when parsed: a session, a problem to report, or Markdown that is no session.
SESSION, PROBLEM, SKIP = "session", "problem", "skip"
_OTHER_KINDS = {1: PROBLEM, 2: SKIP}
_OTHER_CODES = {kind: code for code, kind in _OTHER_KINDS.items()}

# The sessions table: the header's fields (built by position, in the model's order), the file's
# size and mtime, and the transcript digest. Each column is one of three sorts:
_HEADER_FIELDS = tuple(name for name in Session.__dataclass_fields__ if name != "transcript")
_VALUE_TYPES: dict[str, set[type]] = {  # plain JSON values of these exact types
    "size": {int},
    "mtime_ns": {int},
    "day": {int, type(None)},
    "has_transcript": {bool},
    "transcript_words": {int},
    "speaker_changes": {int},
}
_LIST_FIELDS = ("speakers", "partners")  # flat indices + a count per session
# Kept out of the headers (`Library.with_texts`), in a part of their own read on demand.
_TEXT_FIELDS = ("summary", "takeaways")
_TEXT_COLUMNS = (  # indices into `strings`: every other field
    "digest",
    *(
        name
        for name in _HEADER_FIELDS
        if name not in _VALUE_TYPES and name not in _LIST_FIELDS and name not in _TEXT_FIELDS
    ),
)
_OTHER_COLUMNS = ("kind", "size", "mtime_ns", "source", "reason")
_COLUMN_TYPES = (list, array)  # a column as JSON gives it, or packed (`_pack`)


class Entry(NamedTuple):
    """What one file gave, valid while its size and mtime are unchanged.

    Attributes:
        kind: SESSION, PROBLEM or SKIP.
        header: the session header (SESSION only), with the path it had when cached.
        digest: the transcript digest (SESSION only; "" without a transcript).
        reason: why the file is a problem or not a session (PROBLEM, SKIP).
    """

    size: int
    mtime_ns: int
    kind: str
    header: Session | None = None
    digest: str = ""
    reason: str = ""


class Listing(NamedTuple):
    """What a scan of some roots found, in scan order, without reading a file.

    Attributes:
        roots: the resolved roots, as `discover` returns them.
        sources, displays, explicit: of every candidate file (`Found`'s fields of those names).
        problems: (path, reason) of what the scan itself reported (unreadable folders, ...).
    """

    roots: tuple[str, ...]
    sources: tuple[str, ...]
    displays: tuple[str, ...]
    explicit: tuple[bool, ...]
    problems: tuple[tuple[str, str], ...]


# The code that decides what a file parses to, relative to viewer/core: read as files (not
# imported, so this module does not depend on the loader that uses it).
PARSER_SOURCES = (
    "session/decode.py",
    "session/parse.py",
    "session/model.py",
    "library/load.py",
    "library/scan.py",
    "text/names.py",
    "text/folding.py",
)


def code_fingerprint() -> str:
    """Hash of the code that decides what a file parses to: a change invalidates the cache."""
    core = Path(__file__).resolve().parents[1]
    digest = blake2b(str(FORMAT).encode(), digest_size=12)
    for source in PARSER_SOURCES:
        with contextlib.suppress(OSError):
            digest.update((core / source).read_bytes())
    return digest.hexdigest()


class HeaderCache:
    """Entries keyed by absolute source path, each valid for one (size, mtime_ns).

    Attributes:
        file: where the cache lives.
        dirty: something changed since loading; `save()` writes only then.
        damaged: rows (and listings) dropped when loading because a value was of the wrong
            type or out of range; those files are parsed (and those folders scanned) again.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.file = Path(cache_dir) / CACHE_NAME
        self.fingerprint = code_fingerprint()
        self.dirty = False
        self.damaged = 0
        self._entries: dict[str, Entry] = {}
        self._listings: list[Listing] = []
        self._seen: set[str] = set()
        # Summaries and takeaways by source: those put since loading (None: not known), and
        # the file's texts part, kept undecoded until one is asked for (`texts`).
        self._texts: dict[str, Texts | None] = {}
        self._stored_texts: bytes | dict[str, Texts] = b""
        self._texts_lock = threading.Lock()
        self._load()

    # -- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        with paused_gc():
            self._decode()

    def _decode(self) -> None:
        try:
            # long lines: read in big steps; a FIFO or device here is never read
            handle = open_regular(self.file, buffering=1 << 20)
        except NotRegularFile:
            self._set_aside()
            return
        except OSError:
            return
        try:
            with handle:
                data = read_document(handle, self.fingerprint)
            if data is None:
                return  # written by other code: ignored, and replaced on the next save
            strings = data["strings"]
            speakers = _speaker_table(data["speakers"], strings)
            sessions, bad_sessions = _read_sessions(data.pop("sessions"), strings, speakers)
            others, bad_others = _read_others(data.pop("others"), strings)
        except OSError:
            return  # could not be read (not damaged): rebuilt like a missing cache
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            self._set_aside()  # not JSON, or tables of the wrong shape
            return
        self._entries = sessions
        self._entries.update(others)
        self._stored_texts = data.get("texts", b"")
        self.damaged = bad_sessions + bad_others
        self._listings = self._read_listings(data.get("listings"), strings)

    def _read_listings(self, raw: Any, strings: list[str]) -> list[Listing]:
        listings: list[Listing] = []
        for item in raw if type(raw) is list else ():
            try:
                listings.append(_listing(item, strings))
            except (TypeError, ValueError, IndexError, KeyError):
                self.damaged += 1  # that library is scanned before it is shown
        return listings[:MAX_LISTINGS]

    def _set_aside(self) -> None:
        """Keep a corrupt cache for inspection instead of silently overwriting it."""
        with contextlib.suppress(OSError):
            set_aside(self.file, keep_older=False)  # a cache: the newest damage is enough
        self.dirty = True

    # -- entries -----------------------------------------------------------------------------

    def get(self, source: str, size: int, mtime_ns: int) -> Entry | None:
        """The entry for this file if it is still current, else None."""
        self._seen.add(source)
        entry = self._entries.get(source)
        if entry is not None and entry.size == size and entry.mtime_ns == mtime_ns:
            return entry
        return None

    def entry(self, source: str) -> Entry | None:
        """The entry for this file whatever its state on disk (for showing a cached listing)."""
        return self._entries.get(source)

    def put(
        self,
        source: str,
        size: int,
        mtime_ns: int,
        result: Session | ParseProblem,
        digest: str = "",
        texts: Texts | None = None,
    ) -> Entry:
        """Remember what parsing gave: a session header, a problem, or "not a session".

        A session's summary and takeaways are kept apart (`texts`): the entry's header has
        none. A caller that took them out of the header already passes them as `texts`."""
        if isinstance(result, Session):
            if texts is None:
                texts = (result.summary, result.takeaways)
                if result.summary or result.takeaways:
                    result = replace(result, summary="", takeaways=())
            self._texts[source] = texts
            entry = Entry(size, mtime_ns, SESSION, result, digest)
        else:
            self._texts[source] = None
            kind = PROBLEM if result.is_error else SKIP
            entry = Entry(size, mtime_ns, kind, reason=result.reason)
        self._seen.add(source)
        self._entries[source] = entry
        self.dirty = True
        return entry

    def texts(self, source: str) -> Texts | None:
        """The summary and takeaways of the session in this file as its entry has it; None
        when unknown (the file is then read for them).

        The first call decodes the file's texts part (at 7,000 sessions about half the file's
        text, which a warm start therefore never decodes). Safe to call from any thread."""
        if source in self._texts:
            return self._texts[source]
        with self._texts_lock:
            stored = self._stored_texts
            if isinstance(stored, bytes):
                stored = self._stored_texts = _read_texts(stored)
            return stored.get(source)

    # -- listings ----------------------------------------------------------------------------

    def listing(self, roots: Sequence[str]) -> tuple[Listing, list[Entry]] | None:
        """What the last scan of exactly these roots found, with the entry of each of its files
        (whatever their state on disk now); None when not remembered or an entry is missing."""
        wanted = tuple(roots)
        for listing in self._listings:
            if listing.roots == wanted:
                found = list(map(self._entries.get, listing.sources))
                entries = [entry for entry in found if entry is not None]
                return (listing, entries) if len(entries) == len(found) else None
        return None

    def remember(self, listing: Listing) -> None:
        """Keep what a scan found (most recent first)."""
        if self._listings and self._listings[0] == listing:
            return
        others = [old for old in self._listings if old.roots != listing.roots]
        self._listings = [listing, *others][:MAX_LISTINGS]
        self.dirty = True

    # -- writing -----------------------------------------------------------------------------

    def save(self, scanned_dirs: list[str]) -> None:
        """Write the cache if it changed, forgetting files under `scanned_dirs` that are gone.

        Entries of other libraries (paths outside the scanned folders) are kept, so opening a
        second collection does not throw away the first one's cache.
        """
        prefixes = tuple(d.rstrip(os.sep) + os.sep for d in scanned_dirs)
        stale = [s for s in self._entries if s not in self._seen and s.startswith(prefixes)]
        for source in stale:
            del self._entries[source]
        if not (self.dirty or stale):
            return
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.file, self.encode())
        self.dirty = False

    def encode(self) -> bytes:
        """The cache file's bytes (format 3, see the module docstring)."""
        strings: dict[str, int] = {}
        speakers: dict[Speaker, int] = {}

        def ref(text: str) -> int:
            return strings.setdefault(text, len(strings))

        def speaker_ref(speaker: Speaker) -> int:
            return speakers.setdefault(speaker, len(speakers))

        columns: dict[str, list[Any]] = {
            name: [] for name in (*_VALUE_TYPES, *_TEXT_COLUMNS, *_LIST_FIELDS)
        }
        columns.update({name + "_count": [] for name in _LIST_FIELDS})
        others: dict[str, list[Any]] = {name: [] for name in _OTHER_COLUMNS}
        for source, entry in self._entries.items():
            header = entry.header
            if entry.kind != SESSION or header is None:
                code = _OTHER_CODES.get(entry.kind, _OTHER_CODES[PROBLEM])
                row = (code, entry.size, entry.mtime_ns, ref(source), ref(entry.reason))
                for name, value in zip(_OTHER_COLUMNS, row, strict=True):
                    others[name].append(value)
                continue
            own: dict[str, Any] = {"size": entry.size, "mtime_ns": entry.mtime_ns,
                                   "digest": entry.digest, "source": source}  # fmt: skip
            for name in _VALUE_TYPES:
                columns[name].append(own[name] if name in own else getattr(header, name))
            for name in _TEXT_COLUMNS:
                columns[name].append(ref(own[name] if name in own else getattr(header, name)))
            for name in _LIST_FIELDS:
                values = getattr(header, name)
                columns[name].extend(map(speaker_ref if name == "speakers" else ref, values))
                columns[name + "_count"].append(len(values))
        texts: dict[str, list[Any]] = {"source": [], "summary": [], "takeaways": []}
        for source, entry in self._entries.items():
            known = self.texts(source) if entry.kind == SESSION else None
            if known is not None:
                texts["source"].append(source)
                texts["summary"].append(known[0])
                texts["takeaways"].append(list(known[1]))
        speaker_refs = [
            ref(text)
            for speaker in speakers
            for text in (speaker.text, speaker.name, speaker.affiliation, speaker.key)
        ]
        listings = [
            {
                "roots": list(map(ref, listing.roots)),
                "sources": list(map(ref, listing.sources)),
                "displays": list(map(ref, listing.displays)),
                "explicit": list(map(int, listing.explicit)),
                "problems": [ref(text) for problem in listing.problems for text in problem],
            }
            for listing in self._listings
        ]
        payload = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "strings": list(strings),
            "speakers": speaker_refs,
            "sessions": columns,
            "others": others,
            "listings": listings,
            "texts": texts,
        }
        return write_document(payload)


# -- the file: JSON lines, so that no line (and no text decoded from one) is large ------------

STRINGS_PER_LINE = 4096
_PARTS = ("speakers", "sessions", "others", "listings")
_TEXTS_LINE = b'["texts",'  # the optional last part, kept undecoded when reading


def write_document(payload: dict[str, Any]) -> bytes:
    """The file's bytes for `payload` (format, fingerprint, strings, the `_PARTS` and the
    texts part, a table or its line as `read_document` kept it).

    The first line holds the format and fingerprint; each further line is one `[name, value]`
    pair, the string table split over several `"strings"` lines. Reading then never holds more
    than one line's bytes and text besides what is decoded (a single 10 MB JSON document
    would be a 10 MB `bytes` and a 10 MB `str` next to the decoded tables at the peak).
    """

    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=True, separators=(",", ":"))

    lines = [line({"format": payload["format"], "fingerprint": payload["fingerprint"]})]
    strings = payload["strings"]
    for start in range(0, len(strings), STRINGS_PER_LINE):
        lines.append(line(["strings", strings[start : start + STRINGS_PER_LINE]]))
    lines += [line([name, _packed(payload[name])]) for name in _PARTS if name in payload]
    texts = payload.get("texts")  # plain JSON text: read on demand, in one piece
    if isinstance(texts, bytes):  # the line as `read_document` kept it
        lines.append(texts.rstrip(b"\r\n").decode("ascii"))
    elif texts is not None:
        lines.append(line(["texts", texts]))
    return ("\n".join(lines) + "\n").encode("ascii")


# Integer columns are written packed: base64 of little-endian 32-bit integers (`int32`). JSON
# builds an int object per number (hundreds of thousands in a large library); a packed column
# decodes into an `array` in one step, read where it is used.


def _pack(column: Sequence[Any]) -> str | list[Any]:
    """A column of plain ints in 0..2**31-1 as base64; anything else as a JSON list."""
    if not column or set(map(type, column)) != {int}:
        return list(column)
    if min(column) < 0 or max(column) >= int32.END:
        return list(column)
    return base64.b64encode(int32.to_bytes(column)).decode("ascii")


def _unpack(text: str) -> array[int]:
    """A packed column back; raises ValueError when it is not one."""
    return int32.from_bytes(base64.b64decode(text, validate=True))  # ValueError: not whole ints


def _with_columns(
    part: Any, convert: Callable[[Any], Any], is_column: Callable[[Any], bool]
) -> Any:
    """`part` with `convert` applied to each of its columns (those `is_column` names): a
    table's columns, the speakers' list, each listing's lists."""
    if type(part) is dict:
        return {name: convert(value) if is_column(value) else value
                for name, value in part.items()}  # fmt: skip
    if type(part) is list and part and type(part[0]) is dict:
        return [_with_columns(item, convert, is_column) for item in part]
    return convert(part) if is_column(part) else part


def _packed(part: Any) -> Any:
    """A part with its integer columns packed."""
    return _with_columns(part, _pack, lambda value: type(value) in _COLUMN_TYPES)


def _unpacked(part: Any) -> Any:
    """`_packed` undone: every text where a column belongs is a packed column."""
    return _with_columns(part, _unpack, lambda value: type(value) is str)


def read_document(lines: Iterable[bytes], fingerprint: str | None = None) -> dict[str, Any] | None:
    """`payload` back from the lines `write_document` wrote; None when the fingerprint is not
    `fingerprint` (the rest is then not read). Raises ValueError (or KeyError, TypeError) when
    the file is not such a document: not JSON, a line of another shape, a part missing."""
    rows = iter(lines)
    head = json.loads(next(rows, b"null"))
    if type(head) is not dict or head.get("format") != FORMAT:
        raise ValueError("not a header cache")
    if fingerprint is not None and head.get("fingerprint") != fingerprint:
        return None
    data: dict[str, Any] = {**head, "strings": []}
    for row in rows:
        if row.startswith(_TEXTS_LINE):
            if "texts" in data:
                raise ValueError("two texts parts")
            data["texts"] = bytes(row)  # decoded when a text is asked for (`_read_texts`)
            continue
        name, value = json.loads(row)
        if name == "strings":
            if type(value) is not list or not set(map(type, value)) <= {str}:
                raise ValueError("strings: not a list of text")
            data["strings"] += value
        elif name in _PARTS and name not in data:
            data[name] = _unpacked(value)
        else:
            raise ValueError(f"unexpected line {name!r}")
    missing = [name for name in _PARTS if name not in data]
    if missing:
        raise KeyError(f"missing {missing}")
    return data


# -- decoding: a damaged table raises ValueError/TypeError/KeyError, a damaged value marks its row


def _column(table: dict[str, Any], name: str, rows: int | None = None) -> Sequence[Any]:
    column = table[name]
    if type(column) not in _COLUMN_TYPES or (rows is not None and len(column) != rows):
        raise ValueError(f"column {name} of the wrong shape")
    return column


def _checked(
    column: Sequence[Any],
    types: set[type],
    bad: set[int],
    *,
    limit: int | None = None,
    owner: Callable[[int], int] | None = None,
) -> Sequence[Any]:
    """`column` with every value not of `types` (or, with `limit`, an index outside
    0..limit-1) replaced by 0 and its row added to `bad` (`owner`: the row of a position).

    One C-level pass when all is well, which is every time but after damage (none for the
    types of a packed column, whose values are all ints: `_all_of`)."""
    if _all_of(column, types) and (
        limit is None or not column or (min(column) >= 0 and max(column) < limit)
    ):
        return column
    clean: list[Any] = []
    for position, value in enumerate(column):
        if type(value) in types and (limit is None or 0 <= value < limit):
            clean.append(value)
        else:
            clean.append(0)
            bad.add(owner(position) if owner is not None else position)
    return clean


def _texts(
    table: dict[str, Any], name: str, rows: int, strings: list[str], bad: set[int]
) -> list[str]:
    refs = _checked(_column(table, name, rows), {int}, bad, limit=len(strings))
    return list(map(strings.__getitem__, refs))


def _groups(
    table: dict[str, Any], name: str, rows: int, items: Sequence[Any], bad: set[int]
) -> list[tuple[Any, ...]]:
    """Per row, the tuple of `items` its flat indices and count pick."""
    counts = _column(table, name + "_count", rows)
    flat = _column(table, name)
    if not _all_of(counts, {int}) or (counts and min(counts) < 0):
        raise ValueError(f"column {name}_count of the wrong shape")  # every later row shifts
    if sum(counts) != len(flat):
        raise ValueError(f"column {name} of the wrong length")
    offsets = list(accumulate(counts, initial=0))
    refs = _checked(
        flat, {int}, bad, limit=len(items), owner=lambda i: bisect_right(offsets, i) - 1
    )
    picked = list(map(items.__getitem__, refs))
    return [tuple(picked[start:end]) for start, end in pairwise(offsets)]


def _speaker_table(refs: Any, strings: list[str]) -> list[Speaker]:
    texts = _refs(refs, strings)
    if len(texts) % 4:
        raise ValueError("speakers: not in fours")
    return build_many(Speaker, [texts[0::4], texts[1::4], texts[2::4], texts[3::4]])


def _read_sessions(
    table: Any, strings: list[str], speakers: list[Speaker]
) -> tuple[dict[str, Entry], int]:
    """The sessions table as entries by source, and how many rows were damaged (dropped)."""
    if type(table) is not dict:
        raise ValueError("sessions: not a table")
    rows = len(_column(table, "source"))
    bad: set[int] = set()
    fields: dict[str, Sequence[Any]] = {}
    for name, types in _VALUE_TYPES.items():
        fields[name] = _checked(_column(table, name, rows), types, bad)
    for name in _TEXT_COLUMNS:
        fields[name] = _texts(table, name, rows, strings, bad)
    for name in _LIST_FIELDS:
        fields[name] = _groups(table, name, rows, speakers if name == "speakers" else strings, bad)
    fields["summary"], fields["takeaways"] = [""] * rows, [()] * rows  # see `_read_texts`
    headers = build_many(Session, [*(fields[name] for name in _HEADER_FIELDS), [""] * rows])
    entries = map(Entry, fields["size"], fields["mtime_ns"], repeat(SESSION), headers,
                  fields["digest"])  # fmt: skip
    pairs = zip(fields["source"], entries, strict=True)
    if bad:
        return dict(pair for row, pair in enumerate(pairs) if row not in bad), len(bad)
    return dict(pairs), 0


def _read_texts(raw: bytes) -> dict[str, Texts]:
    """The texts part back, by source. A row of the wrong types is left out, a part of the
    wrong shape gives nothing: those sessions' files are read for their texts instead."""
    try:
        name, table = json.loads(raw)
        columns = [table["source"], table["summary"], table["takeaways"]]
    except (ValueError, TypeError, KeyError, RecursionError):
        return {}
    if name != "texts" or any(type(c) is not list or len(c) != len(columns[0]) for c in columns):
        return {}
    return {
        source: (summary, tuple(items))
        for source, summary, items in zip(*columns, strict=True)
        if type(source) is str
        and type(summary) is str
        and type(items) is list
        and all(type(item) is str for item in items)
    }


def _read_others(table: Any, strings: list[str]) -> tuple[dict[str, Entry], int]:
    """The problems and not-a-session files as entries by source, and how many were damaged."""
    if type(table) is not dict:
        raise ValueError("others: not a table")
    rows = len(_column(table, "source"))
    bad: set[int] = set()
    codes = _checked(_column(table, "kind", rows), {int}, bad)
    kinds = [_OTHER_KINDS.get(code, "") for code in codes]
    bad.update(row for row, kind in enumerate(kinds) if not kind)
    sizes = _checked(_column(table, "size", rows), {int}, bad)
    mtimes = _checked(_column(table, "mtime_ns", rows), {int}, bad)
    sources = _texts(table, "source", rows, strings, bad)
    reasons = _texts(table, "reason", rows, strings, bad)
    entries = map(Entry, sizes, mtimes, kinds, repeat(None), repeat(""), reasons)
    pairs = zip(sources, entries, strict=True)
    return dict(pair for row, pair in enumerate(pairs) if row not in bad), len(bad)


def _listing(item: Any, strings: list[str]) -> Listing:
    """One remembered scan; any damage drops it whole (raises)."""
    roots, problems = _refs(item["roots"], strings), _refs(item["problems"], strings)
    sources, displays = _refs(item["sources"], strings), _refs(item["displays"], strings)
    explicit = item["explicit"]
    if len(problems) % 2 or not len(sources) == len(displays) == len(_ints(explicit)):
        raise ValueError("listing of the wrong shape")
    return Listing(
        tuple(roots),
        tuple(sources),
        tuple(displays),
        tuple(map(bool, explicit)),
        tuple(zip(problems[0::2], problems[1::2], strict=True)),
    )


def _all_of(column: Sequence[Any], types: set[type]) -> bool:
    """Is every value of a column of one of `types`? A packed column holds ints only."""
    if type(column) is array:
        return int in types
    return set(map(type, column)) <= types


def _ints(values: Any) -> Sequence[int]:
    if type(values) not in _COLUMN_TYPES or not _all_of(values, {int}):
        raise ValueError("not a list of numbers")
    return values


def _refs(values: Any, strings: list[str]) -> list[str]:
    """The texts a list of indices names; raises on anything else (or a negative index)."""
    if _ints(values) and min(values) < 0:
        raise ValueError("negative index")
    return list(map(strings.__getitem__, values))
