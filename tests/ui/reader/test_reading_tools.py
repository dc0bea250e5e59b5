"""Theme, quick switcher and shortcuts dialog, driven with qtbot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from tests.fixtures.sessions import session_text
from viewer.core.session.model import Session
from viewer.core.session.parse import parse_session
from viewer.ui.common.theme import ThemeMode, apply_theme, effective_theme, is_dark
from viewer.ui.mainwindow.shortcuts_dialog import ShortcutsDialog, shortcut_rows
from viewer.ui.sessions.quick_switcher import QuickSwitcher


def make(path: str, title: str, speaker: str) -> Session:
    result = parse_session(session_text(title=title, speakers=[f"- {speaker}, Org"]), path)
    assert isinstance(result, Session)
    return result


SESSIONS = [
    make("d1/a", "Digital Public Goods for Global AI Equity", "Ms. Lena Ortiz"),
    make("d1/b", "Open Models for Public Services", "Dr. Ravi Menon"),
    make("d2/c", "Keynote", "H.E. Marta Silva"),
]


def test_theme_switch_changes_palette(qapp: QApplication) -> None:
    try:
        assert apply_theme(qapp, "dark") is ThemeMode.DARK
        dark_base = qapp.palette().color(QPalette.ColorRole.Base)
        assert is_dark(qapp) and dark_base.lightness() < 60
        assert apply_theme(qapp, ThemeMode.LIGHT) is ThemeMode.LIGHT
        assert qapp.palette().color(QPalette.ColorRole.Base).lightness() > 200
        assert not is_dark(qapp)
        assert effective_theme("nonsense") in (ThemeMode.LIGHT, ThemeMode.DARK)
    finally:
        apply_theme(qapp, ThemeMode.LIGHT)


def test_quick_switcher_filters_and_chooses(qtbot) -> None:
    switcher = QuickSwitcher(SESSIONS)
    qtbot.addWidget(switcher)
    assert switcher.matches() == ["d1/a", "d1/b", "d2/c"]
    qtbot.keyClicks(switcher.input, "marta")
    assert switcher.matches() == ["d2/c"]
    switcher.input.clear()
    qtbot.keyClicks(switcher.input, "pub")
    assert switcher.matches() == ["d1/b", "d1/a"]
    qtbot.keyClick(switcher.input, Qt.Key.Key_Down)
    with qtbot.waitSignal(switcher.sessionChosen) as chosen:
        qtbot.keyClick(switcher.input, Qt.Key.Key_Return)
    assert chosen.args == ["d1/a"]


def test_shortcuts_dialog_lists_actions(qtbot) -> None:
    find = QAction("&Find…")
    find.setShortcut(QKeySequence("Ctrl+F"))
    plain = QAction("No shortcut")
    rows = shortcut_rows([find, plain])
    native = QKeySequence("Ctrl+F").toString(QKeySequence.SequenceFormat.NativeText)
    assert rows == [("Find", native, "Anywhere")]
    dialog = ShortcutsDialog([find, plain])
    qtbot.addWidget(dialog)
    assert dialog.table.item(0, 0).text() == "Find"


def test_shortcuts_dialog_names_plain_keys_and_the_keys_widgets_handle(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from viewer.ui.mainwindow.actions import build_actions

    owner = QWidget()
    qtbot.addWidget(owner)
    dialog = ShortcutsDialog(build_actions(owner).values())
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    keys = [key for _, cell, _ in rows for key in cell.split(", ")]
    assert not {"Find", "Refresh", "Help", "Back", "Forward"} & set(keys)  # special keyboards
    assert {"F3", "Shift+F3", "Enter", "Esc", "Tab"} <= set(keys)
    assert all("&" not in name and not name.endswith("…") for name, _, _ in rows)
    names = {name for name, _, _ in rows}
    assert {"Go to Session", "Find in Transcript", "Reload Library", "Keyboard Shortcuts"} <= names


def test_theme_switch_recolours_style_sheets(qapp: QApplication, qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    widget.setObjectName("sheet")
    widget.setStyleSheet("#sheet { background: palette(base); }")
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    widget.resize(40, 40)
    qtbot.addWidget(widget)
    try:
        apply_theme(qapp, ThemeMode.LIGHT)
        assert widget.grab().toImage().pixelColor(20, 20).lightness() > 200
        apply_theme(qapp, ThemeMode.DARK)
        assert widget.grab().toImage().pixelColor(20, 20).lightness() < 60
    finally:
        apply_theme(qapp, ThemeMode.LIGHT)


def test_quick_switcher_shows_generic_titles_with_speakers_and_the_day(qtbot) -> None:
    switcher = QuickSwitcher(SESSIONS)
    qtbot.addWidget(switcher)
    qtbot.keyClicks(switcher.input, "keynote")
    item = switcher.list.item(0)
    title, details = item.text().split("\n")
    assert title == "Keynote — Marta Silva"
    assert details.startswith(f"Day {SESSIONS[2].day}")


def test_quick_switcher_marks_matched_letters_and_lists_speakers(qtbot) -> None:
    switcher = QuickSwitcher(SESSIONS)
    qtbot.addWidget(switcher)
    qtbot.keyClicks(switcher.input, "ravi")
    assert switcher.matches()[0] == "d1/b"
    assert "<b><u>R</u></b><b><u>a</u></b><b><u>v</u></b><b><u>i</u></b>" in switcher.shown_html(0)
    assert switcher.list.item(0).text().split("\n")[1].endswith("Ravi Menon")


def test_quick_switcher_puts_the_whole_title_first_on_real_data(qtbot, corpus_root) -> None:
    from viewer.core.library.load import load_library
    from viewer.core.session.titles import display_titles

    library = load_library([corpus_root])
    sessions = library.sessions
    titles = display_titles(sessions)
    switcher = QuickSwitcher(sessions)
    qtbot.addWidget(switcher)
    checked = 0
    for session in sessions[::7]:
        shown = titles[session.path]
        same = [p for p, t in titles.items() if t.casefold() == shown.casefold()]
        switcher.input.setText(shown)
        assert switcher.matches()[0] in same, shown
        checked += 1
    assert checked > 40
