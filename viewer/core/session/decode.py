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
# Control characters that text files do not hold (tab, newlines, form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0d\x0e-\x1f]")
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# The code pages ftfy's repair plan tries (their "sloppy" forms: undefined bytes read as Latin-1).
_MOJIBAKE_CODEPAGES = (
    "latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso-8859-2",
    "mac-roman", "cp437",
)  # fmt: skip


def byte_images(first: int, last: int) -> str:
    """What bytes first..last look like when read in any of those code pages (sorted)."""
    chars = set()
    for codepage in _MOJIBAKE_CODEPAGES:
        for byte in range(first, last + 1):
            try:
                chars.add(bytes([byte]).decode(codepage))
            except UnicodeDecodeError:
                chars.add(chr(byte))
    return "".join(sorted(chars))


# byte_images(0xC2, 0xF4) and byte_images(0x80, 0xBF), written out: computing them at import
# costs a few ms of codec loading on every start (test_decode checks they match).
_LEAD_IMAGES = (
    "\xa0\xab\xac\xb1\xb5\xb7\xbb\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd"
    "\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde\xdf\xe0\xe1\xe2"
    "\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee\xef\xf0\xf1\xf2\xf3\xf4\xf7\xff"
    "\u0100\u0101\u0102\u0103\u0105\u0106\u0107\u010c\u010d\u010e\u010f\u0110\u0111\u0112"
    "\u0113\u0116\u0117\u0118\u0119\u011a\u011b\u011e\u011f\u0122\u0123\u012a\u012b\u012f"
    "\u0130\u0136\u0137\u0139\u013a\u013b\u013c\u0141\u0143\u0144\u0145\u0146\u0147\u0148"
    "\u014c\u014d\u0150\u0152\u0153\u0155\u0158\u015a\u015e\u0160\u0161\u0162\u016a\u016e"
    "\u0170\u0172\u0178\u0179\u017a\u017b\u017d\u0192\u0392\u0393\u0394\u0395\u0396\u0397"
    "\u0398\u0399\u039a\u039b\u039c\u039d\u039e\u039f\u03a0\u03a1\u03a3\u03a4\u03a5\u03a6"
    "\u03a7\u03a8\u03a9\u03aa\u03ab\u03ac\u03ad\u03ae\u03af\u03b0\u03b1\u03b2\u03b3\u03b4"
    "\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03bf\u03c0\u03c1\u03c2"
    "\u03c3\u03c4\u03c6\u0412\u0413\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c"
    "\u041d\u041e\u041f\u0420\u0421\u0422\u0423\u0424\u0425\u0426\u0427\u0428\u0429\u042a"
    "\u042b\u042c\u042d\u042e\u042f\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438"
    "\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u0443\u0444\u2013\u2014"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2021\u2026\u2030\u2039\u203a\u2044\u20ac\u2206"
    "\u221a\u221e\u2229\u2248\u2261\u2264\u2265\u2320\u2500\u250c\u2518\u251c\u252c\u253c"
    "\u2550\u2552\u2553\u2554\u2558\u2559\u255a\u255e\u255f\u2560\u2564\u2565\u2566\u2567"
    "\u2568\u2569\u256a\u256b\u256c\u2580\u2584\u2588\u258c\u2590\u25ca\uf8ff\ufb01\ufb02"
)
_CONTINUATION_IMAGES = (
    "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92\x93\x94"
    "\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9"
    "\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe"
    "\xbf\xc4\xc5\xc6\xc7\xc9\xd1\xd6\xd8\xdc\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9"
    "\xea\xeb\xec\xed\xee\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf8\xf9\xfa\xfb\xfc\xff\u0104\u0105"
    "\u013d\u013e\u0141\u0142\u0152\u0153\u0156\u0157\u015a\u015b\u015e\u015f\u0160\u0161"
    "\u0164\u0165\u0178\u0179\u017a\u017b\u017c\u017d\u017e\u0192\u02c6\u02c7\u02d8\u02db"
    "\u02dc\u02dd\u0384\u0385\u0386\u0388\u0389\u038a\u038c\u038e\u038f\u03a9\u03c0\u0401"
    "\u0402\u0403\u0404\u0405\u0406\u0407\u0408\u0409\u040a\u040b\u040c\u040e\u040f\u0451"
    "\u0452\u0453\u0454\u0455\u0456\u0457\u0458\u0459\u045a\u045b\u045c\u045e\u045f\u0490"
    "\u0491\u2013\u2014\u2015\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026"
    "\u2030\u2039\u203a\u20a7\u20ac\u2116\u2122\u2202\u220f\u2211\u221e\u222b\u2260\u2264"
    "\u2265\u2310\u2502\u2510\u2524\u2551\u2555\u2556\u2557\u255b\u255c\u255d\u2561\u2562"
    "\u2563\u2591\u2592\u2593"
)

# UTF-8 read in a single-byte code page always shows a lead byte (0xC2-0xF4) followed by a
# continuation byte (0x80-0xBF) in that code page's letters ("‚Ä" in Mac Roman, "Ã©" in
# Latin-1), or C1 controls, or a Latin-1 lead byte whose 0xA0 became a space. A lead byte of
# three or four (0xE0-0xF4) has more continuation bytes after that space, so "é " or "ô "
# ending a real word ("Café ", "Côte d'Ivoire") is no hint; "Ã " still is. Text without any
# of those cannot be UTF-8 mojibake, so ftfy (slow to import) is not even loaded for it.
_CONTINUED = f"[ {re.escape(_CONTINUATION_IMAGES)}\ufffd]"
_MOJIBAKE_HINT = re.compile(
    f"[\x80-\x9f]|[\xc2-\xdf] |[\xe0-\xf4] {_CONTINUED}"
    f"|[{re.escape(_LEAD_IMAGES)}][{re.escape(_CONTINUATION_IMAGES)}\ufffd]"
)
# Hints are looked for only in the slices of the text that hold non-ASCII characters: a slice's
# `isascii()` runs at memory speed, the hint pattern at ~20 ns a character, and real transcripts
# are ASCII in all but a few places (an emoji heading, a curly quote). So the text is looked at
# in slices, and a slice holding non-ASCII in smaller pieces, and the pattern searches only the
# pieces that hold some. Each slice and piece reaches two characters into the next, so a hint
# (at most three characters) split by a border is still seen.
_HINT_SLICE = 4096
_HINT_PIECE = 256
_HINT_REACH = 2
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
    if len(sample) < 8 or 0 not in sample:  # `in` runs at memory speed, the slices do not
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


def has_mojibake_hint(text: str) -> bool:
    """Whether `text` shows any trace UTF-8 mojibake always leaves (`_MOJIBAKE_HINT`).

    Clean text (the common case) answers False after a scan at memory speed: only slices with
    non-ASCII characters are searched with the pattern.
    """
    if text.isascii():
        return False
    search = _MOJIBAKE_HINT.search
    for start in range(0, len(text), _HINT_SLICE):
        part = text[start : start + _HINT_SLICE + _HINT_REACH]
        if part.isascii():
            continue
        for at in range(0, len(part), _HINT_PIECE):
            piece = part[at : at + _HINT_PIECE + _HINT_REACH]
            if not piece.isascii() and search(piece) is not None:
                return True
    return False


def repair_mojibake(text: str) -> str:
    """Undo a whole-text mis-decoding (UTF-8 read as Mac Roman, cp1252, cp437, Latin-1).

    Text without the traces mojibake always leaves (`_MOJIBAKE_HINT`) is returned at once.
    Otherwise only the non-ASCII runs are shown to the detector first: mojibake lives there, and
    correct text (the common case) is then accepted without running the repair at all.
    """
    if not has_mojibake_hint(text):
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
        if b"\r" in data:  # no 0x0D byte: no carriage return in any encoding read here
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return repair_mojibake(text)
    except Exception:  # noqa: BLE001 - last resort: keep every byte visible
        return data.decode("latin-1").replace("\r\n", "\n")


def decode_entities(text: str) -> str:
    """HTML entities to characters (`&gt;&gt;` to `>>`, `&amp;` to `&`)."""
    if "&" not in text:
        return text
    return html.unescape(text)


def clean_inline(text: str) -> str:
    """One-line metadata value: entities decoded, invisible characters gone, spaces collapsed."""
    text = decode_entities(text)
    if not text.isascii():  # the table maps only characters beyond ASCII
        text = text.translate(_INLINE_TABLE)
    return " ".join(text.split())  # the same whitespace as `\s+` and `strip()`, faster


def has_binary_content(text: str) -> bool:
    """NULs or many control characters: not a text file, whatever its name."""
    sample = text[:8192]
    if "\x00" in sample:
        return True
    # `_CONTROL`'s characters are single bytes in UTF-8 (every other character's bytes are
    # 0x80 and up), so deleting all other bytes counts them at C speed.
    controls = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL_BYTES))
    return controls > max(8, len(sample) // 100)
