"""Shown titles: generic titles carry their speakers; rows that would read the same differ."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from viewer.core.library.load import load_library
from viewer.core.session.model import Session, Speaker
from viewer.core.session.titles import TitleBook, display_title, display_titles, is_generic


def _s(path: str, title: str, *names: str, day: int = 1, start: str = "10:00") -> Session:
    speakers = tuple(Speaker(text=n, name=n, key=n.casefold()) for n in names)
    return Session(path=path, title=title, day=day, start=start, speakers=speakers)


@pytest.mark.parametrize(
    "title",
    ["Keynote", "Panel Discussion", "Fireside Chat", "Conversation", "Keynote Address 2", "  "],
)
def test_generic_titles(title: str) -> None:
    assert is_generic(title)


@pytest.mark.parametrize(
    "title", ["Keynote on Water Security", "Fireside Chat: Open Models", "Panel on Farming"]
)
def test_titles_that_say_what_they_are_about(title: str) -> None:
    assert not is_generic(title)


def test_display_title() -> None:
    assert display_title(_s("a", "Keynote", "Lena Ortiz")) == "Keynote — Lena Ortiz"
    many = _s("b", "Panel", "A One", "B Two", "C Three", "D Four")
    assert display_title(many) == "Panel — A One, B Two +2"
    assert display_title(_s("c", "Keynote")) == "Keynote"  # nobody listed: as written
    assert display_title(_s("d", "Open Models", "Lena Ortiz")) == "Open Models"
    assert display_title(_s("e", "", "Lena Ortiz")) == "Lena Ortiz"


def test_repeated_titles_are_told_apart() -> None:
    sessions = [
        _s("1", "Open Models", "Lena Ortiz"),
        _s("2", "Open Models", "Ravi Menon"),
        _s("3", "Grand Finale", "Jury", day=2, start="12:30"),
        _s("4", "Grand Finale", "Jury", day=2, start="14:00"),
        _s("5", "Same Twice", "Kofi Mensah"),
        _s("6", "Same Twice", "Kofi Mensah"),
        _s("7", "Keynote", "Lena Ortiz", start="09:00"),
        _s("8", "Keynote", "Lena Ortiz", start="16:00"),
    ]
    shown = display_titles(sessions)
    assert shown["1"] == "Open Models — Lena Ortiz" and shown["2"] == "Open Models — Ravi Menon"
    # Speakers that do not tell them apart are not added; the slot is.
    assert shown["3"] == "Grand Finale (Day 2, 12:30)"
    assert shown["5"] == shown["6"] == "Same Twice"  # one session listed twice
    assert shown["7"] == "Keynote — Lena Ortiz (Day 1, 09:00)"


@pytest.mark.corpus
def test_corpus_rows_read_differently_unless_one_session_twice(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    shown = display_titles(library.sessions)
    by_text = Counter(t.casefold() for t in shown.values())
    generic = [s for s in library.sessions if is_generic(s.title)]
    assert len(generic) >= 20
    assert all(" — " in shown[s.path] for s in generic if s.speakers)
    for session in library.sessions:
        if by_text[shown[session.path].casefold()] == 1:
            continue
        twins = [s for s in library.sessions if shown[s.path] == shown[session.path]]
        # Same title, same speakers, same slot: one session listed twice.
        assert len({(s.title, s.day, s.start, s.speakers) for s in twins}) == 1, twins


def _mixed_library(count: int, rng: random.Random) -> list[Session]:
    """Sessions whose titles repeat in every way `display_titles` tells apart: a generic or
    empty title, speakers that do and do not tell rows apart, slots, one session listed
    twice, a title written as another's shown form (rows of two groups then meet in the
    second step, and one may leave a group another stays in)."""
    titles = ["Open Models", "OPEN MODELS", "Open Models — Lena Ortiz", "", "Keynote"]
    names = ["Lena Ortiz", "Ravi Menon"]
    return [
        _s(
            f"{i:04d}",
            rng.choice(titles),
            *rng.sample(names, rng.randint(0, 2)),
            day=rng.choice([1, 2]),
            start=rng.choice(["09:00", "14:00"]),
        )
        for i in range(count)
    ]


def test_a_title_book_fed_in_batches_shows_what_the_whole_library_shows() -> None:
    for seed in range(4000):
        rng = random.Random(seed)
        sessions = _mixed_library(rng.randint(2, 8) if seed % 40 else 200, rng)
        book, added = TitleBook(), 0
        while added < len(sessions):
            batch = sessions[added : added + rng.randint(1, 3 if len(sessions) < 10 else 40)]
            book.add(batch)
            added += len(batch)
            assert book.shown == display_titles(sessions[:added]), seed
        assert TitleBook(sessions).shown == display_titles(sessions)


@pytest.mark.corpus
def test_a_title_book_of_the_corpus_in_batches(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    order = list(library.sessions)
    random.Random(3).shuffle(order)
    book = TitleBook(order[:40])
    for start in range(40, len(order), 57):
        book.add(order[start : start + 57])
        assert book.shown == display_titles(order[: start + 57])
