"""Fuzz targets: a hypothesis strategy and an invariant check for each untrusted-input entry point.

Why these invariants and not just "does not raise": most entry points already catch everything
(parse_session turns any exception into a ParseProblem), so a crash would hide. Each check also
asserts what the caller relies on: parse_session never needs its exception net, parsed fields
respect the caps, paragraphs tile the transcript in order, rendered HTML has nothing a Qt widget
could load or follow, and every compiled search query is valid FTS5 (run against a real table).
Any input slower than SLOW_SECONDS is a finding too: the UI budget for one hostile file is 2 s.
"""

from __future__ import annotations

import codecs
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.hostile.htmlcheck import unsafe_markup
from viewer.core.search import query
from viewer.core.session import decode, parse, transcript
from viewer.core.text import links, render

SLOW_SECONDS = 2.0
INTERNAL_ERROR = "could not be read as a session ("


@dataclass(frozen=True)
class Target:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    share: float  # of the total example budget


def _timed(what: str, call: Callable[[], Any]) -> Any:
    began = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - began
    assert seconds < SLOW_SECONDS, f"{what} took {seconds:.2f} s"
    return result


# --- decode ------------------------------------------------------------------------------------

_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1")


@st.composite
def _encoded_text(draw: st.DrawFn) -> bytes:
    text = draw(st.text(max_size=600))
    codec = draw(st.sampled_from(_CODECS))
    data = text.encode(codec, errors="replace")
    if draw(st.booleans()):  # mojibake: UTF-8 read as a legacy code page and saved again
        legacy = draw(st.sampled_from(("mac_roman", "cp1252", "latin-1", "cp437")))
        data = text.encode("utf-8").decode(legacy, errors="replace").encode("utf-8")
    if draw(st.booleans()):  # BOMs in odd places, truncation mid-character
        bom = draw(st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE)))
        data = bom + data
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


def check_decode(data: bytes) -> None:
    text = _timed("decode_bytes", lambda: decode.decode_bytes(data))
    assert isinstance(text, str)
    assert "\r" not in text, "decode_bytes left a CR line end"
    inline = decode.clean_inline(text[:2000])
    assert inline == inline.strip()
    assert "  " not in inline
    assert not set(inline) & set(decode._INVISIBLE), "clean_inline kept an invisible character"
    assert isinstance(decode.decode_entities(text[:2000]), str)


# --- parse -------------------------------------------------------------------------------------

_HOSTILE = (
    "<img src=/dev/zero>", "![x](file:///etc/passwd)", "[a](javascript:alert(1))", "&gt;&gt;",
    "&amp;", "&#x0;", "&#xD800;", "\u202e", "\u200b", "\u2060", "\u00a0", "\u2011", "\x00",
    "\ufeff", "- ", "-", "1. ", "|", "| |", "|---|---|", "**", "#", "## ", "[", "](", "\\", ">",
    "https://youtube.com/live/AbCdEfGhIjK", "youtu.be/AbCdEfGhIjK", "Day 3", "2026-02-17",
    "09:30 – 10:15", "99:99", "Shri", "Dr.", ", ", " - ", ": ",
)  # fmt: skip
_HEADINGS = (
    "## 📌 Session Details", "## Session Details", "## 🎤 Speakers", "## Speakers",
    "## 🤝 Knowledge Partners", "## 📝 Summary", "## 🔑 Key Takeaways", "## 📺 Video",
    "## 📝 Transcript", "## Transcript", "##", "## ", "# ", "---", "",
)  # fmt: skip
_DETAILS = (
    "| ⏰ **Time** | {} |", "| 📍 **Venue** | {} |", "| 📅 **Date** | {} |",
    "| 🎥 **Video** | [▶️ Watch](https://youtube.com/live/{}?feature=share) |", "- {}", "{}. {}",
)  # fmt: skip

_small_text = st.text(max_size=40)
_piece = st.one_of(st.sampled_from(_HOSTILE), _small_text)
_line = st.one_of(
    st.sampled_from(_HEADINGS),
    st.lists(_piece, max_size=6).map("".join),
    st.builds(lambda f, v: f.replace("{}", v), st.sampled_from(_DETAILS), _small_text),
)


@st.composite
def session_like(draw: st.DrawFn) -> str:
    """Text shaped like a session file with hostile values, so the parser's deep paths run."""
    title = draw(st.lists(_piece, max_size=4).map("".join))
    head = [f"# {title}", "", "**India AI Impact Summit 2026 — Day 2 (2026-02-17)**"]
    if draw(st.booleans()):
        head += ["## 📌 Session Details", "| | |", "|---|---|"]
    body = draw(st.lists(_line, max_size=40))
    return "\n".join(head + body)


def check_parse(text: str) -> None:
    result = _timed("parse_session", lambda: parse.parse_session(text, "fuzz/case", "/x.md", 2))
    if isinstance(result, parse.ParseProblem):
        assert not result.reason.startswith(INTERNAL_ERROR), result.reason
        return
    assert result.title, "a session without a title"
    assert len(result.title) <= parse.MAX_FIELD_CHARS
    assert len(result.speakers) <= parse.MAX_ENTRIES
    assert len(result.partners) <= parse.MAX_ENTRIES
    assert len(result.takeaways) <= parse.MAX_ENTRIES
    assert re.fullmatch(r"(\d\d:\d\d)?", result.start), result.start
    assert re.fullmatch(r"(\d\d:\d\d)?", result.end), result.end
    assert re.fullmatch(r"([A-Za-z0-9_-]{11})?", result.video_id), result.video_id
    assert (result.transcript_words, result.speaker_changes) == parse.transcript_stats(
        result.transcript
    )
    assert result.has_transcript == bool(result.transcript)
    for speaker in result.speakers:
        assert isinstance(parse.speaker_key(speaker.text), str)
    if result.transcript:
        check_paragraphs(result.transcript)


# --- transcript --------------------------------------------------------------------------------

_TRANSCRIPT_PIECES = (
    ">>", ">", ">>>", "&gt;&gt;", "[applause]", "[music]", "[", "]", "[[x]]", "\n\n", "\n", " ",
    "  ", ".", "?", "!", "…", '"', "”", "Uh,", "word", "Words.", "\u00a0", "\u2060", "\t",
)  # fmt: skip
transcript_like = st.lists(
    st.one_of(st.sampled_from(_TRANSCRIPT_PIECES), st.text(max_size=12)), max_size=200
).map("".join)


def check_paragraphs(text: str) -> None:
    paragraphs = _timed("read_paragraphs", lambda: transcript.read_paragraphs(text))
    words = 0
    previous_end = 0
    for i, p in enumerate(paragraphs):
        assert p.index == i
        assert previous_end <= p.start < p.end <= len(text), (p.start, p.end, previous_end)
        assert p.text and p.text == p.text.strip()
        assert ">>" not in p.text.split(), "a speaker marker left in display text"
        assert p.words_before == words
        words += p.words
        for a, b in p.annotations:
            assert 0 <= a < b <= len(p.text) and p.text[a] == "[" and p.text[b - 1] == "]"
        assert transcript.paragraph_at(paragraphs, p.start) == i
        previous_end = p.end


# --- render ------------------------------------------------------------------------------------

_MD_PIECES = (
    "[", "]", "(", ")", "![", "](", "<", ">", "\\", "*", "_", "`", "```", "#", "- ", "1. ", "> ",
    "\n", "\n\n", "    ", "\t", "|", "---", "===", "<img src=/dev/zero>", "<script>x</script>",
    "<a href=file:///etc/passwd>f</a>", "javascript:alert(1)", "file:///etc/passwd", "/dev/zero",
    "https://example.org/a?b=c&d", "http://", "data:text/html,x", "smb://h/s", "&lt;", "&#106;",
    "<svg onload=x>", "<style>", "<!--", "-->", "<![CDATA[", "[x]: /dev/zero", "<http://a.b>",
    "<file:///x>", "&", '"', "'", "=", "\u202e", "\x00",
)  # fmt: skip
markdown_like = st.lists(
    st.one_of(st.sampled_from(_MD_PIECES), st.text(max_size=10)), max_size=120
).map("".join)


def check_render(text: str) -> None:
    result = _timed("render_markdown", lambda: render.render_markdown(text))
    findings = unsafe_markup(result.html)
    assert not findings, findings
    assert result.fallback == bool(result.reason)
    assert len(result.html) <= 2 * render.MAX_OUTPUT_CHARS + 1000


# --- search query ------------------------------------------------------------------------------

_QUERY_PIECES = (
    '"', "-", "speaker:", "day:", "Day:", "NEAR(", "NEAR", "*", "AND", "OR", "NOT", "^", ":", "(",
    ")", "{", "}", "+", "'", "don't", "multi-agent", "ai", "é", "ß", "İ", "ﬁ", "１", "\u0301",
    " ", "  ", "\t", "\u202e", "\x00", "day:2", "day:x", "speaker:\"a b\"", "-\"x y\"", "0", "99",
)  # fmt: skip
query_like = st.lists(st.one_of(st.sampled_from(_QUERY_PIECES), st.text(max_size=8)), max_size=30)


def _fts_table() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(title, speakers, partners, summary, takeaways, body,"
        " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    conn.execute(
        "INSERT INTO fts VALUES ('AI keynote', 'José Pérez', 'Trust', 'multi agent', 'x', "
        "'don''t stop the speech models')"
    )
    return conn


_FTS = _fts_table()


def check_query(pieces: list[str]) -> None:
    text = "".join(pieces)
    for typing in (True, False):
        q = _timed("query.parse", lambda typing=typing: query.parse(text, typing=typing))
        expression = q.match_expression()
        if expression:
            _FTS.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (expression,)).fetchone()
        sample = "AI keynote: don't stop — José Pérez spoke " + text
        for a, b in query.highlight_spans(sample, q.highlight_terms):
            assert 0 <= a < b <= len(sample)
        snippet = query.make_snippet(sample, q.highlight_terms)
        for a, b in snippet.spans:
            assert 0 <= a < b <= len(snippet.text)
        assert isinstance(q.words(), list)


# --- link policy -------------------------------------------------------------------------------

_URL_PIECES = (
    "http", "https", "HTTPS", "file", "javascript", "smb", "data", "ftp", ":", "://", "//", "/",
    "youtube.com", "www.youtube.com", "youtu.be", "youtube.com.evil.example", "уoutube.com",
    "xn--ytube-6ve.com", "evil.example", "127.0.0.1", "[::1]", "10.0.0.1", "8.8.8.8",
    "[2001:db8::1]",
    "0x7f.1", "2130706433", "@", "user:pw@", ":443", ":99999", ":0", "?v=AbCdEfGhIjK", "&t=1s",
    "#", "%2e", "%40", "%00", "\\", " ", "\t", "\n", "\u202e", "\u200b", "\u3002", "。", ".", "..",
    "ｙｏｕｔｕｂｅ.com", "YOUTUBE.COM", "watch", "live/", "-", "_", "~",
)  # fmt: skip
_printable = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"))
_url_noise = st.one_of(
    st.sampled_from(_URL_PIECES),
    st.text(alphabet=_printable, max_size=4),
    st.text(max_size=3),
)


def _insert(url: str, edits: list[tuple[int, str]]) -> str:
    for position, noise in edits:
        position %= len(url) + 1
        url = url[:position] + noise + url[position:]
    return url


_structured_url = st.builds(
    lambda *parts: "".join(parts),
    st.sampled_from(("https", "https", "https", "http", "HTTP", "file", "javascript", "smb", "")),
    st.sampled_from(("://", "://", "://", "://", "://", ":", ":///", "//")),
    st.sampled_from(("", "", "", "", "", "", "user:pw@", "@", "youtube.com@")),
    st.sampled_from(("youtube.com", "www.youtube.com", "youtu.be", "m.youtube.com",
                     "evil.example", "youtube.com.evil.example", "уoutube.com", "8.8.8.8",
                     "[2001:4860::8888]", "127.0.0.1", "bücher.example", "a.b.c.example",
                     "YouTube.COM", "youtube.com.", "xn--bcher-kva.example")),
    st.sampled_from(("", "", ":443", ":8080", ":")),
    st.sampled_from(("/watch", "/live/AbCdEfGhIjK", "/", "", "/a%20b", "/%2e%2e/")),
    st.sampled_from(("", "?v=AbCdEfGhIjK", "?feature=share", "?v=AbCdEfGhIjK&t=90s")),
    st.sampled_from(("", "#t=1", "#")),
)  # fmt: skip
url_like = st.one_of(
    _structured_url,
    st.builds(_insert, _structured_url, st.lists(st.tuples(st.integers(0, 200), _url_noise),
                                                 min_size=1, max_size=3)),
    st.lists(_url_noise, max_size=14).map("".join),
)  # fmt: skip


def check_url(url: str) -> None:
    from PySide6.QtCore import QUrl  # QtCore only: no application object is needed

    decision = _timed("check_url", lambda: links.check_url(url))
    assert decision.action in ("open", "ask", "refuse")
    if decision.action == "refuse":
        assert decision.url == "" and decision.message
        return
    again = links.check_url(decision.url)
    assert (again.action, again.host) == (decision.action, decision.host), (decision, again)
    assert not any(c.isspace() or ord(c) < 32 for c in decision.url), decision.url
    if decision.action == "open":
        assert decision.host in links.YOUTUBE_HOSTS
    # What the desktop opens is what Qt parses (viewer.ui.common.links: StrictMode). A URL Qt
    # rejects opens nothing, which is safe (a usability issue, see
    # tests/fuzz/test_regressions.py); one it accepts must name the same scheme and host the user
    # was shown, without credentials.
    qurl = QUrl(decision.url, QUrl.ParsingMode.StrictMode)
    if not qurl.isValid():
        return
    assert qurl.scheme().lower() in ("http", "https")
    assert not qurl.userInfo(), decision.url
    host = qurl.host(QUrl.ComponentFormattingOption.FullyEncoded).lower()
    assert host == decision.host.strip("[]").lower(), (decision.url, host, decision.host)


TARGETS = (
    Target("decode-bytes", st.binary(max_size=3000), check_decode, 0.125),
    Target("decode-encoded", _encoded_text(), check_decode, 0.125),
    Target("parse-session", session_like(), check_parse, 0.2),
    Target("parse-text", st.text(max_size=800).map(lambda t: "# T\n## Session Details\n" + t),
           check_parse, 0.05),
    Target("transcript", transcript_like, check_paragraphs, 0.15),
    Target("render", markdown_like, check_render, 0.2),
    Target("query", query_like, check_query, 0.15),
    Target("links", url_like, check_url, 0.1),
)  # fmt: skip
