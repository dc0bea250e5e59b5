"""A JSON cache of parsed session headers, so a warm start does not read every file again.

Parsing 22 MB of Markdown costs far more than reading one JSON file, so the library remembers,
per source file, what parsing it gave: a session header (everything but the transcript) plus the
transcript digest, a problem, or "not a session". An entry is reused only while the file's size
and modification time (ns) are unchanged, and the whole cache is dropped when the parsing code
changes (its fingerprint hashes the source of the modules that decide what a file parses to).

The file is written atomically (temporary file + `os.replace`), so a crash never leaves half a
cache; a cache that cannot be read is renamed `*.corrupt` (kept for inspection, never silently
wiped) and rebuilt. JSON rather than pickle: a cache file must not be able to run code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from viewer.core.atomic import atomic_write_bytes, set_aside
from viewer.core.model import ParseProblem, Session, Speaker

CACHE_NAME = "headers-v1.json"
FORMAT = 1

# What a file gave when parsed: a session, a problem to report, or Markdown that is no session.
SESSION, PROBLEM, SKIP = "session", "problem", "skip"

_HEADER_FIELDS = tuple(
    name for name in Session.__dataclass_fields__ if name not in ("path", "source", "transcript")
)


# The type each cached header field must have (others are str): a damaged entry is re-parsed.
_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "day": (int, type(None)),
    "speakers": list,
    "partners": list,
    "takeaways": list,
    "has_transcript": bool,
    "transcript_words": int,
    "speaker_changes": int,
}


def code_fingerprint() -> str:
    """Hash of the code that decides what a file parses to: a change invalidates the cache."""
    from viewer.core import decode, library, model, parse, scan

    digest = hashlib.blake2b(str(FORMAT).encode(), digest_size=12)
    for module in (decode, parse, model, library, scan):
        with contextlib.suppress(OSError, TypeError):
            digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def header_to_json(session: Session) -> dict[str, Any]:
    data = {name: getattr(session, name) for name in _HEADER_FIELDS}
    data["speakers"] = [asdict(s) for s in session.speakers]
    data["partners"] = list(session.partners)
    data["takeaways"] = list(session.takeaways)
    return data


def header_from_json(data: dict[str, Any], path: str, source: str) -> Session:
    """Rebuild a header; raises ValueError/TypeError/KeyError when the entry is damaged."""
    fields = {name: data[name] for name in _HEADER_FIELDS}
    for name, value in fields.items():
        if not isinstance(value, _FIELD_TYPES.get(name, str)):
            raise ValueError(f"cached {name} has the wrong type")
    fields["speakers"] = tuple(Speaker(**s) for s in data["speakers"])
    fields["partners"] = tuple(str(p) for p in data["partners"])
    fields["takeaways"] = tuple(str(t) for t in data["takeaways"])
    return Session(path=path, source=source, **fields)


class HeaderCache:
    """Entries keyed by absolute source path, each valid for one (size, mtime_ns).

    Attributes:
        file: where the cache lives.
        dirty: something changed since loading; `save()` writes only then.
    """

    def __init__(self, cache_dir: Path) -> None:
        self.file = Path(cache_dir) / CACHE_NAME
        self.fingerprint = code_fingerprint()
        self.dirty = False
        self._entries: dict[str, dict[str, Any]] = self._load()
        self._seen: set[str] = set()

    def _load(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.file.read_bytes()
        except OSError:
            return {}
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
                raise ValueError("not a header cache")
        except ValueError:
            self._set_aside()
            return {}
        if data.get("fingerprint") != self.fingerprint:
            return {}
        entries: dict[str, dict[str, Any]] = data["entries"]
        return entries

    def _set_aside(self) -> None:
        """Keep a corrupt cache for inspection instead of silently overwriting it."""
        with contextlib.suppress(OSError):
            set_aside(self.file, keep_older=False)  # a cache: the newest damage is enough
        self.dirty = True

    def get(self, source: str, size: int, mtime_ns: int) -> dict[str, Any] | None:
        """The entry for this file if it is still current, else None."""
        self._seen.add(source)
        entry = self._entries.get(source)
        if (
            isinstance(entry, dict)
            and entry.get("size") == size
            and entry.get("mtime_ns") == mtime_ns
            and entry.get("kind") in (SESSION, PROBLEM, SKIP)
        ):
            return entry
        return None

    def put(
        self,
        source: str,
        size: int,
        mtime_ns: int,
        result: Session | ParseProblem,
        digest: str = "",
    ) -> dict[str, Any]:
        """Remember what parsing gave: a session header, a problem, or "not a session"."""
        entry: dict[str, Any] = {"size": size, "mtime_ns": mtime_ns}
        if isinstance(result, Session):
            entry.update(kind=SESSION, header=header_to_json(result), digest=digest)
        elif result.is_error:
            entry.update(kind=PROBLEM, reason=result.reason)
        else:
            entry.update(kind=SKIP, reason=result.reason)
        self._seen.add(source)
        self._entries[source] = entry
        self.dirty = True
        return entry

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
        payload = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self._entries}
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.file, data)
        self.dirty = False
