"""Copy as quote, highlights with notes, the notes view and the session list's marks, in a
real window on a small synthetic library."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextCursor

from tests.fixtures.sessions import session_text
from viewer.app import create_window
from viewer.core.library.notes import NOTES_FILE
from viewer.ui.mainwindow.actions import ActionId
from viewer.ui.mainwindow.window import MainWindow

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

SENTENCE = "Rivers need shared data more than new dams."
FILLER = " ".join(f"Sentence number {n} talks about something else entirely." for n in range(60))
TRANSCRIPT = f"Welcome to the panel on water. {FILLER} &gt;&gt; {SENTENCE} {FILLER} Thank you."


def _write(root: Path, transcript: str = TRANSCRIPT) -> Path:
    folder = root / "Day-2_Feb-17" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "001-Water.md").write_text(
        session_text(
            "Water and Data",
            speakers=("- Dr. Asha Verma, Institute of Civic Computing",),
            transcript=transcript,
        ),
        encoding="utf-8",
    )
    (folder / "002-Other.md").write_text(session_text("Another Panel"), encoding="utf-8")
    return root


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Callable[[Path], MainWindow]]:
    def factory(root: Path) -> MainWindow:
        window = create_window([str(root)])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.loaded, timeout=20_000):
            window.show()
        return window

    yield factory


def _select(window: MainWindow, phrase: str) -> None:
    view = window.transcript.view
    start = view.plain_text().index(phrase)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(phrase), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def _open_water(window: MainWindow) -> str:
    assert window.library is not None
    path = next(s.path for s in window.library.sessions if s.title == "Water and Data")
    assert window.open_session(path)
    return path


def test_copy_quote_puts_text_and_markdown_on_the_clipboard(open_window, tmp_path: Path) -> None:
    window = open_window(_write(tmp_path / "lib"))
    _open_water(window)
    _select(window, SENTENCE)
    action = window.findChild(QAction, "actionCopyQuote")
    assert action is not None
    action.trigger()
    data = QGuiApplication.clipboard().mimeData()
    plain, markdown = data.text(), bytes(data.data("text/markdown")).decode()
    assert plain.startswith(f"“{SENTENCE}”")
    assert "Water and Data; Day 2, 2026-02-17, 12:30–13:30" in plain
    assert "Asha Verma" in plain and "t= is an estimate" in plain and "&t=" in plain
    assert markdown.startswith(f"> {SENTENCE}") and "[video at about" in markdown


def test_highlight_survives_restart_and_edit_above(
    open_window, tmp_path: Path, private_config: Path
) -> None:
    root = _write(tmp_path / "lib")
    window = open_window(root)
    path = _open_water(window)
    _select(window, SENTENCE)
    highlight = window.notes.highlight_selection("green", "the key claim")
    assert highlight is not None
    spans = window.transcript.view.note_highlights()
    assert len(spans) == 1
    a, b, _colour = spans[0]
    assert window.transcript.view.plain_text()[a:b] == SENTENCE
    assert window.transcript.view._scrollbar.note_marks()
    stored = json.loads((private_config / NOTES_FILE).read_text())
    assert stored["highlights"][0]["note"] == "the key claim"
    assert window.notes_tab.marks.marked_rows() == [window.browser.proxy.proxy_row_of(path)]
    window.close()

    # The file changes above the passage; a new window finds the highlight again.
    _write(root, "A brand new opening paragraph was inserted here. " + TRANSCRIPT)
    again = open_window(root)
    _open_water(again)
    spans = again.transcript.view.note_highlights()
    assert [again.transcript.view.plain_text()[a:b] for a, b, _c in spans] == [SENTENCE]

    again.notes_tab.show()
    panel = again.notes_tab.panel
    assert panel.objectName() == "notesPanel"
    assert panel.listed_ids() == [highlight.id]
    panel.filter_edit.setText("nothing like this")
    assert panel.listed_ids() == []
    panel.filter_edit.setText("KEY claim")
    assert panel.listed_ids() == [highlight.id]
    panel.colour_box.setCurrentIndex(panel.colour_box.findData("blue"))
    assert panel.listed_ids() == []
    panel.colour_box.setCurrentIndex(0)
    panel.filter_edit.clear()
    again.notes.edit_note(highlight.id, "edited in the view")
    assert "edited in the view" in panel.tree.topLevelItem(0).child(0).text(0)
    assert again.notes.jump_to(highlight.id)


def test_deleted_passage_is_kept_and_listed_not_found(open_window, tmp_path: Path) -> None:
    root = _write(tmp_path / "lib")
    window = open_window(root)
    _open_water(window)
    _select(window, SENTENCE)
    highlight = window.notes.highlight_selection("pink", "")
    window.close()
    _write(root, TRANSCRIPT.replace(SENTENCE, ""))
    again = open_window(root)
    _open_water(again)
    assert again.transcript.view.note_highlights() == []
    kept = again.notes.store.get(highlight.id)
    assert kept is not None and kept.found is False
    again.notes_tab.show()
    text = again.notes_tab.panel.tree.topLevelItem(0).child(0).text(0)
    assert "not found in the current text" in text
    again.notes.remove(highlight.id)
    assert again.notes_tab.panel.listed_ids() == []


def test_context_menu_offers_quote_and_highlight(open_window, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMenu

    window = open_window(_write(tmp_path / "lib"))
    _open_water(window)
    _select(window, SENTENCE)
    menu = QMenu()
    window.notes._context_entries(menu, window.transcript.view.textCursor().selectionStart())
    names = [a.objectName() for a in menu.actions()]
    assert "actionCopyQuoteEntry" in names and "actionHighlightEntry" in names
    window.notes.highlight_selection("yellow", "n")
    menu = QMenu()
    window.notes._context_entries(menu, window.transcript.view.textCursor().selectionStart() + 2)
    assert "editHighlightNoteEntry" in [a.objectName() for a in menu.actions()]


def test_link_that_cannot_open_is_told_and_copied(open_window, tmp_path: Path, monkeypatch) -> None:
    import viewer.ui.common.links as links

    window = open_window(_write(tmp_path / "lib"))
    monkeypatch.delenv("SUMMIT_URL_LOG")
    monkeypatch.setattr(links.QDesktopServices, "openUrl", lambda _url: False)
    shown: list[str] = []
    window.messages.message.connect(lambda text, _ms: shown.append(text))
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    assert links.open_url(window.transcript.view, url) is False
    assert QGuiApplication.clipboard().text() == url
    assert any("Could not open a browser" in m for m in shown)


def test_notes_view_jumps_across_sessions_and_exports(
    open_window, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    root = _write(tmp_path / "lib")
    window = open_window(root)
    water = _open_water(window)
    _select(window, SENTENCE)
    kept = window.notes.highlight_selection("blue", "for the report")
    assert kept is not None
    other = next(s.path for s in window.library.sessions if s.path != water)
    window.open_session(other)
    assert window.transcript.view.note_highlights() == []

    window.notes_tab.show()
    panel = window.notes_tab.panel
    panel.select(kept.id)
    panel.tree.itemClicked.emit(panel.tree.currentItem(), 0)
    assert window.current_path == water
    view = window.transcript.view
    a, b, _c = view.note_highlights()[0]
    assert view.plain_text()[a:b] == SENTENCE
    assert view.visible_range()[0] <= a <= view.visible_range()[1]

    for all_sessions, name in ((True, "all.md"), (False, "one.txt")):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, t=target: (str(t), ""))
        window.notes_tab.export_dialog(all_sessions)
        text = target.read_text(encoding="utf-8")
        assert SENTENCE in text and "for the report" in text
    assert (tmp_path / "all.md").read_text().startswith("## Water and Data")
    assert "Note: for the report" in (tmp_path / "one.txt").read_text()


def test_notes_view_says_how_to_highlight_until_there_is_a_highlight(
    open_window, tmp_path: Path
) -> None:
    from viewer.ui.reader.notes_panel import NO_HIGHLIGHTS, NO_MATCH

    window = open_window(_write(tmp_path / "lib"))
    window.notes_tab.show()
    panel = window.notes_tab.panel
    highlight = window.commands[ActionId.HIGHLIGHT]
    keys = highlight.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    # Nothing yet: no empty list, but what to do, named as the menu and the shortcut name it.
    assert panel.empty_label.isVisible() and not panel.tree.isVisible()
    said = panel.empty_label.text()
    assert said.startswith(NO_HIGHLIGHTS)
    assert f"Edit ▸ Highlight Selection… ({keys})" in said and keys
    _open_water(window)
    _select(window, SENTENCE)
    assert window.notes.highlight_selection("blue", "") is not None
    window.notes_tab.show()
    assert panel.tree.isVisible() and not panel.empty_label.isVisible()
    panel.filter_edit.setText("nowhere-to-be-found")
    assert panel.empty_label.isVisible() and panel.empty_label.text() == NO_MATCH
    panel.filter_edit.clear()
    assert panel.tree.isVisible() and panel.listed_ids()


def test_notes_view_flags_lost_passages_of_sessions_not_opened(open_window, tmp_path: Path) -> None:
    root = _write(tmp_path / "lib")
    window = open_window(root)
    water = _open_water(window)
    _select(window, SENTENCE)
    kept = window.notes.highlight_selection("yellow", "")
    window.open_session(next(s.path for s in window.library.sessions if s.path != water))
    window.close()
    _write(root, TRANSCRIPT.replace(SENTENCE, ""))
    again = open_window(root)
    assert again.current_path != water  # the water session is not opened
    again.notes_tab.show()
    assert again.notes.store.get(kept.id).found is False
    assert "not found" in again.notes_tab.panel.tree.topLevelItem(0).child(0).text(0)


def test_theme_switch_recolours_highlights(open_window, tmp_path: Path, qtbot) -> None:
    from PySide6.QtGui import QColor, QPalette

    window = open_window(_write(tmp_path / "lib"))
    _open_water(window)
    _select(window, SENTENCE)
    window.notes.highlight_selection("green", "")
    view = window.transcript.view
    light = view.note_highlights()[0][2]
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    view.setPalette(dark)
    qtbot.waitUntil(lambda: bool(view.note_highlights()) and view.note_highlights()[0][2] != light)
    assert view.note_highlights()[0][2].lightness() < 128
    a, b, _c = view.note_highlights()[0]
    assert view.plain_text()[a:b] == SENTENCE


def _quote_of(window: MainWindow, paragraph: int) -> tuple[str, str]:
    """Select ten words of `paragraph` and copy them as a quote: (phrase, clipboard text)."""
    text = window.transcript.paragraphs()[paragraph].text
    phrase = " ".join(text.split()[:10])
    view = window.transcript.view
    start = view.block_position(paragraph) + view.plain_text()[
        view.block_position(paragraph) :
    ].index(phrase)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + len(phrase), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert window.notes.copy_quote()
    return phrase, QGuiApplication.clipboard().mimeData().text()


def test_real_sessions_quote_and_highlight(open_window, corpus_root: Path) -> None:
    """On the real collection: a one-speaker session's quote names its speaker; in a shared
    recording, a passage inside the session's found part names its speaker and one outside
    says "speakers:"; all link to an estimated moment; highlights are placed."""
    window = open_window(corpus_root)
    library = window.library
    assert library is not None
    with_video = [s for s in library.sessions if s.has_transcript and s.video_id]
    single = next(s for s in with_video if len(s.speakers) == 1 and not library.stream_of(s.path))
    assert window.open_session(single.path)
    middle = len(window.transcript.paragraphs()) // 2
    phrase, plain = _quote_of(window, middle)
    assert plain.startswith(f"“{phrase}”") and "(t= is an estimate)" in plain
    assert f"; {single.speakers[0].name}\n" in plain
    highlight = window.notes.highlight_selection("blue", "real data")
    assert highlight is not None
    spans = window.transcript.view.note_highlights()
    assert [window.transcript.view.plain_text()[a:b] for a, b, _c in spans] == [phrase]

    def found_part(path: str) -> bool:
        segment = library.segment_of(path)
        return bool(segment and segment.basis == "transcript" and not segment.absent)

    shared = next(
        s
        for s in with_video
        if library.stream_of(s.path) and len(s.speakers) == 1 and found_part(s.path)
    )
    segment = library.segment_of(shared.path)
    assert segment is not None and window.open_session(shared.path)
    paragraphs = window.transcript.paragraphs()
    inside = next(p.index for p in paragraphs if segment.holds(p.words_before))
    outside = next(p.index for p in paragraphs if not segment.holds(p.words_before))
    _phrase, plain = _quote_of(window, inside)
    assert f"; {shared.speakers[0].name}\n" in plain and "speakers:" not in plain
    _phrase, plain = _quote_of(window, outside)
    assert "; speakers: " in plain and "(t= is an estimate)" in plain


def test_highlights_stay_when_a_find_closes(open_window, tmp_path: Path) -> None:
    window = open_window(_write(tmp_path / "lib"))
    _open_water(window)
    _select(window, SENTENCE)
    window.notes.highlight_selection("pink", "")
    view = window.transcript.view
    view.scroll_to_paragraph(view.paragraph_at_position(view.note_highlights()[0][0]))
    colour = view.note_highlights()[0][2]

    def painted() -> int:
        return sum(s.format.background().color() == colour for s in view.extraSelections())

    assert painted() == 1
    window.transcript.open_find("Sentence number")
    window.transcript.find_bar.input.setText("Sentence number")
    window.transcript._on_find("Sentence number", False, False)
    assert window.transcript.match_count() > 0 and painted() == 1
    window.transcript.close_find()
    assert window.transcript.match_count() == 0 and painted() == 1
