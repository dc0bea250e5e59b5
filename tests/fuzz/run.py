"""Fuzz campaign runner: `python -m tests.fuzz.run [--examples N] [--seed S] [--only NAME...]`.

Runs every target of tests/fuzz/targets.py under hypothesis with the example budget split by
each target's share (default 120,000 inputs in all), and prints per target how many inputs ran,
how long it took and any finding: the shrunk input and its traceback. Exit status 1 when
anything was found. `make fuzz` runs it with the default budget.

Why hypothesis and not atheris: it is already a test dependency, runs on every platform the
app does, and shrinks a failure to a small input that goes straight into a regression test.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.fuzz.targets import TARGETS, Target

DEFAULT_EXAMPLES = 120_000


@dataclass
class Outcome:
    name: str
    ran: int = 0
    seconds: float = 0.0
    findings: list[str] = field(default_factory=list)


def run_target(target: Target, examples: int, run_seed: int) -> Outcome:
    """Run one target for `examples` inputs; a failure is shrunk and recorded, not raised."""
    outcome = Outcome(target.name)
    last_failure: list[str] = []

    def body(value: Any) -> None:
        outcome.ran += 1
        try:
            target.check(value)
        except Exception:
            # Hypothesis replays the shrunk example last, so the final record is the minimal one.
            last_failure[:] = [f"input: {value!r}"[:2000], traceback.format_exc()]
            raise

    test = seed(run_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
            print_blob=False,
        )(given(target.strategy)(body))
    )
    began = time.perf_counter()
    try:
        test()
    except Exception as error:  # noqa: BLE001 - every failure is a finding to report
        outcome.findings.append("\n".join(last_failure) or f"{type(error).__name__}: {error}")
    outcome.seconds = time.perf_counter() - began
    return outcome


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="total inputs")
    parser.add_argument("--seed", type=int, default=20260216)
    parser.add_argument("--only", nargs="*", default=(), help="target names to run")
    args = parser.parse_args(argv)
    targets = [t for t in TARGETS if not args.only or t.name in args.only]
    share = sum(t.share for t in targets)
    outcomes = []
    began = time.perf_counter()
    for target in targets:
        budget = max(1, round(args.examples * target.share / share))
        outcome = run_target(target, budget, args.seed)
        outcomes.append(outcome)
        status = f"{len(outcome.findings)} finding(s)" if outcome.findings else "ok"
        print(f"{target.name:16} {outcome.ran:8,} inputs {outcome.seconds:8.1f} s  {status}")
        for finding in outcome.findings:
            print("    " + finding.replace("\n", "\n    "))
        sys.stdout.flush()
    total = sum(o.ran for o in outcomes)
    found = sum(len(o.findings) for o in outcomes)
    elapsed = time.perf_counter() - began
    print(f"{'total':16} {total:8,} inputs {elapsed:8.1f} s  {found} finding(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
