"""Search in a shared recording: hits belong to the part that holds them (found from the
text), and `speaker:` searches only that speaker's part."""

from __future__ import annotations

from pathlib import Path

from tests.core.recordings.segment_fixtures import write_recording
from viewer.core.library.load import load_library
from viewer.core.search.index import Facets, SearchIndex


def test_speaker_filter_searches_only_the_speakers_part(tmp_path: Path) -> None:
    paths = write_recording(tmp_path / "lib")
    index = SearchIndex.open(tmp_path / "index.sqlite")
    try:
        index.update(load_library([tmp_path / "lib"]))
        # "engines" is said once, in Ada Lovelace's part of the recording
        (hit,) = [h for h in index.search("engines").hits if h.field == "transcript"]
        assert hit.path == paths["Lovelace"] and len(hit.sessions) == 4
        assert index.search("speaker:lovelace engines").hits[0].path == paths["Lovelace"]
        assert not index.search("speaker:turing engines").groups  # not in Turing's part
        # "enigmatic" is in Turing's part, and in another session's own transcript
        found = index.search("speaker:turing enigmatic").hits
        assert [h.path for h in found] == [paths["Turing"]]
        assert not index.search("speaker:curie engines").groups  # its part is not there
        # a facet (not a speaker filter) still shows the hit, credited to an allowed session
        scoped = index.search("engines", Facets(paths=frozenset({paths["Turing"]})))
        assert [h.path for h in scoped.hits] == [paths["Turing"]]
    finally:
        index.close()
