"""Transcript quality flags on an invented collection: one session per flag, each reason
saying why, the "may belong to" offer, the cache, and hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.library import quality_fixtures as fx
from viewer.core.library import quality_cache
from viewer.core.library.load import Library, load_library
from viewer.core.library.quality import (
    PARTIAL_WPM,
    Quality,
    assess,
    find_duplicates,
    flag_counts,
)
from viewer.core.library.quality_cache import CACHE_NAME
from viewer.core.session import parse as parse_module
from viewer.core.session.model import Session
from viewer.core.session.parse import split_speaker


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fx.build(tmp_path_factory.mktemp("quality"))


@pytest.fixture(scope="module")
def library(collection: Path) -> Library:
    return load_library([collection])


def quality(library: Library, path: str) -> Quality:
    assert library.session(path) is not None, path
    return library.quality_of(path)


def test_a_genuine_transcript_has_no_flag(library: Library) -> None:
    q = quality(library, fx.GENUINE)
    assert q.flags == () and q.reasons == () and q.level == "complete"
    assert q.words_per_minute is not None and 120 <= q.words_per_minute <= 140


def test_no_transcript_is_none(library: Library) -> None:
    q = quality(library, fx.NO_TEXT)
    assert q.flags == ("none",) and q.level == "none" and q.words_per_minute is None
    assert q.reasons == ("No transcript.",)


def test_a_fragment_is_partial_with_its_rate(library: Library) -> None:
    q = quality(library, fx.FRAGMENT)
    assert q.flags == ("partial",) and q.level == "partial"
    assert q.words_per_minute is not None and q.words_per_minute < PARTIAL_WPM
    assert "300 words for a 1 h slot" in q.reasons[0] and "(5 words a minute" in q.reasons[0]


def test_another_talk_is_doubtful_and_points_to_its_session(library: Library) -> None:
    q = quality(library, fx.WRONG)
    assert q.flags == ("doubtful",) and q.level == "doubtful"
    reason = q.reasons[0]
    # It says what was looked for: the speakers' names and the title's words.
    assert "Ingrid Halvorsen" in reason and "Marco Bellucci" in reason
    assert '"glacier"' in reason and '"hydrology"' in reason
    assert q.may_belong_to == fx.OWNER and fx.OWNER in reason
    # Nothing was moved: the owner still has no transcript.
    assert quality(library, fx.OWNER).flags == ("none",)


def test_a_caption_spelling_of_a_name_counts_as_named(library: Library) -> None:
    assert "doubtful" not in quality(library, fx.MISSPELLED).flags


def test_two_entries_of_one_session_point_to_each_other(library: Library) -> None:
    first, second = quality(library, fx.FIRST_ENTRY), quality(library, fx.SECOND_ENTRY)
    assert first.flags == ("none", "duplicate") and second.flags == ("duplicate",)
    assert first.duplicates == (fx.SECOND_ENTRY,) and second.duplicates == (fx.FIRST_ENTRY,)
    assert fx.SECOND_ENTRY in first.reasons[-1] and fx.FIRST_ENTRY in second.reasons[-1]


def test_a_short_recording_shared_by_a_day_is_shared_and_partial(library: Library) -> None:
    for path in fx.SHARED_DAY:
        q = quality(library, path)
        # Partial, not doubtful: a 300-word fragment cannot be expected to hold each keynote.
        assert q.flags == ("partial", "shared")
        reasons = dict(zip(q.flags, q.reasons, strict=True))
        assert "shared by 4 sessions" in reasons["shared"]
        assert "4 h of slots" in reasons["partial"]
        assert q.words_per_minute is not None and q.words_per_minute < 2


def test_a_session_missing_from_a_full_shared_recording_is_doubtful(library: Library) -> None:
    present, missing = (quality(library, p) for p in fx.SHARED_PAIR)
    assert present.flags == ("shared",) and "found at words 0-" in present.reasons[0]
    assert missing.flags == ("doubtful", "shared")
    assert "not found" in missing.reasons[0] and "not found in it" in missing.reasons[1]


def test_export_record_follows_the_contract(library: Library) -> None:
    record = quality(library, fx.WRONG).as_record()
    assert list(record) == ["flags", "words_per_minute", "reasons", "may_belong_to"]
    assert record["flags"] == ["doubtful"] and record["may_belong_to"] == fx.OWNER
    counts = flag_counts(list(library.qualities().values()))
    assert counts["none"] == 3 and counts["duplicate"] == 2 and counts["doubtful"] == 2


def test_a_warm_start_reads_no_transcript_for_the_flags(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = load_library([collection], cache_dir=cache).qualities()
    assert (cache / CACHE_NAME).is_file()
    reads: list[str] = []
    real = parse_module.read_session_bytes

    def counting(file: Path, rel: str, *args: object, **kwargs: object) -> object:
        reads.append(rel)
        return real(file, rel, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parse_module, "read_session_bytes", counting)  # every read of a file
    warm = load_library([collection], cache_dir=cache, trust_cache=True)
    assert warm.qualities() == cold
    # Only the shared recording is read (its parts are in the segment cache, not here).
    assert not [r for r in reads if r not in fx.SHARED_DAY]


def test_a_damaged_cache_is_rebuilt(collection: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    expected = load_library([collection], cache_dir=cache).qualities()
    (cache / CACHE_NAME).write_text('{"x": [1, 2, "not", "a", "verdict"]}', encoding="utf-8")
    assert load_library([collection], cache_dir=cache).qualities() == expected


def test_looking_for_owners_is_bounded(collection: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality_cache, "MAX_OWNER_SEARCHES", 0)
    q = load_library([collection]).quality_of(fx.WRONG)
    assert q.flags == ("doubtful",) and q.may_belong_to is None


def test_duplicates_need_the_same_day_slot_and_speakers() -> None:
    def entry(path: str, date: str, start: str, end: str, *speakers: str) -> Session:
        people = tuple(split_speaker(s) for s in speakers)
        return Session(path=path, date=date, start=start, end=end, speakers=people)

    sessions = [
        entry("a", "2026-02-19", "10:00", "11:00", "Ravi Iyer", "Mina Rao"),
        entry("b", "2026-02-19", "10:30", "11:30", "Mina Rao", "Ravi Iyer"),  # overlaps
        entry("c", "2026-02-19", "11:30", "12:00", "Ravi Iyer", "Mina Rao"),  # later slot
        entry("d", "2026-02-20", "10:00", "11:00", "Ravi Iyer", "Mina Rao"),  # other day
        entry("e", "2026-02-19", "10:00", "11:00", "Ravi Iyer"),  # fewer speakers
        entry("f", "2026-02-19", "10:00", "11:00"),  # none listed
        entry("g", "2026-02-19", "10:00", "11:00"),
    ]
    assert find_duplicates(sessions) == {"a": ("b",), "b": ("a",)}


def test_hostile_headers_never_raise() -> None:
    odd = [
        Session(path="x", start="99:99", end="", has_transcript=True, transcript_words=10**9),
        Session(path="y", date="not a date", start="10:00", end="09:00", has_transcript=True),
        Session(path="z", title="\u2060" * 50, speakers=(split_speaker("- "),)),
    ]
    found = assess(odd, [], lambda _p: None, lambda _p: None)
    assert set(found) == {"x", "y", "z"}
    assert found["x"].words_per_minute is None and found["z"].flags == ("none",)


def test_a_quote_from_a_flagged_transcript_says_so(collection: Path) -> None:
    from viewer.core.export.citation import cite
    from viewer.core.export.notes_export import quote_source

    fresh = load_library([collection])
    session = fresh.full_session(fx.FRAGMENT)
    assert quote_source(fresh, session, 0, 300).quality == ""  # not judged yet: no waiting
    fresh.qualities()
    source = quote_source(fresh, session, 0, 300)
    assert source.quality == "partial"
    assert "transcript quality: partial" in cite("some words", source).plain
    genuine = fresh.full_session(fx.GENUINE)
    assert quote_source(fresh, genuine, 0, 100).quality == ""
