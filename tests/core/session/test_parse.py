"""parse: every variant of DATA.md, hostile content, the seed, the real corpus."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.sessions import VIDEO_ID, session_text
from viewer.core.session.decode import decode_bytes
from viewer.core.session.model import ParseProblem, Session
from viewer.core.session.parse import (
    NOT_A_SESSION,
    parse_session,
    read_session_file,
    speaker_key,
    split_speaker,
    transcript_stats,
)


def parsed(text: str) -> Session:
    result = parse_session(text, "Day-2/sessions/001-x")
    assert isinstance(result, Session), result
    return result


def test_full_session_fields() -> None:
    s = parsed(session_text())
    assert s.title == "Open Models for Public Services"
    assert (s.day, s.date, s.start, s.end) == (2, "2026-02-17", "12:30", "13:30")
    assert (s.building, s.room) == ("Bharat Mandapam", "L2 Audi 1")
    assert s.venue == "Bharat Mandapam — L2 Audi 1"
    assert s.video_id == VIDEO_ID
    assert s.video_url == f"https://youtube.com/live/{VIDEO_ID}?feature=share"
    assert s.speakers[0].name == "Asha Verma"  # honorifics are not names (DESIGN.md)
    assert s.speakers[0].affiliation == "Institute of Civic Computing"
    assert s.speakers[0].key == "asha verma"
    assert s.partners == ("Civic Data Trust",)
    assert s.summary == "A panel on **open models** for public services."
    assert s.takeaways == ("Open weights lower the cost of entry.",)
    assert s.transcript == "Welcome everyone to this panel. >> Thank you for having me."
    assert (s.transcript_words, s.speaker_changes) == (10, 1)


def test_start_time_only_and_room_with_pipe() -> None:
    s = parsed(session_text(time="09:30", venue="Yashobhoomi | Hall 3 | Booth 2"))
    assert (s.start, s.end) == ("09:30", "")
    assert s.time_label == "09:30"
    assert (s.building, s.room) == ("Yashobhoomi", "Hall 3 | Booth 2")


def test_multiline_and_empty_dash_speaker_entries() -> None:
    lines = [
        "- ",
        "Sh. Ravi",
        "Menon - Chief Trust",
        "Officer, Bharat Grid",
        "",
        "- Ms. Lena Ortiz: Moderator",
        "\u2060",
        "- Prof. Kofi Mensah - Dean, School of Data",
        "continues here",
        "- H.E. Marta Silva, Ministry of Digital Affairs",
        "\u200b\u2060",
        "",
    ]
    s = parsed(session_text(speakers=lines))
    texts = [sp.text for sp in s.speakers]
    assert texts == [
        "Sh. Ravi Menon - Chief Trust Officer, Bharat Grid",
        "Ms. Lena Ortiz: Moderator",
        "Prof. Kofi Mensah - Dean, School of Data continues here",
        "H.E. Marta Silva, Ministry of Digital Affairs",
    ]
    assert [sp.name for sp in s.speakers] == [
        "Ravi Menon",
        "Lena Ortiz",
        "Kofi Mensah",
        "Marta Silva",
    ]
    assert s.speakers[0].affiliation == "Chief Trust Officer, Bharat Grid"
    assert s.speakers[1].affiliation == "Moderator"


@pytest.mark.parametrize(
    "variant",
    [
        "Shri Ravi Menon",
        "Sh. Ravi Menon",
        "Mr. Ravi Menon",
        "Dr Ravi Menon",
        "ravi menon",
        "Hon'ble Shri Ravi Menon",
        "H.E. Ravi Menon",
        "Prof. Dr. Ravi Menon",
        "Ravi\u00a0Ménon",
    ],
)
def test_speaker_key_drops_honorifics(variant: str) -> None:
    assert speaker_key(variant) == "ravi menon"


def test_speaker_without_affiliation() -> None:
    sp = split_speaker("Smt. Kavya Rao")
    assert (sp.name, sp.affiliation, sp.key) == ("Kavya Rao", "", "kavya rao")


def test_missing_optional_sections() -> None:
    s = parsed(
        session_text(
            video_id=None,
            speakers=None,
            partners=None,
            summary=None,
            takeaways=None,
            transcript=None,
        )
    )
    assert s.speakers == () and s.partners == () and s.takeaways == ()
    assert s.summary == "" and s.video_id == "" and s.video_url == ""
    assert not s.has_transcript and s.transcript_words == 0


def test_takeaways_over_several_lines() -> None:
    items = ["1. First point starts", "   and goes on.", "2. Second point.", "", "3. Third."]
    s = parsed(session_text(takeaways=items))
    assert s.takeaways == ("First point starts and goes on.", "Second point.", "Third.")


def test_transcript_runs_to_end_and_keeps_headings_inside() -> None:
    body = "first block of words\n\n## not a heading, part of the talk &amp; more\n\nlast"
    s = parsed(session_text(transcript=body))
    assert s.transcript.endswith("last")
    assert "## not a heading, part of the talk & more" in s.transcript


def test_transcript_stats_definitions() -> None:
    assert transcript_stats("a >> b >>> c >>\n>> d [applause]") == (5, 3)
    assert transcript_stats("") == (0, 0)
    # markers in a row, at either end, or alone: the byte count's overlap and edge cases
    assert transcript_stats("a >> >> b\t>>\n>> c") == (3, 4)
    assert transcript_stats(">> a >>") == (1, 2)
    assert transcript_stats(">>") == (0, 1)


def test_day_from_hint_when_subtitle_lacks_it() -> None:
    text = session_text().replace("— Day 2 (2026-02-17)", "")
    result = parse_session(text, "p", day_hint=4)
    assert isinstance(result, Session) and result.day == 4 and result.date == "2026-02-17"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty file"),
        ("   \n\n ", "empty file"),
        ("# Title\n\x00\x01\x02binary" * 20, "binary file, not text"),
    ],
)
def test_broken_files_are_problems(text: str, reason: str) -> None:
    result = parse_session(text, "x")
    assert isinstance(result, ParseProblem) and result.reason == reason and result.is_error


def test_readme_is_not_a_session() -> None:
    result = parse_session("# Day 2\n\n## Table of Contents\n- [a](#a)\n", "Day-2/README")
    assert isinstance(result, ParseProblem) and result.kind == NOT_A_SESSION


def test_pathological_sections_are_bounded() -> None:
    speakers = ["- " * 500 + "x", "[" * 8000, "- " + "a" * 100_000] + ["- person"] * 5000
    start = time.perf_counter()
    s = parsed(session_text(speakers=speakers, summary="[a](" * 10000))
    assert time.perf_counter() - start < 2.0
    assert len(s.speakers) <= 500
    assert all(len(sp.text) <= 4000 for sp in s.speakers)


def test_read_file_problems(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    result = read_session_file(big, "big")
    assert time.perf_counter() - start < 10.0  # hang guard: refused before reading
    assert isinstance(result, ParseProblem) and result.reason.startswith("too large")
    assert isinstance(read_session_file(tmp_path, "dir"), ParseProblem)
    missing = read_session_file(tmp_path / "gone.md", "gone")
    assert isinstance(missing, ParseProblem) and "could not be read" in missing.reason


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "cp1252"])
def test_encodings_parse_the_same(tmp_path: Path, codec: str) -> None:
    text = session_text(transcript="Café talk — naïve &gt;&gt; next")
    reference = parsed(text)
    file = tmp_path / "s.md"
    file.write_bytes(text.replace("📌", "").replace("🎤", "").encode(codec, errors="ignore"))
    result = read_session_file(file, reference.path)
    assert isinstance(result, Session)
    assert result.speakers == reference.speakers
    assert result.transcript == reference.transcript


def test_seed_equals_its_corpus_original(seed_file: Path, corpus_root: Path) -> None:
    rel = "Day-2_Feb-17/sessions/075-Digital-Public-Goods-for-Global-AI-Equity"
    original = read_session_file(corpus_root / f"{rel}.md", rel)
    seed = read_session_file(seed_file, rel)
    assert isinstance(original, Session) and isinstance(seed, Session)
    assert "‚Äî" in seed_file.read_text(encoding="utf-8")
    assert dataclasses.replace(seed, source=original.source) == original
    assert original.has_transcript and original.transcript_words > 1000


def test_corpus_parses_completely(corpus_root: Path) -> None:
    files = sorted(corpus_root.glob("Day-*/sessions/*.md"))
    assert len(files) == 356
    sessions = [read_session_file(f, str(f.relative_to(corpus_root))) for f in files]
    assert all(isinstance(s, Session) for s in sessions)
    raw = [f.read_text(encoding="utf-8") for f in files]
    with_transcript = sum("\n## 📝 Transcript" in t for t in raw)
    assert sum(s.has_transcript for s in sessions) == with_transcript
    assert sum(s.speaker_changes for s in sessions) == sum(t.count("&gt;&gt;") for t in raw)
    for s, text in zip(sessions, raw, strict=True):
        assert s.title and s.date and s.start and s.building, s.path
        assert "&gt;" not in s.transcript and "\u2060" not in s.title
        expected_speakers = len(re.findall(r"^- ", text.split("## 🤝")[0].split("## 📝")[0], re.M))
        if "## 🎤 Speakers" in text:
            assert 0 < len(s.speakers) <= expected_speakers, s.path


_session_line = st.sampled_from(
    [
        "# T",
        "## 📌 Session Details",
        "| ⏰ **Time** | 10:00 – 11:00 |",
        "## 🎤 Speakers",
        "- ",
        "- Dr. A, B",
        "## 📝 Transcript",
        "&gt;&gt;",
        "",
        "| 📍 **Venue** | a | b |",
        "1. x",
        "## 🔑 Key Takeaways",
        "\u2060",
        "---",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_session_line, st.text(max_size=80)), max_size=60))
def test_parse_never_raises_on_session_like_text(lines: list[str]) -> None:
    result = parse_session("\n".join(lines), "fuzz")
    assert isinstance(result, Session | ParseProblem)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_parse_never_raises_on_bytes(data: bytes) -> None:
    result = parse_session(decode_bytes(data), "fuzz")
    assert isinstance(result, Session | ParseProblem)


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://youtube.com/live/Ab3_dE5-gH7?feature=share", "Ab3_dE5-gH7"),
        ("https://www.youtube.com/watch?v=Ab3_dE5-gH7&t=5", "Ab3_dE5-gH7"),
        ("https://youtu.be/Ab3_dE5-gH7", "Ab3_dE5-gH7"),
        ("smb://evil.example/youtube.com/watch?v=Ab3_dE5-gH7", ""),
        ("https://evil.example/youtube.com/live/Ab3_dE5-gH7", ""),
        ("https://youtube.com.evil.example/live/Ab3_dE5-gH7", ""),
        ("https://youtube.com/live/Ab3_dE5-gH7extra", ""),
    ],
)
def test_video_id_only_from_youtube_hosts(url: str, expected: str) -> None:
    text = session_text(video_id=None).replace(
        "| 📅 **Date**", f"| 🎥 **Video** | [▶️ Watch on YouTube]({url}) |\n| 📅 **Date**"
    )
    s = parsed(text)
    assert s.video_id == expected and s.video_url == url


def test_uncounted_parse_differs_only_in_the_counts() -> None:
    text = session_text(transcript="Hello there. &gt;&gt; Thanks, and welcome. &gt;&gt; Yes.")
    counted = parse_session(text, "Day2/x")
    texts_only = parse_session(text, "Day2/x", counted=False)
    assert isinstance(counted, Session) and isinstance(texts_only, Session)
    assert (counted.transcript_words, counted.speaker_changes) == (6, 2)
    assert (texts_only.transcript_words, texts_only.speaker_changes) == (0, 0)
    assert dataclasses.replace(texts_only, transcript_words=6, speaker_changes=2) == counted
