"""The cheap paths of a cold load agree with the exact ones they stand in for.

`has_mojibake_hint` (slice scan) against the hint pattern over the whole text,
`transcript_stats` (byte masks) against `str.split`, `has_binary_content` against its
definition; on the seed (real mojibake), on every corpus file and on generated text.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.session.decode import (
    _HINT_PIECE,
    _HINT_SLICE,
    _MOJIBAKE_HINT,
    decode_bytes,
    has_binary_content,
    has_mojibake_hint,
)
from viewer.core.session.parse import _UNICODE_SPACES, transcript_stats


def _split_definition(text: str) -> tuple[int, int]:
    tokens = text.split()
    markers = sum(1 for tok in tokens if not tok.strip(">"))
    return len(tokens) - markers, tokens.count(">>")


def test_seed_shows_the_hint_and_is_repaired(seed_file: Path) -> None:
    raw = seed_file.read_bytes().decode("utf-8")
    assert has_mojibake_hint(raw)
    repaired = decode_bytes(seed_file.read_bytes())
    assert not has_mojibake_hint(repaired)
    assert "‚Äî" in raw and "‚Äî" not in repaired and "—" in repaired


def test_clean_text_shows_no_hint() -> None:
    text = "# Panel — “Open” data 📌 ▶️\n" + "plain words &gt;&gt; more\n" * 5000 + "don’t…"
    assert not has_mojibake_hint(text)
    assert not has_mojibake_hint("ascii only " * 1000)


def test_hint_split_by_a_slice_border_is_seen() -> None:
    # at a slice's border, and at a border of the smaller pieces inside a non-ASCII slice
    for border, before in ((_HINT_SLICE, "a"), (_HINT_SLICE + _HINT_PIECE, "é")):
        for hint in ("‚Ä", "Ã ", "\x85", "é ‚"):
            for shift in range(-3, 2):
                text = before + "a" * (border + shift - 1) + hint + "b" * 300
                assert has_mojibake_hint(text), (hint, border, shift)
                assert not has_mojibake_hint(text.replace(hint, "ab")), (hint, border, shift)


def test_corpus_hint_matches_the_whole_text_pattern(corpus_root: Path) -> None:
    files = sorted(corpus_root.rglob("*.md"))
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert has_mojibake_hint(text) == (_MOJIBAKE_HINT.search(text) is not None), path
        assert transcript_stats(text) == _split_definition(text), path


_TOKENS = st.sampled_from(
    [
        " ",
        "\n",
        "\t",
        "\x0b",
        "\x1c",
        ">",
        ">>",
        ">>>",
        "a",
        "é",
        "x>",
        ">a",
        "📌",
        "‚Ä",
        "Ã",
        *_UNICODE_SPACES[:4],
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TOKENS, max_size=40), st.integers(0, _HINT_SLICE))
def test_cheap_paths_agree_with_definitions(parts: list[str], pad: int) -> None:
    text = "a" * pad + "".join(parts)
    assert transcript_stats(text) == _split_definition(text)
    assert has_mojibake_hint(text) == (_MOJIBAKE_HINT.search(text) is not None)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F), st.characters()), max_size=300)
)
def test_binary_content_matches_its_definition(text: str) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\n\t\f\v")
    expected = "\x00" in sample or controls > max(8, len(sample) // 100)
    assert has_binary_content(text) == expected
