"""The find bar driven like a user would, alone and inside the transcript panel."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.ui.conftest import make_session
from viewer.ui.reader import find_engine
from viewer.ui.reader.find_bar import FindBar
from viewer.ui.reader.find_engine import MAX_MATCHES, FindEngine, FindOptions, first_at_or_after
from viewer.ui.reader.transcript_panel import TranscriptPanel

# The offscreen platform says so for every shown top-level widget; it is not our warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

TEXT = (
    "Alpha beta gamma. The theme of the day is data.\n\n"
    ">> Alpha again, and alphabet soup. THE end of the first part.\n\n"
    ">> [applause] beta Beta BETA alpha."
)


@pytest.fixture
def panel(qtbot):  # type: ignore[no-untyped-def]
    widget = TranscriptPanel(find_shortcut=True)
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_session(make_session("day1/a", "A", transcript=TEXT))
    return widget


def _type(qtbot, panel: TranscriptPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    panel.open_find()
    field = panel.find_bar.input
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: panel.active_query() == text, timeout=2000)


def count(panel: TranscriptPanel) -> str:
    return panel.find_bar.count.text()


# -- the bar alone: signals only ------------------------------------------------------------


def test_bar_debounces_typing_into_one_request(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.show()
    requests: list[tuple[str, bool, bool]] = []
    bar.findRequested.connect(lambda *args: requests.append(args))
    qtbot.keyClicks(bar.input, "alpha")
    qtbot.waitUntil(lambda: len(requests) >= 1, timeout=2000)
    qtbot.wait(200)
    assert requests == [("alpha", False, False)]


def test_bar_toggles_search_at_once_with_flags(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.input.setText("x")
    with qtbot.waitSignal(bar.findRequested) as blocker:
        bar.case_button.click()
    assert blocker.args == ["x", True, False]
    with qtbot.waitSignal(bar.findRequested) as blocker:
        bar.words_button.click()
    assert blocker.args == ["x", True, True]


def test_bar_keys_emit_moves_and_close(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.input.setText("x")
    with qtbot.waitSignal(bar.nextRequested):
        qtbot.keyClick(bar.input, Qt.Key.Key_Return)
    with qtbot.waitSignal(bar.previousRequested):
        qtbot.keyClick(bar.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(bar.nextRequested):
        qtbot.keyClick(bar.input, Qt.Key.Key_F3)
    with qtbot.waitSignal(bar.previousRequested):
        qtbot.keyClick(bar.input, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.input, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_bar_count_text_and_red_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.input.setText("zzz")
    bar.set_count(0, 0)
    assert bar.count.text() == "No matches"
    assert bar.is_no_match() and "background" in bar.input.styleSheet()
    bar.set_count(3, 17)
    assert bar.count.text() == "3 of 17"
    assert not bar.is_no_match() and bar.input.styleSheet() == ""
    bar.set_count(1, 12_345, truncated=True)
    assert bar.count.text() == "1 of 12,345+"
    bar.input.setText("")
    bar.set_count(0, 0)
    assert bar.count.text() == "" and not bar.is_no_match()


def test_object_names(qtbot) -> None:  # type: ignore[no-untyped-def]
    bar = FindBar()
    qtbot.addWidget(bar)
    assert bar.objectName() == "findBar"
    assert bar.input.objectName() == "findInput"
    assert bar.count.objectName() == "findCount"
    assert bar.input.isClearButtonEnabled()


# -- inside the panel -----------------------------------------------------------------------


def test_typing_counts_and_highlights(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "alpha")
    # Alpha, Alpha, alpha(bet), alpha
    assert count(panel) == "1 of 4"
    assert panel.match_count() == 4
    selections = panel.view.extraSelections()
    assert {s.cursor.selectedText().lower() for s in selections} == {"alpha"}
    assert len(panel.view.scroll_marks()) == 4


def test_next_and_previous_wrap(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "beta")
    assert count(panel) == "1 of 4"
    field = panel.find_bar.input
    for expected in ("2 of 4", "3 of 4", "4 of 4", "1 of 4"):
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert count(panel) == expected
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert count(panel) == "4 of 4"
    current = panel.view.matches()[panel.current_match()]
    cursor = QTextCursor(panel.view.document())
    cursor.setPosition(current[0])
    cursor.setPosition(current[1], QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "BETA"


def test_match_case_and_whole_words(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "Alpha")
    assert panel.match_count() == 4
    panel.find_bar.case_button.click()
    assert panel.match_count() == 2
    panel.find_bar.case_button.click()
    panel.find_bar.words_button.click()
    assert panel.match_count() == 3  # "alphabet" no longer counts
    _type(qtbot, panel, "the")
    assert panel.match_count() == 4  # not "theme"


def test_red_field_when_nothing_matches(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "zebra")
    assert count(panel) == "No matches"
    assert panel.find_bar.is_no_match()
    assert panel.view.extraSelections() == []
    qtbot.keyClick(panel.find_bar.input, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: panel.active_query() == "zebr", timeout=2000)
    panel.find_bar.input.clear()
    assert not panel.find_bar.is_no_match()


def test_escape_closes_and_clears_highlights(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "beta")
    assert panel.view.extraSelections()
    with qtbot.waitSignal(panel.findCountChanged) as blocker:
        qtbot.keyClick(panel.find_bar.input, Qt.Key.Key_Escape)
    assert blocker.args == [0, 0]
    assert not panel.find_bar.isVisible()
    assert panel.view.extraSelections() == []
    assert panel.view.scroll_marks() == []


def test_ctrl_f_prefills_the_selection(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    view = panel.view
    start = view.plain_text().index("gamma")
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(start + 5, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.find_bar.isVisible()
    assert panel.find_bar.text() == "gamma"
    assert count(panel) == "1 of 1"


def test_f3_moves_from_the_view(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "beta")
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F3)
    assert count(panel) == "2 of 4"
    qtbot.keyClick(panel.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert count(panel) == "1 of 4"


def test_count_signal(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    panel.open_find()
    with qtbot.waitSignal(panel.findCountChanged, timeout=2000) as blocker:
        panel.find_bar.set_text("data")
    assert blocker.args == [1, 1]


# -- the engine -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (FindOptions("a.b"), [(4, 7)]),  # literal, not a regex
        (FindOptions("(x"), [(14, 16)]),
        (FindOptions("AB"), [(0, 2), (10, 12)]),
        (FindOptions("AB", case=True), [(10, 12)]),
        (FindOptions("ab", whole_words=True), [(0, 2)]),
        (FindOptions("  "), []),
        (FindOptions(any_of=("ab", "(x")), [(0, 2), (10, 12), (14, 16)]),
    ],
)
def test_engine_literal_matches(options: FindOptions, expected: list[tuple[int, int]]) -> None:
    assert FindEngine("ab, a.b axABc (x").find_all(options) == expected


def test_engine_maps_astral_characters_to_document_positions(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    panel.show_session(make_session("x", "X", transcript="intro 🎤🎤 then the talk 🙂 the end"))
    panel.open_find("the")
    spans = panel.view.matches()
    assert len(spans) == 3
    for a, b in spans:
        cursor = QTextCursor(panel.view.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText().lower() == "the"
    engine = panel.engine
    for offset in range(len(engine.text) + 1):
        assert engine.to_text(engine.to_document(offset)) == offset


def test_engine_caps_matches() -> None:
    engine = FindEngine("e " * (MAX_MATCHES + 5))
    assert len(engine.find_all(FindOptions("e"))) == MAX_MATCHES
    assert engine.truncated


def test_first_at_or_after_wraps() -> None:
    spans = [(5, 6), (10, 11), (20, 21)]
    assert first_at_or_after(spans, 0) == 0
    assert first_at_or_after(spans, 10) == 1
    assert first_at_or_after(spans, 11) == 2
    assert first_at_or_after(spans, 99) == 0
    assert first_at_or_after([], 3) == -1


def test_escape_in_the_view_closes_the_bar(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    _type(qtbot, panel, "beta")
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Escape)
    assert not panel.find_bar.isVisible()
    assert panel.view.extraSelections() == []


@settings(max_examples=int(os.environ.get("SUMMIT_FIND_EXAMPLES", "200")), deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abAB _-.é🎤\n")), max_size=200),
    needle=st.text(alphabet=st.sampled_from(list("abAB _-.é🎤")), min_size=1, max_size=4),
    case=st.booleans(),
    words=st.booleans(),
)
def test_engine_agrees_with_a_naive_search(text: str, needle: str, case: bool, words: bool) -> None:
    """Every reported span is a real match in document positions; none is missed."""
    engine = FindEngine(text)
    spans = engine.find_all(FindOptions(needle, case=case, whole_words=words))
    expected = []
    fold = (lambda s: s) if case else str.lower
    start = 0
    if needle.strip():
        while (at := fold(text).find(fold(needle), start)) >= 0:
            end = at + len(needle)
            glued = (at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_")) or (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            )
            if not (words and glued):
                expected.append((engine.to_document(at), engine.to_document(end)))
                start = end
            else:
                start = at + 1
    assert spans == expected


def test_whole_words_retries_after_a_glued_candidate() -> None:
    assert FindEngine("ba a a").find_all(FindOptions("a a", whole_words=True)) == [(3, 6)]


def test_search_terms_match_across_punctuation() -> None:
    engine = FindEngine("multi-agent systems; multi  agent; multiagent; Multi—Agent")
    spans = engine.find_all(FindOptions(any_of=("multi agent",)))
    assert [engine.text[a:b] for a, b in spans] == ["multi-agent", "multi  agent", "Multi—Agent"]
    # typed text stays literal
    assert engine.find_all(FindOptions("multi agent")) == []


@settings(max_examples=300, deadline=None)
@given(needle=st.text(max_size=60), case=st.booleans(), words=st.booleans())
def test_any_typed_text_is_safe(needle: str, case: bool, words: bool) -> None:
    """Regex syntax, surrogates' neighbours, controls: typed text never raises, spans are sane."""
    text = "Alpha (beta) [gamma] *delta* \\epsilon 🎤 zeta\x00 eta\u202e theta\n" * 20
    engine = FindEngine(text)
    spans = engine.find_all(FindOptions(needle, case=case, whole_words=words))
    limit = engine.to_document(len(text))
    assert all(0 <= a < b <= limit for a, b in spans)
    assert spans == sorted(spans)


def test_count_is_announced_to_assistive_technology(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible

    announced: list[str] = []
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(
        QAccessible,
        "updateAccessibility",
        staticmethod(lambda event: announced.append(event.message())),
    )
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.input.setText("the")
    bar.set_count(3, 17)
    bar.set_count(3, 17)  # unchanged: not repeated
    bar.set_count(0, 0)
    assert announced == ["3 of 17", "No matches"]
    assert bar.input.accessibleDescription() == "No matches"


def test_opening_the_bar_prepares_the_find(qtbot, panel: TranscriptPanel) -> None:  # type: ignore[no-untyped-def]
    # Lower-casing 400 KB is done when the bar opens, not on the first keystroke.
    assert panel.engine._lower is None
    panel.open_find("")
    assert panel.engine._lower == panel.engine.text.lower()
    panel.open_find("the")
    assert panel.match_count() == len(FindEngine(panel.engine.text).find_all(FindOptions("the")))


def test_astral_mapping_of_many_spans_matches_one_by_one() -> None:
    text = "the 🎤 " * 300 + "𝔘 the end 🙂 the"
    engine = FindEngine(text)
    spans = engine.find_all(FindOptions("the"))
    plain = FindEngine(text.encode("utf-16-le").decode("utf-16-le"))
    expected = [
        (plain.to_document(m.start()), plain.to_document(m.end())) for m in re.finditer("the", text)
    ]
    assert spans == expected and len(spans) == 302


@settings(max_examples=int(os.environ.get("SUMMIT_FIND_EXAMPLES", "200")), deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abAB _-.éİ\n")), max_size=200),
    needle=st.text(alphabet=st.sampled_from(list("abAB _-.éİ")), min_size=1, max_size=4),
    case=st.booleans(),
    near=st.integers(min_value=0, max_value=220),
)
def test_quick_count_agrees_with_the_full_list(
    text: str, needle: str, case: bool, near: int
) -> None:
    # The quick path (long texts) must report what listing every match would.
    engine = FindEngine(text)
    options = FindOptions(needle, case=case)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(find_engine, "QUICK_MIN_CHARS", 0)
        quick = engine.quick_count(options, near)
    if quick is None:
        return  # not applicable (self-overlapping needle, "İ", blank): the full list is used
    spans = engine.find_all(options)
    total, index, start = quick
    assert total == len(spans)
    if spans:
        assert index == first_at_or_after(spans, near) and spans[index][0] == start
        lo, hi = max(0, near - 5), near + 20
        inside = [s for s in spans if lo <= s[0] and s[1] <= hi]
        assert engine.find_between(options, lo, hi) == inside
    else:
        assert index == -1


def test_quick_count_declines_where_it_would_be_wrong() -> None:
    long_text = "abc aaa " * 10_000
    engine = FindEngine(long_text)
    assert engine.quick_count(FindOptions("aa"), 0) is None  # occurrences overlap
    assert engine.quick_count(FindOptions("abc", whole_words=True), 0) is None
    assert engine.quick_count(FindOptions(any_of=("abc",)), 0) is None
    assert FindEngine("short text").quick_count(FindOptions("t"), 0) is None
    assert FindEngine(long_text + "🎤").quick_count(FindOptions("abc"), 0) is None
    assert engine.quick_count(FindOptions("ABC"), 8) == (10_000, 1, 8)
    assert engine.quick_count(FindOptions("ABC"), 9) == (10_000, 2, 16)


def test_engine_finds_astral_characters_only_where_there_are_some() -> None:
    for text, astral in (
        ("plain ascii", []),
        ("— dash\u2002and é, no astral", []),
        ("lone \ud800 surrogate", []),
        ("a \U0001f600 b \U0001f4cc", [2, 6]),
    ):
        engine = FindEngine(text)
        assert engine._astral == astral, text
        assert engine.to_document(len(text)) == len(text) + len(astral)


class _Spellings:
    """A stand-in for the index's table: one name word and its caption spellings."""

    def __init__(self) -> None:
        self.closed = False

    def forms(self, word: str) -> frozenset[str]:
        group = frozenset({"brandtmoor", "brantmoor", "brandmor"})
        return group if word in group else frozenset()

    def close(self) -> None:
        self.closed = True


def test_find_can_also_find_caption_spellings_of_a_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "We welcome Ilsa Brandtmoor.\n\n>> Thank you Brantmoor, and Brandmor too. Brant."
    widget = TranscriptPanel(find_shortcut=True)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_session(make_session("day1/b", "B", transcript=text))
    button = widget.find_bar.spellings_button
    assert button.isHidden()  # no index yet: no option
    source = _Spellings()
    widget.set_spelling_source(source)  # type: ignore[arg-type]
    _type(qtbot, widget, "Brandtmoor")
    assert count(widget) == "1 of 1" or count(widget) == "1"
    assert not button.isHidden() and button.isEnabled()
    button.setChecked(True)
    qtbot.waitUntil(lambda: count(widget) in ("1 of 3", "3"), timeout=2000)
    _type(qtbot, widget, "Brant")  # not a name: the option does not apply
    assert not button.isEnabled() and count(widget) in ("1 of 2", "2")  # as typed: 2 places
    widget.set_spelling_source(None)
    assert source.closed and button.isHidden()
