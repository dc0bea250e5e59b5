"""Start-up (cold and warm header cache) and peak memory, against an empty QMainWindow process.

Both processes are started the same way (same interpreter, same environment, offscreen), and
runs are interleaved floor/app so drift on a shared machine hits both alike. "Cold" means a fresh
SUMMIT_CONFIG_DIR (no header cache, no settings); the OS file cache is warm in both cases, which is
the honest case for a user re-opening the app. Peak RSS is each process's own VmHWM at exit.

The collection's files are read once before any start-up is timed (`warm_os_cache`), as the
first floor run does for PySide6's libraries: otherwise the first cold start after the files
were last read pays for the disk (at 10x, 450 MB: 3.9 s against 2.8 s for the next one, a
gap that decided a median of two), which measures the machine, not the program.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from benchmarks.measure import (
    PROJECT,
    ChildRun,
    Result,
    child_env,
    median,
    run_python_script,
    skipped,
)
from benchmarks.qt_types_window import qt_names

EMPTY_WINDOW = PROJECT / "benchmarks" / "empty_window.py"
QT_TYPES_WINDOW = PROJECT / "benchmarks" / "qt_types_window.py"
MAIN = PROJECT / "main.py"
FIRST_ROWS = PROJECT / "benchmarks" / "first_rows.py"


def _app(root: Path, config: Path, timeout: float) -> ChildRun:
    env = child_env({"SUMMIT_CONFIG_DIR": str(config)})
    return run_python_script(MAIN, ["--quit-when-ready", str(root)], env=env, timeout=timeout)


def _first_rows(root: Path, config: Path, timeout: float) -> ChildRun:
    env = child_env({"SUMMIT_CONFIG_DIR": str(config)})
    return run_python_script(FIRST_ROWS, [str(root)], env=env, timeout=timeout)


def warm_os_cache(root: Path, chunk: int = 1 << 20) -> int:
    """Read every regular file under `root` once (what the OS then keeps in its file cache);
    returns the bytes read."""
    total = 0
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if not path.is_file() or path.is_symlink():
                continue
            with path.open("rb") as handle:
                while block := handle.read(chunk):
                    total += len(block)
    return total


def _floor() -> ChildRun:
    return run_python_script(EMPTY_WINDOW, [], env=child_env(), timeout=60)


def _qt_types_floor(names_file: Path) -> ChildRun:
    return run_python_script(QT_TYPES_WINDOW, [str(names_file)], env=child_env(), timeout=60)


def _failure(run: ChildRun) -> str:
    if run.returncode == 0:
        return ""
    tail = (run.stderr.strip() or run.stdout.strip()).splitlines()[-1:] or ["no output"]
    return f"main.py --quit-when-ready exited {run.returncode}: {tail[0][:200]}"


def measure(
    root: Path,
    *,
    reps: int = 5,
    cold_reps: int = 2,
    timeout: float = 300.0,
) -> list[Result]:
    """startup_cold, startup_warm, peak_rss (warm), peak_rss_cold and first_rows (cold) for the
    collection at `root`; the first-rows runs (`reps` of them: each is short, and one or two
    samples of a cold start moved the ratio by 0.3x) come first, each followed by a floor run,
    and the cold and warm floors are all pooled into one median."""
    names = ("startup_cold", "startup_warm", "peak_rss", "peak_rss_cold")
    if not MAIN.is_file():
        return [skipped(n, "main.py not found") for n in (*names, "first_rows")]
    floors: list[ChildRun] = [_floor()]  # first run also warms the OS cache for PySide6
    warm_os_cache(root)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        first: list[ChildRun] = []
        for i in range(reps):
            first.append(_first_rows(root, Path(tmp) / f"first{i}", timeout))
            floors.append(_floor())
        cold: list[ChildRun] = []
        for i in range(cold_reps):
            run = _app(root, Path(tmp) / f"cold{i}", timeout)
            if reason := _failure(run):
                rows = _first_rows_result(first, median([f.wall_ms for f in floors[1:]]))
                return [rows] + [skipped(n, reason) for n in names]
            cold.append(run)
            floors.append(_floor())
        warm_dir = Path(tmp) / "cold0"
        warm: list[ChildRun] = []
        names_file = Path(tmp) / "qt-names.json"
        names_file.write_text(json.dumps(qt_names()), encoding="utf-8")
        qt_floors: list[ChildRun] = []
        for _ in range(reps):
            floors.append(_floor())
            qt_floors.append(_qt_types_floor(names_file))
            run = _app(root, warm_dir, timeout)
            if reason := _failure(run):
                return [skipped(n, reason) for n in names[1:]] + [
                    _first_rows_result(first, median([f.wall_ms for f in floors[1:]])),
                    Result(
                        "startup_cold",
                        median([r.wall_ms for r in cold]),
                        median([f.wall_ms for f in floors]),
                        "ms",
                    ),
                ]
            warm.append(run)
    floor_ms = median([f.wall_ms for f in floors[1:]])
    floor_mb = median([f.max_rss_mb for f in floors[1:]])
    return [
        _first_rows_result(first, floor_ms),
        Result(
            "startup_cold",
            median([r.wall_ms for r in cold]),
            floor_ms,
            "ms",
            extra={"samples": [round(r.wall_ms, 1) for r in cold]},
        ),
        Result(
            "startup_warm",
            median([r.wall_ms for r in warm]),
            floor_ms,
            "ms",
            extra={
                "samples": [round(r.wall_ms, 1) for r in warm],
                "floor_samples": [round(f.wall_ms, 1) for f in floors[1:]],
                # The empty window plus every PySide6 type the start-up imports (informational:
                # the share of the gap that is PySide6 building Python types).
                "qt_types_floor_ms": round(median([f.wall_ms for f in qt_floors]), 1)
                if all(f.returncode == 0 for f in qt_floors)
                else None,
            },
        ),
        Result(
            "peak_rss",
            median([r.max_rss_mb for r in warm]),
            floor_mb,
            "MB",
            extra={"samples": [round(r.max_rss_mb, 1) for r in warm]},
        ),
        Result(
            "peak_rss_cold",
            max(r.max_rss_mb for r in cold),
            floor_mb,
            "MB",
            extra={"samples": [round(r.max_rss_mb, 1) for r in cold]},
        ),
    ]


def _first_rows_result(runs: list[ChildRun], floor_ms: float) -> Result:
    """first_rows: process start to the first batch of rows painted, on a cold start."""
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        tail = (failed[0].stderr.strip() or "no output").splitlines()[-1:] or ["no output"]
        return skipped(
            "first_rows", f"first_rows.py exited {failed[0].returncode}: {tail[0][:200]}"
        )
    return Result(
        "first_rows",
        median([r.wall_ms for r in runs]),
        floor_ms,
        "ms",
        extra={"samples": [round(r.wall_ms, 1) for r in runs]},
    )


def measure_warm_other(root: Path, *, reps: int = 5, timeout: float = 300.0) -> list[Result]:
    """startup_warm_other: the warm start on a folder of sessions the other measures never
    saw (generated here with another seed), so that a start-up tuned to the shared corpus
    shows here if it is. One cold start fills the cache; then floor and app alternate."""
    name = "startup_warm_other"
    if not MAIN.is_file():
        return [skipped(name, "main.py not found")]
    floors: list[ChildRun] = [_floor()]  # the first run warms the OS cache for PySide6
    with tempfile.TemporaryDirectory(prefix="bench-other-") as tmp:
        config = Path(tmp) / "config"
        if reason := _failure(_app(root, config, timeout)):
            return [skipped(name, reason)]
        warm: list[ChildRun] = []
        for _ in range(reps):
            floors.append(_floor())
            run = _app(root, config, timeout)
            if reason := _failure(run):
                return [skipped(name, reason)]
            warm.append(run)
    return [
        Result(
            name,
            median([r.wall_ms for r in warm]),
            median([f.wall_ms for f in floors[1:]]),
            "ms",
            extra={"samples": [round(r.wall_ms, 1) for r in warm], "folder": str(root)},
        )
    ]
