"""QApplication set-up and the two entry points: `run_gui(args)` and `create_window(paths)`.

Why two: `run_gui` is the program (event loop, `--quit-when-ready`); `create_window` is the
in-process contract for tests and benchmarks (DESIGN.md): a built window, loading started,
no event loop entered.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from viewer.ui.common import icons
from viewer.ui.common.messages import STICKY
from viewer.ui.common.settings import E2E_LOG_ENV, SAMPLE_LIBRARY, AppSettings
from viewer.ui.common.theme import STYLE_PROPERTY, apply_theme, saved_mode
from viewer.ui.mainwindow.window import MainWindow

APP_NAME = "SummitViewer"
__all__ = ["SAMPLE_LIBRARY", "create_window", "ensure_app", "run_gui"]


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication, created once with our names (they key QStandardPaths)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion from the start (themes are Fusion palettes): cheaper than setting it later,
        # which hands the new style to Python and builds PySide6's QStyle type.
        args = list(argv) if argv is not None else sys.argv[:1]
        app = QApplication([*args, "-style", "fusion"])
        app.setProperty(STYLE_PROPERTY, "fusion")
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName("Summit Transcript Viewer")
    app.setDesktopFileName("summit-viewer")
    app.setWindowIcon(icons.icon("app", icons.TRANSCRIPT_BLUE))
    return app


def default_paths(settings: AppSettings) -> list[str]:
    """With no PATH: the last library if it still exists, else the bundled sample."""
    last = [p for p in settings.last_library() if Path(p).exists()]
    return last or [str(SAMPLE_LIBRARY)]


def create_window(
    paths: Sequence[str | Path],
    *,
    settings: QSettings | AppSettings | None = None,
    cache_dir: Path | None = None,
) -> MainWindow:
    """Build the main window and start loading `paths` (or the default library); no event loop.

    The caller shows the window and waits for `window.loaded`.
    """
    app = ensure_app()
    app_settings = settings if isinstance(settings, AppSettings) else AppSettings(settings)
    # The saved theme before any widget exists: applied later, it re-polishes every widget.
    apply_theme(app, saved_mode(app_settings))
    window = MainWindow(app_settings, cache=cache_dir)
    if app_settings.corrupt_backup is not None:
        kept = app_settings.corrupt_backup.name
        window.messages.show(f"Settings were damaged and have been reset (kept as {kept})", STICKY)
    window.load([str(p) for p in paths] or default_paths(app_settings))
    return window


READY_CAP_MS = 2000  # `on_ready` at the latest this long after the event loop starts


def run_gui(args: argparse.Namespace, *, on_ready: Callable[[], None] | None = None) -> int:
    """The windowed program: returns the exit code (after `--quit-when-ready`: 0 when the
    library loaded, 1 when it could not be loaded at all).

    `on_ready` is called once, on the event loop's turn after the first library was shown
    (or could not be loaded), or READY_CAP_MS after the loop started if that comes first (a
    cold load of thousands of files takes longer)."""
    app = ensure_app()
    window = create_window(
        list(getattr(args, "paths", []) or []), cache_dir=getattr(args, "cache_dir", None)
    )
    url = getattr(args, "collection_url", None)
    if url:
        window.set_collection_url(url)
    if os.environ.get(E2E_LOG_ENV):  # the probe's imports only for end-to-end runs
        from viewer.ui.mainwindow import e2e_probe

        e2e_probe.install(window)
    quit_when_ready = bool(getattr(args, "quit_when_ready", False))
    if quit_when_ready:
        # Quit from the event loop once the first session is painted, not from the signal.
        window.loaded.connect(lambda: QTimer.singleShot(0, window.close))
        window.loaded.connect(lambda: QTimer.singleShot(0, app.quit))
    if on_ready is not None:
        ready = _once(on_ready)
        window.loaded.connect(lambda: QTimer.singleShot(0, ready))
        QTimer.singleShot(READY_CAP_MS, ready)
    window.show()
    status = int(app.exec())
    if window.isVisible():  # the loop ended some other way: save what closing saves
        window.close()
    if quit_when_ready and window.library is None:
        return 1
    return status


def _once(callback: Callable[[], None]) -> Callable[[], None]:
    done = False

    def call() -> None:
        nonlocal done
        if not done:
            done = True
            callback()

    return call
