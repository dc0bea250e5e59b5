"""`parse_session` of a file's bytes (decoded in two parts, cut after its transcript heading)
gives what `parse_session(decode_bytes(...))` gives, on every kind of file: the common one it
speeds up, and every one it must hand to the whole-file path (a byte-order mark, UTF-16,
carriage returns, invalid UTF-8, mojibake, no transcript heading, odd headings)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.sessions import session_text
from viewer.core.session.decode import decode_bytes
from viewer.core.session.model import Session
from viewer.core.session.parse import (
    _decoded_parts,
    parse_session,
    read_session_file,
)

TRANSCRIPT = "Good morning. &gt;&gt; Thank you, Chair. &amp; welcome &#39;all&#39;.\n\nMore words."


def _assert_same(data: bytes) -> None:
    text = decode_bytes(data)
    for counted, speakers in ((True, True), (False, False)):
        options = {"counted": counted, "speakers": speakers}
        whole = parse_session(text, "Day-2/s/001", "/lib/s.md", 2, **options)
        split = parse_session(data, "Day-2/s/001", "/lib/s.md", 2, **options)
        assert split == whole, data[:200]


def _mojibake(text: str) -> str:
    """UTF-8 read as Mac Roman: how the collection's mis-encoded file came to be."""
    return text.encode("utf-8").decode("mac-roman")


def test_a_plain_file_is_decoded_in_two_parts_and_parses_the_same() -> None:
    data = session_text(transcript=TRANSCRIPT).encode("utf-8")
    parts = _decoded_parts(data)
    assert parts is not None  # the common case takes the split path
    before, heading, transcript = parts
    assert "Transcript" in heading and heading.endswith("\n")
    assert transcript.isascii() and not (before + heading).isascii()
    assert (before + heading + transcript).encode("utf-8") == data
    _assert_same(data)
    result = parse_session(data, "p")
    assert isinstance(result, Session)
    assert result.transcript.startswith("Good morning. >> Thank you")
    assert (result.transcript_words, result.speaker_changes) == (10, 1)


def test_files_the_split_path_must_leave_to_the_whole_file_path() -> None:
    plain = session_text(transcript=TRANSCRIPT)
    variants = {
        "crlf": plain.replace("\n", "\r\n").encode("utf-8"),
        "utf-8 bom": b"\xef\xbb\xbf" + plain.encode("utf-8"),
        "utf-16": plain.encode("utf-16"),
        "utf-16 without bom": plain.encode("utf-16-le"),
        "invalid utf-8 in the transcript": plain.encode("utf-8").replace(b"Chair", b"Ch\xe9ir"),
        "invalid utf-8 before it": plain.encode("utf-8").replace(b"Open", b"\xff\xfeOpen"),
        "cp1252": plain.replace("📝", "").replace("🎤", "").encode("cp1252", "ignore"),
        "mojibake": _mojibake(plain).encode("utf-8"),
        "mojibake in the transcript only": (
            session_text(transcript=_mojibake("Thanks — “Chair” — all."))
        ).encode("utf-8"),
        "no transcript": session_text(transcript=None).encode("utf-8"),
        "a NUL near the start": plain.replace("Open", "Op\x00en").encode("utf-8"),
    }
    for name, data in variants.items():
        assert _decoded_parts(data) is None, name  # each one a reason of its own
        _assert_same(data)


def test_odd_transcript_headings_parse_the_same() -> None:
    base = session_text(transcript=TRANSCRIPT)
    cases = [
        "## Transcript\nthe heading opens the file\n" + base,
        base.rstrip("\n").rsplit("\n", 1)[0] + "\n",  # the heading's line is the last one
        base.rstrip("\n") + "\n## 📝 Transcript",  # a second heading with no line end
        base.replace("## 📝 Transcript", "## 📝 Transcript \t "),
        base.replace("## 📝 Transcript", "##\tTranscript"),
        base.replace("## 📝 Transcript", "### 📝 Transcript"),  # no section heading
        base.replace("## 📝 Transcript", "## 📝 Transcript of the day"),  # names another
        base.replace("## 📝 Summary", "## 📝 Transcript\nearly\n## 📝 Summary"),  # two
        base.replace("## 📝 Transcript\n", "## 📝 Transcript\n## 🔑 Key Takeaways\n- x\n"),
        base.replace("# Open", "#Open"),  # no title
        base.replace("## 📌 Session Details", "## Details"),  # not a session
        ("x" * 25_000 + "\n") + base,  # title and details past the first 20,000 characters
        base.replace("## 📝 Transcript\n", "## 📝 Transcript\n" + "\x01" * 200),  # controls
        base.replace("Good morning.", "Good\u00a0morning.\u2003Then"),  # Unicode spaces
    ]
    for text in cases:
        _assert_same(text.encode("utf-8"))


_PIECES = [
    "## 📝 Transcript",
    "## Transcript",
    "## 📌 Session Details",
    "# A title",
    "| ⏰ **Time** | 10:00 – 11:00 |",
    "- Dr. A B, Org",
    "&gt;&gt; words &amp; more",
    "plain words",
    "",
    "—“quoted”…",
    "‚Äî",
    "Ã©",
    "\x85",
    "\t\x0b",
    "\x01",
    "##",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES), max_size=30),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_any_mix_of_lines_parses_the_same(pieces: list[str], newline: str, bom: bool) -> None:
    text = session_text(transcript=TRANSCRIPT) + "\n".join(pieces)
    data = text.replace("\n", newline).encode("utf-8")
    _assert_same((b"\xef\xbb\xbf" if bom else b"") + data)


def test_read_session_file_gives_the_whole_file_parse(tmp_path: Path) -> None:
    file = tmp_path / "s.md"
    file.write_text(session_text(transcript=TRANSCRIPT), encoding="utf-8")
    whole = parse_session(decode_bytes(file.read_bytes()), "s", str(file), 4)
    assert read_session_file(file, "s", day_hint=4) == whole


def test_corpus_files_parse_the_same(corpus_root: Path) -> None:
    files = sorted(corpus_root.rglob("*.md"))
    assert files
    split = 0
    for path in files:
        data = path.read_bytes()
        split += _decoded_parts(data) is not None
        whole = parse_session(decode_bytes(data), path.name, str(path), 1)
        assert parse_session(data, path.name, str(path), 1) == whole, path
    assert split >= len(files) // 2  # most transcripts take the split path


def test_the_seed_parses_the_same(seed_file: Path) -> None:
    data = seed_file.read_bytes()
    assert _decoded_parts(data) is None  # mojibake: repaired as a whole
    _assert_same(data)
