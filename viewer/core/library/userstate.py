"""What the user makes while reading: favorites ("My agenda") and reading positions.

One small JSON file, written atomically. A damaged file (not JSON, wrong types, NUL bytes, a
truncated write from another program, a FIFO in its place) is kept aside as `<name>.corrupt`
and the defaults are used, with a message for the user; an unwritable folder keeps the state
in memory and says so. Nothing the user made is ever silently wiped.

Identity: the window names sessions by their path inside the opened library, which depends on
how the library was opened (Day 4 alone: `sessions/001-Keynote`; the whole collection:
`Day-4_Feb-19/sessions/001-Keynote`). The file therefore stores each session under its file's
resolved absolute path (`state_key`), and `bind()` maps the open library's paths to those keys.
Keys written by older versions (library-relative) are migrated when a session of the open
library has that path.

Several windows share one profile: `save()` reads what is on disk under a lock, applies only
this window's own changes (stars added or removed, positions moved), and writes the result, so
the last writer does not wipe what another window saved.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from viewer.core.util.atomic import NotRegularFile, atomic_write_bytes, read_regular, set_aside
from viewer.core.util.pathtext import stored_text

STATE_FILE = "reading-state.json"
VERSION = 2
MAX_ENTRIES = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above MAX_ENTRIES of long paths


class Damaged(ValueError):
    """The state file exists but does not hold favorites and positions."""


def state_keys(sources: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{session path: stable key} for `(path, source file)` pairs; the key is the source's
    resolved absolute path, the path itself when there is none. Each folder is made absolute
    and resolved once (a library's thousands of files share a few folders)."""
    folders: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path, source in sources:
        if not source:
            keys[path] = path
            continue
        raw, sep, name = source.rpartition(os.sep)
        if not sep or name in ("", ".", ".."):  # not a plain name in a folder: the long way
            raw, name = os.path.split(os.path.abspath(source))
        real = folders.get(raw)
        if real is None:  # kept with its separator: os.path.join(real, name) without a call
            real = os.path.realpath(os.path.abspath(raw or os.sep))
            real = folders[raw] = real if real.endswith(os.sep) else real + os.sep
        keys[path] = stored_text(real + name)
    return keys


def _is_old_key(key: str) -> bool:
    """Keys of version 1 were library-relative paths; version 2 keys are absolute."""
    return not key.startswith("/")


def _parse(raw: bytes) -> tuple[set[str], dict[str, int]]:
    try:
        data = json.loads(raw.decode("utf-8"))
        favorites = data["favorites"]
        positions = data["positions"]
        if not isinstance(favorites, list) or not isinstance(positions, dict):
            raise TypeError("wrong types")
        return (
            {p for p in favorites[:MAX_ENTRIES] if isinstance(p, str)},
            {
                p: int(i)
                for p, i in list(positions.items())[:MAX_ENTRIES]
                if isinstance(p, str) and isinstance(i, int) and not isinstance(i, bool) and i > 0
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise Damaged(str(error)) from error


class UserState:
    """Favorites and per-session reading positions (paragraph index).

    `favorites` and `positions` speak in the open library's session paths once `bind()` was
    called (before: in stored keys). A plain class rather than a dataclass: its module is
    imported at every start, where a dataclass's generated methods (none of them used here)
    took ~0.3 ms to define.

    Attributes:
        file: where it is stored.
        warning: a message for the user after a load or save problem, else "".
    """

    def __init__(self, file: Path, warning: str = "") -> None:
        self.file = file
        self.warning = warning
        self._favorites: set[str] = set()  # stored keys
        self._positions: dict[str, int] = {}  # stored keys
        self._key_of: dict[str, str] = {}  # path -> key, once bound
        self._path_of: dict[str, str] = {}  # key -> path, once bound
        self._star_changes: dict[str, bool] = {}  # key -> starred, unsaved
        self._position_changes: dict[str, int] = {}  # key -> paragraph (0: none)
        self._restart = False  # a damaged file was set aside: the next save starts a new one

    @classmethod
    def load(cls, folder: Path) -> UserState:
        state = cls(folder / STATE_FILE)
        try:
            state._favorites, state._positions = state._read()
        except FileNotFoundError:
            pass
        except Damaged:
            state._set_aside()
        except OSError as error:
            state.warning = f"Could not read your favorites ({error.strerror}); using none."
        return state

    def _read(self) -> tuple[set[str], dict[str, int]]:
        try:
            raw = read_regular(self.file, MAX_FILE_BYTES)
        except NotRegularFile as error:
            raise Damaged("not a regular file") from error  # a FIFO or device in its place
        except ValueError as error:
            raise Damaged("too large") from error
        return _parse(raw)

    def _set_aside(self) -> None:
        self._restart = True
        try:
            aside = set_aside(self.file).name
        except OSError:
            aside = "(could not be renamed)"
        self.warning = (
            f"Your favorites file was damaged; it was kept as {aside} and a new one was started."
        )

    # -- identity ------------------------------------------------------------------------------

    def bind(self, keys: Mapping[str, str]) -> None:
        """Speak in the paths of the library now open: `keys` is {session path: stable key}
        (`state_keys`). Old library-relative keys equal to one of its paths are migrated."""
        self._key_of = dict(keys)
        self._path_of = {key: path for path, key in keys.items()}
        for old in [k for k in self._favorites if _is_old_key(k) and k in keys]:
            self._favorites.discard(old)
            self._favorites.add(keys[old])
            self._star_changes[old] = False
            self._star_changes[keys[old]] = True
        for old in [k for k in self._positions if _is_old_key(k) and k in keys]:
            index = self._positions.pop(old)
            self._positions.setdefault(keys[old], index)
            self._position_changes[old] = 0
            self._position_changes[keys[old]] = self._positions[keys[old]]

    def _key(self, path: str) -> str:
        return self._key_of.get(path, path)

    def _shown(self, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
        """(key, path) of the stored keys that belong to the open library."""
        for key in keys:
            if not self._key_of:
                yield key, key
            elif (path := self._path_of.get(key)) is not None:
                yield key, path

    @property
    def favorites(self) -> set[str]:
        return {path for _key, path in self._shown(self._favorites)}

    @property
    def positions(self) -> dict[str, int]:
        return {path: self._positions[key] for key, path in self._shown(self._positions)}

    @positions.setter
    def positions(self, new: Mapping[str, int]) -> None:
        """Replace the open library's positions (others' are kept)."""
        for path in self.positions.keys() - new.keys():
            self.set_position(path, 0)
        for path, index in new.items():
            self.set_position(path, index)

    # -- changes -------------------------------------------------------------------------------

    def is_favorite(self, path: str) -> bool:
        return self._key(path) in self._favorites

    def toggle_favorite(self, path: str) -> bool:
        """Flip and save; returns whether the session is now a favorite."""
        key = self._key(path)
        on = key not in self._favorites
        if on:
            self._favorites.add(key)
        else:
            self._favorites.discard(key)
        self._star_changes[key] = on
        self.save()
        return on

    def set_position(self, path: str, paragraph: int) -> None:
        """Remember where the user is (saved by the caller at a quiet moment, e.g. on switch)."""
        key = self._key(path)
        paragraph = max(0, paragraph)
        if self._positions.get(key, 0) == paragraph:
            return
        if paragraph:
            self._positions[key] = paragraph
        else:
            self._positions.pop(key, None)
        self._position_changes[key] = paragraph

    def position(self, path: str) -> int:
        return self._positions.get(self._key(path), 0)

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Merge this window's changes into what is on disk and write the result; nothing
        to write (and no file touched) when this window changed nothing since its last save."""
        if not self._star_changes and not self._position_changes and not self._restart:
            return True
        try:
            with self._locked():
                self._merge_from_disk()
                data = {
                    "version": VERSION,
                    "favorites": sorted(self._favorites),
                    "positions": dict(sorted(self._positions.items())),
                }
                atomic_write_bytes(self.file, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            self.warning = (
                f"Could not save your favorites ({error.strerror}); they are kept until you quit."
            )
            return False
        self._star_changes.clear()
        self._position_changes.clear()
        self._restart = False
        return True

    def _merge_from_disk(self) -> None:
        try:
            favorites, positions = self._read()
        except FileNotFoundError:
            return
        except Damaged:
            self._set_aside()  # what this window holds is written in its place
            return
        except OSError:
            return  # unreadable now: write what this window holds
        for key, on in self._star_changes.items():
            if on:
                favorites.add(key)
            else:
                favorites.discard(key)
        for key, index in self._position_changes.items():
            if index:
                positions[key] = index
            else:
                positions.pop(key, None)
        self._favorites, self._positions = favorites, positions

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An advisory lock beside the file, held from reading to writing (best effort)."""
        fd = -1
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(
                self.file.with_name(self.file.name + ".lock"),
                os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC,
                0o644,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fd >= 0:
                os.close(fd)
