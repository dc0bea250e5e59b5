"""Anchors on the real collection: passages from every fourth transcript are found again after
text is inserted above them (paragraphs re-split), after the words around them change, and not
found once they are deleted; a citation is made for each."""

from __future__ import annotations

from pathlib import Path

from viewer.core.export.citation import cite
from viewer.core.export.notes_export import TranscriptText, quote_source
from viewer.core.library.anchors import make_anchor, resolve
from viewer.core.library.load import load_library

WORDS = 12
INSERTED = "An editor added this opening remark to the captions after the event. "


def test_passages_survive_edits_in_real_transcripts(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    with_text = [s for s in library.sessions if s.has_transcript][::4]
    tried = moved_found = around_found = deleted_gone = 0
    for session in with_text:
        full = library.full_session(session.path)
        text = TranscriptText.of(full.transcript)
        if len(text.paragraphs) < 3:
            continue
        middle = text.paragraphs[len(text.paragraphs) // 2]
        words = middle.text.split()
        if len(words) < WORDS + 4:
            continue
        exact = " ".join(words[2 : 2 + WORDS])
        if text.text.count(exact) != 1:
            continue
        tried += 1
        start = text.text.index(exact)
        anchor = make_anchor(text.text, start, start + len(exact), text.starts)
        assert anchor.paragraph == middle.index

        moved = TranscriptText.of(INSERTED * 30 + full.transcript)
        place = resolve(anchor, moved.text, moved.starts)
        moved_found += place is not None and moved.text[place.start : place.end] == exact

        before_word = words[1]
        around = text.text[: start - len(before_word) - 1] + "REPLACED " + text.text[start:]
        place = resolve(anchor, around, [0])
        around_found += place is not None and around[place.start : place.end] == exact

        deleted = text.text.replace(exact, " ")
        deleted_gone += resolve(anchor, deleted, text.starts) is None

        citation = cite(exact, quote_source(library, full, middle.words_before, text.total_words()))
        assert exact in citation.plain and session.title.split()[0] in citation.plain
        if full.video_id:
            assert "t= is an estimate" in citation.plain and "&t=" in citation.markdown
    print(f"anchors: {tried} passages; found after moves {moved_found}, after edits around")
    print(f"  {around_found}; gone after deletion {deleted_gone}")
    assert tried >= 50
    assert moved_found == tried
    assert around_found == tried
    assert deleted_gone == tried
