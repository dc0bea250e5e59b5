"""The transcript view and panel: readable document, fast find, shared streams, safe links."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser

from tests.ui.conftest import make_session
from tests.ui.reader.synthetic_transcript import make_transcript
from viewer.core.recordings.segments import Segment
from viewer.core.session.model import SharedStream
from viewer.core.session.transcript import paragraph_at_word, read_paragraphs
from viewer.ui.reader.find_engine import FindEngine, FindOptions, first_at_or_after
from viewer.ui.reader.transcript_document import SPEAKER_MARK, build_document
from viewer.ui.reader.transcript_panel import NO_TRANSCRIPT, TranscriptPanel
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


def test_a_transcript_is_laid_out_at_the_columns_width_from_the_start(
    qtbot, panel: TranscriptPanel, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The document reaches Qt with the column's width already set (shown without one, Qt lays
    it out unwrapped first, then again at the width), and the layout is the one Qt makes when
    it sets the width itself."""
    view = panel.view
    paragraphs = read_paragraphs(make_transcript(60_000, seed=3))
    widths: list[float] = []
    real = TranscriptView.setDocument

    def recording(self: TranscriptView, document: QTextDocument) -> None:
        widths.append(document.textWidth())
        real(self, document)

    monkeypatch.setattr(TranscriptView, "setDocument", recording)
    view.set_paragraphs(paragraphs)
    assert widths == [view.lineWrapColumnOrWidth()] and widths[0] > 0
    monkeypatch.undo()
    # The same paragraphs given to Qt without a width, in a view like this one.
    plain = TranscriptView()
    qtbot.addWidget(plain)
    plain.resize(view.size())
    plain.setLineWrapColumnOrWidth(view.lineWrapColumnOrWidth())
    plain.setDocument(build_document(plain, paragraphs, plain.palette(), plain.font()).document)
    assert plain.document().textWidth() == view.document().textWidth()
    ours, theirs = view.document().documentLayout(), plain.document().documentLayout()
    assert ours.documentSize() == theirs.documentSize()
    for number in range(0, view.document().blockCount(), 5):
        assert ours.blockBoundingRect(view.document().findBlockByNumber(number)) == (
            theirs.blockBoundingRect(plain.document().findBlockByNumber(number))
        )


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


# -- find at scale --------------------------------------------------------------------------


def test_find_the_in_400kb_agrees_with_a_document_find_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    # How much faster it is, is measured by benchmarks/ (find_all), not asserted here.
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.set_paragraphs(read_paragraphs(BIG))
    engine = FindEngine(view.plain_text())
    found: list[tuple[int, int]] = []

    def ours() -> None:
        found[:] = engine.find_all(FindOptions("the"))
        view.set_matches(found, 0, reveal=True)

    def qt_loop() -> int:
        doc, cursor, n = view.document(), QTextCursor(view.document()), 0
        while True:
            cursor = doc.find("the", cursor)
            if cursor.isNull():
                return n
            n += 1

    ours()
    assert len(found) == qt_loop() > 4000
    assert view.viewport().grab().width() > 0
    # Only the matches near the screen are materialised as selections.
    assert 0 < view.highlighted_count() < 1000


def test_highlight_window_follows_scrolling(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/big", "Big", transcript=BIG))
    panel.open_find("the")
    total = panel.match_count()
    assert total > 4000
    bar = panel.view.verticalScrollBar()
    qtbot.waitUntil(panel.view.layout_complete, timeout=5000)
    before = {s.cursor.selectionStart() for s in panel.view.extraSelections()}
    bar.setValue(bar.maximum() * 3 // 4)
    top, bottom = panel.view.visible_range()
    assert top < bottom
    highlighted = [s.cursor.selectionStart() for s in panel.view.extraSelections()]
    assert any(top <= pos <= bottom for pos in highlighted)
    assert not any(top <= pos <= bottom for pos in before)
    marks = panel.view.scroll_marks()
    assert len(marks) == total and marks == sorted(marks) and marks[0] >= 0 and marks[-1] <= 1


def test_find_keeps_the_reading_position(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/big", "Big", transcript=BIG))
    panel.view.scroll_to_paragraph(300)
    assert at_top(qtbot, panel, 300)
    panel.open_find("the")
    current = panel.matches()[panel.current_match()]
    assert panel.view.paragraph_at_position(current[0]) in (300, 301)
    assert abs(panel.view.paragraph_at_top() - 300) <= 1
    panel.close_find()
    assert abs(panel.view.paragraph_at_top() - 300) <= 1


# -- sessions and streams -------------------------------------------------------------------


def test_shared_stream_banner_and_slot(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    stream = SharedStream("vid", ("d/a", "d/b", "d/c"), (0.0, 0.5, 0.75))
    panel.show_session(make_session("d/b", "B", transcript=BIG), stream)
    assert panel.banner.isVisible()
    text = panel.banner.label.text()
    assert "covers 3 sessions" in text and "~50%" in text
    slot = panel.slot_paragraph()
    assert 0.4 * panel.view.paragraph_count < slot < 0.6 * panel.view.paragraph_count
    assert at_top(qtbot, panel, slot)
    panel.banner.button.click()
    assert at_top(qtbot, panel, 0)
    assert "Back to this session" in panel.banner.button.text()
    panel.banner.button.click()
    assert at_top(qtbot, panel, slot)
    # a sibling session of the same stream reuses the document and opens at its own slot
    document = panel.view.document()
    panel.show_session(make_session("d/c", "C", transcript=BIG), stream)
    assert panel.view.document() is document
    assert panel.slot_paragraph() > slot
    assert at_top(qtbot, panel, panel.slot_paragraph())


def test_banner_tells_where_the_part_was_found(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    stream = SharedStream("vid", ("d/a", "d/b", "d/c"), (0.0, 0.5, 0.75))
    paragraphs = read_paragraphs(BIG)
    total = paragraphs[-1].words_before + paragraphs[-1].words
    start = total // 5  # far from the schedule's 50%
    cue = 'host: "please welcome" + name "Alman" (Altman)'
    found = Segment("vid", 3, start, total // 3, "transcript", False, cue, 0.8)
    panel.show_session(make_session("d/b", "B", transcript=BIG), stream, found)
    text = panel.banner.label.text()
    assert "found" in text and cue in text and "~20%" in text
    assert "word" in panel.banner.toolTip() and "80% sure" in panel.banner.toolTip()
    assert panel.slot_paragraph() == paragraph_at_word(paragraphs, start)
    assert at_top(qtbot, panel, panel.slot_paragraph())
    # only an estimate: said so
    guess = Segment("vid", 3, total // 2, total, "schedule", False, None, 0.2)
    panel.show_session(make_session("d/c", "C", transcript=BIG), stream, guess)
    assert "estimated start" in panel.banner.label.text()
    assert "no introduction" in panel.banner.label.text()
    # not in the recording: said so, and opened at the start rather than at a guess
    gone = Segment("vid", 3, None, None, "transcript", True, None, 0.8)
    panel.show_session(make_session("d/a", "A", transcript=BIG), stream, gone)
    assert "not in it" in panel.banner.label.text()
    assert not panel.banner.button.isEnabled()
    assert panel.slot_paragraph() == 0 and at_top(qtbot, panel, 0)


def test_find_counts_in_the_part_and_in_all(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    stream = SharedStream("vid", ("d/a", "d/b"), (0.0, 0.5))
    paragraphs = read_paragraphs(BIG)
    total = paragraphs[-1].words_before + paragraphs[-1].words
    part = Segment("vid", 2, total // 4, total // 2, "transcript", False, "cue", 0.8)
    panel.show_session(make_session("d/b", "B", transcript=BIG), stream, part)
    panel.open_find("the")
    qtbot.waitUntil(lambda: "in this session" in panel.find_bar.count.text(), timeout=3000)
    first = paragraph_at_word(paragraphs, total // 4)
    end = paragraph_at_word(paragraphs, total // 2)
    inside = [m for m in panel.matches() if first <= panel.view.paragraph_at_position(m[0]) < end]
    assert 0 < len(inside) < panel.match_count()
    assert panel.count_in_part() == len(inside)
    assert f"{panel.match_count():,} in the recording" in panel.find_bar.count.text()
    assert f"{len(inside):,} in this session" in panel.find_bar.count.text()
    # a session with its own transcript counts as before
    panel.show_session(make_session("d/x", "X", transcript="the cat and the hat"))
    assert panel.find_bar.count.text() == "1 of 2" and panel.count_in_part() is None


def test_plain_session_has_no_banner_and_opens_at_top(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/x", "X", transcript=BIG))
    assert not panel.banner.isVisible()
    assert at_top(qtbot, panel, 0)
    # From its very top, the document's margin above the first paragraph included (as a page
    # opens); a later paragraph is put at the top edge itself.
    assert panel.view.verticalScrollBar().value() == 0
    panel.view.scroll_to_paragraph(200)
    assert at_top(qtbot, panel, 200) and panel.view.verticalScrollBar().value() > 0
    panel.view.scroll_to_paragraph(0)
    assert at_top(qtbot, panel, 0) and panel.view.verticalScrollBar().value() == 0


def test_reading_position_is_remembered_per_session(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    other = make_transcript(50_000, seed=3)
    panel.show_session(make_session("d/x", "X", transcript=BIG))
    panel.view.scroll_to_paragraph(200)
    panel.show_session(make_session("d/y", "Y", transcript=other))
    assert at_top(qtbot, panel, 0)
    panel.show_session(make_session("d/x", "X", transcript=BIG))
    assert at_top(qtbot, panel, 200)


def test_scroll_to_paragraph_with_terms(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.show_session(make_session("d/x", "X", transcript=BIG))
    target = panel.view.paragraph_count // 2
    panel.scroll_to_paragraph(target, ['"public digital"', "agent*"])
    assert at_top(qtbot, panel, target)
    assert panel.find_bar.isVisible()
    assert panel.find_bar.text() == "public digital agent"
    spans = panel.view.matches()
    words = {re.sub(r"[\W_]+", " ", panel.view.plain_text()[a:b].lower()) for a, b in spans}
    assert words <= {"public digital", "agent"} and "agent" in words
    current = spans[panel.current_match()]
    assert panel.view.paragraph_at_position(current[0]) >= target
    # every match on screen is highlighted, even though the document was laid out lazily
    top, bottom = panel.view.visible_range()
    assert top < bottom
    on_screen = {a for a, _ in spans if top <= a <= bottom}
    highlighted = {s.cursor.selectionStart() for s in panel.view.extraSelections()}
    assert on_screen and on_screen <= highlighted


def test_no_transcript_and_clear(panel: TranscriptPanel) -> None:
    panel.show_session(make_session("d/x", "X", transcript=""))
    assert panel.view.document().toPlainText() == NO_TRANSCRIPT
    assert panel.view.plain_text() == ""
    panel.open_find("the")
    assert panel.match_count() == 0
    panel.clear("Loading the library…")
    assert panel.view.document().toPlainText() == "Loading the library…"
    assert not panel.banner.isVisible()


def test_find_stays_open_across_sessions(panel: TranscriptPanel) -> None:
    panel.show_session(make_session("d/x", "X", transcript="alpha beta alpha"))
    panel.open_find("alpha")
    assert panel.match_count() == 2
    panel.show_session(make_session("d/y", "Y", transcript="alpha once"))
    assert panel.match_count() == 1
    assert panel.find_bar.count.text() == "1 of 1"


# -- links ----------------------------------------------------------------------------------


def test_anchor_clicks_go_through_the_link_policy(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, url_log: Path
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    monkeypatch.setattr("viewer.ui.common.links.tell_refused", lambda _p, _d: None)
    view = TranscriptView()
    qtbot.addWidget(view)
    for url in ("file:///etc/passwd", "javascript:alert(1)", "smb://h/s"):
        view.anchorClicked.emit(QUrl(url))
    assert not url_log.exists()
    view.anchorClicked.emit(QUrl("https://youtu.be/abcdefghijk"))
    assert url_log.read_text(encoding="utf-8") == "https://youtu.be/abcdefghijk\n"
    assert opened == []


# -- the real corpus ------------------------------------------------------------------------


@pytest.mark.corpus
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
