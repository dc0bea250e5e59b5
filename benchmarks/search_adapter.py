"""Bridge to benchmarks.bench_search (written by the search engineer) for the run's table.

The contract asked of bench_search: a function
    measure(root: Path, *, work: Path, smoke: bool) -> dict
returning at least the query latency percentiles of the app's search and of `rg -i` over the same
files in the same run, in milliseconds: {"p50_ms", "p95_ms", "rg_p50_ms", "rg_p95_ms"} (extra keys,
e.g. index build time or the query count, are kept in the JSON). A `list` of
benchmarks.measure.Result or of their dicts is accepted too. When rg is missing the dict may hold
"skipped": "reason". This module runs as a child process so a crash is a skip line, not the end.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

from benchmarks.measure import Result, emit, run_bench_module, skipped

SEARCH_MEASURES = ("search_p95", "search_p50", "index_build")


def measure_search(root: Path, work: Path, *, smoke: bool) -> list[Result]:
    args = ["--root", str(root), "--work", str(work)] + (["--smoke"] if smoke else [])
    return run_bench_module("search_adapter", args, names=SEARCH_MEASURES, timeout=900)


def _call(module: Any, root: Path, work: Path, smoke: bool) -> Any:
    for name in ("measure", "run", "bench"):
        func = getattr(module, name, None)
        if callable(func):
            break
    else:
        raise RuntimeError("benchmarks.bench_search has no measure()/run() function")
    params = inspect.signature(func).parameters
    offered = {
        "root": root,
        "roots": [root],
        "paths": [root],
        "corpus": root,
        "work": work,
        "workdir": work,
        "work_dir": work,
        "cache_dir": work,
        "tmp": work,
        "smoke": smoke,
        "quick": smoke,
    }
    kwargs = {k: v for k, v in offered.items() if k in params}
    positional = [
        p
        for p in params.values()
        if p.default is p.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.name not in kwargs
    ]
    args = [root][: len(positional)]
    return func(*args, **kwargs)


def _pick(data: dict[str, Any], *names: str) -> float | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, int | float):
            return float(value)
    return None


def to_results(outcome: Any) -> list[Result]:
    if isinstance(outcome, list):
        return [r if isinstance(r, Result) else Result.from_json(r) for r in outcome]
    if not isinstance(outcome, dict):
        raise TypeError(f"bench_search returned {type(outcome).__name__}, expected dict")
    if outcome.get("skipped"):
        return [skipped(m, str(outcome["skipped"])) for m in SEARCH_MEASURES]
    flat = dict(outcome)
    for key in ("app", "search", "rg"):
        if isinstance(outcome.get(key), dict):
            prefix = "rg_" if key == "rg" else ""
            flat.update({f"{prefix}{k}": v for k, v in outcome[key].items()})
    extra = {k: v for k, v in outcome.items() if isinstance(v, str | int | float | bool)}
    results = []
    for measure, q in (("search_p95", "p95"), ("search_p50", "p50")):
        value = _pick(flat, f"{q}_ms", f"query_{q}_ms", q)
        floor = _pick(flat, f"rg_{q}_ms", f"rg_{q}")
        if value is None or floor is None:
            results.append(
                skipped(measure, f"bench_search gave no {q}/rg_{q} figures: {sorted(flat)[:12]}")
            )
        else:
            results.append(Result(measure, value, floor, "ms", extra=extra))
    build, plain = _pick(flat, "index_build_s"), _pick(flat, "plain_fts_build_s")
    if build is None or plain is None:
        results.append(skipped("index_build", "bench_search gave no index_build_s figures"))
    else:
        # The first build of the library's index against a plain FTS5 build of its paragraphs
        # (medians when it was built more than once), with the samples when there are some.
        samples = ("index_build_samples_s", "plain_fts_build_samples_s")
        kept = {k: outcome[k] for k in samples if isinstance(outcome.get(k), list)}
        results.append(Result("index_build", build * 1000, plain * 1000, "ms", extra=kept))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        bench_search = importlib.import_module("benchmarks.bench_search")
    except ModuleNotFoundError as exc:
        reason = (
            "benchmarks/bench_search.py not written yet"
            if exc.name and exc.name.endswith("bench_search")
            else f"ModuleNotFoundError: {exc}"
        )
        for m in SEARCH_MEASURES:
            emit(skipped(m, reason))
        return 0
    try:
        results = to_results(_call(bench_search, args.root, args.work, args.smoke))
    except Exception as exc:  # noqa: BLE001 - reported as a skip with the reason
        results = [
            skipped(m, f"bench_search: {type(exc).__name__}: {exc}") for m in SEARCH_MEASURES
        ]
    for result in results:
        emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
