"""Fixtures for the hostile-files tests: the generated corpus and a bounded child-process run.

The corpus is written once per test session into a temporary folder (it holds a FIFO, symlinks
to /proc and /dev, and a sparse 50 MB file, none of which can live in git).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.generate import Case, generate, make_writable

PROJECT = Path(__file__).resolve().parents[2]
# Seconds one case may take to load or render. The bound is 2 s for the UI; the core
# has no excuse to come close, but the machine is shared, so the bound can be raised by env.
BOUND = float(os.environ.get("SUMMIT_HOSTILE_BOUND", "2.0"))


@dataclass(frozen=True)
class HostileCorpus:
    library: Path
    outside: Path
    cases: list[Case]

    def case(self, name: str) -> Case:
        return next(c for c in self.cases if c.name == name)


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    base = tmp_path_factory.mktemp("hostile")
    corpus = HostileCorpus(base / "library", base / "outside", [])
    corpus.cases.extend(generate(corpus.library, corpus.outside))
    yield corpus
    make_writable(corpus.library)


@dataclass
class ProbeRun:
    records: list[dict[str, Any]]
    timed_out: bool
    returncode: int | None
    stderr: str

    def describe_hang(self) -> str:
        last = self.records[-1] if self.records else {}
        return f"child killed after the record of {last.get('case', '(none)')!r}: the next one hung"


def run_probe(mode: str, library: Path, timeout: float) -> ProbeRun:
    """Run `tests.hostile.probe` in a child process, killed after `timeout` seconds."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "tests.hostile.probe", mode, str(library)]
    try:
        done = subprocess.run(
            command, cwd=PROJECT, env=env, capture_output=True, timeout=timeout, check=False
        )
        out, err, timed_out, code = done.stdout, done.stderr, False, done.returncode
    except subprocess.TimeoutExpired as expired:
        out, err, timed_out, code = expired.stdout or b"", expired.stderr or b"", True, None
    records = [json.loads(line) for line in out.decode().splitlines() if line.strip()]
    return ProbeRun(records, timed_out, code, err.decode(errors="replace"))
