"""Time to first rows: the real window opening a library, quitting once the first batch of
rows the loader hands over while reading files is painted in the session list (the turn after
the list's next paint once it holds them).

Started like `main.py --quit-when-ready` (the same parsing ahead on a first open, before Qt
loads) and measured the same way (wall time of the whole
process, against the empty-window floor). With a fresh SUMMIT_CONFIG_DIR it is a cold start;
a library the loader shows from its cache sends no batches, so this then quits on `loaded`.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    import viewer.app

    parse_ahead = getattr(viewer.app, "parse_ahead", None)  # (older code: none, for A/B runs)
    if parse_ahead is not None:  # as the program does before loading Qt
        parse_ahead(viewer.app.parse_args([sys.argv[1]]))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from viewer.ui.common.viewport import after_next_paint, viewport_of
    from viewer.ui.mainwindow.application import create_window, ensure_app

    app = ensure_app()
    window = create_window([sys.argv[1]])

    proxy = window.browser.proxy

    def painted() -> None:
        table = window.browser.table
        rows = proxy.rowCount()
        table.viewport().repaint()  # the rows on screen, painted now
        QApplication.processEvents()
        finish(rows)

    def finish(rows: int) -> None:
        sys.stdout.write(f"rows {rows}\n")
        sys.stdout.flush()
        os._exit(0 if rows else 1)  # what follows (closing, saving) is not the measure

    def rows_in() -> None:  # rows are in the list: quit once the list has painted them
        after_next_paint(viewport_of(window.browser.table), lambda: finish(proxy.rowCount()))

    arrived = getattr(window.loader, "arrived", None)  # a loader without batches: at `loaded`
    if arrived is not None:
        arrived.connect(lambda *_: rows_in())
    window.loaded.connect(lambda: QTimer.singleShot(0, painted))
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
