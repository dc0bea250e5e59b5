"""The background loader: progress, a newer load supersedes an older one, failures reported."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.fixtures.spy import spy
from viewer.ui.library.loader import LibraryLoader


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

    monkeypatch.setattr("viewer.core.library.load.load_library", explode)
    loader = LibraryLoader()
    with qtbot.assertNotEmitted(loader.loaded), qtbot.waitSignal(loader.failed) as blocker:
        loader.start([tmp_path])
    assert blocker.args == ["RuntimeError: boom"]
    loader.shutdown()


# --- a library shown from the header cache, then checked against its files -------------------


def loads_of(loader: LibraryLoader) -> list[Any]:
    libraries: list[Any] = []
    loader.loaded.connect(lambda library, _paths, _rows: libraries.append(library))
    return libraries


def warm_cache(qtbot: Any, library_dir: Path, tmp_path: Path) -> Path:
    """A header cache filled by one finished load of `library_dir`."""
    cache = tmp_path / "cache"
    first = LibraryLoader(cache=cache)
    with qtbot.waitSignal(first.loaded, timeout=30_000):
        first.start([library_dir])
    first.shutdown()
    return cache


def test_opening_a_cached_library_shows_it_then_finds_it_unchanged(
    qtbot: Any, library_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = LibraryLoader(cache=cache)
    with qtbot.waitSignal(first.loaded, timeout=30_000) as cold:
        first.start([library_dir])
    assert cold.args[0].verified  # nothing cached yet: listed and read
    first.shutdown()

    loader = LibraryLoader(cache=cache)
    libraries = loads_of(loader)
    with qtbot.waitSignal(loader.checked, timeout=30_000) as checked:
        loader.start([library_dir])
    assert checked.args == [False]
    assert len(libraries) == 1 and not libraries[0].verified  # shown from the cache
    assert libraries[0].sessions == cold.args[0].sessions
    qtbot.wait(100)
    assert len(libraries) == 1  # unchanged: no second load
    loader.shutdown()


def test_a_file_changed_since_the_cache_is_noticed_after_the_first_paint(
    qtbot: Any, library_dir: Path, tmp_path: Path
) -> None:
    cache = warm_cache(qtbot, library_dir, tmp_path)
    sessions = sorted(library_dir.glob("*/sessions/*.md"))
    changed, deleted = sessions[0], sessions[1]
    changed.write_text(changed.read_text(encoding="utf-8").replace("# ", "# Renamed: ", 1))
    os.utime(changed, ns=(1, 1_700_000_000_000_000_000))
    deleted.unlink()

    loader = LibraryLoader(cache=cache)
    libraries = loads_of(loader)
    with qtbot.waitSignal(loader.checked, timeout=30_000) as checked:
        loader.start([library_dir])
    assert checked.args == [True]
    qtbot.waitUntil(lambda: len(libraries) == 2, timeout=30_000)
    shown, fresh = libraries
    assert not shown.verified and fresh.verified
    assert not any(s.title.startswith("Renamed: ") for s in shown.sessions)
    assert any(s.title.startswith("Renamed: ") for s in fresh.sessions)
    assert len(fresh.sessions) == len(shown.sessions) - 1
    assert not fresh.is_stale()
    loader.shutdown()


def test_a_reload_of_the_same_paths_lists_the_files_first(
    qtbot: Any, library_dir: Path, tmp_path: Path
) -> None:
    loader = LibraryLoader(cache=tmp_path / "cache")
    libraries = loads_of(loader)
    for _ in range(2):
        with qtbot.waitSignal(loader.loaded, timeout=30_000):
            loader.start([library_dir])
    # The first load listed the files (nothing cached); the second is a reload (as after the
    # watcher saw a change): it must not show the cache's stale view first.
    assert [library.verified for library in libraries] == [True, True]
    with qtbot.assertNotEmitted(loader.checked, wait=300):
        pass
    loader.shutdown()


def test_a_new_start_drops_the_pending_check(qtbot: Any, library_dir: Path, tmp_path: Path) -> None:
    cache = warm_cache(qtbot, library_dir, tmp_path)
    loader = LibraryLoader(cache=cache)
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start([library_dir])
    loader.cancel()
    with qtbot.assertNotEmitted(loader.checked, wait=400):
        pass
    loader.shutdown()
    assert not loader.is_running()


def test_rows_later_hands_the_filter_data_over_after_loaded(
    qtbot: Any, library_dir: Path, tmp_path: Path
) -> None:
    cache = warm_cache(qtbot, library_dir, tmp_path)

    loader = LibraryLoader(cache=cache, rows_later=True)
    events: list[str] = []
    loader.loaded.connect(lambda _library, _paths, rows: events.append(f"loaded {rows}"))
    loader.prepared.connect(lambda _library, _rows: events.append("prepared"))
    loader.checked.connect(lambda stale: events.append(f"checked {stale}"))
    with qtbot.waitSignal(loader.prepared, timeout=30_000) as prepared:
        loader.start([library_dir])
    library, rows = prepared.args
    assert len(rows.haystacks) == len(library.sessions) == 6
    qtbot.waitUntil(lambda: "checked False" in events, timeout=30_000)
    assert events == ["loaded None", "prepared", "checked False"]  # shown, folded, checked
    loader.shutdown()


# --- rows handed over in batches while files are read -----------------------------------------


def _in_batches(monkeypatch: Any, **settings: float) -> LibraryLoader:
    """A loader handing over rows two at a first batch; `settings`: other loader constants."""
    monkeypatch.setattr("viewer.ui.library.loader.FIRST_BATCH_ROWS", 2)
    for name, value in settings.items():
        monkeypatch.setattr(f"viewer.ui.library.loader.{name}", value)
    return LibraryLoader()


def test_batches_arrive_in_order_and_make_the_library(
    qtbot: Any, monkeypatch: Any, library_dir: Path
) -> None:
    loader = _in_batches(monkeypatch, BATCH_S=0.0)
    batches: list[tuple[list[str], int]] = []
    loader.arrived.connect(lambda rows, before: batches.append(([s.path for s in rows], before)))
    with qtbot.waitSignal(loader.loaded, timeout=30_000) as blocker:
        loader.start([library_dir])
    library = blocker.args[0]
    assert len(batches) >= 2
    assert [path for rows, _ in batches for path in rows] == [s.path for s in library.sessions]
    sent = 0
    for rows, before in batches:  # each batch says how many came before it
        assert before == sent
        sent += len(rows)
    # Loading the same paths again (a reload) keeps the old rows until it is done.
    batches.clear()
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start([library_dir])
    assert batches == []
    loader.shutdown()


def test_the_load_reads_on_once_the_first_rows_are_shown(
    qtbot: Any, monkeypatch: Any, library_dir: Path
) -> None:
    loader = _in_batches(monkeypatch, FIRST_PAINT_WAIT_S=60.0)
    firsts: list[int] = []
    loaded: list[object] = []
    loader.arrived.connect(lambda rows, before: firsts.append(len(rows)) if before == 0 else None)
    loader.loaded.connect(lambda *args: loaded.append(args[0]))
    loader.start([library_dir])
    qtbot.waitUntil(lambda: bool(firsts), timeout=30_000)
    qtbot.wait(300)  # the reading thread waits for the list to show the first rows
    assert loaded == []
    loader.first_rows_shown()
    qtbot.waitUntil(lambda: bool(loaded), timeout=30_000)
    loader.shutdown()


def test_the_first_batch_is_the_screenful_the_list_shows(
    qtbot: Any, monkeypatch: Any, library_dir: Path
) -> None:
    # No time limit: the first batch of a new library is as many rows as the receiver said
    # its list shows (FIRST_BATCH_ROWS, 2 here, until it says).
    firsts: list[int] = []
    for screenful in (3, 5, None):
        loader = _in_batches(monkeypatch, FIRST_BATCH_S=600.0, FIRST_PAINT_WAIT_S=0.0)
        loader.arrived.connect(
            lambda rows, before: firsts.append(len(rows)) if before == 0 else None
        )
        if screenful is not None:
            loader.set_screenful(screenful)
        with qtbot.waitSignal(loader.loaded, timeout=30_000):
            loader.start([library_dir])
        loader.shutdown()
    assert firsts == [3, 5, 2]


def test_the_wait_for_the_first_rows_is_bounded(
    qtbot: Any, monkeypatch: Any, library_dir: Path
) -> None:
    loader = _in_batches(monkeypatch, FIRST_PAINT_WAIT_S=0.05)  # nobody shows the rows
    with qtbot.waitSignal(loader.loaded, timeout=30_000):
        loader.start([library_dir])
    loader.shutdown()


def test_the_recording_of_the_session_shown_first_is_placed_before_loaded(
    qtbot: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from tests.core.library import quality_fixtures as fx
    from viewer.core.library.load import Library

    root = fx.build(tmp_path / "lib")
    placed = spy(monkeypatch, Library, "segment_of", lambda library, path: path)
    loader = LibraryLoader(rows_later=True)  # as the window has it: flags judged after paint
    for first, expected in (
        (fx.SHARED_DAY[2], [fx.SHARED_DAY[2]]),  # in a shared recording: placed in the thread
        ("Day-1/sessions/none", []),  # not in this library: nothing placed before `loaded`
    ):
        placed.clear()
        with qtbot.waitSignal(loader.loaded, timeout=30_000):
            loader.start([str(root)], first=first, trust_cache=False)
        assert [p for p in placed if p in fx.SHARED_DAY] == expected
    loader.shutdown()


def test_a_library_read_in_one_batch_does_not_wait_for_its_paint(
    qtbot: Any, monkeypatch: Any, library_dir: Path
) -> None:
    # More rows per first batch than the library has: the one batch is also the last, so
    # nothing is left to read and `loaded` need not wait for the list to paint it.
    loader = _in_batches(
        monkeypatch, FIRST_PAINT_WAIT_S=600.0, FIRST_BATCH_ROWS=1000, FIRST_BATCH_S=600.0
    )
    with qtbot.waitSignal(loader.loaded, timeout=20_000):
        loader.start([library_dir])
    loader.shutdown()
