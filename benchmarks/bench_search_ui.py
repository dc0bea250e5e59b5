"""Does corpus search ever freeze the window? UI-thread stalls while typing in the search panel.

Run as a child process by benchmarks.run (`python -m benchmarks.bench_search_ui --root R
--work W`). A heartbeat timer (every 2 ms) records the gaps between its turns on the UI thread
while queries are typed into the real SearchPanel a key at a time, 90 ms apart, and their results
arrive from the worker threads. The floor is the same heartbeat with the panel idle, in the same
process: what the machine's scheduler alone costs. DESIGN.md: the UI thread never blocks > 16 ms;
the figure is the p99 gap (the max is kept in the JSON, it also catches the scheduler's noise).

The index: bench_search leaves its index of the same collection at W/index.sqlite; the panel
opens that file (a no-op update) so the 10x run does not build a second index for minutes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import viewer  # noqa: F401 - applies its PySide6 6.12 refcount workaround before any Qt call
from benchmarks.measure import Result, emit, percentile, skipped

QUERIES = ("data sovereignty", "farmers", "language models", "health", "open source")
KEY_INTERVAL_S = 0.09
MEASURE = "search_ui_stall"


class Heartbeat:
    """Gaps (ms) between consecutive turns of a fast repeating timer on the UI thread."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(2)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.gaps.append((now - self._last) * 1000.0)
        self._last = now

    def start(self) -> None:
        self.gaps, self._last = [], 0.0
        self._timer.start()

    def stop(self) -> list[float]:
        self._timer.stop()
        return self.gaps


def _spin(app: QApplication, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from viewer.core.library.load import load_library
        from viewer.ui.search.panel import SearchPanel
    except Exception as exc:  # noqa: BLE001 - a missing module becomes a skip line
        emit(skipped(MEASURE, f"{type(exc).__name__}: {exc}"))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    prebuilt = args.work / "index.sqlite"
    index_path = prebuilt if prebuilt.is_file() else args.work / "search-ui"
    library = load_library([args.root], cache_dir=args.work / "headers")
    panel = SearchPanel()
    panel.resize(600, 900)
    panel.show()
    ready: list[str] = []
    panel.indexReady.connect(ready.append)
    began = time.perf_counter()
    panel.set_library(library, index_path)
    while not ready and time.perf_counter() - began < args.timeout:
        app.processEvents()
        time.sleep(0.002)
    if not ready:
        emit(skipped(MEASURE, f"index not ready within {args.timeout:.0f} s"))
        panel.shutdown()
        return 0
    index_s = time.perf_counter() - began
    beat = Heartbeat()
    beat.start()
    _spin(app, 0.5 if args.smoke else 1.5)
    idle = beat.stop()
    shown: list[int] = []
    panel.resultsShown.connect(shown.append)
    beat.start()
    for query in QUERIES[:2] if args.smoke else QUERIES:
        panel.input.clear()
        for char in query:
            QTest.keyClicks(panel.input, char)
            _spin(app, KEY_INTERVAL_S)
        _spin(app, 0.6)  # the debounce fires, the worker answers, results are drawn
    typing = beat.stop()
    panel.shutdown()
    if not typing or not idle:
        emit(skipped(MEASURE, "heartbeat recorded nothing"))
        return 0
    emit(
        Result(
            MEASURE,
            percentile(typing, 99),
            percentile(idle, 99),
            "ms",
            extra={
                "max_ms": round(max(typing), 1),
                "idle_max_ms": round(max(idle), 1),
                "over_16ms": sum(1 for g in typing if g > 16),
                "beats": len(typing),
                "results_shown": len(shown),
                "index_ready_s": round(index_s, 2),
                "index": "prebuilt by bench_search" if prebuilt.is_file() else "built",
            },
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
