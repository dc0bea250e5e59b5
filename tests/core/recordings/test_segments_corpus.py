"""Found parts against hand labels on the real shared recordings (skipped without ../shared).

`segment_labels.json` holds, for every session of the corpus's shared recordings (the Day-4
plenary of 29 keynote slots, the Day 1 and Day 2 ones), the word position where its part truly
begins, or "absent", read by hand from the text, each with a few words of evidence. The test
reports the share of labelled starts found within TOLERANCE words, before (schedule estimate)
and after (found from the text), and the absent calls.
"""

from __future__ import annotations

import json
import time
from itertools import pairwise
from pathlib import Path

import pytest

from viewer.core.library.load import load_library

LABELS = Path(__file__).with_name("segment_labels.json")
TOLERANCE = 250


@pytest.mark.corpus
def test_found_starts_match_the_hand_labels(corpus_root: Path) -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    library = load_library([corpus_root])
    began = time.process_time()
    library.segment_of(library.streams[0].paths[0])  # places every recording once
    seconds = time.process_time() - began

    shared = {path for stream in library.streams for path in stream.paths}
    assert set(labels) == shared  # every shared session is labelled

    present = {p: v["start"] for p, v in labels.items() if v["start"] != "absent"}
    absent = {p for p, v in labels.items() if v["start"] == "absent"}
    found = {p: library.segment_of(p) for p in labels}
    within = [
        p
        for p, start in present.items()
        if (s := found[p]) is not None
        and not s.absent
        and s.start_word is not None
        and abs(s.start_word - start) <= TOLERANCE
    ]
    schedule = []
    for stream in library.streams:
        words = library.session(stream.paths[0]).transcript_words  # type: ignore[union-attr]
        for path, offset in zip(stream.paths, stream.offsets, strict=True):
            if path in present and abs(offset * words - present[path]) <= TOLERANCE:
                schedule.append(path)
    called_absent = {p for p, s in found.items() if s is not None and s.absent}
    print(
        f"\nstarts within {TOLERANCE} words: schedule {len(schedule)}/{len(present)}, "
        f"found {len(within)}/{len(present)}; absent called {len(called_absent & absent)}/"
        f"{len(absent)}, wrongly {len(called_absent - absent)}; placed in {seconds:.2f} s"
    )
    assert len(within) / len(present) >= 0.9
    assert called_absent == absent
    assert seconds < 1.0


@pytest.mark.corpus
def test_found_parts_tile_the_plenary_in_order(corpus_root: Path) -> None:
    library = load_library([corpus_root])
    plenary = max(library.streams, key=lambda stream: len(stream.paths))
    segments = [library.segment_of(path) for path in plenary.paths]
    parts = sorted(
        (s.start_word, s.end_word)
        for s in segments
        if s is not None and not s.absent and s.start_word is not None
    )
    assert parts[0][0] == 0
    for (_, end), (start, _) in pairwise(parts):
        assert end == start  # each part ends where the next found one begins
    transcript_basis = [s for s in segments if s is not None and s.basis == "transcript"]
    assert all(s.cue for s in transcript_basis if not s.absent)
