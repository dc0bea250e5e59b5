"""Running a parsed query against the index: ranking, facets, grouping by session, snippets.

Kept apart from `index.py` (which builds and maintains the file) so each stays small. Ranking is
FTS5's bm25 with column weights (`index.WEIGHTS`: a title or speaker hit outranks a passing
mention in a transcript); a session's rank is its best hit's. Facets and `day:`/`speaker:`
filters are applied inside SQL through a temporary table of allowed owners, so a restrictive
facet never empties a page of otherwise good hits.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from viewer.core.query import Query, make_snippet, speaker_matches

if TYPE_CHECKING:
    from viewer.core.indexdb import Database

FIELDS = ("title", "speakers", "partners", "summary", "takeaways", "transcript")
# bm25 column weights, in FTS column order (see index._FTS_COLUMNS).
WEIGHTS = (10.0, 6.0, 4.0, 3.0, 3.0, 1.0)
# Counting stops here: "10,000+ hits" is as useful as the exact number and much cheaper.
MAX_COUNTED = 20000


@dataclass(frozen=True)
class Facets:
    """Limits on which sessions may appear in results; None means "any"."""

    days: frozenset[int] | None = None
    venues: frozenset[str] | None = None
    has_video: bool | None = None
    has_transcript: bool | None = None
    paths: frozenset[str] | None = None


@dataclass(frozen=True)
class Hit:
    """One matching piece of text.

    Attributes:
        path: the session the hit belongs to (for a shared transcript: the session whose slot
            the paragraph falls in, among the sessions the facets allow).
        field: one of FIELDS.
        paragraph: transcript paragraph index, -1 for a hit outside the transcript.
        snippet: plain text around the match; snippet_html: the same, escaped, matches in <b>.
        sessions: every (allowed) session the text belongs to: more than one for a shared
            transcript.
    """

    path: str
    title: str
    field: str
    paragraph: int
    snippet: str
    snippet_html: str
    score: float
    sessions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionHits:
    """A session's hits: `count` counts all its matches, `hits` holds the best few."""

    path: str
    title: str
    score: float
    count: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchResult:
    query: Query
    groups: tuple[SessionHits, ...] = ()
    total: int = 0
    message: str = ""

    @property
    def hits(self) -> list[Hit]:
        """All returned hits, best first."""
        return sorted((h for g in self.groups for h in g.hits), key=lambda h: -h.score)


@dataclass
class SessionInfo:
    """A session's facet values as stored in the index (so search needs no Library)."""

    title: str
    day: int | None
    building: str
    room: str
    has_video: bool
    has_transcript: bool
    speakers: str
    digest: str
    slot: float

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
        if facets.venues is not None and not ({s.building, s.room, s.venue} & facets.venues):
            continue
        if facets.has_video is not None and s.has_video != facets.has_video:
            continue
        if facets.has_transcript is not None and s.has_transcript != facets.has_transcript:
            continue
        if query.speakers and not speaker_matches(s.speakers, query.speakers):
            continue
        out.append(path)
    return out


class _Attribution:
    """Maps an owner key (`s:path` / `t:digest`) and a paragraph position to sessions."""

    def __init__(self, info: dict[str, SessionInfo], allowed: list[str]) -> None:
        by_digest: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for path in allowed:
            digest = info[path].digest
            if digest:
                by_digest[digest].append((info[path].slot, path))
        self._streams = {d: sorted(v) for d, v in by_digest.items()}
        self._slots = {d: [slot for slot, _ in v] for d, v in self._streams.items()}

    def owners(self, allowed: list[str], info: dict[str, SessionInfo]) -> list[str]:
        return [*("s:" + p for p in allowed), *("t:" + d for d in self._streams)]

    def sessions(self, owner: str, share: float) -> tuple[str, tuple[str, ...]]:
        """(the session the position falls in, every session sharing the owner)."""
        if owner.startswith("s:"):
            return owner[2:], (owner[2:],)
        stream = self._streams.get(owner[2:], [])
        if not stream:
            return "", ()
        pos = max(0, bisect_right(self._slots[owner[2:]], share + 1e-9) - 1)
        return stream[pos][1], tuple(path for _, path in stream)


def run_search(
    db: Database,
    info: dict[str, SessionInfo],
    query: Query,
    facets: Facets,
    *,
    limit: int,
    per_session: int,
) -> SearchResult:
    """Execute `query`; see the module docstring for how ranking and facets work."""
    expression = query.match_expression()
    if not expression:
        message = (
            "Only exclusions or filters: add a word to search for."
            if (query.excluded or query.days)
            else ""
        )
        return SearchResult(query, message=message)
    allowed = allowed_sessions(info, query, facets)
    if not allowed:
        return SearchResult(query, message="No session matches the filters.")
    attribution = _Attribution(info, allowed)
    restrict = ""
    if len(allowed) < len(info):
        db.execute("CREATE TEMP TABLE IF NOT EXISTS allowed(owner TEXT PRIMARY KEY)")
        db.execute("DELETE FROM temp.allowed")
        db.executemany(
            "INSERT OR IGNORE INTO temp.allowed VALUES (?)",
            [(o,) for o in attribution.owners(allowed, info)],
        )
        restrict = " AND r.owner IN (SELECT owner FROM temp.allowed)"
    weights = ", ".join(str(w) for w in WEIGHTS)
    top = db.execute(
        f"SELECT r.owner, r.field, r.para, r.share, r.text, bm25(fts, {weights}) AS rank "
        f"FROM fts CROSS JOIN rows r ON r.id = fts.rowid WHERE fts MATCH ?{restrict} "
        f"ORDER BY rank LIMIT ?",
        (expression, limit),
    ).fetchall()
    counts: dict[str, int] = defaultdict(int)
    total = 0
    for owner, share in db.execute(
        f"SELECT r.owner, r.share FROM fts CROSS JOIN rows r ON r.id = fts.rowid "
        f"WHERE fts MATCH ?{restrict} LIMIT {MAX_COUNTED}",
        (expression,),
    ):
        path, _ = attribution.sessions(owner, share)
        if path:
            counts[path] += 1
            total += 1
    grouped: dict[str, list[Hit]] = defaultdict(list)
    for owner, fld, para, share, text, rank in top:
        path, sessions = attribution.sessions(owner, share)
        if not path or len(grouped[path]) >= per_session:
            continue
        snippet = make_snippet(text, query.highlight_terms)
        grouped[path].append(
            Hit(
                path,
                info[path].title,
                FIELDS[fld],
                para,
                snippet.plain(),
                snippet.html(),
                -rank,
                sessions,
            )
        )
    groups = [
        SessionHits(
            path, info[path].title, hits[0].score, max(counts[path], len(hits)), tuple(hits)
        )
        for path, hits in grouped.items()
        if hits
    ]
    groups.sort(key=lambda g: -g.score)
    message = "" if groups else "No matches."
    return SearchResult(query, tuple(groups), total, message)
