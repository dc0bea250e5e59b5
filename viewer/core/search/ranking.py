"""Counting and ordering the rows a query matches, within a keystroke's budget.

Why its own module: this is where the cost model lives, so a keystroke stays within a few
milliseconds at 1x and tens at 10x. One pass over the matches (`scan_matches`) gives counts per
session, matched fields and first paragraphs without a join; bm25 (`bm25_ranking`, with column
weights: a title or speaker hit outranks a passing mention in a transcript) ranks inside the
matched owners' rowid ranges when a full pass proved slow; very common words get a cheap
ranking from the scan alone (`cheap_ranking`). Which of them runs is `search`'s choice.
"""

from __future__ import annotations

import heapq
import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from viewer.core.search.schema import FIELDS, LOCAL_MASK, OWNER_SHIFT
from viewer.core.search.scope import Attribution

if TYPE_CHECKING:
    from viewer.core.search.db import Database

# bm25 column weights, in FTS column order (see indexschema.FTS_COLUMNS).
WEIGHTS = (10.0, 6.0, 4.0, 3.0, 3.0, 1.0)
# A session's own fields are rows 0..4 of its owner: which of them a mask names.
_META_MASK = (1 << (len(FIELDS) - 1)) - 1
_META_FIELDS = [
    tuple(f for f in range(len(FIELDS) - 1) if mask >> f & 1) for mask in range(_META_MASK + 1)
]
# About what one FTS5 query restricted to a rowid range costs (see bm25_ranking).
RANGE_QUERY_SECONDS = 0.0004


@dataclass
class Scan:
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


def scan_matches(db: Database, expression: str, restrict: str, attribution: Attribution) -> Scan:
    """One evaluation of the MATCH over the whole index, grouped per owner in SQL (no join).

    A session's own rows are fields 0..4, so a bit mask of `rowid & 7` names the fields that
    matched. Only the few shared transcripts are then read again, their hits counted per
    session of the stream (`slot_sql`).
    """
    scan = Scan(defaultdict(int), {}, [], [])
    started = time.perf_counter()

    rows = db.execute(
        f"SELECT fts.rowid >> {OWNER_SHIFT}, count(*), min(fts.rowid), "
        f"sum(1 << (fts.rowid & 7)) FROM fts WHERE fts MATCH ?{restrict} GROUP BY 1",
        (expression,),
    ).fetchall()
    # Per owner (a common word matches in most of them), so written out: a session's own rows
    # and an unshared transcript's rows can only belong to that one session.
    session_owner, streams, shared = (
        attribution.session_owner,
        attribution.streams,
        attribution.shared,
    )
    counts, first, meta = scan.counts, scan.first, scan.meta
    for owner, n, lowest, fields in rows:
        path = session_owner.get(owner)
        if path is not None:  # a session's own fields: `fields` is the mask of those matched
            base = owner << OWNER_SHIFT
            meta.extend([base | f for f in _META_FIELDS[int(fields) & _META_MASK]])
            counts[path] += n
        elif owner not in shared:
            stream = streams.get(owner)
            if stream:  # one session's transcript (allowed: else no stream was kept for it)
                path = stream[0][1]
                counts[path] += n
                first[path] = min(first.get(path, lowest), lowest)
    scan.owners = [row[0] for row in rows]
    scan.seconds = time.perf_counter() - started
    shared_owners = [o for o in scan.owners if o in shared]
    if not shared_owners:
        return scan

    def add_slots(rows: Iterable[tuple[int, int, int, int]]) -> None:
        for owner, slot, n, lowest in rows:
            path = credited[owner].get(slot)
            if path is None:  # the part of a session the filters leave out
                continue
            counts[path] += n
            first[path] = min(first.get(path, lowest), lowest)

    # Each slot's hits go to its session when allowed, else to an allowed entry for the same
    # part (two entries for one slot), else to no one.
    credited: dict[int, dict[int, str]] = {}
    for owner in shared_owners:
        stream = streams[owner]
        by_start: dict[int, str] = {}
        for start, path in stream:
            if path in attribution.allowed:
                by_start.setdefault(start, path)
        credited[owner] = {
            slot: by_start[start] for slot, (start, _path) in enumerate(stream) if start in by_start
        }

    # A shared room stream's hits are split between its sessions by paragraph: counted per
    # slot by SQLite. One more full pass is cheaper than a range query per shared transcript
    # when there are many of them, and always for a prefix (each range query would expand it
    # again); otherwise FTS5 seeks each transcript's rowid range.
    if "*" in expression or len(shared_owners) * RANGE_QUERY_SECONDS > scan.seconds:
        ids = ",".join(str(int(o)) for o in shared_owners)
        add_slots(
            db.execute(
                f"SELECT fts.rowid >> {OWNER_SHIFT}, {slot_sql(attribution, shared_owners)}, "
                f"count(*), min(fts.rowid) FROM fts WHERE fts MATCH ? "
                f"AND (fts.rowid >> {OWNER_SHIFT}) IN ({ids}) GROUP BY 1, 2",
                (expression,),
            )
        )
        return scan
    for owner in shared_owners:
        lo = owner << OWNER_SHIFT
        add_slots(
            db.execute(
                f"SELECT {int(owner)}, {slot_sql(attribution, [owner])}, count(*), "
                "min(fts.rowid) FROM fts WHERE fts MATCH ? AND fts.rowid BETWEEN ? AND ? "
                "GROUP BY 2",
                (expression, lo, lo | LOCAL_MASK),
            )
        )
    return scan


def slot_sql(attribution: Attribution, owners: Iterable[int]) -> str:
    """SQL giving a row of these shared transcripts its slot in the owner's stream: the
    session whose first paragraph is the last at or before the row's (equal starts: the first
    of them; before every start: 0), as `Attribution.locate` places one row."""
    local = f"(fts.rowid & {LOCAL_MASK})"
    cases = []
    for owner in owners:
        first_of: dict[int, int] = {}
        for slot, (start, _path) in enumerate(attribution.streams[owner]):
            first_of.setdefault(int(start), slot)
        whens = " ".join(
            f"WHEN {local} >= {start} THEN {slot}"
            for start, slot in sorted(first_of.items(), reverse=True)
        )
        cases.append(f"WHEN {int(owner)} THEN CASE {whens} ELSE 0 END")
    return f"CASE (fts.rowid >> {OWNER_SHIFT}) {' '.join(cases)} ELSE 0 END"


def bm25_ranking(
    db: Database, expression: str, restrict: str, scan: Scan, limit: int
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


def cheap_ranking(scan: Scan, attribution: Attribution, limit: int) -> list[tuple[int, float]]:
    """Ranking for very common terms, where bm25 over every paragraph would blow the budget
    and mean little: hits in the sessions' own fields by field weight, then one transcript
    paragraph from each session, sessions that mention the terms most often first. Needs no
    second pass over the index.

    Scores are negated like bm25's (lower is better) so both paths merge the same way. A
    field row of `scan.meta` belongs to the session that owns it (the scan kept only those), so
    its session is looked up by owner, not placed row by row (~1,100 rows for "ai" at 1x)."""
    mentions = {path: math.log1p(n) for path, n in scan.counts.items()}
    session_owner = attribution.session_owner
    scored = [
        (
            rowid,
            -(WEIGHTS[rowid & LOCAL_MASK] + mentions.get(session_owner[rowid >> OWNER_SHIFT], 0.0)),
        )
        for rowid in scan.meta
    ]
    scored.extend((rowid, -mentions.get(path, 0.0)) for path, rowid in scan.first.items())
    return heapq.nsmallest(limit, scored, key=_score)


def _score(item: tuple[int, float]) -> float:
    return item[1]
