"""Which sessions a search may show, and which of them a matching row belongs to.

Why its own module: facets and `day:`/`speaker:` filters are applied inside SQL as a list of
allowed owner ids (integers from the index, never user text), so a restrictive facet never
empties a page of otherwise good hits; and a paragraph of a transcript shared by several
sessions (one stream recorded for many slots) is attributed to the session whose slot it falls
in. Both are decided here once per set of filters, before any row is read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from viewer.core.search.query import Query, speaker_matches
from viewer.core.search.schema import LOCAL_MASK, OWNER_SHIFT
from viewer.core.text.venues import canonical_venue


@dataclass(frozen=True)
class Facets:
    """Limits on which sessions may appear in results; None means "any"."""

    days: frozenset[int] | None = None
    venues: frozenset[str] | None = None
    has_video: bool | None = None
    has_transcript: bool | None = None
    paths: frozenset[str] | None = None


@dataclass
class SessionInfo:
    """A session's facet values and owner ids as stored in the index."""

    title: str
    day: int | None
    building: str
    room: str
    has_video: bool
    has_transcript: bool
    speakers: str
    digest: str
    owner: int
    transcript_owner: int
    first_para: int

    @property
    def venue(self) -> str:
        return " — ".join(part for part in (self.building, self.room) if part)


def allowed_sessions(info: dict[str, SessionInfo], query: Query, facets: Facets) -> list[str]:
    """Paths of sessions that pass the facets and the query's day:/speaker: filters."""
    out = []
    for path, s in info.items():
        if facets.paths is not None and path not in facets.paths:
            continue
        if facets.days is not None and s.day not in facets.days:
            continue
        if query.days and s.day not in query.days:
            continue
        if facets.venues is not None and not (
            {s.building, s.room, s.venue, canonical_venue(s.building, s.room)} & facets.venues
        ):
            continue
        if facets.has_video is not None and s.has_video != facets.has_video:
            continue
        if facets.has_transcript is not None and s.has_transcript != facets.has_transcript:
            continue
        if query.speakers and not speaker_matches(s.speakers, query.speakers):
            continue
        out.append(path)
    return out


class Attribution:
    """Maps an owner id and a paragraph number to the sessions it belongs to.

    A shared transcript is divided among the sessions sharing it, each holding the
    paragraphs from its first one to the next session's. With `parts_only` (a `speaker:`
    filter) every session sharing it takes its part, allowed or not, and a row in the part of
    a session the filters leave out is no hit at all: `speaker:altman` searches Sam Altman's
    part of a plenary, not the whole recording. Otherwise (facets) the allowed sessions divide
    the transcript among themselves, so a hit anywhere in it is shown.

    Attributes:
        session_owner: a session's own rows' owner id -> its path (allowed sessions).
        streams: a transcript's owner id -> (first paragraph, path) of every session sharing
            it, in order (only transcripts with an allowed session).
        allowed: the sessions the filters allow.
        shared: owners of transcripts shared by more than one session.
    """

    def __init__(
        self, info: dict[str, SessionInfo], allowed: list[str], *, parts_only: bool = False
    ) -> None:
        self.session_owner: dict[int, str] = {}
        self.allowed = frozenset(allowed)
        wanted: set[int] = set()
        for path in allowed:
            s = info[path]
            self.session_owner[s.owner] = path
            if s.transcript_owner:
                wanted.add(s.transcript_owner)
        streams: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for path in info if parts_only and wanted else allowed:
            s = info[path]
            if s.transcript_owner in wanted:
                streams[s.transcript_owner].append((s.first_para, path))
        self.streams = {o: sorted(v) for o, v in streams.items()}
        self._starts = {o: [first for first, _ in v] for o, v in self.streams.items()}
        self._members = {
            o: tuple(p for _, p in v if p in self.allowed) for o, v in self.streams.items()
        }
        self.shared = {o for o, v in self.streams.items() if len(v) > 1}

    def members(self, owner: int) -> tuple[str, ...]:
        """The allowed sessions sharing transcript `owner`."""
        return self._members.get(owner, ())

    def owners(self) -> list[int]:
        return [*self.session_owner, *self.streams]

    def locate(self, rowid: int) -> tuple[str, tuple[str, ...]]:
        """(the session the row falls in, every session it belongs to); ("", ()) if none."""
        owner, local = rowid >> OWNER_SHIFT, rowid & LOCAL_MASK
        path = self.session_owner.get(owner)
        if path is not None:
            return path, (path,)
        stream = self.streams.get(owner)
        if not stream:
            return "", ()
        starts = self._starts[owner]
        pos = max(0, bisect_right(starts, local) - 1)
        while pos > 0 and starts[pos - 1] == starts[pos]:  # one part, two entries: the first
            pos -= 1
        path = stream[pos][1]
        if path not in self.allowed:  # another session's part of the recording
            twins = [p for first, p in stream if first == starts[pos] and p in self.allowed]
            if not twins:
                return "", ()
            path = twins[0]
        return path, self._members[owner]


def restriction(attribution: Attribution, restricted: bool) -> str:
    """The SQL condition keeping a MATCH to the attributed owners' rows ("" for no limit)."""
    if not restricted:
        return ""
    # Owner ids are integers read from the index, never user text.
    ids = ",".join(str(int(o)) for o in attribution.owners())
    return f" AND (fts.rowid >> {OWNER_SHIFT}) IN ({ids})"
