"""Caption spellings of speakers' names, learned from the library itself, kept in the index.

Why: the transcripts are automatic captions, and they spell names as they sound ("Benjio" for
Bengio, "Nilakani" for Nilekani, "Alman" for Altman), consistently within a talk. A search for
the name as people write it would miss every one of those places.

How a transcript word becomes a caption spelling of a name word (a word of a listed speaker's
name, four letters or more):

* it sounds alike: same Metaphone or NYSIIS code, or the Match Rating comparison agrees
  (`jellyfish`), and it starts with the same letter;
* it is spelled nearly alike: at most one edit for names up to six letters, two beyond
  (`rapidfuzz`);
* it is not a common word of the collection: the most frequent words that together make up
  COMMON_SHARE of all transcript words are common (a list the collection's own word
  frequencies give, so it grows and shrinks with the collection), and it is not itself a word
  of some speaker's name;
* the captions write it as a name: capitalised inside sentences at least as often as not (they
  capitalise names, not "fabric" or "anime");
* there is evidence: it occurs in the transcript of a session that lists that speaker, or next
  to another word of the speaker's name ("nandan nilakani").

A name word that is itself common ("Gates", "Bill") gets no caption spellings: the search for a
common word stays exactly what it was. The table keeps its evidence (paragraphs, sessions, one
sample) and is rebuilt when the index changes (`refresh`), keyed by the files' hashes.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from viewer.core.search.db import Database, IndexCorrupt, IndexUnwritable
from viewer.core.search.schema import OWNER_SHIFT
from viewer.core.session.model import Session
from viewer.core.text import folding
from viewer.core.util.digest import blake2b

VERSION = 1
COMMON_SHARE = 0.95
# A word seen fewer times than this is never common (in a small library the share alone
# would call nearly every word common).
MIN_COMMON_COUNT = 10
MIN_NAME_LETTERS = 4
MAX_CANDIDATES_PER_WORD = 200  # occurrences of one candidate read for its evidence
SAMPLE_CHARS = 90
LOOKUP_TIMEOUT_S = 0.05  # the find bar never waits longer for a locked index
_WORD = re.compile(r"[a-z]+")

_TABLES = """
CREATE TABLE IF NOT EXISTS caption_spellings(word TEXT NOT NULL, name TEXT NOT NULL,
    person TEXT NOT NULL, paragraphs INTEGER, sessions INTEGER, sample TEXT,
    PRIMARY KEY(word, name));
CREATE TABLE IF NOT EXISTS caption_state(key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass(frozen=True)
class Spelling:
    """A transcript word the captions use for a word of a speaker's name, with its evidence.

    Attributes:
        word: the caption spelling ("benjio").
        name: the name word as the speaker lists write it, folded ("bengio").
        person: the speaker's key the evidence came from ("yoshua bengio").
        paragraphs: transcript paragraphs holding the word where the speaker is listed or named.
        sessions: sessions whose transcript holds it that list the speaker.
        sample: a short piece of transcript around one occurrence.
    """

    word: str
    name: str
    person: str
    paragraphs: int
    sessions: int
    sample: str


@dataclass
class SpellingTable:
    """The learned spellings, with `forms(word)`: every spelling of the name(s) `word` is one
    of (the name word itself and its caption spellings), or nothing for other words."""

    spellings: list[Spelling] = field(default_factory=list)
    _forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        groups: dict[str, set[str]] = defaultdict(set)
        for s in self.spellings:
            groups[s.name].update((s.name, s.word))
        forms: dict[str, set[str]] = defaultdict(set)
        for group in groups.values():
            for word in group:
                forms[word] |= group
        self._forms = {w: frozenset(f) for w, f in forms.items()}

    def forms(self, word: str) -> frozenset[str]:
        return self._forms.get(word, frozenset())

    def as_mapping(self) -> Mapping[str, frozenset[str]]:
        return self._forms


def _sounds_alike(a: str, b: str) -> bool:
    if jellyfish.metaphone(a) == jellyfish.metaphone(b) or jellyfish.nysiis(a) == jellyfish.nysiis(
        b
    ):
        return True
    return bool(jellyfish.match_rating_comparison(a, b))


def _edit_limit(name: str) -> int:
    """Edits allowed between a name word and its caption spelling."""
    return 1 if len(name) <= 6 else 2


def common_words(frequencies: Mapping[str, int], share: float = COMMON_SHARE) -> frozenset[str]:
    """The most frequent words that together make up `share` of all word occurrences (and
    occur at least MIN_COMMON_COUNT times); among words of the same count, the first in
    alphabetical order.

    Only the counts are sorted (the words are not: 28,000 of them took 20 ms with a key of
    two parts); the words come from the last count taken."""
    total = sum(frequencies.values())
    counts = sorted(frequencies.values(), reverse=True)
    taken = running = 0
    for count in counts:
        if running >= share * total or count < MIN_COMMON_COUNT:
            break
        running += count
        taken += 1
    if not taken:
        return frozenset()
    last = counts[taken - 1]
    above = [word for word, count in frequencies.items() if count > last]
    ties = sorted(word for word, count in frequencies.items() if count == last)
    return frozenset(above + ties[: taken - len(above)])


def vocabulary(db: Database) -> dict[str, int]:
    """Folded word -> occurrences in the transcripts (the index's own word list)."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.body_vocab USING fts5vocab(main, fts, 'col')"
    )
    return {
        str(term): int(count)
        for term, count in db.execute("SELECT term, cnt FROM temp.body_vocab WHERE col='body'")
    }


def _name_words(sessions: Iterable[Session]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(name word -> speaker keys having it, speaker key -> paths of sessions listing them)."""
    words: dict[str, set[str]] = defaultdict(set)
    listed: dict[str, set[str]] = defaultdict(set)
    for session in sessions:
        for speaker in session.speakers:
            if not speaker.key:
                continue
            listed[speaker.key].add(session.path)
            for word in folding.tokens(speaker.key):
                if len(word) >= MIN_NAME_LETTERS and word.isalpha() and word.isascii():
                    words[word].add(speaker.key)
    return words, listed


def learn(db: Database, sessions: list[Session]) -> list[Spelling]:
    """Find the caption spellings of the speakers' name words in the indexed transcripts."""
    frequencies = vocabulary(db)
    common = common_words(frequencies)
    name_words, listed = _name_words(sessions)
    candidates = [
        w
        for w in frequencies
        if len(w) >= MIN_NAME_LETTERS and w.isalpha() and w not in common and w not in name_words
    ]
    # Candidates by first letter and length: a word more than `_edit_limit` letters longer or
    # shorter than a name cannot be within that many edits of it.
    by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
    for word in candidates:
        by_start[word[0], len(word)].append(word)
    paths_of_digest: dict[str, set[str]] = defaultdict(set)
    for path, digest in db.execute("SELECT path, digest FROM sessions WHERE digest <> ''"):
        paths_of_digest[digest].add(path)
    owner_digest = dict(db.execute("SELECT owner, digest FROM transcripts").fetchall())
    pairs: list[tuple[str, str, set[str]]] = []  # (word, name, its speakers), in that order
    buckets: dict[tuple[str, int, int], list[str]] = {}  # names of one letter and length share
    for name, keys in sorted(name_words.items()):
        if name in common:
            continue
        limit = _edit_limit(name)
        size = len(name)
        bucket = buckets.get((name[0], size, limit))
        if bucket is None:
            bucket = buckets[name[0], size, limit] = [
                w
                for n in range(size - limit, size + limit + 1)
                for w in by_start.get((name[0], n), ())
            ]
        # One C++ pass over the words sharing the first letter (rapidfuzz), then the checks.
        near = process.extract(
            name, bucket, scorer=Levenshtein.distance, score_cutoff=limit, limit=None
        )
        pairs += [(w, name, keys) for w, _, _ in near if w != name and _sounds_alike(name, w)]
    # A word near several names ("kumaar": kumar, kumari) is looked up once for all of them.
    places: dict[str, list[int]] = defaultdict(list)
    for at, (word, _, _) in enumerate(pairs):
        places[word].append(at)
    found: dict[int, Spelling] = {}
    for word, ats in places.items():
        rows = db.execute(
            "SELECT r.id, r.text FROM fts JOIN rows r ON r.id = fts.rowid WHERE fts MATCH ? "
            "LIMIT ?",
            ('{body} : "' + word + '"', MAX_CANDIDATES_PER_WORD),
        ).fetchall()
        if not _written_as_a_name(word, [text for _, text in rows]):
            continue
        folded_rows: dict[int, list[str]] = {}  # each row's folded words, made once
        for at in ats:
            _, name, keys = pairs[at]
            evidence = _evidence(
                rows, folded_rows, word, name, keys, listed, owner_digest, paths_of_digest
            )
            if evidence is not None:
                found[at] = evidence
    return [found[at] for at in sorted(found)]


def _evidence(
    rows: list[tuple[int, str]],
    folded_rows: dict[int, list[str]],
    word: str,
    name: str,
    keys: set[str],
    listed: dict[str, set[str]],
    owner_digest: dict[int, str],
    paths_of_digest: dict[str, set[str]],
) -> Spelling | None:
    """The best-supported speaker for `word` as a spelling of `name` in `rows` (the
    paragraphs holding `word`: id and text), or None without any. `folded_rows` keeps each
    row's folded words for the next call with the same rows."""
    best: Spelling | None = None
    for key in sorted(keys):
        others = {w for w in folding.tokens(key) if w != name and len(w) > 1}
        paragraphs, sessions, sample = 0, set(), ""
        for rowid, text in rows:
            paths = paths_of_digest.get(owner_digest.get(rowid >> OWNER_SHIFT, ""), set())
            is_listed = paths & listed.get(key, set())
            if not is_listed:
                if not others:
                    continue
                tokens = folded_rows.get(rowid)
                if tokens is None:
                    tokens = folded_rows[rowid] = _WORD.findall(folding.fold(text))
                if not _beside(tokens, word, others):
                    continue
            paragraphs += 1
            sessions |= is_listed
            if not sample:
                sample = _sample(text, word)
        if paragraphs and (best is None or paragraphs > best.paragraphs):
            best = Spelling(word, name, key, paragraphs, len(sessions), sample)
    return best


def _beside(tokens: list[str], word: str, others: set[str]) -> bool:
    """Does `word` stand next to one of `others` (the speaker's other name words)?"""
    at = -1
    while True:
        try:
            at = tokens.index(word, at + 1)
        except ValueError:
            return False
        if (at and tokens[at - 1] in others) or (at + 1 < len(tokens) and tokens[at + 1] in others):
            return True


def _written_as_a_name(word: str, texts: list[str]) -> bool:
    """True when the captions write `word` capitalised inside sentences at least as often as not
    (they capitalise proper names: "Benjio", but "fabric", "anime"). Whole words only (not
    inside "benjio's"): `word` found in each text lowered, its neighbours checked."""
    upper = lower = 0
    for text in texts:
        low = text.lower()
        if len(low) != len(text):  # lowering changed the length: positions would not agree
            low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        for at in _whole_words(low, word, _word_char, text):
            before = text[:at].rstrip()
            if before and before[-1] not in ".?!>":  # a sentence start says nothing
                if text[at].isupper():
                    upper += 1
                else:
                    lower += 1
    return upper >= max(1, lower)


def _word_char(ch: str) -> bool:
    """A character of a word as the captions' tokens run (`\\w` and the apostrophe)."""
    return ch.isalnum() or ch in "_'"


def _sample(text: str, word: str) -> str:
    folded = folding.fold(text)
    at = _whole_word_at(folded, word) if len(folded) == len(text) else -1
    lo = max(0, max(at, 0) - SAMPLE_CHARS // 2)
    return " ".join(text[lo : lo + SAMPLE_CHARS].split())


def _whole_word_at(text: str, word: str) -> int:
    """Where `word` (letters) first stands in `text` as a whole word, as the pattern
    `\\bword\\b` finds it (a regular expression made for each of hundreds of words would be
    compiled anew each time); -1 when it does not."""
    return next(_whole_words(text, word, _regex_word_char, text), -1)


def _whole_words(
    found_in: str, word: str, word_char: Callable[[str], bool], written: str
) -> Iterator[int]:
    """Each place where `word` stands in `found_in` as a whole word: the characters around
    it in `written` (the same text as written, of the same length) are no `word_char`."""
    size, end_of_text = len(word), len(written)
    at = found_in.find(word)
    while at >= 0:
        end = at + size
        if (at == 0 or not word_char(written[at - 1])) and (
            end == end_of_text or not word_char(written[end])
        ):
            yield at
        at = found_in.find(word, at + 1)


def _regex_word_char(ch: str) -> bool:
    """`\\w` of a regular expression over text: letters, digits and the underscore."""
    return ch.isalnum() or ch == "_"


def _fingerprint(db: Database) -> str:
    settings = f"captions {VERSION} {COMMON_SHARE} {MIN_COMMON_COUNT}"
    digest = blake2b(settings.encode(), digest_size=12)
    for path, file_hash in db.execute("SELECT path, hash FROM files ORDER BY path"):
        digest.update(f"{path}\0{file_hash}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def refresh(db: Database, sessions: list[Session]) -> bool:
    """Relearn the table when the indexed files changed since it was learned; True if it did.

    The caller holds the writer; this runs in one transaction."""
    db.executescript(_TABLES)
    fingerprint = _fingerprint(db)
    if db.scalar("SELECT value FROM caption_state WHERE key='fingerprint'") == fingerprint:
        return False
    found = learn(db, sessions)
    with db.transaction():
        db.execute("DELETE FROM caption_spellings")
        db.executemany(
            "INSERT OR REPLACE INTO caption_spellings VALUES (?,?,?,?,?,?)",
            [(s.word, s.name, s.person, s.paragraphs, s.sessions, s.sample) for s in found],
        )
        db.execute("INSERT OR REPLACE INTO caption_state VALUES ('fingerprint', ?)", (fingerprint,))
    return True


def load(db: Database) -> SpellingTable:
    """The stored table (empty when none was learned yet)."""
    exists = db.scalar(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='caption_spellings'"
    )
    if not exists:  # an index not yet refreshed since the table was added
        return SpellingTable()
    rows = db.execute(
        "SELECT word, name, person, paragraphs, sessions, sample FROM caption_spellings"
    ).fetchall()
    return SpellingTable([Spelling(*row) for row in rows])


class StoredSpellings:
    """The caption spellings an index file holds, for the find bar ("also find caption
    spellings"). Read lazily, read again after the index changes; a missing, locked or
    damaged file gives no spellings and never raises. Use from the thread that made it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: Database | None = None
        self._version: object = None
        self._table = SpellingTable()

    def forms(self, word: str) -> frozenset[str]:
        """Every spelling of the name word `word` (folded), or nothing."""
        try:
            if self._db is None:
                if not self.path.is_file():
                    return frozenset()
                self._db = Database(self.path, timeout=LOOKUP_TIMEOUT_S)
            version = self._db.scalar("PRAGMA data_version")
            if version != self._version:
                self._table, self._version = load(self._db), version
        except (sqlite3.Error, OSError, IndexCorrupt, IndexUnwritable):
            self.close()
            return frozenset()
        return self._table.forms(word)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._version = None
