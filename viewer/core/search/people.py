"""People: every speaker of the library once, with all their sessions and the ways they are written.

Why its own module: the same person is written several ways across sessions ("Shri Ashwini
Vaishnaw", "Sh. Ashwini Vaishnaw, Hon'ble Minister ...", "Moderator: ..."). The parser already
reduces each entry to a bare name and `Speaker.key` (`text.names`); this groups by that key and
then joins keys that are one person spelled two ways:

* the same name with or without initials ("K. Srinath Reddy" / "Srinath Reddy") when only one
  person of the library has that name without initials;
* names whose words all agree but one that differs by a single edit ("Maya Sherman" /
  "Maya Shermon"), when the two entries also share a word of their affiliations (two different
  people with nearly the same name rarely also share an organisation).

Where a person's name is spoken in transcripts is a search (`mentions_query`), answered by the
index, over every spelling the captions use (`captions` learns them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from viewer.core.search.query import Query, Term
from viewer.core.session.model import Session
from viewer.core.text import folding

MAX_SPELLING_PHRASES = 12
_AFFILIATION_WORD = re.compile(r"[^\W_]{3,}")
# An affiliation word shared by more than this share of all people ("university", "india",
# "ministry") says nothing about two entries being one person.
COMMON_AFFILIATION_SHARE = 0.01


@dataclass(frozen=True)
class Person:
    """One person across the library.

    Attributes:
        key: the normalised name all spellings share (the most used one when keys were joined).
        name: the spelling used most often (ties: the longest, which usually has initials
            spelled out).
        affiliations: distinct affiliations as written, most frequent first.
        sessions: paths of their sessions, in library order.
        variants: every other way the name is written in the speaker lists.
        keys: every key joined into this person (`key` first).
    """

    key: str
    name: str
    affiliations: tuple[str, ...]
    sessions: tuple[str, ...]
    variants: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()


class _Group:
    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.affiliations: Counter[str] = Counter()
        self.paths: dict[str, None] = {}
        self.keys: Counter[str] = Counter()

    def absorb(self, other: _Group) -> None:
        self.names.update(other.names)
        self.affiliations.update(other.affiliations)
        self.paths.update(other.paths)
        self.keys.update(other.keys)

    def words(self) -> set[str]:
        found = set()
        for affiliation in self.affiliations:
            found.update(_AFFILIATION_WORD.findall(folding.fold(affiliation)))
        return found


def people(sessions: Iterable[Session]) -> list[Person]:
    """Everyone who speaks in `sessions`, sorted by name (case-insensitive)."""
    groups: dict[str, _Group] = defaultdict(_Group)
    for session in sessions:
        for speaker in session.speakers:
            if not speaker.key or not speaker.name:
                continue
            group = groups[speaker.key]
            group.names[" ".join(speaker.name.split())] += 1
            group.keys[speaker.key] += 1
            if speaker.affiliation:
                group.affiliations[speaker.affiliation] += 1
            group.paths[session.path] = None
    merged = _join_spellings(dict(groups))
    found = []
    for group in merged:
        name = max(group.names.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        keys = tuple(k for k, _ in sorted(group.keys.items(), key=lambda kv: (-kv[1], kv[0])))
        found.append(
            Person(
                keys[0],
                name,
                tuple(a for a, _ in group.affiliations.most_common()),
                tuple(group.paths),
                tuple(sorted(n for n in group.names if n != name)),
                keys,
            )
        )
    found.sort(key=lambda p: (p.name.casefold(), p.key))
    return found


def _without_initials(key: str) -> str:
    return " ".join(w for w in key.split() if len(w) > 1)


def _one_edit_apart(a: str, b: str) -> bool:
    """Same number of words, all equal but one that differs by one edit (and is long)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2:
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return (
        len(differing) == 1
        and min(len(differing[0][0]), len(differing[0][1])) >= 4
        and Levenshtein.distance(*differing[0], score_cutoff=1) <= 1
    )


def _join_spellings(groups: dict[str, _Group]) -> list[_Group]:
    """Join the groups of keys that name one person (see the module's rules)."""
    parent = {key: key for key in groups}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    by_bare: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        bare = _without_initials(key)
        if len(bare.split()) >= 2:
            by_bare[bare].append(key)
    for keys in by_bare.values():
        with_initials = {k for k in keys if k != _without_initials(k)}
        # "k srinath reddy" and "srinath reddy" are one; "a kumar singh" and "b kumar singh"
        # are two people, and so is anyone with initials beside two different ones.
        if len(keys) > 1 and len({tuple(k.split()) for k in with_initials}) <= 1:
            for other in keys[1:]:
                join(keys[0], other)
    # Near spellings: compare keys within blocks of the same word count and first letter.
    words = {key: group.words() for key, group in groups.items()}
    spread = Counter(w for found in words.values() for w in found)
    common = {w for w, n in spread.items() if n > max(2, COMMON_AFFILIATION_SHARE * len(groups))}
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for key in groups:
        blocks[(len(key.split()), key[:1])].append(key)
    for keys in blocks.values():
        if len(keys) > 600:  # a pathological library: skip rather than go quadratic
            continue
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if _one_edit_apart(a, b) and (words[a] & words[b]) - common:
                    join(a, b)
    merged: dict[str, _Group] = {}
    for key, group in groups.items():
        merged.setdefault(root(key), _Group()).absorb(group)
    return list(merged.values())


def mentions_query(person: Person, spellings: Mapping[str, frozenset[str]] | None = None) -> Query:
    """The index query for places where the person's name is spoken in transcripts: the full
    name as a phrase, in each key's spelling and with each word in its caption spellings
    (`spellings`: word -> every form of it, as `captions.SpellingTable.forms` gives)."""
    phrases: dict[tuple[str, ...], None] = {}
    for key in person.keys or (person.key,):
        base = tuple(folding.tokens(key))[:8]
        if not base:
            continue
        phrases[base] = None
        for at, word in enumerate(base):
            for form in sorted((spellings or {}).get(word, ())):
                phrases[(*base[:at], form, *base[at + 1 :])] = None
    found = list(phrases)[:MAX_SPELLING_PHRASES]
    if not found:
        return Query(text=person.name, columns=("body",))
    term = Term(found[0], alternatives=tuple(found[1:]))
    return Query(text=person.name, terms=(term,), columns=("body",))


def caption_spellings(person: Person, spellings: Mapping[str, frozenset[str]]) -> list[str]:
    """The other ways the captions write the words of the person's name ("Nilakani")."""
    own = {w for key in person.keys or (person.key,) for w in folding.tokens(key)}
    found: dict[str, None] = {}
    for word in sorted(own):
        found.update(dict.fromkeys(sorted(spellings.get(word, frozenset()) - own)))
    return [w.capitalize() for w in found]
