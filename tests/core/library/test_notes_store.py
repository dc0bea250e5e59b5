"""The notes file: round trip, damaged files kept aside, unwritable folders, limits."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer.core.library.anchors import Anchor
from viewer.core.library.notes import NOTES_FILE, NotesStore, new_highlight


def _store_with_one(folder: Path) -> NotesStore:
    store = NotesStore.load(folder)
    store.add(
        new_highlight(
            "day1/talk", Anchor("open data", "we need ", " for all", 3), "green", "key point"
        )
    )
    return store


def test_round_trip(tmp_path: Path) -> None:
    saved = _store_with_one(tmp_path)
    loaded = NotesStore.load(tmp_path)
    assert loaded.highlights == saved.highlights
    assert loaded.highlights[0].note == "key point" and loaded.highlights[0].colour == "green"
    assert loaded.warning == ""


def test_update_remove_and_found_flags(tmp_path: Path) -> None:
    store = _store_with_one(tmp_path)
    hid = store.highlights[0].id
    store.update(hid, note="edited", colour="not-a-colour")
    store.mark_found([(hid, False)])
    again = NotesStore.load(tmp_path)
    assert again.highlights[0].note == "edited"
    assert again.highlights[0].colour == "green"
    assert again.highlights[0].found is False
    assert again.remove(hid) and NotesStore.load(tmp_path).highlights == []


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\x00\x00\x00",
        b'{"highlights": 5}',
        b"[]",
        "\ufeff{".encode(),
        b"",
        b'{"highlights": ' + b"[" * 100_000,
        b"\xff\xfe{",
    ],
)
def test_damaged_file_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    (tmp_path / NOTES_FILE).write_bytes(content)
    store = NotesStore.load(tmp_path)
    assert store.highlights == []
    assert "damaged" in store.warning
    assert (tmp_path / (NOTES_FILE + ".corrupt")).read_bytes() == content


def test_partly_damaged_file_keeps_what_reads(tmp_path: Path) -> None:
    good = _store_with_one(tmp_path)
    data = json.loads((tmp_path / NOTES_FILE).read_text())
    data["highlights"].append({"id": 3, "anchor": "x"})
    (tmp_path / NOTES_FILE).write_text(json.dumps(data))
    store = NotesStore.load(tmp_path)
    assert [h.id for h in store.highlights] == [good.highlights[0].id]
    assert "damaged" in store.warning and (tmp_path / (NOTES_FILE + ".corrupt")).exists()
    assert NotesStore.load(tmp_path).highlights == store.highlights  # saved again, clean


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_folder_keeps_notes_in_memory(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    store = NotesStore.load(folder)
    folder.chmod(0o500)
    try:
        ok = store.add(new_highlight("s", Anchor("text")))
    finally:
        folder.chmod(0o700)
    assert not ok and len(store.highlights) == 1 and "Could not save" in store.warning


def test_crash_mid_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store_with_one(tmp_path)
    before = (tmp_path / NOTES_FILE).read_bytes()

    def boom(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("viewer.core.library.notes.atomic_write_bytes", boom)
    assert not store.add(new_highlight("s", Anchor("more")))
    assert (tmp_path / NOTES_FILE).read_bytes() == before
    assert "No space" in store.warning


def test_highlights_follow_their_file_whatever_folder_was_opened(tmp_path: Path) -> None:
    """The same file is `Day-4/sessions/001-Keynote` in the whole collection and
    `sessions/001-Keynote` when its day is opened alone; another day's `001-Keynote` is
    another file, whose path alone could be mistaken for it."""
    from viewer.core.library.userstate import state_keys

    collection = tmp_path / "collection"
    for day in ("Day-4", "Day-5"):
        (collection / day / "sessions").mkdir(parents=True)
        (collection / day / "sessions" / "001-Keynote.md").write_text("# Keynote\n")
    day4 = collection / "Day-4" / "sessions" / "001-Keynote.md"
    day5 = collection / "Day-5" / "sessions" / "001-Keynote.md"
    whole = state_keys(
        [("Day-4/sessions/001-Keynote", str(day4)), ("Day-5/sessions/001-Keynote", str(day5))]
    )
    store = NotesStore.load(tmp_path / "profile")
    kept = new_highlight("Day-4/sessions/001-Keynote", Anchor("compute", "", "", 0))
    store.add(kept._replace(file=whole["Day-4/sessions/001-Keynote"]))
    # Day 5 opened alone: its own 001-Keynote is not the highlighted file.
    store.bind(state_keys([("sessions/001-Keynote", str(day5))]))
    assert store.highlights[0].session == "Day-4/sessions/001-Keynote"
    # Day 4 opened alone: the highlight is found under the path it has there.
    store.bind(state_keys([("sessions/001-Keynote", str(day4))]))
    assert store.highlights[0].session == "sessions/001-Keynote"
    again = NotesStore.load(tmp_path / "profile")  # and that is what was saved
    assert again.of_session("sessions/001-Keynote") and again.highlights[0].file


def test_a_highlight_kept_before_file_keys_takes_its_sessions_key(tmp_path: Path) -> None:
    from viewer.core.library.userstate import state_keys

    store = NotesStore.load(tmp_path / "profile")
    store.add(new_highlight("day1/talk", Anchor("open data", "", "", 0)))
    source = tmp_path / "lib" / "day1" / "talk.md"
    source.parent.mkdir(parents=True)
    source.write_text("# Talk\n")
    store.bind(state_keys([("day1/talk", str(source))]))
    assert store.highlights[0].file == str(source.resolve())
    assert store.highlights[0].session == "day1/talk"
