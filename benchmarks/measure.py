"""Shared pieces of the benchmark harness: result records, statistics, child processes.

Why a record per measure with its own floor: absolute times on a shared 2-core machine drift by
tens of percent between runs, while a ratio against a baseline measured minutes apart in the same
run is stable enough to hold a budget to. Qt-using measurements run in child processes so a crash
or a missing module in one of them becomes a "skipped: reason" line instead of ending the run.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
RESULT_PREFIX = "BENCH-RESULT "


@dataclass
class Result:
    """One measured figure against its floor (same unit), or an explicit skip.

    Attributes:
        measure: stable name ("startup_warm", "find_all", ...).
        value, floor: the app's figure and the baseline's, in `unit`.
        unit: "ms", "MB", ...
        skipped: why it was not measured ("" when it was).
        extra: supporting figures (samples, hit counts, file sizes) for the JSON.
    """

    measure: str
    value: float | None = None
    floor: float | None = None
    unit: str = "ms"
    skipped: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        known = {
            k: data[k]
            for k in ("measure", "value", "floor", "unit", "skipped", "extra")
            if k in data
        }
        return cls(**known)


def skipped(measure: str, reason: str) -> Result:
    return Result(
        measure,
        skipped=reason.strip().splitlines()[-1][:300] if reason.strip() else "unknown failure",
    )


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); robust for the small sample counts used here."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def time_ms(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000.0


@dataclass
class ChildRun:
    """A finished child process: wall time, peak RSS from the kernel, output."""

    wall_ms: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_child(
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
    cwd: Path | None = None,
) -> ChildRun:
    """Run a process; wall time, exit status, output, and wait4's ru_maxrss (an upper bound:
    Linux folds the forking parent's RSS into it; use run_python_script for a child's own peak)."""
    out_path = Path(tempfile.gettempdir()) / f"bench-child-{os.getpid()}-{time.time_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), stdout=out, stderr=err, env=env, cwd=str(cwd or PROJECT)
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = (time.perf_counter() - began) * 1000.0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    return ChildRun(wall, usage.ru_maxrss / 1024.0, proc.returncode, stdout, stderr)


# Runs a script as `python SCRIPT ARGS` would, and at exit writes the process's VmHWM (peak RSS
# of its own address space, which starts empty at exec) to $BENCH_VMHWM_FILE. Why not
# ru_maxrss from wait4: Linux carries the forking parent's RSS into the child's ru_maxrss across
# fork+exec, so a 60 MB parent makes every child look at least 60 MB.
_PEAK_WRAPPER = """
import atexit, os, runpy, sys
def _report():
    try:
        with open('/proc/self/status') as status:
            peak = next(line.split()[1] for line in status if line.startswith('VmHWM:'))
        with open(os.environ['BENCH_VMHWM_FILE'], 'w') as out:
            out.write(peak)
    except Exception:
        pass
atexit.register(_report)
sys.argv = sys.argv[1:]
sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))
runpy.run_path(sys.argv[0], run_name='__main__')
"""


def run_python_script(
    script: Path, args: Sequence[str], *, env: dict[str, str], timeout: float = 600.0
) -> ChildRun:
    """`python SCRIPT ARGS` with its own peak RSS (VmHWM at exit; ru_maxrss if unavailable)."""
    peak_file = Path(tempfile.gettempdir()) / f"bench-vmhwm-{os.getpid()}-{time.time_ns()}"
    run = run_child(
        [sys.executable, "-c", _PEAK_WRAPPER, str(script), *args],
        env={**env, "BENCH_VMHWM_FILE": str(peak_file)},
        timeout=timeout,
    )
    try:
        run.max_rss_mb = int(peak_file.read_text(encoding="ascii").strip()) / 1024.0
    except (OSError, ValueError):
        pass
    finally:
        peak_file.unlink(missing_ok=True)
    return run


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH", "")]))
    env.update(extra or {})
    return env


def run_bench_module(
    module: str, args: Sequence[str], *, names: Sequence[str], timeout: float = 600.0
) -> list[Result]:
    """Run `python -m benchmarks.<module> ARGS` and collect the Result lines it prints.

    Measures in `names` that the child did not report (it crashed, or hung past `timeout`)
    become skip records carrying its last error line."""
    run = run_child(
        [sys.executable, "-m", f"benchmarks.{module}", *args], env=child_env(), timeout=timeout
    )
    results = [
        Result.from_json(json.loads(line[len(RESULT_PREFIX) :]))
        for line in run.stdout.splitlines()
        if line.startswith(RESULT_PREFIX)
    ]
    reported = {r.measure for r in results}
    reason = run.stderr.strip() or f"{module} exited {run.returncode} without results"
    results += [
        skipped(name, f"{module} exited {run.returncode}: {reason.splitlines()[-1]}")
        for name in names
        if name not in reported
    ]
    return results


def emit(result: Result) -> None:
    """Child side of run_bench_module: one machine-readable line per result."""
    print(RESULT_PREFIX + json.dumps(result.to_json()), flush=True)
