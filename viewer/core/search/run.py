"""Running a parsed query against the index: choosing a ranking, grouping hits by session.

Kept apart from `index.py` (which opens the file) and `indexbuild.py` (which fills it) so each
stays small. The steps: `searchscope` turns the facets and the query's `day:`/`speaker:`
filters into the sessions a hit may be shown for; `ranking` counts the matches per session and
orders them (bm25 only when the match set is small, `FULL_RANK_LIMIT`; a cheap ranking from
the count pass for very common words); this module then groups the best rows by session (a
session's rank is its best hit's) and, when no single paragraph holds every word, falls back to
sessions that hold each word somewhere. Snippets are cut lazily, only for hits that are shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from viewer.core.search.query import Query, Snippet, Term, make_snippet
from viewer.core.search.ranking import bm25_ranking, cheap_ranking, scan_matches
from viewer.core.search.schema import FIELDS, LOCAL_MASK, OWNER_SHIFT
from viewer.core.search.scope import (
    Attribution,
    Facets,
    SessionInfo,
    allowed_sessions,
    restriction,
)

if TYPE_CHECKING:
    from viewer.core.search.db import Database

# Above this many matching rows bm25 over every row costs more than the whole budget, and
# ranking "ai" or "india" paragraph by paragraph means little: the cheap ranking takes over.
FULL_RANK_LIMIT = 2500
# What the search panel asks for on each keystroke (and what benchmarks/bench_search.py times):
# the best hits, a few per session; counts per session are always complete.
PANEL_LIMIT = 60
PANEL_PER_SESSION = 5


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
    # "Did you mean" query for a search that found little ("" when none; `suggest`).
    suggestion: str = ""

    @property
    def hits(self) -> list[Hit]:
        """All returned hits, best first."""
        return sorted((h for g in self.groups for h in g.hits), key=lambda h: -h.score)


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
        attribution = Attribution(info, allowed, parts_only=bool(query.speakers))
        scope = (allowed, attribution, restriction(attribution, len(allowed) < len(info)))
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
    attribution: Attribution,
    restrict: str,
    limit: int,
    per_session: int,
) -> SearchResult:
    scan = scan_matches(db, expression, restrict, attribution)
    counts, total = scan.counts, scan.total
    if total <= FULL_RANK_LIMIT or not query.terms:
        ranked = bm25_ranking(db, expression, restrict, scan, limit)
    else:
        ranked = cheap_ranking(scan, attribution, limit)
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
    attribution: Attribution,
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
                sessions.update(attribution.members(owner))
        matching = sessions if matching is None else matching & sessions
        if not matching:
            return None
    if not matching:
        return None
    narrowed = Attribution(info, sorted(matching), parts_only=bool(query.speakers))
    expression = query.match_expression(any_term=True)
    result = _execute(
        db, info, query, expression, narrowed, restriction(narrowed, True), limit, per_session
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
