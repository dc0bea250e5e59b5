"""The search box language, compiled to a safe FTS5 MATCH expression; snippets and highlights.

The language never errors. What it understands:

* plain words: all must match, in any order; the last word is a prefix while the user is still
  typing it (no trailing space);
* `"exact phrase"` (an unterminated quote runs to the end of the query);
* `-word` or `-"a phrase"`: leave out paragraphs that contain it;
* `speaker:name` / `speaker:"full name"`: only sessions with a matching speaker;
* `day:2` (repeatable: `day:1 day:4`): only sessions of that day.

Everything else is literal text: `AND`, `NEAR(`, `*`, `multi-agent`, `don't`. The compiler never
passes user characters to FTS5 syntax: every term is reduced to the tokens the index's tokenizer
would produce (`folding.tokens`) and written as a double-quoted string of letters and digits,
so no input can produce an FTS5 syntax error. Length and term count are capped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from viewer.core.text import folding

MAX_QUERY_CHARS = 1000
MAX_TERMS = 16
# A prefix shorter than this matches too much of the index to be useful (and is slow).
MIN_PREFIX = 2

_PART = re.compile(
    r"""
    (?P<neg>-)?
    (?:(?P<key>speaker|day):)?
    (?:"(?P<quoted>[^"]*)(?P<closed>"?)|(?P<word>[^\s"]+))
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    """One search term: folded tokens that must appear next to each other (a phrase).

    `prefix` makes the last token match any word starting with it. `alternatives` are other
    phrases that count as this term (other spellings of a name, British and American
    spelling: `expand`); `quoted` terms were typed in quotes and are never expanded.
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    alternatives: tuple[tuple[str, ...], ...] = ()
    quoted: bool = field(default=False, compare=False)

    def fts(self) -> str:
        # Tokens are runs of letters/digits only, so quoting them cannot break out of the string.
        text = '"' + " ".join(self.tokens) + '"'
        text = text + " *" if self.prefix else text
        if not self.alternatives:
            return text
        others = ['"' + " ".join(alt) + '"' for alt in self.alternatives if alt]
        return "(" + " OR ".join([text, *others]) + ")"


@dataclass(frozen=True)
class Query:
    """A parsed query. `terms` must all match; `excluded` must not; filters limit sessions."""

    text: str
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()
    speakers: tuple[tuple[str, ...], ...] = ()
    days: frozenset[int] = field(default_factory=frozenset)
    # Limit matching to these index columns (e.g. ("body",) for transcripts only); () = all.
    columns: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Nothing to look up in the text (filters alone do not make a search)."""
        return not self.terms and not self.speakers

    @property
    def highlight_terms(self) -> tuple[Term, ...]:
        """Terms worth highlighting in snippets and in the transcript."""
        speaker_terms = tuple(Term(t) for t in self.speakers)
        return self.terms or speaker_terms

    def words(self) -> list[str]:
        """Plain words for the transcript's find bar: one entry per term, phrase as typed."""
        return [" ".join(t.tokens) for t in self.highlight_terms]

    def match_expression(self, *, any_term: bool = False) -> str:
        """The FTS5 MATCH string; "" when there is nothing to match.

        `any_term`: a row matches with any one of the terms (used once sessions are known to
        hold all of them).
        """
        if self.terms:
            positive = (" OR " if any_term else " AND ").join(t.fts() for t in self.terms)
        elif self.speakers:
            # A speaker-only query searches the speakers column for the names.
            positive = "{speakers} : (" + " OR ".join(Term(t).fts() for t in self.speakers) + ")"
        else:
            return ""
        if self.excluded:
            negative = " OR ".join(t.fts() for t in self.excluded)
            positive = f"({positive}) NOT ({negative})"
        if self.columns and self.terms:
            # Column names come from code (indexschema.FTS_COLUMNS), never from the user.
            positive = "{" + " ".join(self.columns) + "} : (" + positive + ")"
        return positive


def parse(text: str, *, typing: bool = True) -> Query:
    """Parse what the user typed. Never raises.

    `typing`: the user is still typing, so a last bare word without a trailing space is a prefix.
    """
    text = text[:MAX_QUERY_CHARS]
    cleaned = folding.clean(text)
    terms: list[Term] = []
    excluded: list[Term] = []
    speakers: list[tuple[str, ...]] = []
    days: set[int] = set()
    last_bare: int | None = None
    for match in _PART.finditer(cleaned):
        value = match.group("quoted") if match.group("quoted") is not None else match.group("word")
        toks = tuple(folding.tokens(value or ""))[:MAX_TERMS]
        key = (match.group("key") or "").lower()
        if key == "day":
            if toks and all(t.isdigit() and len(t) < 3 for t in toks):
                days.update(int(t) for t in toks)
                continue
            key = ""  # "day:x" is literal text
            toks = ("day", *toks)
        if not toks:
            continue
        if key == "speaker":
            speakers.append(toks)
        elif match.group("neg"):
            excluded.append(Term(toks))
        else:
            bare = match.group("word") is not None
            terms.append(Term(toks, quoted=not bare))
            last_bare = len(terms) - 1 if bare and match.end() == len(cleaned) else None
        if len(terms) + len(excluded) + len(speakers) >= MAX_TERMS:
            break
    if typing and last_bare is not None and len(terms[last_bare].tokens[-1]) >= MIN_PREFIX:
        terms[last_bare] = Term(terms[last_bare].tokens, prefix=True)
    return Query(
        text=text,
        terms=tuple(dict.fromkeys(terms)),
        excluded=tuple(dict.fromkeys(excluded)),
        speakers=tuple(dict.fromkeys(speakers)),
        days=frozenset(days),
    )


def phrase_query(text: str, *, columns: tuple[str, ...] = ()) -> Query:
    """A query for `text` as one exact phrase (e.g. a person's name), optionally in some
    columns only."""
    toks = tuple(folding.tokens(text))[:MAX_TERMS]
    return Query(text=text, terms=(Term(toks, quoted=True),) if toks else (), columns=columns)


MAX_ALTERNATIVES = 12


def expand(query: Query, *lookups: Callable[[str], Iterable[str]]) -> Query:
    """`query` with each unquoted one-word term also matching the other forms of its word.

    Each lookup gives the forms of a folded word (itself included or not): caption spellings
    of a name (`captions.SpellingTable.forms`), British and American spelling
    (`text.spelling.forms`). Quoted phrases and terms of several words stay exact; at most
    MAX_ALTERNATIVES forms are added per term.
    """
    if not lookups or not query.terms:
        return query
    terms = []
    for term in query.terms:
        if term.quoted or len(term.tokens) != 1 or term.alternatives:
            terms.append(term)
            continue
        word = term.tokens[0]
        forms: dict[str, None] = {}
        for lookup in lookups:
            forms.update(dict.fromkeys(f for f in lookup(word) if f and f != word))
        alternatives = tuple((f,) for f in sorted(forms)[:MAX_ALTERNATIVES])
        terms.append(replace(term, alternatives=alternatives) if alternatives else term)
    return replace(query, terms=tuple(terms))


def speaker_matches(folded_names: str, speakers: tuple[tuple[str, ...], ...]) -> bool:
    """True when every `speaker:` filter's tokens all occur among the tokens of `folded_names`."""
    if not speakers:
        return True
    have = set(folded_names.split())
    prefixes = tuple(have)
    for wanted in speakers:
        for token in wanted:
            if token not in have and not any(h.startswith(token) for h in prefixes):
                return False
    return True


# --- snippets ------------------------------------------------------------------------------

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Snippet:
    """A window of display text with the spans (relative to `text`) to highlight."""

    text: str
    spans: tuple[tuple[int, int], ...]
    clipped_start: bool = False
    clipped_end: bool = False

    def plain(self) -> str:
        return ("… " if self.clipped_start else "") + self.text + (" …" if self.clipped_end else "")

    def html(self, open_tag: str = "<b>", close_tag: str = "</b>") -> str:
        """Escaped HTML with highlighted spans; the only markup is the given tags."""
        out: list[str] = ["… " if self.clipped_start else ""]
        pos = 0
        for a, b in self.spans:
            out.append(html.escape(self.text[pos:a]))
            out.append(open_tag + html.escape(self.text[a:b]) + close_tag)
            pos = b
        out.append(html.escape(self.text[pos:]))
        out.append(" …" if self.clipped_end else "")
        return "".join(out)


def _matcher(terms: tuple[Term, ...]) -> tuple[set[str], tuple[str, ...]]:
    exact: set[str] = set()
    prefixes: list[str] = []
    for term in terms:
        exact.update(term.tokens)
        for alternative in term.alternatives:
            exact.update(alternative)
        if term.prefix:
            prefixes.append(term.tokens[-1])
    return exact, tuple(prefixes)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=64)
def _ascii_pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    """A case-insensitive regex for the query tokens, when they are all plain ASCII."""
    exact, prefixes = _matcher(terms)
    words = sorted(exact, key=len, reverse=True)
    if not words or not all(w.isascii() for w in words):
        return None
    alternatives = [re.escape(p) + r"[^\W_]*" for p in prefixes] + [re.escape(w) for w in words]
    # Plain alternation over lower-cased text, word boundaries checked by the caller: several
    # times faster than look-arounds with IGNORECASE, and this runs for every shown hit.
    return re.compile("|".join(alternatives))


def highlight_spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Character spans in display `text` of tokens that match any query token."""
    if text.isascii() or not any(ch.isalnum() for ch in _NON_ASCII.findall(text)):
        # Letters beyond ASCII would need folding ("café" for "cafe"): only then the slow path.
        pattern = _ascii_pattern(terms)
        if pattern is not None:
            low = text.lower()  # same length: the text has no letters beyond ASCII
            end = len(low)
            return [
                (a, b)
                for a, b in (m.span() for m in pattern.finditer(low))
                if (a == 0 or not low[a - 1].isalnum()) and (b == end or not low[b].isalnum())
            ]
    exact, prefixes = _matcher(terms)
    spans: list[tuple[int, int]] = []
    for start, end, tok in folding.token_spans(text):
        matched = tok in exact or (prefixes and tok.startswith(prefixes))
        if matched and (not spans or spans[-1] != (start, end)):
            spans.append((start, end))
    return spans


def make_snippet(
    text: str, terms: tuple[Term, ...], width: int = SNIPPET_CHARS, *, cleaned: bool = False
) -> Snippet:
    """Cut a window of about `width` characters around the densest cluster of matches.

    Works on character offsets (no per-word lists): snippets are cut for every displayed hit
    on every keystroke, so this is on the latency budget. `cleaned`: the text is already
    `folding.clean`ed with whitespace collapsed (as the index stores it).
    """
    if not cleaned:
        text = " ".join(folding.clean(text).split())
    spans = highlight_spans(text, terms)
    if len(text) <= width:
        return Snippet(text, tuple(spans))
    anchor = 0
    if spans:
        best, j = -1, 0
        for i, (start, _) in enumerate(spans):
            while j < len(spans) and spans[j][1] <= start + width * 3 // 4:
                j += 1
            if j - i > best:
                best, anchor = j - i, start
    lo = max(0, anchor - width // 4)
    hi = min(len(text), lo + width)
    lo = max(0, min(lo, hi - width))
    if lo > 0:  # start at a word boundary, never after the anchor
        space = text.find(" ", lo, anchor)
        lo = space + 1 if space >= 0 else lo
    if hi < len(text):
        space = text.rfind(" ", max(lo, anchor), hi)
        hi = space if space > lo else hi
    inside = tuple((a - lo, b - lo) for a, b in spans if a >= lo and b <= hi)
    return Snippet(text[lo:hi], inside, clipped_start=lo > 0, clipped_end=hi < len(text))
