"""The doubtful check of every own transcript, kept beside the header cache.

Checking a transcript means reading it (the corpus's own transcripts are 15 MB, about two
seconds to read and match); the verdict only changes when the transcript, the session's
header or the library's common title words do, and its "may belong to" also when any other
header does. Each verdict is stored
under a key made of what it depends on; a warm start reads the verdicts instead of the files.
The file is checked field by field on reading: a damaged file is set aside and rebuilt.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Collection, Sequence
from pathlib import Path

from viewer.core.library.quality import TextVerdict
from viewer.core.library.quality_text import (
    Candidates,
    TextWords,
    best_fit,
    check_text,
    common_title_words,
)
from viewer.core.session.model import Session
from viewer.core.util.atomic import atomic_write_bytes, set_aside
from viewer.core.util.digest import blake2b

CACHE_NAME = "quality-v1.json"
METHOD_VERSION = 3  # bump when `quality_text.py` judges differently
MAX_CACHE_BYTES = 8 * 1024 * 1024
# Looking for a doubtful text's session compares it with every session of the library; a
# collection where most texts are doubtful (a hostile or broken one) would make that
# quadratic, so only the first this many doubtful texts are looked for (a few per cent of
# the real collection's 686 sessions is about twenty).
MAX_OWNER_SEARCHES = 100


def _hash(described: object) -> str:
    text = json.dumps(described, ensure_ascii=False, separators=(",", ":"))
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _header(session: Session) -> list[object]:
    return [session.path, session.title, [sp.key for sp in session.speakers]]


def text_verdicts(
    sessions: Sequence[Session],
    shared: Collection[str],
    transcript_of: Callable[[str], str],
    digest_of: Callable[[str], str],
    cache_dir: Path | None,
) -> dict[str, TextVerdict]:
    """The doubtful check of every session with a transcript of its own, by path."""
    everyone = _hash([METHOD_VERSION, [_header(s) for s in sessions]])
    stored = _read(cache_dir)
    used: dict[str, list[object]] = {}
    common = common_title_words(sessions)
    candidates: list[Candidates] = []  # made on the first doubtful text
    searches = [0]

    def owners() -> Candidates | None:
        if searches[0] >= MAX_OWNER_SEARCHES:
            return None
        searches[0] += 1
        if not candidates:
            candidates.append(Candidates(sessions, common))
        return candidates[0]

    found: dict[str, TextVerdict] = {}
    for session in sessions:
        if not session.has_transcript or session.path in shared:
            continue
        own = _hash([METHOD_VERSION, digest_of(session.path), _header(session), sorted(common)])
        record = stored.get(session.path)
        verdict = _verdict(record, own, everyone)
        if verdict is None:
            verdict = _judge(session, transcript_of(session.path), common, owners)
        found[session.path] = verdict
        belongs = verdict.may_belong_to
        used[session.path] = [own, everyone, verdict.doubtful, verdict.reason, belongs]
    if used != stored:
        _write(cache_dir, used)
    return found


def _judge(
    session: Session,
    transcript: str,
    common: frozenset[str],
    owners: Callable[[], Candidates | None],
) -> TextVerdict:
    evidence = TextWords(transcript, session.transcript_words)
    check = check_text(session, evidence, common)
    if not check.doubtful:
        return TextVerdict(False, "")
    reason = f"Possibly another talk: {evidence.words:,} words, yet {check.looked_for}."
    looked = owners()
    fit = best_fit(session.path, evidence, looked) if looked is not None else None
    if fit is None:
        return TextVerdict(True, reason)
    path, why = fit
    return TextVerdict(True, f"{reason} It may belong to {path} ({why}).", path)


def _verdict(record: list[object] | None, own: str, everyone: str) -> TextVerdict | None:
    """The stored verdict when it still holds: the same transcript and header, and for a
    doubtful one (whose "may belong to" looks at every session) the same library."""
    if record is None or record[0] != own:
        return None
    _own, library, doubtful, reason, belongs = record
    if doubtful and library != everyone:
        return None
    return TextVerdict(bool(doubtful), str(reason), belongs if isinstance(belongs, str) else None)


def _read(cache_dir: Path | None) -> dict[str, list[object]]:
    if cache_dir is None:
        return {}
    file = Path(cache_dir) / CACHE_NAME
    try:
        if file.stat().st_size > MAX_CACHE_BYTES:
            raise ValueError("too large")
        document = json.loads(file.read_bytes())
        if not isinstance(document, dict):
            raise TypeError("not an object")
        for path, record in document.items():
            if not (
                isinstance(path, str)
                and isinstance(record, list)
                and len(record) == 5
                and all(isinstance(v, str) for v in record[:2])
                and isinstance(record[2], bool)
                and isinstance(record[3], str)
                and (record[4] is None or isinstance(record[4], str))
            ):
                raise TypeError("not a verdict")
        return document
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, TypeError, RecursionError):
        with contextlib.suppress(OSError):
            set_aside(file, keep_older=False)
        return {}


def _write(cache_dir: Path | None, used: dict[str, list[object]]) -> None:
    if cache_dir is None:
        return
    data = json.dumps(used, ensure_ascii=False, separators=(",", ":")).encode()
    with contextlib.suppress(OSError):
        atomic_write_bytes(Path(cache_dir) / CACHE_NAME, data)
