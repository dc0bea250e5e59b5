"""`summit-viewer --search QUERY PATH ...`: ranked hits as JSON lines, for scripting.

Each line is `{"path", "title", "paragraph", "snippet", "score", "field", "sessions"}`, best
first; `paragraph` is the transcript paragraph index or null for a hit in the title, speakers,
summary and so on. The index is the window's own (`viewer.core.util.appdirs.search_dir`), updated
incrementally, so repeated searches over the same folders cost one scan of file sizes and dates.
Exit status: 0 with hits, 1 without, 2 when the query has nothing to search for.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from viewer.core.library.load import Library, load_library
from viewer.core.search.db import IndexBusy, IndexCorrupt
from viewer.core.search.index import BUSY_NOTICE, IndexUnavailable, SearchIndex, index_file_for
from viewer.core.search.query import parse
from viewer.core.util.appdirs import search_dir

CLI_LIMIT = 500


def _update(index: SearchIndex, library: Library, err: TextIO) -> None:
    """Bring the index up to date; another process updating it (IndexBusy) leaves it as it is,
    and a move to a temporary index (full disk) is said."""
    before = index.path
    try:
        index.update(library)
    except IndexBusy:
        err.write(f"search: {BUSY_NOTICE}\n")
    if index.path != before:
        err.write(f"search: {index.notice}\n")


def run(query: str, paths: Sequence[str], out: TextIO, *, err: TextIO | None = None) -> int:
    err = err if err is not None else sys.stderr
    parsed = parse(query, typing=False)
    if parsed.is_empty:
        err.write("search: the query has no words to look for\n")
        return 2
    library = load_library(list(paths))
    try:
        index = SearchIndex.open(index_file_for(search_dir(), library.roots))
    except IndexUnavailable as exc:
        err.write(f"search: {exc}\n")
        return 2
    try:
        if index.notice:
            err.write(f"search: {index.notice}\n")
        try:
            _update(index, library, err)
            result = index.search(parsed, limit=CLI_LIMIT, per_session=CLI_LIMIT)
        except IndexCorrupt:
            if not index.recover():
                err.write("search: the search index keeps getting damaged; search is off\n")
                return 2
            err.write(f"search: {index.notice}\n")
            _update(index, library, err)
            result = index.search(parsed, limit=CLI_LIMIT, per_session=CLI_LIMIT)
        except IndexUnavailable as exc:
            err.write(f"search: {exc}\n")
            return 2
        for hit in result.hits:
            record = {
                "path": hit.path,
                "title": hit.title,
                "paragraph": hit.paragraph if hit.paragraph >= 0 else None,
                "snippet": hit.snippet,
                "score": round(hit.score, 4),
                "field": hit.field,
                "sessions": list(hit.sessions),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
        if result.message and not result.groups:
            err.write(f"search: {result.message}\n")
        return 0 if result.groups else 1
    finally:
        index.close()
