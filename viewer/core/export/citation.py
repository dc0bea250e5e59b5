"""Quotations with their source: the text, where it was said, by whom, and the video moment.

One formatter for every place a passage leaves the viewer (copy as quote, notes export), so a
quote always names the session (its shown title, `session.titles`), the day and date, the
venue, who was speaking where that is known (the session's single speaker; otherwise
"speakers: …"), the video link at the estimated moment (`session.moment`, always labelled as
an estimate: the captions carry no timestamps) and the text's quality flag when one applies.
Plain text and Markdown; Markdown escapes the file's text (it is untrusted).
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.core.session.model import Session, SharedStream
from viewer.core.session.moment import MomentEstimate, estimate_moment, format_clock
from viewer.core.session.titles import display_title

MAX_SPEAKERS_NAMED = 6
_MD_SPECIAL = "\\`*_[]<>#|"


@dataclass(frozen=True, slots=True)
class Citation:
    """A quote ready for the clipboard or a notes file."""

    plain: str
    markdown: str


@dataclass(frozen=True, slots=True)
class QuoteSource:
    """Where a passage comes from.

    Attributes:
        session: the session (headers are enough).
        words_before: words of the transcript before the passage (for the moment estimate).
        total_words: words of the whole transcript.
        stream, stream_sessions: the shared recording the transcript belongs to, if any.
        part_start: in a shared recording, the word where this session's part was found to
            begin (`recordings.segments`), for the moment estimate; None when unknown.
        in_found_part: the passage lies inside this session's part, found from the text, so
            the session's speakers are the ones speaking.
        speaker: who speaks, when known otherwise; "" to use the session's own speakers.
        quality: the transcript's quality flag when one applies ("partial", "doubtful"...).
    """

    session: Session
    words_before: int = 0
    total_words: int = 0
    stream: SharedStream | None = None
    stream_sessions: tuple[Session, ...] = ()
    part_start: int | None = None
    in_found_part: bool = False
    speaker: str = ""
    quality: str = ""


def md_escape(text: str) -> str:
    """File text kept literal in Markdown: no raw HTML, no accidental emphasis or links."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in _MD_SPECIAL else ch)
    return "".join(out)


def speaker_line(source: QuoteSource) -> str:
    """ "Jane Doe" for a one-speaker session (in a shared recording: when the passage is in
    its found part), otherwise "speakers: A, B, C"."""
    if source.speaker:
        return source.speaker
    names = [s.name or s.text for s in source.session.speakers if (s.name or s.text)]
    if not names:
        return ""
    if len(names) == 1 and (source.stream is None or source.in_found_part):
        return names[0]
    shown = ", ".join(names[:MAX_SPEAKERS_NAMED])
    more = len(names) - MAX_SPEAKERS_NAMED
    return "speakers: " + shown + (f" and {more} more" if more > 0 else "")


def when_line(session: Session) -> str:
    """ "Day 2, 2026-02-17, 10:00–11:00" (whatever is known)."""
    parts = [f"Day {session.day}" if session.day is not None else "", session.date]
    parts.append(session.time_label)
    return ", ".join(p for p in parts if p)


def moment_of(source: QuoteSource) -> MomentEstimate | None:
    if not source.session.video_id:
        return None
    members = list(source.stream_sessions) or None
    return estimate_moment(
        source.session,
        source.words_before,
        source.total_words,
        source.stream,
        members,
        part_start=source.part_start,
    )


def moment_text(moment: MomentEstimate | None) -> tuple[str, str]:
    """(label, url): "video at about 12:40 (t= is an estimate)" and the link, or ("", "")."""
    if moment is None or not moment.url:
        return "", ""
    return f"video at about {format_clock(moment.seconds)} (t= is an estimate)", moment.url


def _quote_text(text: str) -> str:
    return " ".join(text.replace("\u2029", "\n").split())


def source_lines(source: QuoteSource) -> list[str]:
    """The parts of the source line, in order, plain text."""
    session = source.session
    parts = [display_title(session), when_line(session), session.venue, speaker_line(source)]
    if source.quality and source.quality != "none":
        parts.append(f"transcript quality: {source.quality}")
    return [p for p in parts if p]


def cite(text: str, source: QuoteSource) -> Citation:
    """`text` as a quotation with its source, in plain text and Markdown."""
    quote = _quote_text(text)
    parts = source_lines(source)
    label, url = moment_text(moment_of(source))
    plain_lines = [f"“{quote}”", "— " + "; ".join(parts)]
    if url:
        plain_lines.append(f"{url} ({label})")
    md_source = "; ".join(md_escape(p) for p in parts)
    md_lines = [f"> {md_escape(quote)}", ">", f"> — {md_source}"]
    if url:
        md_lines.append(f"> [{md_escape(label)}]({url})")
    return Citation("\n".join(plain_lines) + "\n", "\n".join(md_lines) + "\n")
