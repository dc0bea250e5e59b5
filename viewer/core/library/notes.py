"""Highlights and notes the user keeps: one JSON file beside the other reading state.

Kept apart from `userstate` (favorites, positions) so each file has one job and one format.
Written atomically (`util.atomic`); a damaged file (not JSON, wrong types, a truncated write)
is kept aside as `<name>.corrupt` with a message for the user, and any highlight in it that
still reads is kept; an unwritable folder keeps the notes in memory and says so. Nothing the
user made is ever silently wiped: a highlight whose passage is no longer in the transcript is
kept and marked `found = False` ("not found in the current text").
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from viewer.core.library.anchors import MAX_EXACT, Anchor
from viewer.core.util.atomic import atomic_write_bytes, read_at_most, set_aside

NOTES_FILE = "notes.json"
VERSION = 1
MAX_HIGHLIGHTS = 100_000
MAX_NOTE = 20_000
MAX_FILE_BYTES = 64 * 1024 * 1024
COLOURS = ("yellow", "green", "blue", "pink")
DEFAULT_COLOUR = COLOURS[0]


def _new_id() -> str:
    """A random id for a highlight (`uuid` imported here: a start that makes none skips it)."""
    import uuid

    return uuid.uuid4().hex


class Highlight(NamedTuple):
    """One highlighted passage of a session, with an optional note.

    Attributes:
        id: stable identity (a random hex string).
        session: the session's path (its identity in the library).
        anchor: how to find the passage again.
        colour: one of COLOURS.
        note: the user's note, "" for none.
        created: seconds since the epoch.
        found: False when the passage could not be placed in the transcript last time it was
            looked for (the highlight is kept and listed as not found).
        file: the session file's stable key (`userstate.state_keys`: its resolved absolute
            path), so the highlight follows its session whatever folder the library was opened
            from; "" until the highlight is bound to a library.
    """

    id: str
    session: str
    anchor: Anchor
    colour: str = DEFAULT_COLOUR
    note: str = ""
    created: float = 0.0
    found: bool = True
    file: str = ""


def new_highlight(
    session: str, anchor: Anchor, colour: str = DEFAULT_COLOUR, note: str = ""
) -> Highlight:
    return Highlight(
        id=_new_id(),
        session=session,
        anchor=anchor,
        colour=colour if colour in COLOURS else DEFAULT_COLOUR,
        note=note[:MAX_NOTE],
        created=time.time(),
    )


def _to_json(h: Highlight) -> dict[str, Any]:
    a = h.anchor
    return {
        "id": h.id, "session": h.session, "colour": h.colour, "note": h.note,
        "created": h.created, "found": h.found, "file": h.file,
        "anchor": {"exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
                   "paragraph": a.paragraph},
    }  # fmt: skip


def _str(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value[:limit]


def _from_json(item: object) -> Highlight:
    """One stored highlight; raises ValueError/TypeError/KeyError on a damaged one."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    raw = item["anchor"]
    if not isinstance(raw, dict):
        raise TypeError("anchor")
    paragraph = raw.get("paragraph", 0)
    if not isinstance(paragraph, int) or isinstance(paragraph, bool) or paragraph < 0:
        paragraph = 0
    anchor = Anchor(
        exact=_str(raw["exact"], MAX_EXACT),
        prefix=_str(raw.get("prefix", ""), 1000),
        suffix=_str(raw.get("suffix", ""), 1000),
        paragraph=paragraph,
    )
    if not anchor.exact.strip():
        raise ValueError("empty passage")
    colour = item.get("colour", DEFAULT_COLOUR)
    created = item.get("created", 0.0)
    return Highlight(
        id=_str(item["id"], 64) or _new_id(),
        session=_str(item["session"], 4096),
        anchor=anchor,
        colour=colour if colour in COLOURS else DEFAULT_COLOUR,
        note=_str(item.get("note", ""), MAX_NOTE),
        created=float(created) if isinstance(created, int | float) else 0.0,
        found=item.get("found", True) is not False,
        file=_str(item.get("file", ""), 4096),
    )


class NotesStore:
    """Every highlight of the profile, in creation order (a plain class rather than a
    dataclass, as `userstate.UserState` is).

    Attributes:
        file: where it is stored.
        highlights: in creation order.
        warning: a message for the user after a load or save problem, else "".
    """

    def __init__(
        self, file: Path, highlights: list[Highlight] | None = None, warning: str = ""
    ) -> None:
        self.file = file
        self.highlights: list[Highlight] = highlights if highlights is not None else []
        self.warning = warning

    @classmethod
    def load(cls, folder: Path) -> NotesStore:
        store = cls(folder / NOTES_FILE)
        try:
            with store.file.open("rb") as handle:
                raw = read_at_most(handle, MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return store
        except OSError as error:
            store.warning = f"Could not read your notes ({error.strerror}); none are shown."
            return store
        damaged = len(raw) > MAX_FILE_BYTES
        items: list[object] = []
        if not damaged:
            try:
                data = json.loads(raw.decode("utf-8"))
                listed = data["highlights"] if isinstance(data, dict) else None
                if not isinstance(listed, list):
                    raise TypeError("wrong types")
                items = listed[:MAX_HIGHLIGHTS]
            except (ValueError, KeyError, TypeError, RecursionError):
                damaged = True
        seen: set[str] = set()
        for item in items:
            try:
                highlight = _from_json(item)
            except (ValueError, KeyError, TypeError):
                damaged = True
                continue
            if highlight.id in seen:
                highlight = highlight._replace(id=_new_id())
            seen.add(highlight.id)
            store.highlights.append(highlight)
        if damaged:
            store._keep_aside()
        return store

    def _keep_aside(self) -> None:
        try:
            aside = set_aside(self.file).name
        except OSError:
            aside = "(could not be renamed)"
        kept = len(self.highlights)
        self.warning = f"Your notes file was damaged; it was kept as {aside}" + (
            f" and the {kept} highlights that could be read were kept." if kept else "."
        )
        if kept:
            self.save()

    def save(self) -> bool:
        data = {"version": VERSION, "highlights": [_to_json(h) for h in self.highlights]}
        try:
            atomic_write_bytes(self.file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            self.warning = (
                f"Could not save your notes ({error.strerror}); they are kept until you quit."
            )
            return False
        return True

    # -- queries and changes -------------------------------------------------------------------

    def of_session(self, path: str) -> list[Highlight]:
        return [h for h in self.highlights if h.session == path]

    def sessions(self) -> set[str]:
        return {h.session for h in self.highlights}

    def get(self, highlight_id: str) -> Highlight | None:
        return next((h for h in self.highlights if h.id == highlight_id), None)

    def add(self, highlight: Highlight) -> bool:
        if len(self.highlights) >= MAX_HIGHLIGHTS:
            self.warning = f"At most {MAX_HIGHLIGHTS:,} highlights can be kept."
            return False
        self.highlights.append(highlight)
        return self.save()

    def update(self, highlight_id: str, **changes: Any) -> Highlight | None:
        """Change a highlight's note, colour or found flag and save; None when unknown."""
        for i, h in enumerate(self.highlights):
            if h.id == highlight_id:
                if "note" in changes:
                    changes["note"] = str(changes["note"])[:MAX_NOTE]
                if changes.get("colour", h.colour) not in COLOURS:
                    changes.pop("colour")
                self.highlights[i] = h._replace(**changes)
                self.save()
                return self.highlights[i]
        return None

    def remove(self, highlight_id: str) -> bool:
        before = len(self.highlights)
        self.highlights = [h for h in self.highlights if h.id != highlight_id]
        if len(self.highlights) == before:
            return False
        self.save()
        return True

    def bind(self, keys: dict[str, str]) -> None:
        """A library was loaded; `keys` maps each of its session paths to its file's stable
        key. Highlights follow their file to the path it has in this library (the same day
        opened alone or with the whole collection); a highlight without a file key yet (kept
        before keys existed) takes its session's key when that session is in the library.
        Highlights of files not in this library are left as they are. Saved only on change."""
        path_of = {key: path for path, key in keys.items()}
        changed = False
        for i, h in enumerate(self.highlights):
            if h.file and h.file in path_of and path_of[h.file] != h.session:
                self.highlights[i] = h._replace(session=path_of[h.file])
                changed = True
            elif not h.file and h.session in keys:
                self.highlights[i] = h._replace(file=keys[h.session])
                changed = True
        if changed:
            self.save()

    def mark_found(self, results: Iterable[tuple[str, bool]]) -> None:
        """Record which highlights were placed in the current text; saved only on change."""
        flags = dict(results)
        changed = False
        for i, h in enumerate(self.highlights):
            if h.id in flags and flags[h.id] != h.found:
                self.highlights[i] = h._replace(found=flags[h.id])
                changed = True
        if changed:
            self.save()
