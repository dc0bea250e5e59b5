"""Does a transcript talk about its own session? The evidence behind the "doubtful" flag.

The transcripts were attached by hand, and some carry another talk entirely. A session's own
talk names its speakers (a host introduces them, a moderator hands over to them) or at least
speaks of its topic. So a long enough transcript in which none of the listed speakers'
surnames occur, in any spelling the captions give them (`text/soundalike.py`, the matcher the
shared-recording work uses), and fewer than two of the title's distinctive words occur, is
doubtful. First names alone do not count: "Sanjay" or "Amit" is said in many talks.

For a doubtful text the session that fits it best is looked for among all the library's
sessions (its speakers named in full, its title's words); it is offered only when the evidence
is strong and clearly ahead of the next best. Nothing is moved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from viewer.core.recordings.units import Unit, units_of
from viewer.core.session.model import Session
from viewer.core.text.folding import tokens
from viewer.core.text.soundalike import SpellingIndex

# Long enough that its speakers or topic should come up: six or seven minutes of speech at
# conversational pace. A shorter fragment from the middle of a talk can well name nobody (on
# the corpus a genuine 522-word fragment of a founder's talk does not); the shortest text
# read there that really is another talk has 982 words.
DOUBTFUL_MIN_WORDS = 800
# The topic comes up when two of the title's words recur (each at least TOPIC_REPEAT times), or
# one distinctive word recurs TOPIC_ONE_WORD times ("robotics" 7 times in a robotics class). A
# single mention is chance ("safe" once in a talk about AI regulation). On the corpus the
# genuine transcripts that name no speaker all pass one of these easily.
TOPIC_REPEAT = 2
TOPIC_ONE_WORD = 5
COMMON_TITLE_SHARE = 0.04
MIN_TITLES_FOR_SHARE = 50
# may_belong_to: another session's speakers named (a full name 2 points; a surname alone 1.5,
# and only one no more than RARE_SURNAME people of the library carry, since "Singh" or "Kumar"
# tell nothing) and its distinctive title words (1 point each, at most MAX_TITLE_POINTS: a
# 10,000-word talk holds many common title words, and on the corpus a session with one name
# and seven such words would otherwise outscore one with three names); offered with at least
# BELONG_MIN_NAMES of its speakers named, at BELONG_MIN_SCORE, and BELONG_MARGIN ahead of the
# next best session.
BELONG_MIN_NAMES = 2
MAX_TITLE_POINTS = 3.0
BELONG_MIN_SCORE = 4.0
BELONG_MARGIN = 2.0
RARE_SURNAME = 2
FULL_NAME_POINTS, SURNAME_POINTS, TITLE_WORD_POINTS = 2.0, 1.5, 1.0
MAX_NAMES_SHOWN = 4


@dataclass(frozen=True, slots=True)
class TextCheck:
    """What one transcript showed of its session.

    Attributes:
        doubtful: long enough, yet neither speakers nor topic occur.
        looked_for: the names and title words searched for (shown in the reason).
        names_found: surnames or full names of listed speakers found.
        title_words_found: distinctive title words found.
    """

    doubtful: bool
    looked_for: str
    names_found: tuple[str, ...]
    title_words_found: tuple[str, ...]


class TextWords:
    """One transcript's folded words (split as the search index splits them), for name and
    title-word look-ups. Lighter than the shared recordings' `recordings.cues.Evidence` (no
    host cues, one fold of the whole text): the doubtful check reads every own transcript.

    Attributes:
        words: the number of words as `transcript_words` counts them (given by the caller).
    """

    def __init__(self, transcript: str, words: int) -> None:
        self.words = words
        self._where: dict[str, list[int]] = defaultdict(list)
        for slot, word in enumerate(tokens(transcript)):
            self._where[word].append(slot)
        self._spelling = SpellingIndex(self._where)

    def positions(self, name: str) -> list[int]:
        """Where name part `name` (folded) occurs, spelled exactly or as captions spell it."""
        found = [p for w in self._spelling.spellings(name) for p in self._where[w]]
        return sorted(found)

    def count(self, word: str) -> int:
        return len(self._where.get(word, ()))


def common_title_words(sessions: Sequence[Session]) -> frozenset[str]:
    """Title words too frequent in this library's titles to tell talks apart."""
    if len(sessions) < MIN_TITLES_FOR_SHARE:
        return frozenset()
    counts: Counter[str] = Counter()
    for session in sessions:
        counts.update(_unit(session).topic_words)
    limit = COMMON_TITLE_SHARE * len(sessions)
    return frozenset(w for w, n in counts.items() if n > limit)


def _unit(session: Session) -> Unit:
    return units_of([session], [0.0])[0]


def _surname(person: tuple[str, ...]) -> str:
    return person[-1]


def named(person: tuple[str, ...], evidence: TextWords) -> str | None:
    """How the person is named in the text ("full name", "surname"), None when not.
    A surname of under four letters ("Rao") only counts with another part beside it."""
    surname = _surname(person)
    hits = evidence.positions(surname)
    if not hits:
        return None
    if len(person) > 1:
        firsts = {p for part in person[:-1] for p in evidence.positions(part)}
        if any(p in firsts for h in hits for p in range(h - 3, h)):
            return "full name"
    return "surname" if len(surname) >= 4 else None


def check_text(session: Session, evidence: TextWords, common: frozenset[str]) -> TextCheck:
    """Look in `evidence` (the session's own transcript) for its speakers and title words."""
    unit = _unit(session)
    topic = sorted(unit.topic_words)
    counts = {w: evidence.count(w) for w in topic}
    names = [p for p in unit.people if named(p, evidence)]
    recurring = [w for w in topic if counts[w] >= TOPIC_REPEAT]
    topic_held = len(recurring) >= 2 or any(
        counts[w] >= TOPIC_ONE_WORD for w in topic if w not in common
    )
    telling = bool(unit.people) or bool(topic)
    doubtful = telling and evidence.words >= DOUBTFUL_MIN_WORDS and not names and not topic_held
    return TextCheck(
        doubtful,
        _looked_for(unit.people, topic, counts),
        tuple(" ".join(p).title() for p in names),
        tuple(w for w in topic if counts[w]),
    )


def _looked_for(people: list[tuple[str, ...]], words: list[str], counts: dict[str, int]) -> str:
    """What was searched for and what little was found, in words."""
    parts = []
    if people:
        shown = [" ".join(p).title() for p in people[:MAX_NAMES_SHOWN]]
        more = len(people) - len(shown)
        listed = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        parts.append(f"none of its speakers' names ({listed}), in any caption spelling, occur")
    if words:
        found = [f'"{w}" {_times(counts[w])}' for w in words if counts[w]]
        listed = ", ".join(f'"{w}"' for w in words)
        if found:
            parts.append(f"of the title words {listed} only {', '.join(found)}")
        else:
            parts.append(f"none of the title words {listed}")
    return "; ".join(parts)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


class Candidates:
    """Every session as a possible owner of a doubtful text: its speakers and title words,
    made once per library, and how many people carry each surname."""

    def __init__(self, sessions: Sequence[Session], common: frozenset[str]) -> None:
        self.units = [(s.path, _unit(s)) for s in sessions]
        self.common = common
        carriers: dict[str, set[str]] = defaultdict(set)
        for _path, unit in self.units:
            for person in unit.people:
                carriers[_surname(person)].add(" ".join(person))
        self.carriers = {surname: len(people) for surname, people in carriers.items()}


def best_fit(path: str, evidence: TextWords, candidates: Candidates) -> tuple[str, str] | None:
    """(path, why) of the session whose speakers and title the text fits best, when the
    evidence is strong and clearly ahead of the next best; None otherwise.

    Only sessions with a name part or two of their title's words spelled exactly in the text
    are matched with caption spellings: comparing every speaker of the library with every
    word of every doubtful text would cost seconds."""
    scored: list[tuple[float, str, str]] = []
    for other, unit in candidates.units:
        if other == path:
            continue
        words = [w for w in sorted(unit.topic_words - candidates.common) if evidence.count(w)]
        exact = any(evidence.count(part) for person in unit.people for part in person)
        if not exact and len(words) < 2:
            continue
        points, found = 0.0, []
        for person in unit.people:
            how = named(person, evidence)
            if how == "full name":
                points += FULL_NAME_POINTS
                found.append(" ".join(person).title())
            elif how == "surname" and candidates.carriers[_surname(person)] <= RARE_SURNAME:
                points += SURNAME_POINTS
                found.append(_surname(person).title())
        if len(found) < BELONG_MIN_NAMES:
            continue
        points += min(MAX_TITLE_POINTS, TITLE_WORD_POINTS * len(words))
        why = "names " + ", ".join(found[:MAX_NAMES_SHOWN])
        if words:
            why += "; title words " + ", ".join(f'"{w}"' for w in words[:MAX_NAMES_SHOWN])
        scored.append((points, other, why))
    if not scored:
        return None
    scored.sort(key=lambda s: (-s[0], s[1]))
    best = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best[0] >= BELONG_MIN_SCORE and best[0] - runner_up >= BELONG_MARGIN:
        return best[1], best[2]
    return None
