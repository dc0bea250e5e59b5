"""What the user makes while reading: favorites ("My agenda") and reading positions.

One small JSON file, written atomically. A damaged file (not JSON, wrong types, NUL bytes, a
truncated write from another program) is kept aside as `<name>.corrupt` and the defaults are
used, with a message for the user; an unwritable folder keeps the state in memory and says so.
Nothing the user made is ever silently wiped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.util.atomic import NotRegularFile, atomic_write_bytes, read_regular, set_aside

STATE_FILE = "reading-state.json"
VERSION = 1
MAX_ENTRIES = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above MAX_ENTRIES of long paths


@dataclass
class UserState:
    """Favorites and per-session reading positions (paragraph index).

    Attributes:
        file: where it is stored.
        warning: a message for the user after a load or save problem, else "".
    """

    file: Path
    favorites: set[str] = field(default_factory=set)
    positions: dict[str, int] = field(default_factory=dict)
    warning: str = ""

    @classmethod
    def load(cls, folder: Path) -> UserState:
        state = cls(folder / STATE_FILE)
        try:
            raw = read_regular(state.file, MAX_FILE_BYTES)
        except FileNotFoundError:
            return state
        except (NotRegularFile, ValueError):
            raw = b""  # a FIFO or device in its place, or absurdly large: damaged
        except OSError as error:
            state.warning = f"Could not read your favorites ({error.strerror}); using none."
            return state
        try:
            data = json.loads(raw.decode("utf-8"))
            favorites = data["favorites"]
            positions = data["positions"]
            if not isinstance(favorites, list) or not isinstance(positions, dict):
                raise TypeError("wrong types")
            state.favorites = {p for p in favorites[:MAX_ENTRIES] if isinstance(p, str)}
            state.positions = {
                p: int(i)
                for p, i in list(positions.items())[:MAX_ENTRIES]
                if isinstance(p, str) and isinstance(i, int) and not isinstance(i, bool) and i >= 0
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            try:
                aside = set_aside(state.file).name
            except OSError:
                aside = "(could not be renamed)"
            state.warning = (
                f"Your favorites file was damaged; it was kept as {aside} and a new one "
                "was started."
            )
        return state

    def save(self) -> bool:
        data = {
            "version": VERSION,
            "favorites": sorted(self.favorites),
            "positions": dict(sorted(self.positions.items())),
        }
        try:
            atomic_write_bytes(self.file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            self.warning = (
                f"Could not save your favorites ({error.strerror}); they are kept until you quit."
            )
            return False
        return True

    def is_favorite(self, path: str) -> bool:
        return path in self.favorites

    def toggle_favorite(self, path: str) -> bool:
        """Flip and save; returns whether the session is now a favorite."""
        if path in self.favorites:
            self.favorites.discard(path)
        else:
            self.favorites.add(path)
        self.save()
        return path in self.favorites

    def set_position(self, path: str, paragraph: int) -> None:
        """Remember where the user is (saved by the caller at a quiet moment, e.g. on switch)."""
        if paragraph <= 0:
            self.positions.pop(path, None)
        else:
            self.positions[path] = paragraph

    def position(self, path: str) -> int:
        return self.positions.get(path, 0)
