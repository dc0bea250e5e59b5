"""Opening the largest transcript, find-all of "the" in it, and painting the highlights.

Run as a child process by benchmarks.run (`python -m benchmarks.bench_view --root R`), because it
needs a QApplication. Floors, measured in the same process on the same text and widget size:
- open: `QTextBrowser.setPlainText` + first paint of the viewport. The app opens the transcript
  twice over: as it does once the search index is built (the index stored its paragraphs:
  `open_transcript`, the budget), and as on a first launch before the index is (`_unindexed`);
- find-all: a loop of `QTextDocument.find("the")` over the same text;
- paint: a viewport paint of the plain QTextBrowser (no highlights).
The app side goes through viewer.ui.reader.transcript_panel.TranscriptPanel (show_session,
open_find, findCountChanged), so the figure is what a user waits for, signals and all.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

import viewer  # noqa: F401 - applies its PySide6 6.12 refcount workaround before any Qt call
from benchmarks.measure import Result, emit, median, skipped, time_ms

WIDTH, HEIGHT = 1000, 700
WORD = "the"


def largest_session(root: Path):
    """The session with the largest transcript (largest file that has one)."""
    from viewer.core.session import parse
    from viewer.core.session.model import Session

    files = sorted(
        (f for f in root.rglob("*.md") if f.is_file()), key=lambda f: f.stat().st_size, reverse=True
    )
    for file in files[:40]:
        result = parse.read_session_file(file, file.relative_to(root).as_posix())
        if isinstance(result, Session) and result.transcript:
            return result
    return None


def _settle(app: QApplication) -> None:
    """Let pending events run and delete what `deleteLater` scheduled.

    `processEvents` alone never runs deferred deletions outside the main loop, so every
    sample used to leave its 400 KB widget and document behind: the plain `QTextBrowser`
    floor then took 28-36 ms on its first sample and 85-123 ms on the next ones (the app's
    side 99 -> 125 ms), a ratio that said more about the leftovers than about either side.
    Now each sample starts from the same state.
    """
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def floor_open(app: QApplication, text: str) -> float:
    view = QTextBrowser()
    view.resize(WIDTH, HEIGHT)
    view.show()
    _settle(app)

    def act() -> None:
        view.setPlainText(text)
        app.processEvents()
        view.viewport().grab()

    ms = time_ms(act)
    view.close()
    view.deleteLater()
    _settle(app)
    return ms


def floor_find(text: str) -> tuple[float, int]:
    doc = QTextDocument()
    doc.setPlainText(text)
    hits = 0

    def act() -> None:
        nonlocal hits
        cursor = QTextCursor(doc)
        while True:
            cursor = doc.find(WORD, cursor)
            if cursor.isNull():
                break
            hits += 1

    return time_ms(act), hits


def floor_paint(app: QApplication, text: str, reps: int) -> float:
    view = QTextBrowser()
    view.resize(WIDTH, HEIGHT)
    view.setPlainText(text)
    view.show()
    _settle(app)
    samples = [time_ms(view.viewport().grab) for _ in range(reps)]
    view.close()
    view.deleteLater()
    return median(samples)


def _panel(app: QApplication) -> QWidget:
    from viewer.ui.reader.transcript_panel import TranscriptPanel

    panel = TranscriptPanel()
    panel.resize(WIDTH, HEIGHT)
    panel.show()
    _settle(app)
    return panel


def _view_of(panel: QWidget) -> QTextBrowser:
    view = panel.findChild(QTextBrowser, "transcriptView")
    if view is None:
        raise RuntimeError("TranscriptPanel has no QTextBrowser named transcriptView")
    return view


def indexed_paragraphs(file: Path, work: Path):
    """The search index's stored paragraphs for the library of this one file, built in `work`
    the way the window builds its index (raises when they are not there)."""
    from viewer.core.library.load import load_library
    from viewer.core.search.index import SearchIndex, StoredParagraphs

    library = load_library([file])
    index = SearchIndex.open(work / "index.sqlite")
    index.update(library)
    index.close()
    stored = StoredParagraphs(work / "index.sqlite")
    if stored.paragraphs(library.transcript(library.sessions[0].path)) is None:
        raise RuntimeError("the index stored no paragraphs for the transcript")
    return stored


def app_open(app: QApplication, session: object, stored: object = None) -> float:
    panel = _panel(app)
    panel.set_paragraph_source(stored)
    view = _view_of(panel)

    def act() -> None:
        panel.show_session(session, None)
        app.processEvents()
        view.viewport().grab()

    ms = time_ms(act)
    panel.set_paragraph_source(None)
    panel.close()
    panel.deleteLater()
    _settle(app)
    return ms


def app_find(app: QApplication, session: object, paint_reps: int) -> tuple[float, int, float]:
    """(ms until findCountChanged reports the total, the total, median highlight paint ms)."""
    panel = _panel(app)
    view = _view_of(panel)
    panel.show_session(session, None)
    _settle(app)
    view.viewport().grab()
    totals: list[int] = []
    panel.open_find("")  # the bar is open and empty: what is timed is the find itself
    _settle(app)
    panel.findCountChanged.connect(lambda current, total: totals.append(total))
    began = time.perf_counter()
    panel.open_find(WORD)
    deadline = began + 30
    while not (totals and totals[-1] > 0) and time.perf_counter() < deadline:
        app.processEvents()
        if not (totals and totals[-1] > 0):
            time.sleep(0.0005)
    ms = (time.perf_counter() - began) * 1000.0
    if not totals:
        raise RuntimeError("findCountChanged never reported a total")
    _settle(app)
    paint = median([time_ms(view.viewport().grab) for _ in range(paint_reps)])
    panel.close()
    panel.deleteLater()
    _settle(app)
    return ms, totals[-1], paint


# Transcripts built to be hard to lay out (DESIGN.md, "Untrusted input"): a 400 KB line without
# spaces, tens of thousands of speaker turns, tiny blocks and annotations.
HOSTILE = {
    "long-line": "x" * 400_000,
    "80k-turns": ">> a " * 80_000,
    "130k-tiny-blocks": "a\n\n" * 130_000,
    "36k-annotations": "[applause] " * 36_000,
}


def open_hostile(app: QApplication, reps: int) -> Result:
    """The worst ratio of opening a hostile transcript against `setPlainText` of the same text."""
    from viewer.core.session.model import Session

    worst: tuple[float, float, float, str] | None = None
    per_text = {}
    for name, text in HOSTILE.items():
        session = Session(path=f"hostile/{name}", title=name, transcript=text, has_transcript=True)
        floors, opens = [], []
        for _ in range(max(1, reps // 2)):
            floors.append(floor_open(app, text))
            opens.append(app_open(app, session))
        app_ms, floor_ms = median(opens), median(floors)
        per_text[name] = {"ms": round(app_ms, 1), "floor_ms": round(floor_ms, 1)}
        ratio = app_ms / floor_ms if floor_ms > 0 else float("inf")
        if worst is None or ratio > worst[0]:
            worst = (ratio, app_ms, floor_ms, name)
    assert worst is not None
    return Result("open_hostile", worst[1], worst[2], "ms", extra={"worst": worst[3], **per_text})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    names = (
        "open_transcript",
        "open_transcript_unindexed",
        "find_all",
        "find_paint",
        "open_hostile",
    )
    try:
        session = largest_session(args.root)
    except Exception as exc:  # noqa: BLE001 - a missing/broken module becomes a skip line
        for name in names:
            emit(skipped(name, f"viewer.core.session.parse: {type(exc).__name__}: {exc}"))
        return 0
    if session is None:
        for name in names:
            emit(skipped(name, f"no transcript found under {args.root}"))
        return 0
    text = session.transcript
    info = {"path": session.path, "chars": len(text)}
    paint_floor = floor_paint(app, text, args.reps * 2)
    floors: list[float] = []
    opens: list[float] = []
    unindexed: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="summit-bench-view-") as work:
            stored = indexed_paragraphs(args.root / session.path, Path(work))
            for _ in range(args.reps):  # interleaved, so machine noise hits all alike
                floors.append(floor_open(app, text))
                opens.append(app_open(app, session, stored))
                unindexed.append(app_open(app, session))
            stored.close()
        for name, samples in (("open_transcript", opens), ("open_transcript_unindexed", unindexed)):
            emit(
                Result(
                    name,
                    median(samples),
                    median(floors),
                    "ms",
                    extra={
                        **info,
                        "samples": [round(x, 1) for x in samples],
                        "floor_samples": [round(x, 1) for x in floors],
                    },
                )
            )
    except Exception as exc:  # noqa: BLE001
        for name in ("open_transcript", "open_transcript_unindexed"):
            emit(skipped(name, f"{type(exc).__name__}: {exc}"))
    try:
        # Interleaved and summarised alike (median of the same number of runs): machine noise
        # and the statistic treat the floor and the app the same way.
        runs, floor_runs = [], []
        for _ in range(args.reps):
            floor_runs.append(floor_find(text))
            runs.append(app_find(app, session, args.reps * 2))
        emit(
            Result(
                "find_all",
                median([r[0] for r in runs]),
                median([r[0] for r in floor_runs]),
                "ms",
                extra={
                    **info,
                    "hits": runs[0][1],
                    "floor_hits": floor_runs[0][1],
                    "samples": [round(r[0], 2) for r in runs],
                    "floor_samples": [round(r[0], 2) for r in floor_runs],
                },
            )
        )
        emit(
            Result(
                "find_paint",
                median([r[2] for r in runs]),
                paint_floor,
                "ms",
                extra={"hits": runs[0][1]},
            )
        )
    except Exception as exc:  # noqa: BLE001
        emit(skipped("find_all", f"{type(exc).__name__}: {exc}"))
        emit(skipped("find_paint", f"{type(exc).__name__}: {exc}"))
    try:
        emit(open_hostile(app, args.reps))
    except Exception as exc:  # noqa: BLE001
        emit(skipped("open_hostile", f"{type(exc).__name__}: {exc}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
