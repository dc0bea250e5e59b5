"""Found parts of shared recordings, kept beside the header cache so a warm start reads them.

Placing a recording reads its transcript (the Day-4 plenary is 59,000 words); the result only
changes when the recording's transcript or its sessions' headers do. Each recording's parts
are stored under a key made of everything they depend on: the method's version, the video,
the transcript's digest, and each member's path, title, slot, speakers and schedule offset.
A changed recording gets a new key and is placed again; keys no longer used are dropped on
save. The file is small (one line per shared session) and checked field by field on reading:
a damaged file is set aside and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path

from viewer.core.recordings.segments import Segment
from viewer.core.session.model import Session, SharedStream
from viewer.core.util.atomic import atomic_write_bytes, set_aside
from viewer.core.util.digest import blake2b

CACHE_NAME = "segments-v1.json"
METHOD_VERSION = 1  # bump when `segments.py` places differently
MAX_CACHE_BYTES = 4 * 1024 * 1024


def stream_key(stream: SharedStream, members: Sequence[Session], digest: str) -> str:
    """What a recording's parts depend on, hashed."""
    described = [
        METHOD_VERSION,
        stream.video_id,
        digest,
        list(stream.offsets),
        [[s.path, s.title, s.date, s.start, s.end, [sp.key for sp in s.speakers]] for s in members],
    ]
    text = json.dumps(described, ensure_ascii=False, separators=(",", ":"))
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class SegmentCache:
    """The parts found per recording key, read from and written to `cache_dir`."""

    def __init__(self, cache_dir: Path) -> None:
        self.file = Path(cache_dir) / CACHE_NAME
        self._stored = self._read()
        self._used: dict[str, dict[str, Segment]] = {}

    def recall(self, key: str) -> dict[str, Segment] | None:
        found = self._stored.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def keep(self, key: str, segments: dict[str, Segment]) -> None:
        self._used[key] = segments

    @property
    def has_new(self) -> bool:
        """Were recordings placed this time that the file does not hold yet?"""
        return any(key not in self._stored for key in self._used)

    def save(self, *, prune: bool = True) -> None:
        """Write the recordings used this time, if that changes the file; never raises.
        `prune=False` keeps the file's other recordings too (a save before every recording
        was asked for: those not asked yet may still be used)."""
        keep = self._used if prune else {**self._stored, **self._used}
        if keep == self._stored:
            return
        document = {
            key: {path: _record(segment) for path, segment in parts.items()}
            for key, parts in keep.items()
        }
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            atomic_write_bytes(self.file, data)
        except OSError:
            return
        self._stored = dict(keep)

    def _read(self) -> dict[str, dict[str, Segment]]:
        try:
            if self.file.stat().st_size > MAX_CACHE_BYTES:
                raise ValueError("too large")
            document = json.loads(self.file.read_bytes())
            return {key: _parts(value) for key, value in _items(document)}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            with contextlib.suppress(OSError):
                set_aside(self.file, keep_older=False)
            return {}


def _record(segment: Segment) -> list[object]:
    s = segment
    return [
        s.recording,
        s.sessions,
        s.start_word,
        s.end_word,
        s.basis,
        s.absent,
        s.cue,
        s.confidence,
    ]


def _items(document: object) -> list[tuple[str, object]]:
    if not isinstance(document, dict):
        raise TypeError("not an object")
    return list(document.items())


def _parts(value: object) -> dict[str, Segment]:
    if not isinstance(value, dict):
        raise TypeError("not an object")
    return {_text(path): _segment(record) for path, record in value.items()}


def _segment(record: object) -> Segment:
    if not isinstance(record, list) or len(record) != 8:
        raise TypeError("not a segment")
    recording, sessions, start, end, basis, absent, cue, confidence = record
    if (
        not isinstance(sessions, int)
        or not all(v is None or (isinstance(v, int) and v >= 0) for v in (start, end))
        or basis not in ("transcript", "schedule")
        or not isinstance(absent, bool)
        or not isinstance(confidence, (int, float))
    ):
        raise TypeError("not a segment")
    cue_text = None if cue is None else _text(cue)
    return Segment(
        _text(recording), sessions, start, end, basis, absent, cue_text, float(confidence)
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value
