"""People: every speaker of the library once, with all their sessions.

Why its own module: the same person is written several ways across sessions ("Shri Ashwini
Vaishnaw", "Sh. Ashwini Vaishnaw, Hon'ble Minister ..."); `Speaker.key` (honorifics dropped,
case and accents folded) is the identity, and this groups by it. Where a person's name is
spoken in transcripts is a search (`mentions_query`), answered by the index.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from viewer.core.search.query import Query, phrase_query
from viewer.core.session.model import Session
from viewer.core.session.parse import speaker_key


@dataclass(frozen=True)
class Person:
    """One person across the library.

    Attributes:
        key: the normalised name all spellings share.
        name: the spelling used most often, honorifics dropped (ties: the longest, which
            usually has initials spelled out).
        affiliations: distinct affiliations as written, most frequent first.
        sessions: paths of their sessions, in library order.
    """

    key: str
    name: str
    affiliations: tuple[str, ...]
    sessions: tuple[str, ...]


def people(sessions: Iterable[Session]) -> list[Person]:
    """Everyone who speaks in `sessions`, sorted by name (case-insensitive)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    affiliations: dict[str, Counter[str]] = defaultdict(Counter)
    paths: dict[str, dict[str, None]] = defaultdict(dict)
    for session in sessions:
        for speaker in session.speakers:
            if not speaker.key:
                continue
            names[speaker.key][speaker.name.strip()] += 1
            if speaker.affiliation:
                affiliations[speaker.key][speaker.affiliation] += 1
            paths[speaker.key][session.path] = None
    found = []
    for key, spellings in names.items():
        plain: Counter[str] = Counter()
        for spelling, n in spellings.items():  # distinct spellings only: few per person
            plain[_without_title(spelling, key)] += n
        name = max(plain.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        found.append(
            Person(
                key,
                name or key,
                tuple(a for a, _ in affiliations[key].most_common()),
                tuple(paths[key]),
            )
        )
    found.sort(key=lambda p: (p.name.casefold(), p.key))
    return found


def _without_title(name: str, key: str) -> str:
    """ "Prof. Asha Verma" -> "Asha Verma": drop leading words while the key stays the same."""
    words = name.split()
    while len(words) > 1 and speaker_key(" ".join(words[1:])) == key:
        words = words[1:]
    return " ".join(words)


def mentions_query(person: Person) -> Query:
    """The index query for places where the person's name is spoken in transcripts."""
    return phrase_query(person.key, columns=("body",))
