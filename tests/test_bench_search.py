"""The index-build figure of `make bench` (benchmarks/bench_search.py): on a library small
enough, the build is timed BUILD_REPS times, each against a floor of its own, and the medians
are the figures, so one slow moment of the machine does not decide the ratio."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

from benchmarks import bench_search
from benchmarks.search_adapter import to_results
from tests.core.search.search_fixtures import build_corpus


@pytest.mark.skipif(shutil.which("rg") is None, reason="the bench compares with rg")
def test_index_build_is_timed_several_times_and_the_medians_are_kept(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    build_corpus(root)
    figures = bench_search.measure(root, work=tmp_path / "work")
    builds = figures["index_build_samples_s"]
    floors = figures["plain_fts_build_samples_s"]
    assert len(builds) == len(floors) == bench_search.BUILD_REPS
    assert figures["index_build_s"] == round(statistics.median(builds), 3)
    assert figures["plain_fts_build_s"] == round(statistics.median(floors), 3)
    assert figures["paragraphs"] > 0
    assert not list((tmp_path / "work").glob("index-*.sqlite*"))  # the repeats leave no files
    (build,) = [r for r in to_results(figures) if r.measure == "index_build"]
    assert build.extra["index_build_samples_s"] == builds
