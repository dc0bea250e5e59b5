"""Run every benchmark at 1x and 10x the collection; print a table and write JSON.

    python -m benchmarks.run                 # make bench: 1x and 10x, full repetitions (<10 min)
    python -m benchmarks.run --smoke         # CI: 30 synthetic sessions, 1 repetition (<1 min)
    python -m benchmarks.run --scale 1       # only 1x;  --out DIR  to write the JSON elsewhere
    python -m benchmarks.run --scale 1 --only filter,view   # some steps (others: skipped)

Each figure is a ratio against a floor measured in the same run (DESIGN.md, "Performance
budgets"). 1x is the shared corpus when present (../shared/corpus/ai-summit), else a synthetic
686-session collection; 10x is a synthetic 7,000-session collection (benchmarks.synth, cached).
A measure whose module is missing or broken is reported as "skipped: reason", never fatal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import bench_startup, synth
from benchmarks.measure import PROJECT, Result, run_bench_module, skipped
from benchmarks.search_adapter import SEARCH_MEASURES, measure_search

SHARED = Path(os.environ.get("SUMMIT_SHARED", PROJECT.parent / "shared"))
CORPUS = SHARED / "corpus" / "ai-summit"
RESULTS = PROJECT / "benchmarks" / "results"
# The generated folder of "other sessions" for startup_warm_other: a seed no other measure uses.
OTHER_SEED = 7


@dataclass(frozen=True)
class Budget:
    """How a measure passes. kind: "ratio" (value/floor <= limit), "abs" (value <= limit, in
    the measure's unit), "delta" (value - floor <= limit), "info" (reported, no budget)."""

    kind: str
    limit_1x: float = 0.0
    limit_10x: float | None = None
    text: str = ""

    def limit(self, scale: str) -> float:
        return self.limit_10x if scale == "10x" and self.limit_10x is not None else self.limit_1x

    def describe(self, scale: str) -> str:
        limit = self.limit(scale)
        if self.kind == "ratio":
            return self.text or f"<= {limit:g}x"
        if self.kind == "abs":
            return f"< {limit:g} ms"
        if self.kind == "delta":
            return f"<= floor + {limit:g} MB"
        return "(info)"

    def passes(self, value: float, floor: float, scale: str) -> bool | None:
        limit = self.limit(scale)
        if self.kind == "ratio":
            return floor > 0 and value / floor <= limit
        if self.kind == "abs":
            return value < limit
        if self.kind == "delta":
            return value - floor <= limit
        return None


BUDGETS: dict[str, Budget] = {
    "startup_warm": Budget("ratio", 2.0, 3.0),
    "startup_warm_other": Budget("ratio", 2.0),
    "startup_cold": Budget("ratio", 4.0, 30.0),
    "first_rows": Budget("ratio", 2.0, 2.0),
    "open_transcript": Budget("ratio", 2.0),
    "open_transcript_unindexed": Budget("info"),
    "open_hostile": Budget("info"),
    "find_all": Budget("ratio", 0.1, text="<= 0.1x (10x faster)"),
    "find_paint": Budget("abs", 16.0),
    "search_p95": Budget("ratio", 1 / 3, text="<= 0.33x (1/3 of rg)"),
    "search_p50": Budget("info"),
    "index_build": Budget("ratio", 1.5, 1.5),
    "search_ui_stall": Budget("abs", 16.0),
    "filter_keystroke": Budget("abs", 16.0),
    "schedule_draw": Budget("abs", 100.0),
    "schedule_switch": Budget("abs", 50.0),
    "peak_rss": Budget("delta", 60.0),
    "peak_rss_cold": Budget("info"),
}
MEASURES = tuple(BUDGETS)
WIDE = max(map(len, MEASURES))  # the table's measure column
assert set(SEARCH_MEASURES) <= set(MEASURES)


@dataclass(frozen=True)
class Plan:
    label: str  # "1x", "10x", "smoke"
    sessions: int  # synthetic count (0: the shared corpus)
    reps: int


def collection(plan: Plan) -> tuple[Path, str]:
    if plan.sessions == 0:
        return CORPUS, f"shared corpus ({CORPUS})"
    root = synth.cached_collection(plan.sessions)
    return root, f"synthetic {plan.sessions} sessions ({root})"


STEPS = {  # key (for --only): the measures that step reports
    "startup": ("first_rows", "startup_cold", "startup_warm", "peak_rss", "peak_rss_cold"),
    "startup_other": ("startup_warm_other",),
    "view": (
        "open_transcript",
        "open_transcript_unindexed",
        "find_all",
        "find_paint",
        "open_hostile",
    ),
    "search": ("search_p95", "search_p50", "index_build"),
    "search_ui": ("search_ui_stall",),
    "filter": ("filter_keystroke",),
    "schedule": ("schedule_draw", "schedule_switch"),
}
assert {m for names in STEPS.values() for m in names} == set(MEASURES)


def run_scale(
    plan: Plan, work: Path, log: Callable[[str], None], only: Sequence[str] = ()
) -> list[Result]:
    root, described = collection(plan)
    log(f"== {plan.label}: {described}")
    work.mkdir(parents=True, exist_ok=True)
    headers = work / "search" / "headers"  # one header cache for the in-process loaders
    filter_reps = 1 if plan.reps == 1 else max(3, plan.reps)
    smoke = ["--smoke"] if plan.reps == 1 else []
    steps: dict[str, Callable[[], list[Result]]] = {
        "startup": lambda: bench_startup.measure(
            root, reps=plan.reps, cold_reps={"1x": 3, "10x": 2}.get(plan.label, 1)
        ),
        "startup_other": lambda: (
            bench_startup.measure_warm_other(
                synth.cached_collection(plan.sessions or 686, seed=OTHER_SEED), reps=plan.reps
            )
            if plan.label != "10x"
            else [skipped("startup_warm_other", "measured at 1x (a folder like the corpus)")]
        ),
        "view": lambda: run_bench_module(
            "bench_view", ["--root", str(root), "--reps", str(plan.reps)], names=STEPS["view"]
        ),
        "search": lambda: measure_search(root, work / "search", smoke=plan.reps == 1),
        "search_ui": lambda: run_bench_module(
            "bench_search_ui",
            ["--root", str(root), "--work", str(work / "search"), *smoke],
            names=STEPS["search_ui"],
        ),
        "filter": lambda: run_bench_module(
            "bench_filter",
            # Passes are a few seconds each; the best-pass rule needs several of them to keep
            # a burst from another process out of the figure (1 pass at 10x did not).
            ["--root", str(root), "--cache", str(headers), "--reps", str(filter_reps)],
            names=STEPS["filter"],
        ),
        "schedule": lambda: run_bench_module(
            "bench_schedule",
            ["--root", str(root), "--cache", str(headers), "--reps", str(plan.reps)],
            names=STEPS["schedule"],
        ),
    }
    results: list[Result] = []
    for key, step in steps.items():
        if only and key not in only:
            results += [skipped(m, "not selected (--only)") for m in STEPS[key]]
            continue
        began = time.perf_counter()
        try:
            got = step()
        except Exception as exc:  # noqa: BLE001 - one broken step must not end the run
            got = [skipped(m, f"{key}: {type(exc).__name__}: {exc}") for m in STEPS[key]]
        log(f"   {key}: {time.perf_counter() - began:.1f} s")
        results += got
    seen = {r.measure for r in results}
    results += [skipped(m, "not reported by its benchmark") for m in MEASURES if m not in seen]
    return [r for r in results if r.measure in BUDGETS]


def evaluate(result: Result, scale: str) -> dict[str, object]:
    budget = BUDGETS[result.measure]
    row: dict[str, object] = {
        "scale": scale,
        **result.to_json(),
        "ratio": None,
        "budget": budget.describe(scale),
        "pass": None,
    }
    if not result.skipped and result.value is not None and result.floor is not None:
        row["ratio"] = round(result.value / result.floor, 3) if result.floor else None
        row["pass"] = budget.passes(result.value, result.floor, scale)
    return row


def table(rows: list[dict[str, object]]) -> str:
    head = (
        f"{'scale':6} {'measure':{WIDE}} {'value':>10} {'floor':>10} {'ratio':>7}  "
        f"{'budget':22} result"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        if row["skipped"]:
            lines.append(f"{row['scale']:6} {row['measure']:{WIDE}} skipped: {row['skipped']}")
            continue
        unit = row["unit"]
        verdict = {True: "pass", False: "FAIL", None: "-"}[row["pass"]]  # type: ignore[index]
        lines.append(
            f"{row['scale']:6} {row['measure']:{WIDE}} {row['value']:>8.1f}{unit:>2} "
            f"{row['floor']:>8.1f}{unit:>2} {row['ratio']:>6.2f}x  "
            f"{row['budget']:22} {verdict}"
        )
    return "\n".join(lines)


def markdown(rows: list[dict[str, object]]) -> str:
    """The table as Markdown (results/latest.md), for notes and reports."""
    lines = ["| scale | measure | value | floor | ratio | budget | result |", "|---" * 7 + "|"]
    for r in rows:
        if r["skipped"]:
            lines.append(f"| {r['scale']} | {r['measure']} | skipped: {r['skipped']} ||||")
            continue
        verdict = {True: "pass", False: "**FAIL**", None: "-"}[r["pass"]]  # type: ignore[index]
        lines.append(
            f"| {r['scale']} | {r['measure']} | {r['value']:.1f} {r['unit']} | "
            f"{r['floor']:.1f} {r['unit']} | {r['ratio']:.2f}x | {r['budget']} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def growth(rows: list[dict[str, object]]) -> dict[str, float]:
    """How each figure grows from 1x to 10x (value at 10x / value at 1x)."""
    by = {(r["scale"], r["measure"]): r for r in rows if not r["skipped"]}
    out = {}
    for measure in MEASURES:
        one, ten = by.get(("1x", measure)), by.get(("10x", measure))
        if one and ten and one["value"]:
            out[measure] = round(float(ten["value"]) / float(one["value"]), 2)  # type: ignore[arg-type]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--smoke", action="store_true", help="tiny and quick (CI)")
    parser.add_argument("--scale", default="1,10", help="comma-separated: 1, 10")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON")
    parser.add_argument("--reps", type=int, default=5, help="repetitions per timing")
    parser.add_argument(
        "--only", default="", help=f"comma-separated steps to run: {', '.join(STEPS)}"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.smoke:
        plans = [Plan("smoke", 30, 1)]
    else:
        wanted = {s.strip().rstrip("x") for s in args.scale.split(",") if s.strip()}
        plans = []
        if "1" in wanted:
            plans.append(Plan("1x", 0 if CORPUS.is_dir() else 686, args.reps))
        if "10" in wanted:
            plans.append(Plan("10x", 7000, args.reps))
        if not plans:
            parser.error("--scale takes 1 and/or 10")
    only = [k.strip() for k in args.only.split(",") if k.strip()]
    if unknown := [k for k in only if k not in STEPS]:
        parser.error(f"--only: unknown step(s) {unknown}; choose from {list(STEPS)}")
    began = time.perf_counter()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        for plan in plans:
            scale_rows = [
                evaluate(r, plan.label)
                for r in run_scale(
                    plan, Path(tmp) / plan.label, lambda s: print(s, flush=True), only
                )
            ]
            rows += scale_rows
    print()
    print(table(rows))
    grown = growth(rows)
    if grown:
        print("\ngrowth 1x -> 10x: " + ", ".join(f"{k} {v:g}x" for k, v in grown.items()))
    elapsed = time.perf_counter() - began
    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "smoke": args.smoke,
        "elapsed_s": round(elapsed, 1),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "measures": list(MEASURES),
        "results": rows,
        "growth_1x_to_10x": grown,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"bench-{'smoke-' if args.smoke else ''}{time.strftime('%Y%m%d-%H%M%S')}.json"
    path = args.out / name
    path.write_text(json.dumps(report, indent=1), encoding="utf-8")
    (args.out / f"latest{'-smoke' if args.smoke else ''}.json").write_text(
        json.dumps(report, indent=1), encoding="utf-8"
    )
    (args.out / f"latest{'-smoke' if args.smoke else ''}.md").write_text(
        markdown(rows), encoding="utf-8"
    )
    print(f"\n{len(rows)} results in {elapsed:.0f} s; JSON: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
