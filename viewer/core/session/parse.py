"""Session text to `Session`: never raises on bad content, reports a `ParseProblem` instead.

The format (DATA.md): a `# ` title, a bold subtitle with the day and date, a details table, then
optional `## ` sections (speakers, partners, summary, takeaways, video) and an optional
transcript that runs to the end of the file. Sections are recognised by their words, not their
emoji, so a file whose emoji were lost or mangled still parses.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from pathlib import Path

from viewer.core.session.decode import (
    clean_inline,
    decode_bytes,
    decode_entities,
    has_binary_content,
    has_mojibake_hint,
)
from viewer.core.session.model import MAX_FILE_BYTES, ParseProblem, Session, Speaker
from viewer.core.util.atomic import NotRegularFile, open_regular, read_at_most

# Caps that keep one hostile file from costing more than a real one ever does.
MAX_ENTRIES = 500
MAX_FIELD_CHARS = 4000
NOT_A_SESSION = "not-session"

_SECTION_NAMES = {
    "session details": "details",
    "speakers": "speakers",
    "knowledge partners": "partners",
    "summary": "summary",
    "key takeaways": "takeaways",
    "video": "video",
    "transcript": "transcript",
}
_HEADING = re.compile(r"^##[ \t]+(.*?)\s*$")
_HEADING_LINE = re.compile(r"^##[ \t]+(.*?)\s*$", re.MULTILINE)  # `_HEADING` in a whole text
_ENTRY_START = re.compile(r"^-(?:[ \t]|$)")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)][ \t]+")
_DAY = re.compile(r"\bDay[ \t]*(\d{1,2})\b")
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})\b")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?\s*\)")
_BARE_URL = re.compile(r"https?://[^\s|)>\]]+")
# The id only counts in a link whose host really is YouTube's (`https://` then the host), so
# `smb://evil.example/youtube.com/watch?v=...` yields no id.
_YOUTUBE_ID = re.compile(
    r"https?://(?:(?:www|m|music)\.)?"
    r"(?:youtube(?:-nocookie)?\.com/(?:live/|watch\?(?:[^#\s]*&)?v=|embed/|shorts/|v/)"
    r"|youtu\.be/|img\.youtube\.com/vi/)([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])",
    re.IGNORECASE,
)


def is_session_text(text: str) -> bool:
    """A session has a `# ` title and a details section; READMEs and directories do not."""
    head = text[:20000]
    has_title = re.search(r"^#[ \t]+\S", head, re.MULTILINE) is not None
    has_details = re.search(r"^##[ \t]+.*Session Details", head, re.MULTILINE) is not None
    return has_title and has_details


# Whitespace `str.split` knows beyond ASCII; ASCII whitespace is handled on bytes.
_UNICODE_SPACES = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" + (
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Each byte to its class: " " for ASCII whitespace as `str.split` sees it, "x" for any other
# byte (a UTF-8 lead or continuation byte is part of a token: text holding a Unicode space
# never reaches the byte path).
_CLASSES = bytes(ord(" ") if b < 128 and chr(b).isspace() else ord("x") for b in range(256))
_ASCII_SPACES = frozenset(b for b in range(128) if chr(b).isspace())


def transcript_stats(transcript: str) -> tuple[int, int]:
    """(transcript_words, speaker_changes) as DATA.md defines them, on decoded text.

    Counted on the UTF-8 bytes without a token list: each byte becomes its class (space or
    not) by one `translate`, and with a space before and after the text a token begins at
    every " x" (one `bytes.count`, C speed). The `>>` markers (a few dozen a transcript) are
    found one by one and each checked to stand alone between spaces. A `>` anywhere else, and
    text holding whitespace only Unicode knows (no-break space, em space, ...), take the exact
    `str.split` path.
    """
    if not transcript.isascii() and any(ch in transcript for ch in _UNICODE_SPACES):
        return _split_stats(transcript)
    data = transcript.encode("utf-8", "surrogatepass")
    tokens = b"".join((b" ", data, b" ")).translate(_CLASSES).count(b" x")
    changes = 0
    find, end, spaces = data.find, len(data), _ASCII_SPACES
    at = find(b">")
    while at >= 0:
        after = at + 2
        if (
            data[at + 1 : after] != b">"
            or (at and data[at - 1] not in spaces)
            or (after < end and data[after] not in spaces)
        ):
            return _split_stats(transcript)  # rare: a `>` outside a `>>` token
        changes += 1
        at = find(b">", after)
    return tokens - changes, changes


def _split_stats(transcript: str) -> tuple[int, int]:
    tokens = transcript.split()
    changes = tokens.count(">>")
    markers = changes
    if transcript.count(">") != 2 * changes:
        markers = sum(1 for tok in tokens if _is_marker(tok))
    return len(tokens) - markers, changes


def transcript_tokens(transcript: str) -> list[str]:
    """The tokens `transcript_stats` counts as words, in order: a word position (as in the
    export's `segment`) is an index into this list."""
    tokens = transcript.split()
    if ">" not in transcript:
        return tokens
    return [tok for tok in tokens if not _is_marker(tok)]


def _is_marker(token: str) -> bool:
    """A speaker marker: a (non-empty) token made only of `>`; not a word."""
    return not token.strip(">")


def speaker_key(name: str) -> str:
    """One key per person: "Shri A. B. Kumar", "Mr A B Kumar" and "A B Kumar" agree."""
    from viewer.core.text.names import person_key

    return person_key(clean_inline(name))


@functools.lru_cache(maxsize=4096)  # the same people speak in many sessions; Speaker is frozen
def split_speaker(text: str) -> Speaker:
    """Speaker text as written to the bare name and the affiliation (`names.split_entry`):
    "Moderator: Dr. A B, Org" -> name "A B", affiliation "Moderator, Org".

    The name rules (`text.names`, a few large patterns to compile) are imported at the first
    speaker: a parse without speakers (`parse_session(..., speakers=False)`) never needs
    them."""
    from viewer.core.text.names import person_key, split_entry

    parts = split_entry(text)
    affiliation = ", ".join(filter(None, (parts.role, parts.affiliation)))
    return Speaker(text=text, name=parts.name, affiliation=affiliation, key=person_key(parts.name))


@functools.lru_cache(maxsize=512)  # every file repeats the same headings
def _section_name(heading: str) -> str | None:
    """The known section a `## ` heading's text names (by its words, whatever its emoji)."""
    words = " ".join(re.sub(r"[^\w\s]", " ", heading).casefold().split())
    return next((v for k, v in _SECTION_NAMES.items() if words.endswith(k)), None)


def _split_at_transcript(text: str) -> tuple[list[str], str | None]:
    """The lines before the transcript heading, and the text after that heading's line (None
    without one). The transcript, most of a file, is cut out whole instead of being split
    into lines and joined again."""
    for heading in _HEADING_LINE.finditer(text):
        if _section_name(heading.group(1)) == "transcript":
            at = heading.start()
            line_end = text.find("\n", at)
            body = "" if line_end < 0 else text[line_end + 1 :]
            return (text[: at - 1].split("\n") if at else []), body
    return text.split("\n"), None


def _sections(lines: list[str]) -> tuple[dict[str, list[str]], int | None]:
    """Lines of each known section, and the line index where the transcript text begins."""
    sections: dict[str, list[str]] = {"preamble": []}
    current = "preamble"
    for number, line in enumerate(lines):
        heading = _HEADING.match(line)
        if heading:
            name = _section_name(heading.group(1))
            if name == "transcript":
                return sections, number + 1
            if name:
                current = name
                # A repeated section (two "Video" headings) keeps the first one's lines.
                sections.setdefault(current, [])
                if sections[current]:
                    current = f"{name}#{number}"
                    sections[current] = []
                continue
        sections.setdefault(current, []).append(line)
    return sections, None


def _entries(lines: list[str]) -> Iterator[str]:
    """DATA.md's entry rule: `- ` starts, non-blank non-dash lines continue, blank ends."""
    current: list[str] | None = None
    for count, line in enumerate(lines):
        if count > 50 * MAX_ENTRIES:
            break
        if _ENTRY_START.match(line):
            if current is not None:
                yield " ".join(current)
            current = [line[1:]]
        elif not clean_inline(line):
            if current is not None:
                yield " ".join(current)
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        yield " ".join(current)


def _clean_entries(lines: list[str]) -> tuple[str, ...]:
    out = []
    for raw in _entries(lines):
        text = clean_inline(raw)[:MAX_FIELD_CHARS]
        if text:
            out.append(text)
        if len(out) >= MAX_ENTRIES:
            break
    return tuple(out)


def _takeaways(lines: list[str]) -> tuple[str, ...]:
    items: list[list[str]] = []
    for line in lines:
        if _NUMBERED.match(line) or _ENTRY_START.match(line):
            items.append([_NUMBERED.sub("", line, count=1) if _NUMBERED.match(line) else line[1:]])
        elif line.strip() == "---":
            break
        elif clean_inline(line) and items:
            items[-1].append(line)
        if len(items) > MAX_ENTRIES:
            break
    cleaned = (clean_inline(" ".join(item))[:MAX_FIELD_CHARS] for item in items)
    return tuple(text for text in cleaned if text)


def _details(lines: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in lines:
        row = line.strip()
        if not row.startswith("|"):
            continue
        row = row.strip("|")
        label, sep, value = row.partition("|")
        if not sep:
            continue
        key = re.sub(r"[^a-z]", "", clean_inline(label).casefold())
        if key and key not in values:
            values[key] = value.strip()
    return values


def _youtube_id(*texts: str) -> str:
    for text in texts:
        match = _YOUTUBE_ID.search(text)
        if match:
            return match.group(1)
    return ""


def _video_url(value: str) -> str:
    match = _MD_LINK.search(value) or _BARE_URL.search(value)
    if not match:
        return ""
    url = match.group(1) if match.re is _MD_LINK else match.group(0)
    # Cap above the link policy's limit: cutting at it would turn an over-long URL into one
    # the policy accepts instead of refusing.
    return clean_inline(url)[:MAX_FIELD_CHARS]


def _times(value: str) -> tuple[str, str]:
    clocks = [f"{int(h):02d}:{m}" for h, m in _CLOCK.findall(value) if int(h) < 24]
    start = clocks[0] if clocks else ""
    end = clocks[1] if len(clocks) > 1 else ""
    return start, end


def _summary(lines: list[str]) -> str:
    text = "\n".join(lines).strip()
    text = re.sub(r"\n-{3,}\s*$", "", text).strip()
    return text[: 20 * MAX_FIELD_CHARS]


def parse_session(
    text: str | bytes,
    path: str,
    source: str = "",
    day_hint: int | None = None,
    *,
    counted: bool = True,
    speakers: bool = True,
) -> Session | ParseProblem:
    """Parse one session file, decoded or as its bytes; never raises. `counted=False` leaves
    the transcript's word and speaker-change counts at 0, for a caller that wants the texts
    alone (the search index's rows): counting is a pass over the whole transcript.
    `speakers=False` leaves the speakers out (no name rules to load: `Library.full_session`,
    which has them from the load).

    Bytes give what `decode_bytes` and then the text would give, sooner. A session file is
    mostly its transcript, and plain UTF-8 (the common case) is decoded in two parts, cut
    after the transcript heading's line: the part before it holds the emoji of the headings,
    which make a Python string of the whole file four bytes a character, while the
    transcript alone is mostly ASCII, a byte a character. The decoding, the search for
    mojibake and every later pass over the transcript then run on a quarter of the memory.
    Anything else (a byte-order mark, UTF-16, invalid UTF-8, carriage returns, a trace of
    mojibake, no transcript heading) is decoded whole (`decode_bytes`)."""
    try:
        if isinstance(text, bytes):
            parts = _decoded_parts(text)
            if parts is not None:
                return _parse_parts(*parts, path, source, day_hint, counted, speakers)
            text = decode_bytes(text)
        return _parse(text, path, source, day_hint, counted, speakers)
    except Exception as error:  # noqa: BLE001 - one broken file never stops the others
        return ParseProblem(path, f"could not be read as a session ({type(error).__name__})")


def _parse_parts(
    before: str,
    heading: str,
    transcript_text: str,
    path: str,
    source: str,
    day_hint: int | None,
    counted: bool,
    speakers: bool,
) -> Session | ParseProblem:
    """`_parse` of a text given as `_decoded_parts`."""
    head = before + heading
    sample = head if len(head) >= 20000 else head + transcript_text[: 20000 - len(head)]
    refused = _refused(head, sample, path)
    if refused is not None:
        return refused
    lines = before[:-1].split("\n") if before else []
    return _parse_lines(lines, transcript_text, path, source, day_hint, counted, speakers)


def _parse(
    text: str,
    path: str,
    source: str,
    day_hint: int | None,
    counted: bool = True,
    with_speakers: bool = True,
) -> Session | ParseProblem:
    if not text or text.isspace():  # not `strip()`: no copy of the whole text
        return ParseProblem(path, "empty file")
    refused = _refused(text, text, path)
    if refused is not None:
        return refused
    lines, transcript_text = _split_at_transcript(text)
    return _parse_lines(lines, transcript_text, path, source, day_hint, counted, with_speakers)


def _refused(head: str, sample: str, path: str) -> ParseProblem | None:
    """Why a (non-empty) text is no session to parse, or None. `head` and `sample` are
    prefixes of the text: `head` at least as long as the part before its transcript,
    `sample` its first 20,000 characters or all of it."""
    if has_binary_content(sample):
        return ParseProblem(path, "binary file, not text")
    # A title and details found before the transcript are found in the first 20,000
    # characters as well (or all of those precede the transcript): the sample is needed
    # only for a text without them there.
    if not is_session_text(head) and (sample is head or not is_session_text(sample)):
        return ParseProblem(
            path, "not a session file (no title and Session Details)", NOT_A_SESSION
        )
    return None


def _parse_lines(
    lines: list[str],
    transcript_text: str | None,
    path: str,
    source: str,
    day_hint: int | None,
    counted: bool,
    with_speakers: bool,
) -> Session | ParseProblem:
    """The session in a text's lines before its transcript heading and the text after that
    heading's line (None without one); the text passed `_refused`."""
    sections, _ = _sections(lines)
    preamble = sections.get("preamble", [])
    title = next((clean_inline(ln[2:]) for ln in preamble if ln.startswith("# ")), "")
    if not title:
        return ParseProblem(path, "session has no title")
    subtitle = " ".join(ln for ln in preamble if ln.strip().startswith("**"))
    details = _details(sections.get("details", []))

    day_match = _DAY.search(subtitle)
    day = int(day_match.group(1)) if day_match else day_hint
    date_value = details.get("date", "")
    date_match = _ISO_DATE.search(date_value) or _ISO_DATE.search(subtitle)
    start, end = _times(details.get("time", ""))
    building, _, room = clean_inline(details.get("venue", "")).partition(" | ")
    video_value = details.get("video", "")
    video_url = _video_url(video_value)
    video_lines = "\n".join(sections.get("video", []))
    video_id = _youtube_id(video_url, video_lines)
    if not video_url and video_id:
        video_url = _video_url(video_lines)

    transcript = ""
    if transcript_text is not None:
        transcript = decode_entities(transcript_text).strip()
    words, changes = transcript_stats(transcript) if counted else (0, 0)
    return Session(
        path=path,
        source=source,
        title=title[:MAX_FIELD_CHARS],
        day=day,
        date=date_match.group(1) if date_match else "",
        start=start,
        end=end,
        building=building.strip()[:MAX_FIELD_CHARS],
        room=room.strip()[:MAX_FIELD_CHARS],
        video_url=video_url,
        video_id=video_id,
        speakers=tuple(split_speaker(t) for t in _clean_entries(sections.get("speakers", [])))
        if with_speakers
        else (),
        partners=_clean_entries(sections.get("partners", [])),
        summary=_summary(sections.get("summary", [])),
        takeaways=_takeaways(sections.get("takeaways", [])),
        has_transcript=bool(transcript),
        transcript_words=words,
        speaker_changes=changes,
        transcript=transcript,
    )


def read_session_file(
    file: Path,
    rel_path: str,
    max_bytes: int = MAX_FILE_BYTES,
    day_hint: int | None = None,
    *,
    counted: bool = True,
) -> Session | ParseProblem:
    """Read, decode and parse one file; never raises (OS errors become problems).
    `counted`: as for `parse_session`."""
    read = read_session_bytes(file, rel_path, max_bytes)
    if isinstance(read, ParseProblem):
        return read
    return parse_session(read[0], rel_path, str(file), day_hint, counted=counted)


def _decoded_parts(data: bytes) -> tuple[str, str, str] | None:
    """The text before the transcript heading, that heading's line (with its line end) and
    the text after it, decoded as `decode_bytes` would decode the whole file; None when
    that cannot be told from the parts (see `parse_session`).

    The parts are cut after a line end, which no UTF-8 sequence holds, and no trace of
    mojibake spans one (each starts with a character beyond ASCII and holds no line end):
    decoded and searched apart, they give what the whole file gives."""
    if data[:4096].find(0) >= 0 or b"\r" in data or data.startswith(_BOM_STARTS):
        return None  # UTF-16 or -32, a byte-order mark, line ends to convert
    cut = _transcript_heading(data)
    if cut is None:
        return None
    start, end = cut
    try:
        before = data[:start].decode("utf-8")
        heading = data[start:end].decode("utf-8")
        transcript_text = data[end:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if has_mojibake_hint(before + heading) or has_mojibake_hint(transcript_text):
        return None  # to be repaired as a whole, if it is mojibake at all
    return before, heading, transcript_text


_BOM_STARTS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def _transcript_heading(data: bytes) -> tuple[int, int] | None:
    """Where the first `## ` heading naming the transcript (`_split_at_transcript`) begins in
    a file's bytes, and where the line after it begins; None without one (or when it is the
    last line). Only the lines starting with `##` are decoded and looked at."""
    start = 0 if data.startswith(b"##") else _next_heading(data, 0)
    while start >= 0:
        end = data.find(b"\n", start)
        if end < 0:
            return None
        heading = _HEADING.match(data[start:end].decode("utf-8", "replace"))
        if heading and _section_name(heading.group(1)) == "transcript":
            return start, end + 1
        start = _next_heading(data, end)
    return None


def _next_heading(data: bytes, at: int) -> int:
    """Where the next line starting with `##` begins, from `at` on; -1 without one."""
    found = data.find(b"\n##", at)
    return found + 1 if found >= 0 else -1


def read_session_bytes(
    file: Path, rel_path: str, max_bytes: int = MAX_FILE_BYTES
) -> tuple[bytes, tuple[int, int]] | ParseProblem:
    """One file's bytes and the (size, mtime_ns) of the file as it was read, or why it
    cannot be read; never raises."""
    try:
        # never blocks: a FIFO put in the file's place after the scan is refused, not read
        with open_regular(Path(file)) as handle:
            info = os.fstat(handle.fileno())
            data = read_at_most(handle, max_bytes + 1)
    except IsADirectoryError:
        return ParseProblem(rel_path, "is a folder, not a file")
    except NotRegularFile:
        return ParseProblem(rel_path, "not a regular file")
    except PermissionError:
        return ParseProblem(rel_path, "permission denied")
    except OSError as error:
        return ParseProblem(rel_path, f"could not be read ({error.strerror or error})")
    if len(data) > max_bytes:
        return ParseProblem(rel_path, f"too large (over {max_bytes // (1024 * 1024)} MB)")
    return data, (len(data), info.st_mtime_ns)


def read_session_text(
    file: Path, rel_path: str, max_bytes: int = MAX_FILE_BYTES
) -> tuple[str, tuple[int, int]] | ParseProblem:
    """One file's decoded text and the (size, mtime_ns) of the file as it was read, or why
    it cannot be read; never raises."""
    read = read_session_bytes(file, rel_path, max_bytes)
    if isinstance(read, ParseProblem):
        return read
    return decode_bytes(read[0]), read[1]
