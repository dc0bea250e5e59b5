"""Shared streams: several sessions carrying one recording's video and transcript.

A room or day stream is attached to every time slot it covered (one Day-4 video to 29 keynote
slots). No timestamps survive in the captions, so where a slot begins in the shared text is
estimated from the time slots alone.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence

from viewer.core.session.model import Session, SharedStream

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


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


def slot_span(session: Session) -> tuple[float, float]:
    """(start, end) of the session's slot in minutes on the scale the offsets use; a slot
    without an end ends at its start, one without a time is (0, 0)."""
    start = _minutes(session.date, session.start)
    if start is None:
        return 0.0, 0.0
    end = _minutes(session.date, session.end)
    return start, end if end is not None and end >= start else start


@functools.lru_cache(maxsize=4096)  # a few days times a few hundred slot times: each parsed once
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
