"""Quality flags on the real collection (skipped without ../shared).

`quality_labels.json` holds sessions read by hand: transcripts that are another talk, and
genuine ones that come close to the doubtful rule (fragments, classes that name nobody). The
test checks the flags against them and that the doubtful flag stays rare.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from viewer.core.library.load import load_library
from viewer.core.library.quality import PARTIAL_WPM, flag_counts

LABELS = Path(__file__).with_name("quality_labels.json")
MAX_DOUBTFUL_SHARE = 0.04  # "no more than a few per cent"


@pytest.mark.corpus
def test_flags_on_the_collection(corpus_root: Path) -> None:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    library = load_library([corpus_root])
    qualities = library.qualities()
    counts = flag_counts(list(qualities.values()))
    print(dict(counts))  # the figures reported with the change

    assert set(qualities) == {s.path for s in library.sessions}
    for session in library.sessions:
        q = qualities[session.path]
        assert ("none" in q.flags) == (not session.has_transcript)
        assert len(q.flags) == len(q.reasons) and all(q.reasons)
        assert ("shared" in q.flags) <= (library.stream_of(session.path) is not None)
        for other in q.duplicates:  # linked both ways
            assert session.path in qualities[other].duplicates
        if "partial" in q.flags:
            assert q.words_per_minute is not None and q.words_per_minute < PARTIAL_WPM

    assert counts["doubtful"] <= MAX_DOUBTFUL_SHARE * len(library.sessions)
    for path, label in labels.items():
        q = qualities[path]
        assert ("doubtful" in q.flags) == label["wrong"], (path, q.reasons)
        if "belongs_to" in label:
            assert q.may_belong_to == label["belongs_to"]
    # Every "may belong to" offered was checked by reading, and is right.
    offered = {p: q.may_belong_to for p, q in qualities.items() if q.may_belong_to}
    assert offered and all(labels[p].get("belongs_to") == to for p, to in offered.items())
