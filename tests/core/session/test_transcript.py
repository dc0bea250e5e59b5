"""The transcript reading model: caption blocks re-split into paragraphs that map back."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.session.transcript import (
    LONG_WORD,
    MAX_WORDS,
    MERGE_LIMIT,
    MIN_WORDS,
    Paragraph,
    pack_bounds,
    paragraph_at,
    paragraph_at_share,
    paragraphs_from_bounds,
    read_paragraphs,
    share_of,
)


def _words_of(text: str) -> list[str]:
    return [tok for tok in text.split() if tok.strip(">")]


def _caption_blocks(text: str, per_block: int = 17) -> str:
    """Lay text out like the corpus: fixed-size blocks separated by blank lines, mid-sentence."""
    words = text.split()
    blocks = [" ".join(words[i : i + per_block]) for i in range(0, len(words), per_block)]
    return "\n\n".join(blocks)


def _sentences(count: int, words_each: int, stem: str = "word") -> str:
    return " ".join(
        " ".join(f"{stem}{i}x{j}" for j in range(words_each - 1)) + f" end{i}."
        for i in range(count)
    )


def assert_maps_back(transcript: str, paragraphs: list[Paragraph]) -> None:
    for i, p in enumerate(paragraphs):
        assert p.index == i
        assert 0 <= p.start < p.end <= len(transcript)
        assert " ".join(_words_of(transcript[p.start : p.end])) == p.text
        assert transcript[p.start] not in " \n"
        if max(map(len, p.text.split(" "))) >= LONG_WORD:
            assert p.long_word
        if p.long_word:  # (also for a long `>`-only token, dropped from the text)
            assert max(map(len, transcript[p.start : p.end].split())) >= LONG_WORD
    for before, after in itertools.pairwise(paragraphs):
        assert before.end <= after.start
    assert sum(p.words for p in paragraphs) == len(_words_of(transcript))


def test_blocks_are_joined_and_turns_start_paragraphs() -> None:
    transcript = (
        "so let me try and address your\n\nquestion in two parts. Thank you.\n\n"
        ">> Thank you so much. And now\n\nover to you. >> Great question."
    )
    paragraphs = read_paragraphs(transcript)
    assert [p.text for p in paragraphs] == [
        "so let me try and address your question in two parts. Thank you.",
        "Thank you so much. And now over to you.",
        "Great question.",
    ]
    assert [p.new_speaker for p in paragraphs] == [False, True, True]
    assert [p.words_before for p in paragraphs] == [0, 13, 22]
    assert transcript[paragraphs[1].start : paragraphs[1].start + 2] == ">>"
    assert_maps_back(transcript, paragraphs)


def test_long_turn_splits_at_sentence_ends_into_readable_paragraphs() -> None:
    body = _sentences(40, 12)  # 480 words, sentences of 12 words
    transcript = _caption_blocks("Opening remarks here. >> " + body)
    paragraphs = read_paragraphs(transcript)
    turn = [p for p in paragraphs if p.index > 0]
    assert turn[0].new_speaker and not any(p.new_speaker for p in turn[1:])
    assert len(turn) >= 4
    for p in turn:
        # the last paragraph may absorb a short tail rather than end the turn with a stub
        assert MIN_WORDS <= p.words <= (MAX_WORDS if p is not turn[-1] else MERGE_LIMIT)
        assert p.text.endswith(".")  # cut at a sentence end, not at a caption block
    assert_maps_back(transcript, paragraphs)


def test_unpunctuated_run_is_cut_at_word_boundaries() -> None:
    transcript = _caption_blocks(" ".join(f"w{i}" for i in range(1000)))
    paragraphs = read_paragraphs(transcript)
    assert len(paragraphs) >= 8
    assert all(p.words <= MAX_WORDS for p in paragraphs)
    assert_maps_back(transcript, paragraphs)


def test_annotations_are_kept_and_marked() -> None:
    transcript = "[music] Welcome everyone. [applause] >> Thank you [laughter] [clears throat] so"
    paragraphs = read_paragraphs(transcript)
    marked = [[p.text[a:b] for a, b in p.annotations] for p in paragraphs]
    assert marked == [["[music]", "[applause]"], ["[laughter]", "[clears throat]"]]
    assert paragraphs[0].text.startswith("[music] Welcome")


def test_bracketed_prose_that_is_long_is_not_an_annotation() -> None:
    long = "[" + "this is a long aside " * 5 + "]"
    (paragraph,) = read_paragraphs(f"before {long} after")
    assert paragraph.annotations == ()


def test_empty_turns_and_blank_transcripts() -> None:
    assert read_paragraphs("") == []
    assert read_paragraphs(" \n\n ") == []
    assert read_paragraphs(">> >>") == []
    paragraphs = read_paragraphs(">> \n\n>> hello there")
    assert [(p.text, p.new_speaker) for p in paragraphs] == [("hello there", True)]


def test_paragraph_at_finds_the_paragraph_of_any_position() -> None:
    transcript = _caption_blocks(_sentences(30, 10) + " >> " + _sentences(30, 10, "other"))
    paragraphs = read_paragraphs(transcript)
    assert paragraph_at([], 5) == 0
    for p in paragraphs:
        assert paragraph_at(paragraphs, p.start) == p.index
        assert paragraph_at(paragraphs, p.end - 1) == p.index
    assert paragraph_at(paragraphs, -1) == 0
    assert paragraph_at(paragraphs, len(transcript) + 10) == len(paragraphs) - 1
    hit = transcript.index("other5x3")
    assert "other5x3" in paragraphs[paragraph_at(paragraphs, hit)].text


def test_share_of_words_maps_to_paragraphs_and_back() -> None:
    transcript = _caption_blocks(_sentences(50, 10))  # 500 words
    paragraphs = read_paragraphs(transcript)
    total = sum(p.words for p in paragraphs)
    assert paragraph_at_share([], 0.5) == 0 and share_of([], 3) == 0.0
    assert paragraph_at_share(paragraphs, 0.0) == 0
    assert paragraph_at_share(paragraphs, -3) == 0
    assert paragraph_at_share(paragraphs, 1.0) == len(paragraphs) - 1
    assert paragraph_at_share(paragraphs, 7.0) == len(paragraphs) - 1
    for p in paragraphs:
        assert share_of(paragraphs, p.index) == p.words_before / total
        assert paragraph_at_share(paragraphs, share_of(paragraphs, p.index)) == p.index
        middle = (p.words_before + p.words / 2) / total
        assert paragraph_at_share(paragraphs, middle) == p.index


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "end.", ">>", "[applause]", "\n\n", " ", "why?", ">>>", "x"]),
        max_size=400,
    )
)
def test_any_token_soup_maps_back(tokens: list[str]) -> None:
    transcript = " ".join(tokens)
    paragraphs = read_paragraphs(transcript)
    assert_maps_back(transcript, paragraphs)
    assert_bounds_round_trip(transcript, paragraphs)


def assert_bounds_round_trip(transcript: str, paragraphs: list[Paragraph]) -> None:
    """Stored bounds give back the very paragraphs the split made (or None for none)."""
    packed = pack_bounds(paragraphs)
    assert len(packed) == 12 * len(paragraphs)
    assert paragraphs_from_bounds(transcript, packed) == (paragraphs or None)


def test_stored_bounds_rebuild_every_kind_of_paragraph() -> None:
    long = "x" * LONG_WORD
    transcript = _caption_blocks(
        ">> "
        + _sentences(30, 12)
        + f" {long} [applause] end. "
        + " ".join(f"run{i}" for i in range(300))  # cut at word boundaries
        + " >> short turn. >> > lone marker. >> "
        + _sentences(12, 9)
    )
    paragraphs = read_paragraphs(transcript)
    assert any(p.long_word for p in paragraphs) and any(p.annotations for p in paragraphs)
    assert sum(p.new_speaker for p in paragraphs) == 4
    assert_bounds_round_trip(transcript, paragraphs)


def test_bounds_that_do_not_fit_the_text_are_refused() -> None:
    transcript = _sentences(40, 12)
    packed = pack_bounds(read_paragraphs(transcript))
    assert paragraphs_from_bounds(transcript, packed) is not None
    shorter = transcript[: len(transcript) // 2]
    overlapping = pack_bounds([p for p in read_paragraphs(transcript)][::-1])
    flags = bytearray(packed)
    flags[8] = 7  # a flag no paragraph has
    empty_span = bytearray(packed)
    empty_span[4:8] = empty_span[0:4]  # end == start
    for damaged, text in (
        (packed, shorter),  # made for a longer text
        (overlapping, transcript),  # out of order
        (bytes(flags), transcript),
        (bytes(empty_span), transcript),
        (packed[:-1], transcript),  # cut short
        (b"", transcript),
        (pack_bounds(read_paragraphs(transcript)), " " * len(transcript)),  # no words there
    ):
        assert paragraphs_from_bounds(text, damaged) is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_text_never_raises_and_maps_back(transcript: str) -> None:
    paragraphs = read_paragraphs(transcript)
    assert_maps_back(transcript, paragraphs)
    assert_bounds_round_trip(transcript, paragraphs)


def _corpus_transcripts(corpus_root: Path) -> list[str]:
    from viewer.core.session.parse import read_session_file

    texts = []
    for file in sorted(corpus_root.glob("*/sessions/*.md")):
        session = read_session_file(file, file.stem)
        if getattr(session, "transcript", ""):
            texts.append(session.transcript)  # type: ignore[union-attr]
    return texts


@pytest.mark.corpus
def test_real_transcripts_map_back_and_read_well(corpus_root: Path) -> None:
    transcripts = _corpus_transcripts(corpus_root)
    assert len(transcripts) > 200
    sizes = []
    for transcript in transcripts:
        paragraphs = read_paragraphs(transcript)
        assert_maps_back(transcript, paragraphs)
        assert_bounds_round_trip(transcript, paragraphs)
        assert sum(p.new_speaker for p in paragraphs) == _spoken_turns(transcript)
        sizes.extend(p.words for p in paragraphs)
    # Caption blocks are ~50 words; readable paragraphs are longer and bounded.
    assert max(sizes) <= 150
    assert 60 <= sum(sizes) / len(sizes) <= 120


def _spoken_turns(transcript: str) -> int:
    """`>>` markers followed by words (a marker followed by another marker says nothing)."""
    tokens = transcript.split()
    return sum(1 for i, tok in enumerate(tokens[:-1]) if tok == ">>" and tokens[i + 1].strip(">"))


def test_a_paragraph_knows_when_it_holds_a_word_too_long_to_wrap() -> None:
    long = "x" * LONG_WORD
    transcript = _caption_blocks(_sentences(30, 12) + f" {long} end. " + _sentences(30, 12))
    paragraphs = read_paragraphs(transcript)
    assert_maps_back(transcript, paragraphs)
    flagged = [p for p in paragraphs if p.long_word]
    assert len(flagged) == 1 and long in flagged[0].text
    short = read_paragraphs(f">> {'y' * (LONG_WORD - 1)} and more words.")
    assert not short[0].long_word
    assert read_paragraphs(f"one {long}")[0].long_word  # a short turn too
