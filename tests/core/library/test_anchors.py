"""Anchors find their passage again after the transcript changed: moved, edited, deleted."""

from __future__ import annotations

from viewer.core.library.anchors import make_anchor, paragraph_starts, resolve

PARAGRAPHS = [
    "Good morning everyone and welcome to the opening of the second day.",
    "Our first speaker works on water policy in river basins across the region.",
    "We need cheaper compute for small labs, she said, and open data sets for every language.",
    "Thank you. The next question comes from the back of the hall.",
]


def _joined(paragraphs: list[str]) -> tuple[str, list[int]]:
    return "\n".join(paragraphs), paragraph_starts(paragraphs)


def _anchor_of(phrase: str):
    text, starts = _joined(PARAGRAPHS)
    start = text.index(phrase)
    return make_anchor(text, start, start + len(phrase), starts)


def test_anchor_keeps_text_context_and_paragraph() -> None:
    anchor = _anchor_of("open data sets for every language")
    assert anchor.exact == "open data sets for every language"
    assert anchor.prefix.endswith("small labs, she said, and ")
    assert anchor.suffix.startswith(".")
    assert "Thank you." in anchor.suffix  # words run on into the next paragraph
    assert anchor.paragraph == 2


def test_resolves_in_unchanged_text() -> None:
    text, starts = _joined(PARAGRAPHS)
    place = resolve(_anchor_of("cheaper compute"), text, starts)
    assert place is not None and text[place.start : place.end] == "cheaper compute"
    assert place.paragraph == 2 and not place.changed


def test_moved_by_text_inserted_above_and_paragraphs_resplit() -> None:
    anchor = _anchor_of("open data sets for every language")
    moved = ["A new opening remark was added here by the editor.", *PARAGRAPHS]
    # The paragraph split moved as well: two paragraphs joined into one.
    moved = [moved[0], moved[1] + " " + moved[2], *moved[3:]]
    text, starts = _joined(moved)
    place = resolve(anchor, text, starts)
    assert place is not None
    assert text[place.start : place.end] == "open data sets for every language"
    assert place.paragraph == 2


def test_repeated_phrase_picks_the_occurrence_with_its_context() -> None:
    paragraphs = [
        "thank you very much",
        "and so thank you very much to the minister",
        "thank you very much",
    ]
    text, starts = _joined(paragraphs)
    start = text.index("thank you very much to")
    anchor = make_anchor(text, start, start + len("thank you very much"), starts)
    shuffled = [
        "thank you very much",
        "thank you very much",
        "and so thank you very much to the minister",
    ]
    text2, starts2 = _joined(shuffled)
    place = resolve(anchor, text2, starts2)
    assert place is not None and place.paragraph == 2


def test_edited_inside_is_found_between_its_surroundings() -> None:
    anchor = _anchor_of("cheaper compute for small labs")
    edited = list(PARAGRAPHS)
    edited[2] = edited[2].replace(
        "cheaper compute for small labs", "cheaper computing for smaller labs"
    )
    text, starts = _joined(edited)
    place = resolve(anchor, text, starts)
    assert place is not None and place.changed
    assert text[place.start : place.end] == "cheaper computing for smaller labs"


def test_edited_around_still_found() -> None:
    anchor = _anchor_of("open data sets for every language")
    edited = list(PARAGRAPHS)
    edited[2] = "Someone rewrote the start: " + "open data sets for every language" + ", and more."
    text, starts = _joined(edited)
    place = resolve(anchor, text, starts)
    assert (
        place is not None and text[place.start : place.end] == "open data sets for every language"
    )


def test_deleted_passage_is_not_placed() -> None:
    anchor = _anchor_of("open data sets for every language")
    text, starts = _joined([p for p in PARAGRAPHS if "open data" not in p])
    assert resolve(anchor, text, starts) is None
    assert resolve(anchor, "", []) is None


def test_many_occurrences_are_bounded() -> None:
    anchor = _anchor_of("the")
    text = " ".join(["the"] * 200_000)
    place = resolve(anchor, text, [0])
    assert place is not None
