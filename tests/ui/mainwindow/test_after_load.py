"""What the window shows after a load, decided without a window."""

from __future__ import annotations

from typing import Any

from viewer.ui.mainwindow.after_load import AfterLoad, Filters, Show, after_load

LIBRARY = ["/lib"]


def decide(**changes: Any) -> AfterLoad:
    values: dict[str, Any] = {
        "paths": LIBRARY,
        "last_library": LIBRARY,
        "last_session": "b",
        "pending": "",
        "current": "",
        "reload": False,
        "exists": lambda path: path in {"a", "b", "c"},
        "transcript_unchanged": False,
    }
    values.update(changes)
    return after_load(**values)


def test_first_open_of_a_library_starts_at_the_top_without_filters() -> None:
    assert decide(last_library=["/other"]) == AfterLoad(Filters.NONE, Show.FIRST)


def test_reopening_last_runs_library_restores_its_session_and_filters() -> None:
    assert decide() == AfterLoad(Filters.SAVED, Show.SESSION, "b")
    # Last run's session is gone from the files: the first row instead.
    assert decide(last_session="gone") == AfterLoad(Filters.SAVED, Show.FIRST)


def test_reload_keeps_the_open_session_and_its_transcript_when_unchanged() -> None:
    kept = decide(reload=True, current="a", transcript_unchanged=True)
    assert kept == AfterLoad(Filters.KEEP, Show.SESSION, "a", keep_transcript=True)
    redrawn = decide(reload=True, current="a", transcript_unchanged=False)
    assert redrawn == AfterLoad(Filters.KEEP, Show.SESSION, "a", keep_transcript=False)


def test_reload_after_the_open_sessions_file_went_keeps_it_on_screen() -> None:
    assert decide(reload=True, current="gone") == AfterLoad(Filters.KEEP, Show.VANISHED)
    # Nothing was open: nothing vanished.
    assert decide(reload=True, current="") == AfterLoad(Filters.KEEP, Show.FIRST)


def test_a_session_asked_for_while_loading_wins() -> None:
    assert decide(pending="c", last_library=["/other"]).session == "c"
    assert decide(pending="c", reload=True, current="a").session == "c"
    # Its transcript is never "kept": it was not the one on screen.
    assert not decide(
        pending="c", reload=True, current="a", transcript_unchanged=True
    ).keep_transcript
