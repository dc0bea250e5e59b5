"""What the window shows after a library loads: a pure decision, no Qt, unit-tested alone.

A reload of the same folders keeps what is on screen (the filters, the open session, its
transcript and reading position when its text did not change); re-opening last run's library
restores that run's filters and session; a library opened for the first time starts at the top
with no filters. A session asked for before loading ended (a search hit, the quick switcher)
wins over all of these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import NamedTuple


class Filters(Enum):
    """Which filters the list gets after the load."""

    KEEP = "keep"  # the ones on screen (a reload)
    SAVED = "saved"  # the ones saved with this library (last run's)
    NONE = "none"  # none: a library opened for the first time


class Show(Enum):
    """What the reader shows after the load."""

    SESSION = "session"  # `AfterLoad.session`
    VANISHED = "vanished"  # the open session's file went: keep it on screen, say so
    FIRST = "first"  # the first row the list shows (or an empty reader)


class AfterLoad(NamedTuple):
    """What the window does once a library is loaded: which filters apply, what it shows."""

    filters: Filters
    show: Show
    session: str = ""  # with Show.SESSION
    keep_transcript: bool = False  # with Show.SESSION: the transcript on screen is still right


def after_load(
    *,
    paths: Sequence[str],
    last_library: Sequence[str],
    last_session: str,
    pending: str,
    current: str,
    reload: bool,
    exists: Callable[[str], bool],
    transcript_unchanged: bool,
) -> AfterLoad:
    """Decide what to show once `paths` loaded.

    `reload`: the same roots as the library on screen; `current`: the session on screen;
    `pending`: a session asked for before the load ended; `exists(path)`: the new library has
    it; `transcript_unchanged`: the open session's transcript is the same in the new library.
    """
    first_time = list(paths) != list(last_library)
    filters = Filters.KEEP if reload else (Filters.NONE if first_time else Filters.SAVED)
    wanted = pending or (current if reload else "" if first_time else last_session)
    if wanted and exists(wanted):
        keep = transcript_unchanged and wanted == current
        return AfterLoad(filters, Show.SESSION, wanted, keep)
    if reload and current and not exists(wanted):
        return AfterLoad(filters, Show.VANISHED)
    return AfterLoad(filters, Show.FIRST)
