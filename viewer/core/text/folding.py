"""One text normalisation shared by every feature that matches text.

Why one module: a hit is only found when the indexed text and the typed query were folded the
same way. Session files carry curly quotes, non-breaking hyphens (U+2011), NBSPs, word joiners
and accents ("Bénédicte"), while people type straight quotes, ASCII hyphens and no accents.

Two levels:

* `clean(text)` keeps the text readable (case and accents kept) but removes what only gets in
  the way of matching: invisible characters, exotic spaces, hyphens and quotes. Snippets are cut
  from cleaned text.
* `fold(text)` = `clean` + compatibility decomposition, diacritics stripped, case folded. The
  index stores folded text and the query is folded the same way, so "Resume" finds "Résumé".

`tokens(text)` splits folded text the way SQLite's `unicode61` tokenizer does (runs of letters
and digits), so the query compiler and the snippet highlighter agree with the index.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and other format characters that hide inside words in the corpus.
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"
_TRANSLATE: dict[int, str | None] = {ord(ch): None for ch in _INVISIBLE}
_TRANSLATE.update(
    {
        0x00A0: " ",  # no-break space
        0x2007: " ",  # figure space
        0x202F: " ",  # narrow no-break space
        0x2009: " ",  # thin space
        0x200A: " ",  # hair space
        0x2002: " ",
        0x2003: " ",
        0x3000: " ",
        0x2010: "-",  # hyphen
        0x2011: "-",  # non-breaking hyphen
        0x2012: "-",  # figure dash
        0x2212: "-",  # minus sign
        0x2018: "'",
        0x2019: "'",
        0x201A: "'",
        0x201B: "'",
        0x2032: "'",
        0x201C: '"',
        0x201D: '"',
        0x201E: '"',
        0x201F: '"',
        0x2033: '"',
        0x00AB: '"',
        0x00BB: '"',
        0x0000: " ",  # NUL never reaches SQLite
    }
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Remaining control characters (except tab/newline) become spaces.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same control characters as bytes, NUL included (`clean` makes it a space too).
_CONTROL_BYTES = bytes(b for b in range(128) if b == 0 or _CONTROL.match(chr(b)))
# A token as SQLite's unicode61 sees it: letters and digits; "_" and punctuation separate.
_TOKEN = re.compile(r"[^\W_]+")


def clean(text: str) -> str:
    """Readable text with invisible characters removed and spaces/hyphens/quotes made plain."""
    if text.isascii():  # of the table only NUL applies, and ASCII is NFC already
        return _CONTROL.sub(" ", text.replace("\x00", " ") if "\x00" in text else text)
    return _clean_by_table(text)


def plain_ascii(text: str) -> bool:
    """True when `text` is ASCII without control characters (tab, newline and carriage return
    aside): `clean` leaves it, and any piece of it, as it is, and `fold` only lowers its case.

    One check of a whole transcript (bytes without its control characters, compared by
    length) instead of two regular expressions over each of its paragraphs."""
    if not text.isascii():
        return False
    data = text.encode("ascii")
    return len(data.translate(None, _CONTROL_BYTES)) == len(data)


def _clean_by_table(text: str) -> str:
    """`clean` for any text (what its ASCII fast path must agree with)."""
    text = text.translate(_TRANSLATE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub(" ", text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    # Marks are never ASCII: only the non-ASCII runs (a few quotes and accented letters in most
    # texts) are looked at character by character.
    return _NON_ASCII_RUN.sub(_without_marks, decomposed)


def _without_marks(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Matching form: cleaned, compatibility-decomposed, accents stripped, case folded.

    The one folding rule of the program: the search index, the query, the session list's filter,
    the quick switcher, people and speaker keys all match through it, so "Pérez", "PEREZ" and
    "Pe\u2060rez" agree everywhere. It runs for every row of a 7,000-session library at load,
    hence the ASCII fast paths.
    """
    if text.isascii():  # nearly every transcript paragraph: skip the per-character work
        return _CONTROL.sub(" ", text.replace("\x00", " ")).lower()
    decomposed = unicodedata.normalize("NFKD", clean(text))
    if decomposed.isascii():
        return decomposed.lower()
    # casefold can re-introduce composed characters ("ǰ"), so strip marks after it too.
    return _strip_marks(_strip_marks(decomposed).casefold())


def fold_token(token: str) -> str:
    """Fold one token (fast path for plain ASCII, the common case)."""
    if token.isascii():
        return token.lower()
    return fold(token)


def tokens(text: str) -> list[str]:
    """The folded tokens of `text`, split like the index's tokenizer splits them."""
    return _TOKEN.findall(fold(text))


def token_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded token) for every token of display text `text` (not folded first).

    Used to highlight matches in readable text: positions refer to `text` itself.
    """
    spans: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text):
        for part in _TOKEN.findall(fold_token(match.group())):
            spans.append((match.start(), match.end(), part))
    return spans
