"""Export for people: one session as plain text or Markdown, a list of sessions as CSV.

The transcript is exported in its readable form (paragraphs and speaker turns from the reading
model), not as caption blocks. CSV cells that a spreadsheet would run as a formula (`=`, `+`,
`-`, `@` first) are prefixed with an apostrophe: the files are untrusted input.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable, Sequence

from viewer.core.library.quality import Quality
from viewer.core.session.model import Session
from viewer.core.session.transcript import read_paragraphs

CSV_COLUMNS = (
    "path", "title", "day", "date", "start", "end", "venue", "speakers", "partners",
    "video_url", "has_transcript", "transcript_words",
)  # fmt: skip


def _meta_lines(session: Session) -> list[str]:
    when = " ".join(part for part in (session.date, session.time_label) if part)
    lines = [f"Day {session.day}" if session.day else "", when, session.venue]
    if session.video_url:
        lines.append(f"Video: {session.video_url}")
    return [line for line in lines if line]


def quality_lines(quality: Quality | None) -> list[str]:
    """What the reader should know before trusting the transcript: one line per flag
    ("Transcript partial: ..."), nothing for a transcript with no flag."""
    if quality is None:
        return []
    return [
        f"Transcript {flag}: {reason}"
        for flag, reason in zip(quality.flags, quality.reasons, strict=True)
        if flag != "none"
    ]


def _turns(session: Session) -> list[str]:
    """Paragraph texts, with an em dash opening each change of speaker."""
    out = []
    for paragraph in read_paragraphs(session.transcript):
        out.append(f"— {paragraph.text}" if paragraph.new_speaker else paragraph.text)
    return out


def session_as_text(session: Session, quality: Quality | None = None) -> str:
    parts = [session.title, "=" * min(len(session.title), 80), *_meta_lines(session), ""]
    if session.speakers:
        parts += ["Speakers:", *(f"  - {sp.text}" for sp in session.speakers), ""]
    if session.partners:
        parts += ["Knowledge partners:", *(f"  - {p}" for p in session.partners), ""]
    if session.summary:
        parts += ["Summary:", session.summary, ""]
    if session.takeaways:
        parts += ["Key takeaways:"]
        parts += [f"  {n}. {t}" for n, t in enumerate(session.takeaways, 1)] + [""]
    if session.transcript:
        parts += ["Transcript:", ""]
        parts += [f"[{line}]" for line in quality_lines(quality)]
        parts += [""] if quality_lines(quality) else []
        for paragraph in _turns(session):
            parts += [paragraph, ""]
    return "\n".join(parts).rstrip() + "\n"


def _md_escape(text: str) -> str:
    """Keep file text literal in Markdown: no raw HTML, no accidental headings or links."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def session_as_markdown(session: Session, quality: Quality | None = None) -> str:
    parts = [f"# {_md_escape(session.title)}", ""]
    parts += [f"- {_md_escape(line)}" for line in _meta_lines(session)] + [""]
    if session.speakers:
        parts += ["## Speakers", "", *(f"- {_md_escape(sp.text)}" for sp in session.speakers), ""]
    if session.partners:
        parts += ["## Knowledge partners", "", *(f"- {_md_escape(p)}" for p in session.partners)]
        parts += [""]
    if session.summary:
        parts += ["## Summary", "", session.summary, ""]
    if session.takeaways:
        parts += ["## Key takeaways", ""]
        parts += [f"{n}. {_md_escape(t)}" for n, t in enumerate(session.takeaways, 1)] + [""]
    if session.transcript:
        parts += ["## Transcript", ""]
        parts += [f"> ⚠ {_md_escape(line)}" for line in quality_lines(quality)]
        parts += [""] if quality_lines(quality) else []
        for paragraph in _turns(session):
            parts += [_md_escape(paragraph), ""]
    return "\n".join(parts).rstrip() + "\n"


def session_as_html(session: Session, quality: Quality | None = None) -> str:
    """Print/PDF layout: every value escaped, no images, no links to follow, no file markup."""

    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    parts = [f"<h1>{esc(session.title)}</h1>"]
    parts += [f"<p style='color:#555'>{esc(line)}</p>" for line in _meta_lines(session)]

    def listed(heading: str, items: Sequence[str], tag: str = "ul") -> None:
        if items:
            parts.append(f"<h2>{heading}</h2><{tag}>")
            parts.extend(f"<li>{esc(item)}</li>" for item in items)
            parts.append(f"</{tag}>")

    listed("Speakers", [sp.text for sp in session.speakers])
    listed("Knowledge partners", session.partners)
    if session.summary:
        parts.append(f"<h2>Summary</h2><p>{esc(session.summary)}</p>")
    listed("Key takeaways", session.takeaways, "ol")
    if session.transcript:
        parts.append("<h2>Transcript</h2>")
        parts += [f"<p style='color:#8a4b00'><i>{esc(q)}</i></p>" for q in quality_lines(quality)]
        parts += [f"<p>{esc(paragraph)}</p>" for paragraph in _turns(session)]
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def _safe_cell(value: object) -> str:
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def sessions_as_csv(sessions: Iterable[Session]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in sessions:
        row = (
            s.path, s.title, s.day or "", s.date, s.start, s.end, s.venue,
            "; ".join(sp.text for sp in s.speakers), "; ".join(s.partners), s.video_url,
            "yes" if s.has_transcript else "no", s.transcript_words,
        )  # fmt: skip
        writer.writerow([_safe_cell(v) for v in row])
    return buffer.getvalue()
