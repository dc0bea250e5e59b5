"""Running a parsed query against the index: ranking, facets, grouping by session, snippets.

Kept apart from `index.py` (which builds and maintains the file) so each stays small. Ranking is
FTS5's bm25 with column weights (`index.WEIGHTS`: a title or speaker hit outranks a passing
mention in a transcript); a session's rank is its best hit's. Facets and `day:`/`speaker:`
filters are applied inside SQL (a list of allowed owner ids, integers from the index, never
user text), so a restrictive facet never empties a page of otherwise good hits.

Cost model, so a keystroke stays within a few milliseconds at 1x and tens at 10x: one pass
over the matches (`_scan`) gives counts per session, matched fields and first paragraphs
without a join; bm25 ranks only when the match set is small (`FULL_RANK_LIMIT`), inside the
matched owners' rowid ranges when a full pass proved slow; very common words get a cheap
ranking from the scan alone. Snippets are cut lazily, only for hits that are shown.
"""

from __future__ import annotations

import heapq
import math
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from viewer.core.indexschema import FIELDS, LOCAL_MASK, OWNER_SHIFT
from viewer.core.query import Query, Snippet, Term, make_snippet, speaker_matches

if TYPE_CHECKING:
    from viewer.core.indexdb import Database

# bm25 column weights, in FTS column order (see indexschema.FTS_COLUMNS).
WEIGHTS = (10.0, 6.0, 4.0, 3.0, 3.0, 1.0)
# Above this many matching rows bm25 over every row costs more than the whole budget, and
# ranking "ai" or "india" paragraph by paragraph means little: the cheap ranking takes over.
FULL_RANK_LIMIT = 2500
# About what one FTS5 query restricted to a rowid range costs (see _bm25).
RANGE_QUERY_SECONDS = 0.0004
# What the search panel asks for on each keystroke (and what benchmarks/bench_search.py times):
# the best hits, a few per session; counts per session are always complete.
PANEL_LIMIT = 60
PANEL_PER_SESSION = 5


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
    """One matching piece of text. Snippets are cut lazily (only for hits someone shows).

    Attributes:
        path: the session the hit belongs to (for a shared transcript: the session whose slot
            the paragraph falls in, among the sessions the facets allow).
        field: one of FIELDS.
        paragraph: transcript paragraph index, -1 for a hit outside the transcript.
        sessions: every (allowed) session the text belongs to: more than one for a shared
            transcript.
        text: the whole matching paragraph or field (display text).
    """

    path: str
    title: str
    field: str
    paragraph: int
    score: float
    sessions: tuple[str, ...] = ()
    text: str = dc_field(default="", repr=False)
    terms: tuple[Term, ...] = dc_field(default=(), repr=False)

    @cached_property
    def _snippet(self) -> Snippet:
        return make_snippet(self.text, self.terms, cleaned=True)

    @property
    def snippet(self) -> str:
        """Plain text around the best cluster of matches."""
        return self._snippet.plain()

    @property
    def snippet_html(self) -> str:
        """The snippet as escaped HTML, matches in <b>."""
        return self._snippet.html()


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
    """Maps an owner id and a paragraph number to the sessions it belongs to."""

    def __init__(self, info: dict[str, SessionInfo], allowed: list[str]) -> None:
        self.session_owner: dict[int, str] = {}
        streams: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for path in allowed:
            s = info[path]
            self.session_owner[s.owner] = path
            if s.transcript_owner:
                streams[s.transcript_owner].append((s.first_para, path))
        self.streams = {o: sorted(v) for o, v in streams.items()}
        self._starts = {o: [first for first, _ in v] for o, v in self.streams.items()}
        self._members = {o: tuple(p for _, p in v) for o, v in self.streams.items()}
        self.shared = {o for o, v in self.streams.items() if len(v) > 1}

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
        while pos > 0 and starts[pos - 1] == starts[pos]:  # no slot info: the first session
            pos -= 1
        return stream[pos][1], self._members[owner]


def _restriction(attribution: _Attribution, restricted: bool) -> str:
    if not restricted:
        return ""
    # Owner ids are integers read from the index, never user text.
    ids = ",".join(str(int(o)) for o in attribution.owners())
    return f" AND (fts.rowid >> {OWNER_SHIFT}) IN ({ids})"


@dataclass
class _Scan:
    """What one pass over the matches tells: counts per session, each session's first
    matching transcript paragraph, the matching rows of sessions' own fields, and the owners
    (session or transcript ids) that matched at all."""

    counts: dict[str, int]
    first: dict[str, int]
    meta: list[int]
    owners: list[int]
    seconds: float = 0.0  # how long the pass took: what another full pass would cost

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _scan(db: Database, expression: str, restrict: str, attribution: _Attribution) -> _Scan:
    """One evaluation of the MATCH over the whole index, grouped per owner in SQL (no join).

    A session's own rows are fields 0..4, so a bit mask of `rowid & 7` names the fields that
    matched. Only the few shared transcripts are then read row by row (through rowid ranges,
    which FTS5 seeks) to split their hits between the sessions of the stream.
    """
    scan = _Scan(defaultdict(int), {}, [], [])
    started = time.perf_counter()

    def add(rowid: int, n: int) -> None:
        path, _ = attribution.locate(rowid)
        if path:
            scan.counts[path] += n
            if (rowid >> OWNER_SHIFT) in attribution.streams:  # a transcript paragraph
                scan.first[path] = min(scan.first.get(path, rowid), rowid)

    for owner, n, lowest, fields in db.execute(
        f"SELECT fts.rowid >> {OWNER_SHIFT}, count(*), min(fts.rowid), "
        f"sum(1 << (fts.rowid & 7)) FROM fts WHERE fts MATCH ?{restrict} GROUP BY 1",
        (expression,),
    ):
        scan.owners.append(owner)
        if owner in attribution.session_owner:
            base = owner << OWNER_SHIFT
            scan.meta.extend(base | f for f in range(len(FIELDS) - 1) if int(fields) >> f & 1)
        if owner not in attribution.shared:
            add(lowest, n)
    scan.seconds = time.perf_counter() - started
    shared = [o for o in scan.owners if o in attribution.shared]
    # One more full pass is cheaper than a range query per shared transcript when there are
    # many of them, and always for a prefix (each range query would expand it again).
    if "*" in expression or len(shared) * RANGE_QUERY_SECONDS > scan.seconds:
        ids = ",".join(str(int(o)) for o in shared)
        for (rowid,) in db.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? AND (rowid >> {OWNER_SHIFT}) IN ({ids})",
            (expression,),
        ):
            add(rowid, 1)
        return scan
    for owner in shared:
        lo = owner << OWNER_SHIFT
        for (rowid,) in db.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?",
            (expression, lo, lo | LOCAL_MASK),
        ):
            add(rowid, 1)
    return scan


def _bm25(
    db: Database, expression: str, restrict: str, scan: _Scan, limit: int
) -> list[tuple[int, float]]:
    """bm25-ranked rows. When a full pass was slow (a phrase of very common words walks
    every posting) and few owners matched, rank inside their rowid ranges only: FTS5 seeks
    there instead. bm25's statistics are global, so both ways give the same scores; only
    the cost differs."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    if len(scan.owners) * RANGE_QUERY_SECONDS >= scan.seconds:
        return db.execute(
            f"SELECT fts.rowid, bm25(fts, {weights}) AS rank FROM fts WHERE fts MATCH ?"
            f"{restrict} ORDER BY rank LIMIT ?",
            (expression, limit),
        ).fetchall()
    ranked: list[tuple[int, float]] = []
    for owner in scan.owners:
        lo = owner << OWNER_SHIFT
        ranked.extend(
            db.execute(
                f"SELECT fts.rowid, bm25(fts, {weights}) FROM fts WHERE fts MATCH ? "
                f"AND fts.rowid BETWEEN ? AND ?",
                (expression, lo, lo | LOCAL_MASK),
            ).fetchall()
        )
    return heapq.nsmallest(limit, ranked, key=lambda item: item[1])


def run_search(
    db: Database,
    info: dict[str, SessionInfo],
    query: Query,
    facets: Facets,
    *,
    limit: int,
    per_session: int,
    cache: dict[Any, Any] | None = None,
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
    # The session filter only changes with the facets, so it is kept between keystrokes (the
    # cache dict lives as long as the index content the `info` snapshot came from).
    key = (id(info), facets, query.days, query.speakers)
    scope = cache.get(key) if cache is not None else None
    if scope is None:
        allowed = allowed_sessions(info, query, facets)
        attribution = _Attribution(info, allowed)
        scope = (allowed, attribution, _restriction(attribution, len(allowed) < len(info)))
        if cache is not None:
            if len(cache) > 32:
                cache.clear()
            cache[key] = scope
    allowed, attribution, restrict = scope
    if not allowed:
        return SearchResult(query, message="No session matches the filters.")
    result = _execute(db, info, query, expression, attribution, restrict, limit, per_session)
    if not result.groups and len(query.terms) > 1:
        result = (
            _anywhere_in_session(db, info, query, attribution, restrict, limit, per_session)
            or result
        )
    return result


def _execute(
    db: Database,
    info: dict[str, SessionInfo],
    query: Query,
    expression: str,
    attribution: _Attribution,
    restrict: str,
    limit: int,
    per_session: int,
) -> SearchResult:
    scan = _scan(db, expression, restrict, attribution)
    counts, total = scan.counts, scan.total
    if total <= FULL_RANK_LIMIT or not query.terms:
        ranked = _bm25(db, expression, restrict, scan, limit)
    else:
        ranked = _cheap_ranking(scan, attribution, limit)
    texts = _texts(db, [rowid for rowid, _ in ranked])
    grouped: dict[str, list[Hit]] = defaultdict(list)
    terms = query.highlight_terms
    for rowid, rank in ranked:
        path, sessions = attribution.locate(rowid)
        if not path or len(grouped[path]) >= per_session or rowid not in texts:
            continue
        fld, text = texts[rowid]
        paragraph = rowid & LOCAL_MASK if fld == len(FIELDS) - 1 else -1
        grouped[path].append(
            Hit(path, info[path].title, FIELDS[fld], paragraph, -rank, sessions, text, terms)
        )
    groups = [
        SessionHits(
            path, info[path].title, hits[0].score, max(counts[path], len(hits)), tuple(hits)
        )
        for path, hits in grouped.items()
        if hits
    ]
    groups.sort(key=lambda g: -g.score)
    return SearchResult(query, tuple(groups), total, "" if groups else "No matches.")


def _anywhere_in_session(
    db: Database,
    info: dict[str, SessionInfo],
    query: Query,
    attribution: _Attribution,
    restrict: str,
    limit: int,
    per_session: int,
) -> SearchResult | None:
    """When no single paragraph holds every word, sessions that hold each word somewhere
    (title, speakers, summary or transcript), with hits for any of the words.

    "wasps nests" finds the session titled "Wasps ..." whose transcript mentions nests.
    """
    matching: set[str] | None = None
    for term in query.terms:
        expression = replace(query, terms=(term,)).match_expression()
        sessions: set[str] = set()
        for (owner,) in db.execute(
            f"SELECT DISTINCT fts.rowid >> {OWNER_SHIFT} FROM fts WHERE fts MATCH ?{restrict}",
            (expression,),
        ):
            path = attribution.session_owner.get(owner)
            if path is not None:
                sessions.add(path)
            else:
                sessions.update(p for _, p in attribution.streams.get(owner, ()))
        matching = sessions if matching is None else matching & sessions
        if not matching:
            return None
    if not matching:
        return None
    narrowed = _Attribution(info, sorted(matching))
    expression = query.match_expression(any_term=True)
    result = _execute(
        db, info, query, expression, narrowed, _restriction(narrowed, True), limit, per_session
    )
    if not result.groups:
        return None
    message = "No single passage has every word; these sessions have them all somewhere."
    return replace(result, message=message)


def _texts(db: Database, rowids: list[int]) -> dict[int, tuple[int, str]]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return {
        row[0]: (row[1], row[2])
        for row in db.execute(f"SELECT id, field, text FROM rows WHERE id IN ({marks})", rowids)
    }


def _cheap_ranking(scan: _Scan, attribution: _Attribution, limit: int) -> list[tuple[int, float]]:
    """Ranking for very common terms, where bm25 over every paragraph would blow the budget
    and mean little: hits in the sessions' own fields by field weight, then one transcript
    paragraph from each session, sessions that mention the terms most often first. Needs no
    second pass over the index.

    Scores are negated like bm25's (lower is better) so both paths merge the same way.
    """
    scored: list[tuple[int, float]] = []
    for rowid in scan.meta:
        path, _ = attribution.locate(rowid)
        if path:
            weight = WEIGHTS[rowid & LOCAL_MASK]
            scored.append((rowid, -(weight + math.log1p(scan.counts.get(path, 0)))))
    scored.extend(
        (rowid, -math.log1p(scan.counts.get(path, 0))) for path, rowid in scan.first.items()
    )
    return heapq.nsmallest(limit, scored, key=lambda item: item[1])
