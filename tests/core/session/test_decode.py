"""decode: any bytes become clean text; correct text is never changed."""

from __future__ import annotations

import codecs
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.session.decode import (
    _CONTINUATION_IMAGES,
    _INLINE_TABLE,
    _LEAD_IMAGES,
    _MOJIBAKE_CODEPAGES,
    _MOJIBAKE_HINT,
    byte_images,
    clean_inline,
    decode_bytes,
    decode_entities,
    has_binary_content,
)

CORRECT = "# Panel — “Open” data 📌\nCafé naïve São Paulo, don’t stop: 10–12 ✓\n"


def test_correct_utf8_is_untouched() -> None:
    assert decode_bytes(CORRECT.encode("utf-8")) == CORRECT


@pytest.mark.parametrize(
    "bom, codec",
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    assert decode_bytes(bom + CORRECT.encode(codec)) == CORRECT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = "# A session title\nplain ascii body text, long enough to detect\n"
    assert decode_bytes(text.encode(codec)) == text


def test_cp1252_file() -> None:
    text = "Café — “quoted” – naïve €5\n"
    assert decode_bytes(text.encode("cp1252")) == text


def test_mostly_utf8_keeps_its_utf8() -> None:
    body = ("Ministry of Electronics — 📌 " * 40).encode("utf-8")
    data = body + b"\xff" + body
    text = decode_bytes(data)
    assert "— 📌" in text
    assert text.count("\ufffd") == 1


@pytest.mark.parametrize("wrong", ["mac_roman", "cp437", "latin-1"])
def test_whole_file_mojibake_is_repaired(wrong: str) -> None:
    mangled = CORRECT.encode("utf-8").decode(wrong)
    assert mangled != CORRECT
    assert decode_bytes(mangled.encode("utf-8")) == CORRECT


def test_cp1252_mojibake_is_repaired() -> None:
    text = "Speaker — ‘Open’ café\n"  # every byte of its UTF-8 is defined in cp1252
    mangled = text.encode("utf-8").decode("cp1252")
    assert decode_bytes(mangled.encode("utf-8")) == text


def test_line_endings_normalised() -> None:
    assert decode_bytes(b"a\r\nb\rc\n") == "a\nb\nc\n"


def test_clean_inline_removes_invisibles_and_collapses() -> None:
    raw = "\u2060 Dr.\u00a0Asha\u200b  Verma &amp; co\u2011founder \n"
    assert clean_inline(raw) == "Dr. Asha Verma & co-founder"


@settings(max_examples=800, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(" \t\n\x0b\x1c\x85\xa0\u2003\u2060\u200b\u2011&;#amp"),
            st.characters(),
        ),
        max_size=60,
    )
)
def test_clean_inline_matches_its_definition(text: str) -> None:
    # entities decoded, the table applied, runs of whitespace one space, the ends stripped
    expected = re.sub(r"\s+", " ", decode_entities(text).translate(_INLINE_TABLE)).strip()
    assert clean_inline(text) == expected


def test_entities() -> None:
    assert decode_entities("&gt;&gt; yes &amp; no") == ">> yes & no"


def test_binary_detection() -> None:
    assert has_binary_content("abc\x00def")
    assert has_binary_content("".join(chr(i % 31 + 1) for i in range(2000)))
    assert not has_binary_content(CORRECT * 50)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_decode(data: bytes) -> None:
    text = decode_bytes(data)
    assert isinstance(text, str)
    assert "\r" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_decode_round_trips_clean_utf8(text: str) -> None:
    # Text that ftfy itself would call mojibake may be repaired; everything else round-trips.
    from ftfy.badness import is_bad

    text = text.replace("\r", "")
    if text.startswith("\ufeff") or is_bad(text):
        return
    assert decode_bytes(text.encode("utf-8")) == text


def _sloppy(data: bytes, codepage: str) -> str:
    """Bytes read in a code page the way ftfy's "sloppy" codecs do (undefined bytes as Latin-1)."""
    out = []
    for byte in data:
        try:
            out.append(bytes([byte]).decode(codepage))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(
    st.text(min_size=1, max_size=200).filter(lambda t: not t.isascii()),
    st.sampled_from(_MOJIBAKE_CODEPAGES),
)
def test_every_utf8_mojibake_shows_the_hint(text: str, codepage: str) -> None:
    # The hint gates ftfy: it must see every UTF-8 text read in any code page ftfy can undo.
    mangled = _sloppy(text.encode("utf-8"), codepage)
    assert _MOJIBAKE_HINT.search(mangled) is not None


# Characters that meet in real text and in mojibake: Latin letters with accents, Mac Roman and
# cp437 symbols, Cyrillic, Greek, quotes and dashes, C1 controls, spaces, emoji.
_NEAR_MOJIBAKE = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x80, 0x250)]
        + list("ΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡├┬┼║╗╝ВГДЕЖЗИЙКЛМНОПабвгдежзийклмн–—‘’“”„…•€™ ab.,\n📌")
    ),
    max_size=60,
)


@settings(max_examples=1500, deadline=None)
@given(_NEAR_MOJIBAKE)
def test_text_without_the_hint_is_text_ftfy_would_keep(text: str) -> None:
    # Skipping ftfy where the hint is absent loses nothing: ftfy would have left it alone.
    import ftfy

    if _MOJIBAKE_HINT.search(text) is None:
        assert ftfy.fix_encoding(text) == text


def test_typical_correct_text_does_not_load_ftfy() -> None:
    # Session files have dashes, curly quotes and emoji, and most have no mojibake.
    text = "# Panel — “Open” data 📌\nShri A. Kumar: don’t stop… 10–12 ✓ • ₹5\n" * 20
    code = (
        "import sys; from viewer.core.session.decode import decode_bytes;"
        f"assert decode_bytes({text.encode('utf-8')!r}) == {text!r};"
        "print('ftfy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_written_out_byte_images_match_the_code_pages() -> None:
    assert byte_images(0xC2, 0xF4) == _LEAD_IMAGES
    assert byte_images(0x80, 0xBF) == _CONTINUATION_IMAGES


@pytest.mark.parametrize("codec", ["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1252"])
def test_carriage_returns_become_newlines_in_every_encoding(codec: str) -> None:
    data = "# Talk\r\nline two\rline three\n".encode(codec)
    assert decode_bytes(data) == "# Talk\nline two\nline three\n"
