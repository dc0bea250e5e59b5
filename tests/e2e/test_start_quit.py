"""A clean exit, every time: many consecutive start/quit runs exit 0 with nothing on stderr.

PySide6 can crash at interpreter shutdown when Qt objects outlive the application (threads,
timers, signal connections to dead objects); one run in a hundred is enough to lose a user's
settings. The runs share one configuration folder, as a user's do (settings and caches are
read and written by each run in turn).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .driver import RunningApp

RUNS = int(os.environ.get("SUMMIT_START_QUIT_RUNS", "100"))


def test_consecutive_start_and_quit(
    launch: Callable[..., RunningApp], sample_library: Path, tmp_path: Path
) -> None:
    config = tmp_path / "shared-config"
    config.mkdir()
    failures = []
    for run in range(RUNS):
        app = launch(
            [sample_library],
            extra_args=["--quit-when-ready"],
            extra_env={"SUMMIT_CONFIG_DIR": str(config)},
        )
        status = app.proc.wait(timeout=60)
        if status != 0 or app.stderr():
            failures.append((run, status, app.stderr()[-2000:]))
    assert failures == [], f"{len(failures)} of {RUNS} runs failed; first: {failures[:1]}"
    assert (config / "settings.ini").is_file()  # each run really saved its state
