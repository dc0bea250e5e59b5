"""Highlights and notes -> Markdown (for a notes app) or plain text, grouped by session.

Markdown: a heading per session (its shown title, day, date and venue under it), each
highlight as a blockquote, its note below it, and its video link at the estimated moment. A
highlight whose passage is no longer in the current transcript is still exported, marked
"not found in the current text". Each passage is placed against the session's current
transcript (`library.anchors`) so the moment follows the text, not an old offset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from viewer.core.export.citation import (
    QuoteSource,
    md_escape,
    moment_of,
    moment_text,
    source_lines,
)
from viewer.core.library.anchors import Placement, paragraph_starts, resolve
from viewer.core.library.notes import Highlight
from viewer.core.session.model import Session
from viewer.core.session.titles import display_title
from viewer.core.session.transcript import Paragraph, read_paragraphs

if TYPE_CHECKING:
    from viewer.core.library.load import Library

NOT_FOUND = "not found in the current text"


@dataclass(frozen=True, slots=True)
class TranscriptText:
    """A transcript as the reader shows it: paragraphs, their text joined by "\\n", offsets."""

    paragraphs: Sequence[Paragraph]
    text: str
    starts: list[int]

    @classmethod
    def of(cls, transcript: str) -> TranscriptText:
        paragraphs = read_paragraphs(transcript) if transcript.strip() else []
        return cls.from_paragraphs(paragraphs)

    @classmethod
    def from_paragraphs(cls, paragraphs: Sequence[Paragraph]) -> TranscriptText:
        texts = [p.text for p in paragraphs]
        return cls(paragraphs, "\n".join(texts), paragraph_starts(texts))

    def words_before(self, offset: int, paragraph: int) -> int:
        """Words of the transcript before `offset` (inside paragraph `paragraph`)."""
        if not self.paragraphs:
            return 0
        p = self.paragraphs[max(0, min(paragraph, len(self.paragraphs) - 1))]
        inside = self.text[self.starts[p.index] : max(self.starts[p.index], offset)]
        return p.words_before + len(inside.split())

    def total_words(self) -> int:
        if not self.paragraphs:
            return 0
        last = self.paragraphs[-1]
        return last.words_before + last.words


def source_at(
    session: Session,
    text: TranscriptText,
    place: Placement | None,
    make_source: Callable[[Session, int, int], QuoteSource] | None = None,
) -> QuoteSource:
    """The quote source of a placed passage (words before it for the moment estimate)."""
    before = text.words_before(place.start, place.paragraph) if place else 0
    total = text.total_words()
    if make_source is not None:
        return make_source(session, before, total)
    return QuoteSource(session, before, total)


@dataclass(frozen=True, slots=True)
class ExportItem:
    highlight: Highlight
    source: QuoteSource
    found: bool


def collect(
    highlights: Sequence[Highlight],
    sessions: Callable[[str], Session | None],
    make_source: Callable[[Session, int, int], QuoteSource] | None = None,
) -> list[tuple[Session, list[ExportItem]]]:
    """Group `highlights` by session (in first-highlight order), each placed in the session's
    current transcript; `sessions(path)` gives the session with its transcript (None: gone)."""
    order: dict[str, list[Highlight]] = {}
    for h in highlights:
        order.setdefault(h.session, []).append(h)
    groups: list[tuple[Session, list[ExportItem]]] = []
    for path, items in order.items():
        session = sessions(path) or Session(path=path, title=path)
        text = TranscriptText.of(session.transcript)
        placed = []
        for h in items:
            place = resolve(h.anchor, text.text, text.starts)
            placed.append(
                (
                    place.start if place else 1 << 60,
                    ExportItem(h, source_at(session, text, place, make_source), place is not None),
                )
            )
        placed.sort(key=lambda pair: pair[0])
        groups.append((session, [item for _, item in placed]))
    return groups


def _quote(text: str) -> str:
    return " ".join(text.split())


def as_markdown(groups: Sequence[tuple[Session, Sequence[ExportItem]]]) -> str:
    out: list[str] = []
    for session, items in groups:
        out += [f"## {md_escape(display_title(session))}", ""]
        details = source_lines(QuoteSource(session))[1:3]
        if details:
            out += [f"*{md_escape('; '.join(details))}*", ""]
        for item in items:
            out.append(f"> {md_escape(_quote(item.highlight.anchor.exact))}")
            if not item.found:
                out += [">", f"> *({NOT_FOUND})*"]
            out.append("")
            for line in item.highlight.note.splitlines():
                out.append(md_escape(line) if line.strip() else "")
            if item.highlight.note.strip():
                out.append("")
            label, url = moment_text(moment_of(item.source)) if item.found else ("", "")
            if url:
                out += [f"[{md_escape(label)}]({url})", ""]
    return "\n".join(out).rstrip() + "\n" if out else ""


def as_text(groups: Sequence[tuple[Session, Sequence[ExportItem]]]) -> str:
    out: list[str] = []
    for session, items in groups:
        title = display_title(session)
        out += [title, "=" * min(len(title), 80)]
        out += source_lines(QuoteSource(session))[1:3]
        out.append("")
        for item in items:
            out.append(f"“{_quote(item.highlight.anchor.exact)}”")
            if not item.found:
                out.append(f"  ({NOT_FOUND})")
            for line in item.highlight.note.splitlines():
                out.append(f"  Note: {line}" if line.strip() else "")
            label, url = moment_text(moment_of(item.source)) if item.found else ("", "")
            if url:
                out.append(f"  {url} ({label})")
            out.append("")
    return "\n".join(out).rstrip() + "\n" if out else ""


def quote_source(library: Library | None, session: Session, before: int, total: int) -> QuoteSource:
    """The source of a passage `before` words into `session`'s transcript of `total` words,
    with the shared recording it belongs to and the session's part found in it (for the
    moment estimate and for naming the speaker)."""
    quality = _warning(library, session.path)
    stream = library.stream_of(session.path) if library is not None else None
    if stream is None or library is None:
        return QuoteSource(session, before, total, quality=quality)
    members = tuple(s for p in stream.paths if (s := library.session(p)) is not None)
    segment = library.segment_of(session.path)
    start = segment.start_word if segment is not None and not segment.absent else None
    found = (
        segment is not None
        and not segment.absent
        and segment.basis == "transcript"
        and segment.holds(before)
    )
    return QuoteSource(session, before, total, stream, members, start, found, quality=quality)


# The flags a quotation carries: those that say the text itself may not be what was said.
QUOTED_FLAGS = ("partial", "doubtful")


def _warning(library: Library | None, path: str) -> str:
    """The session's quality flags worth a reader's warning ("" when none, or while the flags
    are still being judged: a quote never waits for them)."""
    if library is None or not library.quality_known:
        return ""
    flags = library.quality_of(path).flags
    return ", ".join(flag for flag in QUOTED_FLAGS if flag in flags)


def export_notes(
    highlights: Sequence[Highlight],
    library: Library | None,
    paths: set[str] | None = None,
    *,
    markdown: bool = True,
) -> str:
    """The highlights (of the sessions in `paths`, or all) as Markdown or text, each placed in
    its session's current text in `library`."""
    chosen = [h for h in highlights if paths is None or h.session in paths]

    def session(path: str) -> Session | None:
        if library is None or library.session(path) is None:
            return None
        return library.full_session(path)

    groups = collect(chosen, session, lambda s, b, t: quote_source(library, s, b, t))
    return as_markdown(groups) if markdown else as_text(groups)
