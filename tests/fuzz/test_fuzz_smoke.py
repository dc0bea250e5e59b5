"""A short run of every fuzz target (the full campaign is `make fuzz`), and proof the runner
reports what it finds."""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from tests.fuzz.run import main, run_target
from tests.fuzz.targets import TARGETS, Target

SMOKE_EXAMPLES = 150


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_target_runs_clean(target: Target) -> None:
    outcome = run_target(target, SMOKE_EXAMPLES, 1)
    assert not outcome.findings, outcome.findings[0]
    assert outcome.ran >= SMOKE_EXAMPLES // 2


def test_runner_shrinks_and_reports_a_planted_failure() -> None:
    def check(text: str) -> None:
        assert "[[" not in text, "planted"

    target = Target("planted", st.text(alphabet="[ab", max_size=50), check, 1.0)
    outcome = run_target(target, 2000, 1)
    assert len(outcome.findings) == 1
    assert outcome.findings[0].startswith("input: '[['")
    assert "AssertionError: planted" in outcome.findings[0]


def test_main_prints_counts_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--examples", "40", "--only", "query", "transcript"]) == 0
    out = capsys.readouterr().out
    assert "query" in out and "transcript" in out
    assert "total" in out and "0 finding(s)" in out
