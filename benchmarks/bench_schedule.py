"""Drawing the schedule: a whole day, and switching to another day.

Run as a child process by benchmarks.run (`python -m benchmarks.bench_schedule --root R`).

- `schedule_draw`: the busiest day of the collection drawn from nothing in the real
  `SchedulePanel` (its grid laid out, one item per session, the viewport, the sticky header and
  the ruler painted), i.e. what opening the Schedule tab costs. Budget: under 100 ms.
- `schedule_switch`: choosing another day in the day selector until it is painted, the day not
  built before (the worst case; switching back to a day already seen is in `extra`). Budget:
  under 50 ms.

Each figure is the median of the repetitions (floor likewise); every sample is in `extra`.

The floor is Qt's own drawing of the same blocks: a plain QGraphicsView whose scene holds a
QGraphicsRectItem and a QGraphicsSimpleTextItem (the title) per session at the same places,
built and painted the same way. The budgets are absolute; the ratios are for context.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

import viewer  # noqa: F401 - applies its PySide6 6.12 refcount workaround before any Qt call
from benchmarks.measure import Result, emit, median, skipped

WIDTH, HEIGHT = 1000, 860  # the side panel of a large window


def _paint(app: QApplication, view: Any, *edges: Any) -> None:
    view.viewport().repaint()
    for edge in edges:
        edge.repaint()
    app.processEvents()


def _floor_draw(app: QApplication, view: QGraphicsView, blocks: list[tuple[QRectF, str]]) -> None:
    scene = QGraphicsScene()
    for rect, title in blocks:
        item = QGraphicsRectItem(rect)
        scene.addItem(item)
        text = QGraphicsSimpleTextItem(title, item)
        text.setPos(rect.topLeft())
    view.setScene(scene)
    _paint(app, view)
    view._keep = scene  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    names = ("schedule_draw", "schedule_switch")
    try:
        from viewer.core.library.load import load_library
        from viewer.ui.schedule.panel import SchedulePanel
    except Exception as exc:  # noqa: BLE001 - a missing module becomes a skip line
        for name in names:
            emit(skipped(name, f"{type(exc).__name__}: {exc}"))
        return 0
    library = load_library([args.root], cache_dir=args.cache)
    sessions = library.sessions
    probe = SchedulePanel()
    probe.set_sessions(sessions)
    if len(probe.days) < 2:
        for name in names:
            emit(skipped(name, "the collection has fewer than two days with times"))
        return 0
    sizes = {}
    for day in probe.days:
        probe.show_day(day.key)
        sizes[day.key] = len(probe.scene.blocks) if probe.scene else 0
    busiest = max(probe.days, key=lambda d: sizes[d.key])
    other = max((d for d in probe.days if d != busiest), key=lambda d: sizes[d.key])
    probe.show_day(busiest.key)
    assert probe.scene is not None
    floor_blocks = [(i.sceneBoundingRect(), i.look.title) for i in probe.scene.blocks]
    first_of_busiest = probe.scene.blocks[0].path
    probe.deleteLater()

    floor_view = QGraphicsView()
    floor_view.resize(WIDTH, HEIGHT)
    floor_view.show()
    app.processEvents()

    draws, switches, cached, floors = [], [], [], []
    for _ in range(max(1, args.reps)):
        began = time.perf_counter()
        _floor_draw(app, floor_view, floor_blocks)
        floors.append((time.perf_counter() - began) * 1000.0)

        panel = SchedulePanel()
        panel.resize(WIDTH, HEIGHT)
        panel.show()
        app.processEvents()
        began = time.perf_counter()
        panel.set_sessions(sessions, show=first_of_busiest)  # as the tab opens on a session
        _paint(app, panel.view, panel.view._header, panel.view._ruler)
        draws.append((time.perf_counter() - began) * 1000.0)

        began = time.perf_counter()
        panel.day_box.setCurrentIndex(panel.days.index(other))
        _paint(app, panel.view, panel.view._header, panel.view._ruler)
        switches.append((time.perf_counter() - began) * 1000.0)

        began = time.perf_counter()
        panel.day_box.setCurrentIndex(panel.days.index(busiest))
        _paint(app, panel.view, panel.view._header, panel.view._ruler)
        cached.append((time.perf_counter() - began) * 1000.0)
        panel.close()
        panel.deleteLater()
        app.processEvents()
    floor = median(floors)
    extra = {
        "sessions": len(sessions),
        "day_sessions": sizes[busiest.key],
        "other_day_sessions": sizes[other.key],
        "floor_samples": [round(x, 2) for x in floors],
    }
    emit(Result("schedule_draw", median(draws), floor, "ms",
                extra={**extra, "samples": [round(x, 2) for x in draws],
                       "best": round(min(draws), 2)}))  # fmt: skip
    emit(Result("schedule_switch", median(switches), floor, "ms",
                extra={**extra, "samples": [round(x, 2) for x in switches],
                       "best": round(min(switches), 2),
                       "back_to_a_built_day": [round(x, 2) for x in cached]}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
