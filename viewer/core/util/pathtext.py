"""File names as text: one form that is stored and read back exactly, one that is shown.

Why: a file name is bytes. Python hands names that are not valid UTF-8 over as lone
surrogates ('099-Caf\\udce9.md'), which SQLite, JSON encoders and Qt refuse or mangle; and a
valid name can still hold a newline or U+202E (RIGHT-TO-LEFT OVERRIDE), which breaks a line of
`--check` or makes `gpj.exe` look like `exe.jpg` on screen. So:

- `stored_text` / `from_stored`: a reversible form without surrogates, for SQLite and JSON
  (each undecodable byte becomes a private-use character, U+F780 + byte - 0x80, and a literal
  U+F700..U+F7FF is prefixed with U+F700 so that reading back is exact).
- `shown_path`: the name as a person should see it: undecodable bytes as `\\xe9`, control,
  line-separator and bidi-override characters as `\\u202e`. Not reversible; for messages,
  lists and the catalogue's display fields.
"""

from __future__ import annotations

import functools
import os
import re

_ESCAPE = "\uf700"


# Compiled on first need (a name that is not plain ASCII); most starts never need them.
@functools.cache
def _needs_store() -> re.Pattern[str]:
    return re.compile(r"[\udc80-\udcff\uf700-\uf7ff]")


@functools.cache
def _stored() -> re.Pattern[str]:
    return re.compile(r"\uf700(.)|([\uf780-\uf7ff])", re.DOTALL)


@functools.cache
def _invisible() -> re.Pattern[str]:
    """C0/C1 controls, line/paragraph separators, and the characters that reorder text on
    screen."""
    return re.compile(
        r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
        r"\udc80-\udcff\ud800-\udc7f\udd00-\udfff]"
    )


def stored_text(text: str) -> str:
    """`text` with lone surrogates replaced reversibly, so it encodes as UTF-8."""
    if text.isascii() or not _needs_store().search(text):
        return text
    return _needs_store().sub(_store_one, text)


def _store_one(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return chr(0xF780 + code - 0xDC80)
    return _ESCAPE + char


def from_stored(text: str) -> str:
    """The original text of `stored_text(...)`."""
    if text.isascii() or not _stored().search(text):
        return text
    return _stored().sub(_restore_one, text)


def _restore_one(match: re.Match[str]) -> str:
    literal = match.group(1)
    if literal is not None:
        return literal
    return chr(0xDC80 + ord(match.group(2)) - 0xF780)


def shown_path(path: str | bytes | os.PathLike[str]) -> str:
    """`path` as text to show: undecodable bytes as `\\xNN`, invisible and bidi characters as
    `\\uNNNN`; everything else as it is."""
    text = os.fsdecode(path) if not isinstance(path, str) else path
    # (printable ASCII, the common case, holds nothing `_invisible` finds)
    if text.isprintable() and (text.isascii() or not _invisible().search(text)):
        return text
    return _invisible().sub(_show_one, text)


def _show_one(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"
