"""Where start-up time goes: a phase timeline of `--quit-when-ready`, then the top app functions.

    python -m benchmarks.profile_startup ROOT [--config DIR] [--top 25]

Mirrors viewer.ui.mainwindow.application.run_gui step by step (imports, QApplication, window, load,
first session, quit) so a budget miss in `startup_warm` can be pinned on a phase before reaching for
cProfile; the cProfile listing (main thread only, cumulative, viewer/ files) follows. Run it twice
with the same --config to see the warm-cache case.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--config", type=Path, default=Path("/tmp/summit-profile-config"))
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--plain", action="store_true", help="phase timeline only, without cProfile's overhead"
    )
    args = parser.parse_args(argv)
    os.environ["SUMMIT_CONFIG_DIR"] = str(args.config)
    began = time.perf_counter()
    marks: list[tuple[str, float]] = []

    def mark(name: str) -> None:
        marks.append((name, (time.perf_counter() - began) * 1000.0))

    profile = cProfile.Profile()
    if not args.plain:
        profile.enable()
    import viewer  # noqa: F401 - PySide6 6.12 refcount workaround first

    # In the order the app imports them: viewer.ui first (it makes later imports cheaper).
    for module in (
        "PySide6.QtWidgets",
        "viewer.ui",
        "viewer.core.library.load",
        "viewer.ui.mainwindow.application",
    ):
        importlib.import_module(module)
        mark(f"import {module}")
    from PySide6.QtCore import QTimer

    from viewer.ui.mainwindow import application

    app = application.ensure_app()
    mark("QApplication + app icon")
    window = application.create_window([str(args.root)])
    mark("create_window (load started)")
    window.loaded.connect(
        lambda: (
            mark("loaded: list populated, first session shown"),
            QTimer.singleShot(0, window.close),
            QTimer.singleShot(0, app.quit),
        )
    )
    window.show()
    mark("window.show")
    app.exec()
    mark("event loop left (window closed)")
    profile.disable()
    heavy = ("qtawesome", "qtpy", "ftfy", "markdown", "nh3", "sqlite3", "ssl", "urllib.request")
    print("optional heavy modules loaded:", [m for m in heavy if m in sys.modules] or "none")
    previous = 0.0
    for name, at in marks:
        print(f"{at:8.1f} ms  (+{at - previous:7.1f})  {name}")
        previous = at
    if args.plain:
        return 0
    print()
    pstats.Stats(profile).sort_stats("cumtime").print_stats(r"viewer/", args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
