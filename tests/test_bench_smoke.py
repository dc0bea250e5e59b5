"""CI runs the benchmarks only as this smoke run: it checks the harness reports every measure
(a number against its floor, or an explicit reason it was skipped), never a timing."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import BUDGETS, MEASURES, Budget

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SUMMIT_BENCH_CACHE=str(out / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(out / "results")],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    files = sorted((out / "results").glob("bench-smoke-*.json"))
    assert len(files) == 1
    assert "measure" in done.stdout and "budget" in done.stdout  # the table was printed
    return json.loads(files[0].read_text(encoding="utf-8"))


def test_every_measure_is_reported_once(report: dict) -> None:
    names = [row["measure"] for row in report["results"]]
    assert sorted(names) == sorted(MEASURES)
    assert report["smoke"] is True and report["measures"] == list(MEASURES)


def test_each_result_is_a_ratio_or_an_explicit_skip(report: dict) -> None:
    for row in report["results"]:
        if row["skipped"]:
            assert isinstance(row["skipped"], str) and len(row["skipped"]) > 5, row
            assert row["ratio"] is None and row["pass"] is None
            continue
        for key in ("value", "floor", "ratio"):
            assert isinstance(row[key], int | float) and math.isfinite(row[key]), row
        assert row["floor"] > 0 and row["value"] >= 0
        assert row["ratio"] == pytest.approx(row["value"] / row["floor"], rel=1e-2)
        assert row["budget"] and row["unit"] in ("ms", "MB")
        assert row["pass"] in (True, False) or BUDGETS[row["measure"]].kind == "info"


def test_budget_rules() -> None:
    ratio = Budget("ratio", 2.0, 3.0)
    assert ratio.passes(190, 100, "1x") and not ratio.passes(210, 100, "1x")
    assert ratio.passes(290, 100, "10x") and not ratio.passes(310, 100, "10x")
    assert Budget("abs", 16.0).passes(15.9, 1.0, "10x") is True
    assert Budget("abs", 16.0).passes(16.0, 1.0, "1x") is False
    assert Budget("delta", 60.0).passes(150, 100, "1x") and not Budget("delta", 60.0).passes(
        161, 100, "1x"
    )
    assert Budget("info").passes(1, 1, "1x") is None


def test_percentile_nearest_rank() -> None:
    from benchmarks.measure import percentile

    samples = [float(x) for x in range(1, 101)]
    assert percentile(samples, 95) == 95.0  # nearest rank: ceil(0.95 * 100) = 95th value
    assert percentile(samples, 50) == 50.0
    assert percentile([3.0], 99) == 3.0
    assert math.isnan(percentile([], 50))


def test_child_exit_status_output_and_wall_time() -> None:
    from benchmarks.measure import run_child

    done = run_child([sys.executable, "-c", "import sys; sys.stderr.write('boom'); sys.exit(3)"])
    assert done.returncode == 3 and "boom" in done.stderr
    assert 0 < done.wall_ms < 30_000


def test_script_peak_rss_is_its_own(tmp_path: Path) -> None:
    """The parent (this test process) is larger than a bare interpreter: its RSS must not leak
    into the child's figure (it does with wait4's ru_maxrss after fork+exec on Linux)."""
    from benchmarks.measure import child_env, run_python_script

    small, big = tmp_path / "small.py", tmp_path / "big.py"
    small.write_text("import sys\nsys.exit(0)\n", encoding="utf-8")
    big.write_text("b = bytearray(80_000_000)\nb[::4096] = b'x' * len(b[::4096])\n", "utf-8")
    tiny = run_python_script(small, [], env=child_env())
    large = run_python_script(big, [], env=child_env())
    assert tiny.returncode == 0 and large.returncode == 0
    assert tiny.max_rss_mb < 30, tiny.max_rss_mb
    assert 70 < large.max_rss_mb - tiny.max_rss_mb < 100
