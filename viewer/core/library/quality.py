"""Can the reader trust a session's transcript? Flags, each with a reason in plain words.

The transcripts are YouTube auto-captions attached to the sessions by hand; some are missing,
some are fragments, some are another talk, some are a room's whole day shared by many slots,
and a few sessions are listed twice. Each session gets:

* "none": no transcript;
* "partial": too few words for its scheduled time (`PARTIAL_WPM`), or, for a shared recording,
  too few words for all the slots it is attached to;
* "doubtful": long enough, yet none of its speakers' names nor its title's distinctive words
  occur (`quality_text.py`), or its part was not found in the recording it shares (unless
  that recording is itself partial: a fragment cannot hold every session);
* "shared": its text is a recording shared with other sessions, with where its part was
  found (`recordings/segments.py`);
* "duplicate": another entry has the same day, an overlapping slot and the same speakers; the
  two point to each other.

Reading transcripts is the only cost (the doubtful check reads each own transcript once);
`quality_cache.py` keeps those results beside the header cache.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from viewer.core.recordings.segments import Segment
from viewer.core.recordings.streams import slot_span
from viewer.core.session.model import Session, SharedStream

FLAGS = ("none", "partial", "doubtful", "shared", "duplicate")
# Conversational speech runs 120-160 words a minute; a session slot also holds pauses, Q&A
# hand-overs and a late start, so genuine own transcripts of the corpus run 63-180 words per
# scheduled minute (median about 130). Below 60, half the slow end of speech, the corpus has a
# clear gap (the next is 53, then fragments of 9-44): those are fragments.
PARTIAL_WPM = 60.0


@dataclass(frozen=True, slots=True)
class Quality:
    """How far a session's transcript can be trusted.

    Attributes:
        flags: a subset of FLAGS, in FLAGS order; empty for a transcript with nothing wrong.
        words_per_minute: transcript words per scheduled minute (for a shared recording: its
            words per minute of all the slots it is attached to); None without both.
        reasons: one plain sentence per flag, in the same order.
        may_belong_to: for a doubtful text, the session it seems to belong to, or None.
        duplicates: paths of the other entries of the same session.
    """

    flags: tuple[str, ...] = ()
    words_per_minute: float | None = None
    reasons: tuple[str, ...] = ()
    may_belong_to: str | None = None
    duplicates: tuple[str, ...] = ()

    def as_record(self) -> dict[str, object]:
        """The export's `quality` field (DESIGN.md)."""
        return {
            "flags": list(self.flags),
            "words_per_minute": self.words_per_minute,
            "reasons": list(self.reasons),
            "may_belong_to": self.may_belong_to,
        }

    @property
    def level(self) -> str:
        """The facet's value: "none", "partial", "doubtful" or "complete"."""
        for flag in ("none", "doubtful", "partial"):
            if flag in self.flags:
                return flag
        return "complete"

    @property
    def summary(self) -> str:
        """All reasons as one text (for tooltips and exports)."""
        return " ".join(self.reasons)


NO_QUALITY = Quality()


@dataclass(frozen=True, slots=True)
class TextVerdict:
    """The doubtful check's outcome for one session (`quality_text.py`)."""

    doubtful: bool
    reason: str
    may_belong_to: str | None = None


def assess(
    sessions: Sequence[Session],
    streams: Sequence[SharedStream],
    segment_of: Callable[[str], Segment | None],
    verdict_of: Callable[[str], TextVerdict | None],
) -> dict[str, Quality]:
    """Every session's `Quality`, by path. `verdict_of(path)`: the doubtful check of a
    session's own transcript (None when not checked: no transcript, or shared)."""
    by_path = {s.path: s for s in sessions}
    stream_of = {p: stream for stream in streams for p in stream.paths}
    recording_rate = {
        stream.video_id + stream.paths[0]: _recording_rate(stream, by_path) for stream in streams
    }
    duplicates = find_duplicates(sessions)
    titles = {s.path: _name(s) for s in sessions}
    result: dict[str, Quality] = {}
    for session in sessions:
        flags: dict[str, str] = {}
        rate: float | None = None
        may_belong: str | None = None
        stream = stream_of.get(session.path)
        if not session.has_transcript:
            flags["none"] = "No transcript."
        elif stream is not None:
            rate, minutes = recording_rate[stream.video_id + stream.paths[0]]
            if rate is not None and rate < PARTIAL_WPM:
                flags["partial"] = (
                    f"The shared recording has {session.transcript_words:,} words for "
                    f"{_duration(minutes)} of slots ({rate:.0f} words a minute; speech runs "
                    "120-160): most of what was said is missing."
                )
            segment = segment_of(session.path)
            # A fragment shared by a day's slots cannot hold every session: it is partial,
            # and a session missing from it is not a sign of another talk.
            if segment is not None and segment.absent and "partial" not in flags:
                flags["doubtful"] = (
                    "Its speakers and topic were looked for in the shared recording and "
                    "not found: this session's part is probably not in it."
                )
            if set(stream.paths) - {session.path} - set(duplicates.get(session.path, ())):
                flags["shared"] = _shared_reason(len(stream.paths), segment)
        else:
            rate = _own_rate(session)
            if rate is not None and rate < PARTIAL_WPM:
                minutes = _slot_minutes(session)
                flags["partial"] = (
                    f"{session.transcript_words:,} words for a {_duration(minutes)} slot "
                    f"({rate:.0f} words a minute; speech runs 120-160): a fragment."
                )
            verdict = verdict_of(session.path)
            if verdict is not None and verdict.doubtful:
                flags["doubtful"] = verdict.reason
                if verdict.may_belong_to in by_path:
                    may_belong = verdict.may_belong_to
        twins = duplicates.get(session.path, ())
        if twins:
            flags["duplicate"] = "Listed twice: the same day, slot and speakers as " + "; ".join(
                f'"{titles[t]}" ({t})' for t in twins
            )
        ordered = tuple(f for f in FLAGS if f in flags)
        result[session.path] = Quality(
            ordered,
            None if rate is None else round(rate, 1),
            tuple(flags[f] for f in ordered),
            may_belong,
            twins,
        )
    return result


def find_duplicates(sessions: Sequence[Session]) -> dict[str, tuple[str, ...]]:
    """Entries with the same date, overlapping slots and the same (non-empty) speakers,
    each linked to the others."""
    groups: dict[tuple[str, frozenset[str]], list[Session]] = defaultdict(list)
    for session in sessions:
        people = frozenset(s.key for s in session.speakers if s.key)
        if people and session.date and session.start:
            groups[(session.date, people)].append(session)
    found: dict[str, list[str]] = defaultdict(list)
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if _overlap(a, b):
                    found[a.path].append(b.path)
                    found[b.path].append(a.path)
    return {path: tuple(others) for path, others in found.items()}


def flag_counts(qualities: Sequence[Quality]) -> Counter[str]:
    """How many sessions carry each flag (every flag present, zero when none do)."""
    counts: Counter[str] = Counter(dict.fromkeys(FLAGS, 0))
    for quality in qualities:
        counts.update(quality.flags)
    return counts


def _overlap(a: Session, b: Session) -> bool:
    (a0, a1), (b0, b1) = slot_span(a), slot_span(b)
    if a0 == b0:
        return True
    return a0 < b1 and b0 < a1


def _slot_minutes(session: Session) -> float:
    start, end = slot_span(session)
    return end - start


def _own_rate(session: Session) -> float | None:
    minutes = _slot_minutes(session)
    return session.transcript_words / minutes if minutes > 0 else None


def _recording_rate(
    stream: SharedStream, by_path: dict[str, Session]
) -> tuple[float | None, float]:
    """(words per minute, minutes) of a shared recording over the union of its slots."""
    members = [by_path[p] for p in stream.paths if p in by_path]
    spans = sorted(slot_span(s) for s in members)
    minutes, reach = 0.0, None
    for start, end in spans:
        if reach is None or start > reach:
            minutes += end - start
            reach = end
        elif end > reach:
            minutes += end - reach
            reach = end
    words = members[0].transcript_words if members else 0
    return (words / minutes if minutes > 0 else None), minutes


def _shared_reason(count: int, segment: Segment | None) -> str:
    opening = f"The transcript is one recording shared by {count} sessions"
    if segment is None or segment.start_word is None:
        return opening + "; this session's part was not found in it."
    where = f"words {segment.start_word:,}-{segment.end_word or 0:,}"
    if segment.basis == "transcript" and segment.cue:
        return f"{opening}; this session's part was found at {where} ({segment.cue})."
    return f"{opening}; this session's part is estimated from its slot at {where}."


def _duration(minutes: float) -> str:
    hours, rest = divmod(round(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


def _name(session: Session) -> str:
    return session.title or session.path
