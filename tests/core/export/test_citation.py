"""The citation format: quote, title, day and date, venue, speaker, moment marked as an estimate;
and the notes export in Markdown and text."""

from __future__ import annotations

from viewer.core.export.citation import QuoteSource, cite, speaker_line
from viewer.core.export.notes_export import NOT_FOUND, TranscriptText, as_markdown, as_text, collect
from viewer.core.library.anchors import make_anchor
from viewer.core.library.notes import new_highlight
from viewer.core.session.model import Session, SharedStream, Speaker

VIDEO = "abcdefghijk"


def _session(**kw: object) -> Session:
    base = dict(
        path="day2/water",
        title="Water and *AI* <b>policy</b>",
        day=2,
        date="2026-02-17",
        start="10:00",
        end="11:00",
        building="Hall 4",
        room="Room 2",
        video_url=f"https://www.youtube.com/watch?v={VIDEO}",
        video_id=VIDEO,
        speakers=(Speaker("Dr. Jane Roe, Chair", "Jane Roe", "Chair"),),
    )
    base.update(kw)
    return Session(**base)  # type: ignore[arg-type]


def test_single_speaker_quote_plain_and_markdown() -> None:
    c = cite("We need  cheaper\u2029compute.", QuoteSource(_session(), 500, 1000))
    assert c.plain.splitlines()[0] == "“We need cheaper compute.”"
    assert (
        "Water and *AI* <b>policy</b>; Day 2, 2026-02-17, 10:00–11:00; Hall 4 — Room 2; Jane Roe"
        in c.plain
    )
    # Half-way through a 60-minute slot: 30:00, marked as an estimate.
    assert f"https://www.youtube.com/watch?v={VIDEO}&t=1800s" in c.plain
    assert "about 30:00 (t= is an estimate)" in c.plain
    md = c.markdown
    assert md.startswith("> We need cheaper compute.\n")
    assert "Water and \\*AI\\* \\<b\\>policy\\</b\\>" in md
    assert f"(https://www.youtube.com/watch?v={VIDEO}&t=1800s)" in md


def test_several_speakers_and_shared_stream_say_speakers() -> None:
    two = _session(speakers=(Speaker("A", "Ann A"), Speaker("B", "Bob B")))
    assert speaker_line(QuoteSource(two)) == "speakers: Ann A, Bob B"
    stream = SharedStream(VIDEO, ("day2/water", "day2/other"), (0.0, 0.5))
    shared = QuoteSource(_session(), stream=stream, stream_sessions=(_session(),))
    assert speaker_line(shared) == "speakers: Jane Roe"
    assert speaker_line(QuoteSource(two, speaker="Ann A")) == "Ann A"
    # Inside the session's part found in the shared recording: its one speaker speaks.
    found = QuoteSource(
        _session(), stream=stream, stream_sessions=(_session(),), in_found_part=True
    )
    assert speaker_line(found) == "Jane Roe"


def test_moment_in_a_shared_recording_uses_the_recording_length() -> None:
    stream = SharedStream(VIDEO, ("day2/water", "day2/other"), (0.0, 0.5))
    members = (_session(), _session(path="day2/other", start="11:00", end="12:00"))
    # 600 of 1,000 words into a 2-hour recording: 1:12:00; into the 1-hour slot alone: 36:00.
    assert "&t=4320s" in cite("x", QuoteSource(_session(), 600, 1000, stream, members)).plain
    assert "&t=2160s" in cite("x", QuoteSource(_session(), 600, 1000)).plain


def test_no_video_no_link_and_quality_flag() -> None:
    c = cite("text", QuoteSource(_session(video_id="", video_url=""), quality="doubtful"))
    assert "youtube" not in c.plain and "t=" not in c.markdown
    assert "transcript quality: doubtful" in c.plain


def test_generic_title_gets_speaker() -> None:
    c = cite("x", QuoteSource(_session(title="Keynote")))
    assert "Keynote — Jane Roe" in c.plain


TRANSCRIPT = (
    ">> Good morning and welcome. Our first speaker works on water policy in river basins.\n\n"
    ">> We need cheaper compute for small labs and open data for every language. Thank you.\n"
)


def test_notes_export_groups_by_session_and_marks_lost_passages() -> None:
    session = _session(transcript=TRANSCRIPT, has_transcript=True)
    text = TranscriptText.of(TRANSCRIPT)
    start = text.text.index("open data for every language")
    anchor = make_anchor(text.text, start, start + 28, text.starts)
    kept = new_highlight(session.path, anchor, "yellow", "Use in chapter 2\n- with *care*")
    gone = new_highlight(session.path, make_anchor("a deleted line", 0, 14, [0]), "blue")
    groups = collect([gone, kept], lambda p: session if p == session.path else None)
    md = as_markdown(groups)
    assert md.startswith("## Water and \\*AI\\*")
    assert "> open data for every language\n" in md
    assert "with \\*care\\*" in md
    assert "&t=" in md and "(t= is an estimate)" in md
    assert md.index("open data") < md.index("a deleted line")  # placed before lost
    assert NOT_FOUND in md.split("a deleted line")[1]
    plain = as_text(groups)
    assert "“open data for every language”" in plain and "Note: Use in chapter 2" in plain
    assert NOT_FOUND in plain
