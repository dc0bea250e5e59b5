"""Bytes to clean text: BOMs, UTF-16, cp1252 fallback, whole-file mojibake repair, entities.

Session files reach users in many states. The one the project has seen in the wild is a UTF-8
file that was once read as Mac Roman and saved again as UTF-8 (`‚Äî` for `—`). Repair works on
the whole text at once (ftfy's encoding plan), never line by line, so correct text that merely
contains curly quotes is left exactly as it was.
"""

from __future__ import annotations

import codecs
import html
import re
from itertools import islice

# Characters that carry no visible meaning in metadata: word joiner, zero-width space and
# joiners, BOM, soft hyphen, invisible math operators, Mongolian vowel separator, bidi controls.
_INVISIBLE = "\u2060\u200b\u200c\u200d\ufeff\u00ad\u2061\u2062\u2063\u2064\u180e" + (
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE_TABLE = {ord(c): None for c in _INVISIBLE}
_SPACE_LIKE = {
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
    0x2009: " ",
    0x200A: " ",
    0x2002: " ",
    0x2003: " ",
    0x3000: " ",
    0x2011: "-",
    0x2010: "-",
}
_INLINE_TABLE = {**_INVISIBLE_TABLE, **_SPACE_LIKE}
_WHITESPACE = re.compile(r"\s+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# The code pages ftfy's repair plan tries (their "sloppy" forms: undefined bytes read as Latin-1).
_MOJIBAKE_CODEPAGES = (
    "latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso-8859-2",
    "mac-roman", "cp437",
)  # fmt: skip


def _byte_images(first: int, last: int) -> str:
    """What bytes first..last look like when read in any of those code pages."""
    chars = set()
    for codepage in _MOJIBAKE_CODEPAGES:
        for byte in range(first, last + 1):
            try:
                chars.add(bytes([byte]).decode(codepage))
            except UnicodeDecodeError:
                chars.add(chr(byte))
    return "".join(sorted(re.escape(c) for c in chars))


# UTF-8 read in a single-byte code page always shows a lead byte (0xC2-0xF4) followed by a
# continuation byte (0x80-0xBF) in that code page's letters ("‚Ä" in Mac Roman, "Ã©" in
# Latin-1), or C1 controls, or a Latin-1 lead byte whose 0xA0 became a space. Text without any
# of those cannot be UTF-8 mojibake, so ftfy (~35 ms to import) is not even loaded for it.
_MOJIBAKE_HINT = re.compile(
    f"[\x80-\x9f]|[\xc2-\xf4] |[{_byte_images(0xC2, 0xF4)}][{_byte_images(0x80, 0xBF)}\ufffd]"
)
# How many non-ASCII runs to show ftfy's detector: mojibake of a whole file shows up in the
# first few hundred; scanning all 400 KB of a transcript would cost more than reading it.
_SAMPLE_RUNS = 2000


def _strip_bom_and_decode(data: bytes) -> str:
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    utf16 = _guess_bomless_utf16(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _decode_invalid_utf8(data, error)


def _guess_bomless_utf16(data: bytes) -> str:
    """UTF-16 without a BOM shows as ASCII text with a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8:
        return ""
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return ""


def _decode_invalid_utf8(data: bytes, error: UnicodeDecodeError) -> str:
    """Mostly-UTF-8 with a few bad bytes keeps its UTF-8; otherwise it is a legacy encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad and bad * 200 < len(text) and _has_utf8_multibyte(data):
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps them to C1 controls, never fails.
        return data.decode("latin-1")


def _has_utf8_multibyte(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


def repair_mojibake(text: str) -> str:
    """Undo a whole-text mis-decoding (UTF-8 read as Mac Roman, cp1252, cp437, Latin-1).

    Text without the traces mojibake always leaves (`_MOJIBAKE_HINT`) is returned at once.
    Otherwise only the non-ASCII runs are shown to the detector first: mojibake lives there, and
    correct text (the common case) is then accepted without running the repair at all.
    """
    if text.isascii() or _MOJIBAKE_HINT.search(text) is None:
        return text
    runs = islice(_NON_ASCII_RUN.finditer(text), _SAMPLE_RUNS)
    sample = " ".join(m.group() for m in runs)
    if not sample:
        return text
    # Imported here: text without mojibake traces never pays for ftfy.
    import ftfy
    from ftfy.badness import is_bad

    if not is_bad(sample):
        return text
    try:
        return ftfy.fix_encoding(text)
    except Exception:  # noqa: BLE001 - a repair must never make reading fail
        return text


def decode_bytes(data: bytes) -> str:
    """Any bytes to text with `\\n` line ends; never raises."""
    try:
        text = _strip_bom_and_decode(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return repair_mojibake(text)
    except Exception:  # noqa: BLE001 - last resort: keep every byte visible
        return data.decode("latin-1").replace("\r\n", "\n")


def decode_entities(text: str) -> str:
    """HTML entities to characters (`&gt;&gt;` to `>>`, `&amp;` to `&`)."""
    if "&" not in text:
        return text
    return html.unescape(text)


def remove_invisible(text: str) -> str:
    return text.translate(_INVISIBLE_TABLE)


def clean_inline(text: str) -> str:
    """One-line metadata value: entities decoded, invisible characters gone, spaces collapsed."""
    text = decode_entities(text).translate(_INLINE_TABLE)
    return _WHITESPACE.sub(" ", text).strip()


def has_binary_content(text: str) -> bool:
    """NULs or many control characters: not a text file, whatever its name."""
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\t\f\v")
    return controls > max(8, len(sample) // 100)
