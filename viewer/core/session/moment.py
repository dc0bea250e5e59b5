"""Jump near the moment: estimate where in the video a transcript position was spoken.

The captions lost their timestamps, so the time is an estimate, always labelled as one:
- a session with its own video: the share of words before the position, times the length of
  the session's time slot (speech is close to evenly spread over a panel);
- a session in a shared stream (one recording of a whole room or day): the same share of the
  whole stream's words, times the stream's length from its earliest start to its latest end.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from viewer.core.session.model import Session, SharedStream

# When a session has no end time, assume the most common slot length of the programme.
DEFAULT_SLOT_MINUTES = 60


@dataclass(frozen=True, slots=True)
class MomentEstimate:
    """An estimated video position.

    Attributes:
        seconds: offset into the video.
        url: a YouTube link that starts playing there ("" when the session has no video).
        label: for people, e.g. "about 12:40 into the video (estimate)".
    """

    seconds: int
    url: str
    label: str


def minutes_of(clock: str) -> int | None:
    """'13:05' -> 785; anything else -> None."""
    hours, sep, minutes = clock.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        return None
    return int(hours) * 60 + int(minutes)


def slot_minutes(session: Session) -> int:
    start, end = minutes_of(session.start), minutes_of(session.end)
    if start is None or end is None or end <= start:
        return DEFAULT_SLOT_MINUTES
    return end - start


def stream_minutes(sessions: list[Session]) -> int:
    """Length of a shared stream: earliest start to latest end of the sessions it covers."""
    starts = [m for s in sessions if (m := minutes_of(s.start)) is not None]
    ends = [m for s in sessions if (m := minutes_of(s.end) or minutes_of(s.start)) is not None]
    if not starts or not ends or max(ends) <= min(starts):
        return DEFAULT_SLOT_MINUTES * max(1, len(sessions))
    return max(ends) - min(starts)


def format_clock(seconds: int) -> str:
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def video_url_at(video_id: str, seconds: int) -> str:
    if not video_id:
        return ""
    return f"https://www.youtube.com/watch?v={quote(video_id, safe='-_')}&t={max(0, seconds)}s"


def estimate_moment(
    session: Session,
    words_before: int,
    total_words: int,
    stream: SharedStream | None = None,
    stream_sessions: list[Session] | None = None,
    part_start: int | None = None,
) -> MomentEstimate:
    """Estimate the video time of a position `words_before` words into the transcript.

    `part_start`: in a shared stream, the word where this session's part was found to begin
    (`segments.py`). The estimate then runs from that start: its time in the stream (its
    share of the words), plus the words read since, at the stream's pace; the label says
    how far after the part's start the moment is, which the reader can check in the video."""
    share = 0.0 if total_words <= 0 else min(1.0, max(0.0, words_before / total_words))
    shared = stream is not None and bool(stream_sessions)
    minutes = stream_minutes(stream_sessions or []) if shared else slot_minutes(session)
    seconds = round(share * minutes * 60)
    label = f"about {format_clock(seconds)} into the video (estimate)"
    if shared and part_start is not None and total_words > 0:
        start = min(max(part_start, 0), total_words)
        begins = round(start / total_words * minutes * 60)
        pace = minutes * 60 / total_words  # seconds per word over the whole stream
        seconds = max(0, begins + round((min(words_before, total_words) - start) * pace))
        after = seconds - begins
        relation = (
            f"{format_clock(after)} after" if after >= 0 else f"{format_clock(-after)} before"
        )
        label = (
            f"about {format_clock(seconds)} into the video (estimate: {relation} where this "
            f"session's part begins, at about {format_clock(begins)})"
        )
    url = video_url_at(session.video_id, seconds)
    return MomentEstimate(seconds=seconds, url=url, label=label)
