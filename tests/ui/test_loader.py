"""The background loader: progress, a newer load supersedes an older one, failures reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from viewer.ui.loader import LibraryLoader


def test_load_reports_progress_and_result(qtbot: Any, library_dir: Path) -> None:
    loader = LibraryLoader()
    progress: list[tuple[int, int]] = []
    loader.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(loader.loaded, timeout=30_000) as blocker:
        loader.start([library_dir])
    library, paths, rows = blocker.args
    assert paths == [str(library_dir)]
    assert len(library.sessions) == 6
    assert len(rows.haystacks) == 6
    assert progress and progress[-1][0] == progress[-1][1]  # the last report says "all done"
    loader.shutdown()


def test_a_newer_load_supersedes_the_running_one(qtbot: Any, library_dir: Path) -> None:
    loader = LibraryLoader()
    results: list[list[str]] = []
    loader.loaded.connect(lambda _library, paths, _rows: results.append(paths))
    first = library_dir / "Day-1_Feb-16"
    loader.start([library_dir])
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start([first])
    qtbot.wait(100)  # a late result of the first load would arrive by now
    assert results == [[str(first)]]
    loader.shutdown()
    assert not loader.is_running()


def test_a_failing_load_is_reported(qtbot: Any, monkeypatch: Any, tmp_path: Path) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("viewer.core.library.load_library", explode)
    loader = LibraryLoader()
    with qtbot.assertNotEmitted(loader.loaded), qtbot.waitSignal(loader.failed) as blocker:
        loader.start([tmp_path])
    assert blocker.args == ["RuntimeError: boom"]
    loader.shutdown()
