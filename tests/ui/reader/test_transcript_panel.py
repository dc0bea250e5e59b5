"""The transcript view and panel: readable document, fast find, shared streams, safe links."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser

from tests.ui.conftest import make_session
from tests.ui.reader.synthetic_transcript import make_transcript
from viewer.core.session.model import SharedStream
from viewer.core.session.transcript import read_paragraphs
from viewer.ui.reader.find_engine import FindEngine, FindOptions, first_at_or_after
from viewer.ui.reader.transcript_document import SPEAKER_MARK
from viewer.ui.reader.transcript_panel import TranscriptPanel
from viewer.ui.reader.transcript_view import TranscriptView

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

BIG = make_transcript(400_000)


@pytest.fixture
def panel(qtbot):  # type: ignore[no-untyped-def]
    widget = TranscriptPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def at_top(qtbot, panel: TranscriptPanel, paragraph: int) -> bool:  # type: ignore[no-untyped-def]
    """Wait until `paragraph` is really at the top of the viewport (layout is lazy)."""
    qtbot.waitUntil(lambda: panel.view.paragraph_at_top() == paragraph, timeout=3000)
    return panel.current_paragraph() == paragraph


# -- the document ---------------------------------------------------------------------------


def test_view_contract(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TranscriptView()
    qtbot.addWidget(view)
    assert view.objectName() == "transcriptView"
    assert isinstance(view, QTextBrowser)
    assert view.isReadOnly()
    assert not view.openLinks() and not view.openExternalLinks()
    option = view.document().defaultTextOption()
    assert option.wrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    assert view.loadResource(2, QUrl("file:///dev/zero")) is None


def test_paragraphs_turns_and_annotations(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TranscriptView()
    qtbot.addWidget(view)
    text = "Welcome all to the\nsession on data.\n\n>> Thank you. [applause] So, to begin\n\n>> yes"
    paragraphs = read_paragraphs(text)
    view.set_paragraphs(paragraphs)
    doc = view.document()
    assert doc.blockCount() == len(paragraphs) == view.paragraph_count
    assert view.plain_text() == doc.toPlainText()
    for para in paragraphs:
        block = doc.findBlockByNumber(para.index)
        assert block.text().startswith(SPEAKER_MARK) == para.new_speaker
        assert block.text().endswith(para.text)
        assert block.blockFormat().lineHeight() == 150
    # the annotation is dimmed: italic, in the placeholder colour
    at = view.plain_text().index("[applause]")
    cursor = QTextCursor(doc)
    cursor.setPosition(at + 2)
    fmt = cursor.charFormat()
    assert fmt.fontItalic()
    plain = QTextCursor(doc)
    plain.setPosition(view.plain_text().index("Thank") + 2)
    assert not plain.charFormat().fontItalic()
    assert fmt.foreground().color() != plain.charFormat().foreground().color()


def test_column_is_centred_and_bounded(panel: TranscriptPanel) -> None:
    view = panel.view
    panel.resize(1600, 600)
    margins = view.viewportMargins()
    assert margins.left() > 100 and abs(margins.left() - margins.right()) <= 1
    assert view.lineWrapColumnOrWidth() == view.column_width()
    panel.resize(420, 600)
    assert view.lineWrapColumnOrWidth() < view.column_width()


def test_plain_text_matches_document_on_big_transcript(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = TranscriptView()
    qtbot.addWidget(view)
    view.set_paragraphs(read_paragraphs(BIG))
    assert view.plain_text() == view.document().toPlainText()


def test_pathological_line_is_broken_for_layout(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A 400 KB line without spaces takes seconds to lay out with word wrapping: the document
    breaks long runs so that layout never searches for a word boundary (the time it takes is
    `open_hostile` in benchmarks/)."""
    from viewer.ui.reader.transcript_document import BREAK_EVERY

    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_paragraphs(read_paragraphs("x" * 400_000))
    doc = view.document()
    doc.documentLayout().blockBoundingRect(doc.lastBlock())  # force the full layout
    view.scroll_to_paragraph(0)
    longest = max(len(run) for run in re.split(r"[\s\u200b]", view.plain_text()))
    assert 0 < longest <= BREAK_EVERY
    assert view.plain_text().replace("\u200b", "").count("x") == 400_000


def test_largest_real_transcript(qtbot, corpus_root: Path) -> None:  # type: ignore[no-untyped-def]
    files = sorted(corpus_root.glob("*/sessions/*.md"), key=lambda p: p.stat().st_size)
    raw = files[-1].read_text(encoding="utf-8", errors="replace")
    transcript = html.unescape(raw.split("## 📝 Transcript", 1)[1])
    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    start = time.perf_counter()
    panel.show_session(make_session("real/largest", "Largest", transcript=transcript))
    opened = time.perf_counter() - start
    assert panel.view.plain_text() == panel.view.document().toPlainText()
    assert panel.view.paragraph_count > 100
    for options, qt_flags in (
        (FindOptions("the"), QTextDocument.FindFlag(0)),
        (FindOptions("The", case=True), QTextDocument.FindFlag.FindCaseSensitively),
    ):
        panel.find_bar.case_button.setChecked(options.case)
        panel.open_find(options.text)
        doc, cursor, expected = panel.view.document(), QTextCursor(panel.view.document()), 0
        while not (cursor := doc.find(options.text, cursor, qt_flags)).isNull():
            expected += 1
        assert panel.match_count() == expected > 0
    words = len(re.findall(r"(?<!\w)the(?!\w)", panel.view.plain_text(), re.IGNORECASE))
    panel.find_bar.case_button.setChecked(False)
    panel.find_bar.words_button.setChecked(True)
    assert panel.match_count() == words
    print(f"largest real transcript ({len(transcript):,} chars) opened in {opened * 1000:.0f} ms")


def test_theme_switch_recolours_and_keeps_place(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    panel.show_session(make_session("d/x", "X", transcript=BIG))
    panel.view.scroll_to_paragraph(150)
    panel.open_find("agent")
    matches, current = panel.view.matches(), panel.view.current_match()
    reading = panel.current_paragraph()
    palette = QPalette(panel.view.palette())
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#123456"))
    panel.view.setPalette(palette)
    annotation = panel.view.plain_text().index("[", panel.view.block_position(reading))
    cursor = QTextCursor(panel.view.document())
    cursor.setPosition(annotation + 2)
    assert cursor.charFormat().fontItalic()
    assert cursor.charFormat().foreground().color() == QColor("#123456")
    assert at_top(qtbot, panel, reading)
    assert panel.view.matches() == matches and panel.view.current_match() == current


def test_slot_is_reached_when_shown_after_opening(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window may show a session before it is on screen: the slot must still be honoured."""
    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    stream = SharedStream("vid", ("d/a", "d/b"), (0.0, 0.5))
    panel.show_session(make_session("d/b", "B", transcript=BIG), stream)
    panel.resize(900, 600)
    panel.show()
    assert at_top(qtbot, panel, panel.slot_paragraph())
    panel.resize(480, 600)  # narrower column: everything re-wraps, the place is kept
    assert at_top(qtbot, panel, panel.slot_paragraph())


def test_user_scroll_releases_the_anchor(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/x", "X", transcript=BIG))
    panel.view.scroll_to_paragraph(100)
    assert at_top(qtbot, panel, 100)
    bar = panel.view.verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
    assert panel.current_paragraph() == panel.view.paragraph_at_top() > 100


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\ufdd0", "\ufdd1", "\ufffc", "\ufeff", "\u202e", "🎤", "\u0301"]
)
def test_special_characters_keep_one_block_per_paragraph(qtbot, char: str) -> None:  # type: ignore[no-untyped-def]
    view = TranscriptView()
    qtbot.addWidget(view)
    view.set_paragraphs(read_paragraphs(f"hello a{char}b world\n\n>> next {char} [music] end"))
    assert view.document().blockCount() == view.paragraph_count == 2
    assert view.plain_text() == view.document().toPlainText()
    engine = FindEngine(view.plain_text())
    (a, b), *_ = engine.find_all(FindOptions("end"))
    cursor = QTextCursor(view.document())
    cursor.setPosition(a)
    cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "end"


def test_scroll_bar_paints_marks_and_current(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from viewer.ui.reader.match_scrollbar import MarkedScrollBar

    bar = MarkedScrollBar()
    qtbot.addWidget(bar)
    bar.resize(16, 400)
    bar.setRange(0, 1000)
    bar.show()

    def coloured_rows(image, colour: QColor) -> set[int]:  # type: ignore[no-untyped-def]
        return {
            y
            for y in range(image.height())
            for x in range(image.width())
            if image.pixelColor(x, y).name() == colour.name()
        }

    orange = QColor("#e8590c")
    assert not coloured_rows(bar.grab().toImage(), orange)
    bar.set_marks([0.1, 0.5, 0.9], current=0.5)
    image = bar.grab().toImage()
    rows = coloured_rows(image, orange)
    assert rows and all(abs(y - image.height() / 2) < 20 for y in rows)
    bar.set_marks([])
    assert not coloured_rows(bar.grab().toImage(), orange)


@pytest.mark.parametrize(
    "transcript",
    [">> a " * 80_000, "a\n\n" * 130_000, "[applause] " * 36_000],
    ids=["80k-turns", "130k-tiny-blocks", "36k-annotations"],
)
def test_hostile_density_stays_bounded(qtbot, panel: TranscriptPanel, transcript: str) -> None:  # type: ignore[no-untyped-def]
    from viewer.ui.reader.transcript_view import MAX_LIVE_SELECTIONS

    panel.show_session(make_session("d/hostile", "H", transcript=transcript))
    qtbot.wait(1)
    panel.open_find("a")
    qtbot.wait(1)
    bar = panel.view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(1)
    # Bounded work (its time is `open_hostile` in benchmarks/): capped counts and selections.
    assert panel.find_bar.count.text().endswith("+")  # capped, and says so
    assert 0 < panel.view.highlighted_count() <= MAX_LIVE_SELECTIONS + 1


def test_long_transcript_find_shows_count_first_then_lists(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    # Count, current match and on-screen highlights at once; every match a turn later.
    panel.show_session(make_session("d/big", "Big", transcript=BIG))
    panel.view.scroll_to_paragraph(300)
    assert at_top(qtbot, panel, 300)
    counts: list[tuple[int, int]] = []
    panel.findCountChanged.connect(lambda current, total: counts.append((current, total)))
    panel.open_find("the")
    expected = FindEngine(panel.view.plain_text()).find_all(FindOptions("the"))
    first = first_at_or_after(expected, panel.view.top_position())
    assert counts == [(first + 1, len(expected))]  # reported before any listing
    assert panel.find_bar.count.text() == f"{first + 1:,} of {len(expected):,}"
    near = panel.view.matches()
    assert 0 < len(near) < len(expected) and set(near) <= set(expected)
    a, b = expected[first]
    strong = [s for s in panel.view.extraSelections() if s.cursor.selectionStart() == a]
    assert strong and strong[-1].cursor.selectionEnd() == b
    qtbot.waitUntil(lambda: panel.view.matches() == expected, timeout=2000)
    assert len(panel.view.scroll_marks()) == len(expected)
    assert panel.current_match() == first and panel.view.current_match() == first
    panel.find_next()
    assert panel.current_match() == first + 1


def test_stepping_before_the_list_is_made(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/big", "Big", transcript=BIG))
    panel.open_find("public")
    first = panel.current_match()
    panel.find_next()  # same event-loop turn: the list is made on demand
    assert panel.current_match() == first + 1
    expected = FindEngine(panel.view.plain_text()).find_all(FindOptions("public"))
    assert panel.view.matches() == expected
    assert panel.view.current_match() == first + 1


def test_a_pending_list_is_dropped_when_the_find_changes(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/big", "Big", transcript=BIG))
    panel.open_find("the")
    panel.close_find()
    qtbot.wait(20)
    assert panel.match_count() == 0 and panel.view.matches() == []
    assert panel.view.extraSelections() == [] and panel.view.scroll_marks() == []


def test_paragraphs_come_from_the_search_index_when_it_has_them(  # type: ignore[no-untyped-def]
    qtbot, panel: TranscriptPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.core.search.search_fixtures import build_corpus
    from viewer.core.library.load import load_library
    from viewer.core.search.index import SearchIndex, StoredParagraphs
    from viewer.ui.reader import transcript_panel

    build_corpus(tmp_path / "lib")
    library = load_library([tmp_path / "lib"])
    index = SearchIndex.open(tmp_path / "index.sqlite")
    index.update(library)
    index.close()
    indexed = library.transcript(next(s.path for s in library.sessions if s.has_transcript))
    expected = read_paragraphs(indexed)
    splits: list[str] = []

    def counted(text: str):  # type: ignore[no-untyped-def]
        splits.append(text)
        return read_paragraphs(text)

    monkeypatch.setattr(transcript_panel, "read_paragraphs", counted)
    panel.set_paragraph_source(StoredParagraphs(tmp_path / "index.sqlite"))
    panel.show_session(make_session("d/a", "A", transcript=indexed))
    assert splits == []  # the stored paragraphs were used
    assert panel.view.paragraph_count == len(expected)
    assert panel.view.plain_text() == "\n".join(p.text for p in expected)

    unknown = make_transcript(20_000, seed=5)
    panel.show_session(make_session("d/b", "B", transcript=unknown))
    assert splits == [unknown]  # not in the index: split here
    assert panel.view.paragraph_count == len(read_paragraphs(unknown))
    panel.set_paragraph_source(None)
