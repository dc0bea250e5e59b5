"""The schedule grid's layout: rooms as columns by building, time rows, lanes for overlaps."""

from __future__ import annotations

import time

import pytest

from viewer.core.library.schedule import (
    SHORT_BLOCK_MINUTES,
    Day,
    block_title,
    day_of,
    generic_titles,
    layout_day,
    minutes_of,
    room_of,
    schedule_days,
)
from viewer.core.session.model import Session, Speaker


def s(
    path: str,
    start: str = "10:00",
    end: str = "11:00",
    *,
    room: str = "Hall 1",
    building: str = "Main Centre",
    day: int | None = 1,
    date: str = "2026-02-16",
    title: str = "",
    speakers: tuple[str, ...] = (),
) -> Session:
    return Session(
        path=path,
        title=title or f"Talk {path}",
        day=day,
        date=date,
        start=start,
        end=end,
        building=building,
        room=room,
        speakers=tuple(Speaker(text=n, name=n) for n in speakers),
    )


DAY1 = Day((1, "2026-02-16"), "Day 1 · 16 Feb")


@pytest.mark.parametrize(
    ("clock", "minutes"),
    [("09:30", 570), ("9:05", 545), ("23:59", 1439), ("00:00", 0), (" 14.15 ", 855)],
)
def test_minutes_of_clock_times(clock: str, minutes: int) -> None:
    assert minutes_of(clock) == minutes


@pytest.mark.parametrize("clock", ["", "24:00", "12:60", "noon", "1:2", "12:30pm", "9" * 5000])
def test_minutes_of_rejects_what_is_not_a_time(clock: str) -> None:
    assert minutes_of(clock) is None


def test_room_key_ignores_case_punctuation_and_spacing() -> None:
    a = room_of(s("a", room="Plenary Hall - B"))
    b = room_of(s("b", room="plenary  hall B"))
    c = room_of(s("c", room="Plenary Hall A"))
    assert (a.building_key, a.key) == (b.building_key, b.key)
    assert a.key != c.key
    assert a.name == "Plenary Hall - B"  # the label keeps the spelling
    for one, other in (("Room No. 10", "Room 10"), ("Audi II", "Audi 2")):
        assert room_of(s("x", room=one)).key == room_of(s("y", room=other)).key, one
    assert room_of(s("x", room="Room 7")).key != room_of(s("y", room="Room 10")).key


def test_missing_venue_gets_a_named_column() -> None:
    room = room_of(s("a", room="", building=""))
    assert room.name and room.building


def test_days_in_order_with_labels_and_untimed_days_left_out() -> None:
    sessions = [
        s("d2", day=2, date="2026-02-17"),
        s("d1", day=1, date="2026-02-16"),
        s("d3", day=3, date="2026-02-18", start=""),
        s("dx", day=None, date=""),
    ]
    days = schedule_days(sessions)
    assert [d.label for d in days] == ["Day 1 · 16 Feb", "Day 2 · 17 Feb", "Undated"]
    assert day_of(sessions[0]) == list(days)[1]
    assert [[s.path for s in group] for group in days.values()] == [["d1"], ["d2"], ["dx"]]


def test_rooms_are_columns_grouped_by_building_in_natural_order() -> None:
    sessions = [
        s("a", room="Room 10"),
        s("b", room="Room 9"),
        s("c", room="Room 9", start="11:00", end="12:00"),
        s("d", room="Audi", building="Small Annex"),
        s("e", room="room 10", start="12:00", end="13:00"),  # same room, other spelling
    ]
    grid = layout_day(sessions, DAY1)
    assert [(c.room.building, c.room.name) for c in grid.columns] == [
        ("Main Centre", "Room 9"),
        ("Main Centre", "Room 10"),
        ("Small Annex", "Audi"),
    ]
    assert grid.buildings == (("Main Centre", 0, 2), ("Small Annex", 2, 1))
    column = {b.path: grid.columns[b.column].room.name for b in grid.blocks}
    assert column == {"a": "Room 10", "b": "Room 9", "c": "Room 9", "d": "Audi", "e": "Room 10"}


def test_only_the_days_timed_sessions_are_laid_out() -> None:
    sessions = [s("a"), s("b", start=""), s("c", day=2, date="2026-02-17")]
    grid = layout_day(sessions, DAY1)
    assert [b.path for b in grid.blocks] == ["a"]


def test_overlapping_sessions_in_one_room_are_side_by_side() -> None:
    sessions = [
        s("long", "10:00", "12:00"),
        s("first", "10:00", "10:30"),
        s("second", "10:30", "11:00"),  # reuses the lane "first" left
        s("later", "13:00", "14:00"),  # after the overlap: the whole column again
    ]
    grid = layout_day(sessions, DAY1)
    by = {b.path: b for b in grid.blocks}
    assert by["long"].lanes == by["first"].lanes == by["second"].lanes == 2
    assert by["first"].lane == by["second"].lane != by["long"].lane
    assert (by["later"].lane, by["later"].lanes) == (0, 1)
    assert grid.columns[0].lanes == 2


def test_identical_slots_never_share_a_lane() -> None:
    grid = layout_day([s(f"dup{i}", "15:30", "16:30") for i in range(3)], DAY1)
    assert sorted(b.lane for b in grid.blocks) == [0, 1, 2]
    assert {b.lanes for b in grid.blocks} == {3}


def test_only_a_start_gives_a_short_block() -> None:
    sessions = [s("open", "09:30", ""), s("backwards", "14:00", "13:00"), s("full")]
    by = {b.path: b for b in layout_day(sessions, DAY1).blocks}
    assert (by["open"].start, by["open"].end, by["open"].open_ended) == (
        570,
        570 + SHORT_BLOCK_MINUTES,
        True,
    )
    assert by["backwards"].open_ended and by["backwards"].end - by["backwards"].start > 0
    assert not by["full"].open_ended


def test_ruler_spans_whole_hours_around_the_blocks() -> None:
    grid = layout_day([s("a", "09:30", "10:15"), s("b", "16:45", "17:10")], DAY1)
    assert (grid.first, grid.last) == (9 * 60, 18 * 60)
    late = layout_day([s("a", "23:50", "")], DAY1)
    assert late.last == 24 * 60 and late.blocks[0].end <= 24 * 60


def test_an_empty_day_still_has_a_ruler() -> None:
    grid = layout_day([], DAY1)
    assert grid.blocks == () and grid.last > grid.first


def test_generic_titles_show_their_speakers() -> None:
    sessions = [
        s("k1", title="Keynote", speakers=("Asha Rao",)),
        s("k2", title="Keynote", speakers=("Lin Wei", "B", "C", "D")),
        s("x", title="Compute for everyone in every village", speakers=("Asha Rao",)),
    ]
    generic = generic_titles(sessions)
    assert block_title(sessions[0], generic) == "Keynote: Asha Rao"
    assert block_title(sessions[1], generic) == "Keynote: Lin Wei, B, C …"
    assert block_title(sessions[2], generic) == "Compute for everyone in every village"


def test_a_crowded_room_lays_out_in_bounded_time() -> None:
    """Hostile input: thousands of sessions in one slot of one room."""
    sessions = [s(f"p{i}", "10:00", "11:00") for i in range(3000)]
    began = time.perf_counter()
    grid = layout_day(sessions, DAY1)
    assert time.perf_counter() - began < 5.0
    assert len({b.lane for b in grid.blocks}) == 3000


def test_cached_spans_rooms_and_title_keys_read_only_what_they_read_before() -> None:
    """The day's times, rooms and title keys come from caches keyed on the part of each value
    that is read (16 characters of a time, 300 of a name): a 400 KB value keys on its start,
    and two values that agree there give one answer."""
    tail = "x" * 400_000
    padded = "09:30" + " " * 11  # a time's 16 characters, then anything
    sessions = [
        s("long-time", padded + tail, "10:00"),
        s("long-room", "11:00", "12:00", room="Room No. 10 " + " " * 300 + tail),
        s("room-10", "12:00", "13:00", room="Room 10"),
        s("generic-1", "13:00", "14:00", title="Keynote" + " " * 300 + tail, speakers=("A B",)),
        s("generic-2", "14:00", "15:00", title="keynote", speakers=("C D",)),
    ]
    by = {b.path: b for b in layout_day(sessions, DAY1).blocks}
    assert (by["long-time"].start, by["long-time"].end) == (570, 600)
    assert room_of(sessions[1]).key == room_of(sessions[2]).key  # "Room No. 10" is "Room 10"
    assert by["long-room"].column == by["room-10"].column
    generic = generic_titles(sessions)
    assert block_title(sessions[4], generic) == "keynote: C D"
    assert block_title(sessions[3], generic).endswith(": A B")
