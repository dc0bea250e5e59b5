"""The sessions of one shared recording as the units `segments.py` places.

Two entries can describe one session (same slot and speakers, or same slot and title when no
speakers are listed): they are one unit and share a part. The same event over two slots (same
title and speakers, later slot) is one unit per slot, the later ones marked as continuing the
first (`parent`). Each unit carries what the text can be searched for: its speakers' names as
folded parts (role words and initials dropped), its title's distinctive words (those no other
unit's title has), and its topic words (all of its title's content words, for telling whether
the topic occurs at all).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from viewer.core.recordings.streams import slot_span
from viewer.core.session.model import Session
from viewer.core.session.titles import is_generic
from viewer.core.text.folding import tokens

MIN_PART = 3  # name parts shorter than this (initials) are not searched for
MIN_TITLE_WORD = 4
# Words in a speaker entry that name a role, not a person.
ROLE_WORDS = frozenset(
    [
        "moderator",
        "moderated",
        "chair",
        "chairperson",
        "host",
        "anchor",
        "panelist",
        "panellist",
        "speaker",
        "speakers",
        "keynote",
        "guest",
        "tbc",
        "tbd",
        "confirmed",
    ]
)
# Function words of titles, which tell nothing about the topic (what kind of session it is,
# "Keynote", "Fireside Chat", is told by `titles.is_generic`).
_STOPWORD_TEXT = (
    "with from about into their this that these those what when where which will your "
    "have through towards toward between across beyond after before over under"
)
TITLE_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@dataclass(slots=True)
class Unit:
    """Sessions placed as one.

    Attributes:
        paths: the sessions (one, or several entries for the same slot).
        offset: the schedule's estimate of its start, as a share of the recording.
        people: each speaker as folded name parts, surname last.
        title_words: title words no other unit's title has.
        topic_words: all content words of the title.
        parent: index of the unit whose event this one continues in a later slot, or None.
        share: for a continuation, where its slot begins within the event's slots (0..1).
    """

    paths: list[str]
    offset: float
    people: list[tuple[str, ...]]
    title_words: frozenset[str] = frozenset()
    topic_words: frozenset[str] = frozenset()
    parent: int | None = None
    share: float = 0.0
    _key: tuple[object, ...] = field(default=(), repr=False)

    @property
    def telling(self) -> bool:
        """Can the text show the unit absent? (It has names or a topic to look for.)"""
        return bool(self.people) or len(self.topic_words) >= 2


def units_of(sessions: Sequence[Session], offsets: Sequence[float]) -> list[Unit]:
    """The units of a recording's sessions (given in schedule order with their offsets)."""
    units: list[Unit] = []
    by_slot: dict[tuple[object, ...], Unit] = {}
    first_of_event: dict[tuple[object, ...], int] = {}
    minutes: list[tuple[float, float]] = []
    for session, offset in zip(sessions, offsets, strict=True):
        topic = frozenset(_content_words(session.title))
        people = _people(session)
        event = (topic, tuple(sorted(people)))
        # Same slot and speakers is one session even under two titles (two entries for it).
        slot = (event[1] if people else topic, session.date, session.start)
        if slot in by_slot:
            by_slot[slot].paths.append(session.path)
            continue
        unit = Unit([session.path], offset, people, topic_words=topic, _key=event)
        if event in first_of_event:
            unit.parent = first_of_event[event]
        else:
            first_of_event[event] = len(units)
        by_slot[slot] = unit
        units.append(unit)
        minutes.append(slot_span(session))
    for unit in units:
        others = set().union(*(u.topic_words for u in units if u._key != unit._key))
        unit.title_words = unit.topic_words - others
    _shares(units, minutes)
    return units


def _shares(units: list[Unit], minutes: list[tuple[float, float]]) -> None:
    """For each continuation, where its slot begins within its event's slots."""
    for i, unit in enumerate(units):
        if unit.parent is None:
            continue
        family = [j for j, u in enumerate(units) if j == unit.parent or u.parent == unit.parent]
        begin = minutes[unit.parent][0]
        end = max(minutes[j][1] for j in family)
        if end > begin:
            unit.share = min(1.0, max(0.0, (minutes[i][0] - begin) / (end - begin)))


def _content_words(title: str) -> list[str]:
    return [
        w
        for w in tokens(title)
        if len(w) >= MIN_TITLE_WORD and w not in TITLE_STOPWORDS and not is_generic(w)
    ]


def _people(session: Session) -> list[tuple[str, ...]]:
    people = []
    for speaker in session.speakers:
        parts = tuple(
            part
            for part in speaker.key.split()
            if len(part) >= MIN_PART and part not in ROLE_WORDS and part.isalpha()
        )
        if parts and parts not in people:
            people.append(parts)
    return people
