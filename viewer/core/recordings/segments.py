"""Where each session's part lies inside a shared recording, found from the text itself.

Several sessions can carry one recording's transcript (a day's plenary attached to 29 keynote
slots). The schedule says roughly where each slot should begin, but the real running order
differed, and some sessions are not in the recording at all. Each session is placed from:

* the host's introductions (`cues.HOST_CUES`) followed closely by one of the session's speakers'
  names, spelled as the captions spell them (`text/soundalike.py`): the strongest evidence;
* a speaker's full name alone, and the title's distinctive words (those the recording's other
  sessions' titles lack), as weaker evidence;
* the schedule, as a weak prior only: a small penalty for distance from the slot's estimate.

All sessions of a recording are placed together: every candidate of every session is ranked
by its evidence, and the best ones are taken first as long as they do not fall on a part
already taken, so a strong cue settles its place before weaker cues compete for it. A session
with no candidate is then thanked-at-the-end (the recording opens inside its part), a later
slot of the same event (placed at a "welcome back"/"second half" cue or by its slot's share),
absent (neither its speakers' names nor its title occur), or left at the schedule's estimate
between its placed neighbours. A part ends where the next found part begins.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from viewer.core.recordings.units import Unit, units_of
from viewer.core.session.model import Session, SharedStream

if TYPE_CHECKING:  # placing imports the cues (and the parser's tokens, the name matchers):
    # a start that recalls its parts from the cache needs only `Segment`
    from viewer.core.recordings.cues import Evidence

INTRO_REACH = 60  # words after a host cue within which the person introduced is named
CHAIN = 200  # candidates of one session this close belong to one introduction
INTRO_BACK = 1000  # a host may introduce someone this long before calling them up
BACK_SCORE = 3.0  # evidence enough to move a part's start back: a cue with a name or title
MIN_GAP = 150  # two different sessions' parts never start closer than this
PRIOR = 1.0  # score lost for being the whole recording away from the schedule's estimate
CUE_SCORE = 2.0
FULL_NAME, SURNAME, OTHER_NAME = 3.0, 2.0, 1.0
TITLE_WORD = 0.5
TITLE_REACH = 150
TOPIC_REACH = 40  # a topic occurs when its title's words come this close together
FREQUENT = 120  # a name word found this often in one recording is too common to tell


@dataclass(frozen=True, slots=True)
class Segment:
    """One session's part of a shared recording.

    Attributes:
        recording: the shared video id.
        sessions: how many sessions share the recording.
        start_word, end_word: word positions in the shared transcript (counted as
            `transcript_words` counts), None when absent.
        basis: "transcript" when cues in the text placed it, "schedule" for an estimate.
        absent: neither its speakers nor its topic occur in the recording.
        cue: the evidence that decided, for people; None for an estimate.
        confidence: 0..1, how sure the placement is (high for a host cue with the full name,
            low for an estimate).
    """

    recording: str
    sessions: int
    start_word: int | None
    end_word: int | None
    basis: str
    absent: bool
    cue: str | None
    confidence: float

    def as_record(self) -> dict[str, object]:
        """The export's `segment` field (DESIGN.md)."""
        return {
            "recording": self.recording,
            "sessions": self.sessions,
            "start_word": self.start_word,
            "end_word": self.end_word,
            "basis": self.basis,
            "absent": self.absent,
            "cue": self.cue,
        }

    def holds(self, word: int) -> bool:
        """Is word position `word` inside this part?"""
        if self.start_word is None or self.end_word is None:
            return False
        return self.start_word <= word < self.end_word


class _Mention(NamedTuple):
    """A speaker of the unit named in the text: where, how telling, as found."""

    position: int
    weight: float
    label: str
    thanked: bool


@dataclass(slots=True)
class _Candidate:
    start: int
    score: float
    cue: str


@dataclass(slots=True)
class _Placed:
    start: int | None
    basis: str
    cue: str | None
    score: float


def find_segments(
    streams: Sequence[SharedStream],
    session_of: Callable[[str], Session | None],
    transcript_of: Callable[[str], str],
) -> dict[str, Segment]:
    """Every shared session's `Segment`, by path; one transcript read per recording."""
    found: dict[str, Segment] = {}
    for stream in streams:
        members = [session_of(path) for path in stream.paths]
        sessions = [s for s in members if s is not None]
        offsets = [o for s, o in zip(members, stream.offsets, strict=True) if s is not None]
        if not sessions:
            continue
        transcript = transcript_of(sessions[0].path)
        found.update(place_recording(stream.video_id, transcript, sessions, offsets))
    return found


def place_recording(
    video_id: str, transcript: str, sessions: Sequence[Session], offsets: Sequence[float]
) -> dict[str, Segment]:
    """Place the sessions sharing one transcript; `offsets` are their schedule estimates
    (share of the recording, `SharedStream.offsets`)."""
    from viewer.core.recordings.cues import Evidence

    evidence = Evidence(transcript)
    total = evidence.words
    units = units_of(sessions, offsets)
    placed: dict[int, _Placed] = {}
    mentions = [_name_hits(unit, evidence) for unit in units]
    candidates = [
        [] if unit.parent is not None else _candidates(unit, hits, evidence)
        for unit, hits in zip(units, mentions, strict=True)
    ]
    roots = [i for i, u in enumerate(units) if u.parent is None]
    if len(roots) == 1:
        unit = units[roots[0]]
        if candidates[roots[0]] or _mentioned(unit, mentions[roots[0]], evidence):
            cue = "the recording holds only this session"
            placed[roots[0]] = _Placed(0, "transcript", cue, FULL_NAME)
    else:
        _choose(units, candidates, total, placed)
        _opening(units, mentions, evidence, placed)
    _continuations(units, mentions, evidence, placed)
    absent = {
        i
        for i, unit in enumerate(units)
        if i not in placed and unit.telling and not _mentioned(unit, mentions[i], evidence)
    }
    _estimates(units, total, placed, absent)
    return _segments(video_id, len(sessions), total, units, placed)


def _candidates(unit: Unit, hits: list[_Mention], evidence: Evidence) -> list[_Candidate]:
    """Where the unit's part may begin, each with its evidence, chained introductions merged.
    `hits`: its speakers' mentions (`_name_hits`)."""
    spoken = [h for h in hits if not h.thanked]
    spoken_at = [h.position for h in spoken]
    titled = {w: evidence.slots_of(w)[:FREQUENT] for w in unit.title_words}
    raw: list[_Candidate] = []
    for position, phrase in evidence.cues:
        a = bisect_left(spoken_at, position - 3)
        b = bisect_right(spoken_at, position + INTRO_REACH)
        named = spoken[a:b]
        title = _near(titled, position - 10, position + TITLE_REACH)
        if named:
            mention = max(named, key=lambda h: h.weight)
            score = CUE_SCORE + mention.weight + TITLE_WORD * min(2, len(title))
            raw.append(_Candidate(position, score, f'host: "{phrase}" + {mention.label}'))
        elif len(title) >= 2:
            score = CUE_SCORE + TITLE_WORD * len(title)
            words = ", ".join(f'"{w}"' for w in sorted(title))
            raw.append(_Candidate(position, score, f'host: "{phrase}" + title words {words}'))
    for h in hits:
        if h.weight >= FULL_NAME and not h.thanked:
            raw.append(_Candidate(h.position, h.weight, f"first named: {h.label}"))
    raw.sort(key=lambda c: c.start)
    chains: list[list[_Candidate]] = []
    for candidate in raw:
        if chains and candidate.start - chains[-1][-1].start <= CHAIN:
            chains[-1].append(candidate)
        else:
            chains.append([candidate])
    merged = []
    for chain in chains:
        best = max(chain, key=lambda c: c.score)
        bonus = min(1.0, 0.5 * (len(chain) - 1))
        merged.append(_Candidate(chain[0].start, best.score + bonus, best.cue))
    return merged


def _name_hits(unit: Unit, evidence: Evidence) -> list[_Mention]:
    """Every mention of the unit's speakers, by position; a full name counts once more, at
    its first part, with the full-name weight."""
    found: list[_Mention] = []
    for person in unit.people:
        per_part = []
        for index, part in enumerate(person):
            hits = evidence.hits(part)
            if len(hits) > FREQUENT:
                hits = []
            per_part.append(hits)
            weight = SURNAME if index == len(person) - 1 else OTHER_NAME
            if len(part) < 4:
                weight = min(weight, 0.5)
            for hit in hits:
                found.append(
                    _Mention(hit.position, weight, _label(hit.spelling, part), hit.thanked)
                )
        starts = {h.position: h for hits in per_part[:-1] for h in hits}
        for hit in per_part[-1] if per_part else ():
            near = [starts[p] for p in range(hit.position - 3, hit.position) if p in starts]
            if near:
                first = near[0]
                label = _label(hit.spelling, person[-1])
                thanked = hit.thanked or first.thanked
                found.append(_Mention(first.position, FULL_NAME, label, thanked))
    found.sort()
    return found


def _label(spelling: str, part: str) -> str:
    if spelling == part:
        return f'name "{part.capitalize()}"'
    return f'name "{spelling.capitalize()}" ({part.capitalize()})'


def _near(positions: dict[str, list[int]], low: int, high: int) -> set[str]:
    """The words whose (sorted) positions include one in low..high."""
    return {
        word
        for word, where in positions.items()
        if bisect_left(where, low) < bisect_right(where, high)
    }


def _mentioned(unit: Unit, hits: list[_Mention], evidence: Evidence) -> bool:
    """Does the recording name any of the unit's speakers in full, or hold its title's words
    together? (If not, its part is not in the recording.)"""
    if any(h.weight >= FULL_NAME for h in hits):
        return True
    words = unit.topic_words
    if len(words) < 2:
        return False
    need = min(3, len(words))
    found = sorted((p, w) for w in words for p in evidence.slots_of(w)[:FREQUENT])
    low = 0
    for high, (position, _word) in enumerate(found):
        while found[low][0] < position - TOPIC_REACH:
            low += 1
        if len({w for _, w in found[low : high + 1]}) >= need:
            return True
    return False


def _choose(
    units: Sequence[Unit],
    candidates: Sequence[list[_Candidate]],
    total: int,
    placed: dict[int, _Placed],
) -> None:
    """Take the best candidates first, each unit once, no two parts starting too close; then
    walk each start back through earlier cues for the same session, each within INTRO_BACK
    words of the last, while no other part lies between: a host may present the guests, then
    call them up minutes later, and a moderator hands over to each panelist in turn."""
    ranked = []
    for i, (unit, options) in enumerate(zip(units, candidates, strict=True)):
        estimate = unit.offset * total
        for c in options:
            effective = c.score - PRIOR * abs(c.start - estimate) / max(1, total)
            ranked.append((-effective, c.start, i, c))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    taken: list[int] = []
    for _, start, i, c in ranked:
        if i in placed or any(abs(start - t) < MIN_GAP for t in taken):
            continue
        placed[i] = _Placed(start, "transcript", c.cue, c.score)
        taken.append(start)
    for i, p in placed.items():
        assert p.start is not None
        before = max((t for t in taken if t < p.start), default=-1)
        steps = [c for c in candidates[i] if before < c.start < p.start and c.score >= BACK_SCORE]
        for step in sorted(steps, key=lambda c: -c.start):  # each close to the last
            if p.start - step.start > INTRO_BACK:
                break
            p.start, p.cue = step.start, step.cue


def _opening(
    units: Sequence[Unit],
    mentions: Sequence[list[_Mention]],
    evidence: Evidence,
    placed: dict[int, _Placed],
) -> None:
    """A unit thanked by full name before any part was found begins the recording: the
    recording opens inside its part."""
    first = min((p.start for p in placed.values() if p.start is not None), default=evidence.words)
    for i in range(len(units)):
        if i in placed:
            continue
        thanks = [
            h for h in mentions[i] if h.thanked and h.weight >= FULL_NAME and h.position <= first
        ]
        if thanks and not any(p.start == 0 for p in placed.values()):
            h = thanks[0]
            cue = f"recording opens in its part; thanked by {h.label} at word {h.position}"
            placed[i] = _Placed(0, "transcript", cue, FULL_NAME)


def _continuations(
    units: Sequence[Unit],
    mentions: Sequence[list[_Mention]],
    evidence: Evidence,
    placed: dict[int, _Placed],
) -> None:
    """Later slots of a placed event resume at a "welcome back" cue inside the event's part,
    else at the slot's share of it (an estimate)."""
    starts = sorted({p.start for p in placed.values() if p.start is not None})
    for i, unit in enumerate(units):
        if i in placed or unit.parent is None:
            continue
        parent = placed.get(unit.parent)
        if parent is None or parent.start is None:
            continue
        begin = parent.start
        free = next((s for s in starts if s > begin), evidence.words)
        last = _last_trace(units[unit.parent], mentions[unit.parent], evidence)
        traced = min(free, max(begin + 1, last + 1))
        for end in (traced, free):  # first where the event still shows, then up to the next part
            estimate = int(begin + (end - begin) * unit.share)
            resumes = [
                (abs(p - estimate), p, phrase)
                for p, phrase in evidence.resumes
                if begin + (end - begin) // 10 <= p < end
            ]
            if resumes:
                _, position, phrase = min(resumes)
                # the first words of that announcement ("welcome back to the second half")
                position, phrase = min(
                    (p, f) for _, p, f in resumes if position - CHAIN <= p <= position
                )
                placed[i] = _Placed(position, "transcript", f'resumes: "{phrase}"', CUE_SCORE)
                break
        else:
            placed[i] = _Placed(estimate, "schedule", None, 0.0)


def _last_trace(unit: Unit, hits: list[_Mention], evidence: Evidence) -> int:
    """The last word position where the unit's event still shows: its speakers named in full,
    or the rarer half of its title's words (the common ones, "global", run on after it)."""
    named = [h.position for h in hits if h.weight >= FULL_NAME]
    counted = sorted((evidence.count(w), w) for w in unit.topic_words if evidence.count(w))
    rare = [w for _, w in counted[: max(1, len(counted) // 2)]]
    traces = named + [p for w in rare for p in evidence.slots_of(w)]
    return max(traces, default=evidence.words)


def _estimates(
    units: Sequence[Unit], total: int, placed: dict[int, _Placed], absent: set[int]
) -> None:
    """Units still unplaced (and not absent) start at the schedule's estimate, interpolated
    between the starts found for their schedule neighbours."""
    found = sorted((units[i].offset, p.start) for i, p in placed.items() if p.start is not None)
    for i, unit in enumerate(units):
        if i in placed:
            continue
        if i in absent:
            placed[i] = _Placed(None, "transcript", None, 0.0)
            continue
        before = [f for f in found if f[0] <= unit.offset]
        after = [f for f in found if f[0] > unit.offset]
        estimate = unit.offset * total
        if before and after and after[0][1] > before[-1][1] and after[0][0] > before[-1][0]:
            (oa, a), (ob, b) = before[-1], after[0]
            estimate = a + (b - a) * (unit.offset - oa) / (ob - oa)
        placed[i] = _Placed(min(max(0, int(estimate)), max(0, total - 1)), "schedule", None, 0.0)


def _segments(
    video_id: str, count: int, total: int, units: Sequence[Unit], placed: dict[int, _Placed]
) -> dict[str, Segment]:
    found_starts = sorted(
        {p.start for p in placed.values() if p.start is not None and p.basis == "transcript"}
    )
    all_starts = sorted({p.start for p in placed.values() if p.start is not None})
    result: dict[str, Segment] = {}
    for i, unit in enumerate(units):
        p = placed[i]
        if p.start is None:
            segment = Segment(video_id, count, None, None, "transcript", True, None, 0.8)
        else:
            bounds = found_starts if p.basis == "transcript" else all_starts
            end = next((s for s in bounds if s > p.start), total)
            confidence = round(p.score / (p.score + 2.0), 2) if p.basis == "transcript" else 0.2
            segment = Segment(video_id, count, p.start, end, p.basis, False, p.cue, confidence)
        for path in unit.paths:
            result[path] = segment
    return result
