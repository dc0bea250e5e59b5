"""The find-in-transcript bar: a field, match case / whole words, previous / next, "3 of 17".

It owns no document: it only says what the user wants (signals) and shows what it is told
(`set_count`). The transcript panel connects it to the find engine and the view. Typing is
debounced (FIND_DELAY_MS) so a fast typist does not trigger a search per keystroke; toggles
and Enter search at once.

Keys inside the bar: Enter / F3 next, Shift+Enter / Shift+F3 previous, Esc closes.

Signals:
    findRequested(str text, bool case, bool whole_words): search again (text may be "").
    nextRequested(), previousRequested(): move to the next / previous match.
    closed(): the bar was closed (Esc or the close button); highlights should go.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from viewer.core.text.folding import tokens
from viewer.ui.common import icons

FIND_DELAY_MS = 120


def _tool_button(parent: QWidget, icon_name: str, text: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent)
    button.setObjectName(name)
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip.split(" (")[0])
    button.setAutoRaise(True)
    icon = icons.icon(icon_name)
    if not icon.isNull():
        button.setIcon(icon)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    return button


class FindBar(QWidget):
    """See the module docstring."""

    findRequested = Signal(str, bool, bool)
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find in transcript")
        self.input = QLineEdit(self)
        self.input.setObjectName("findInput")
        self.input.setAccessibleName("Find in transcript")
        self.input.setPlaceholderText("Find in transcript")
        self.input.setClearButtonEnabled(True)
        self.input.setMaxLength(500)
        self.input.setMinimumWidth(220)
        self.input.setMaximumWidth(420)
        self.count = QLabel(self)
        self.count.setObjectName("findCount")
        self.count.setAccessibleName("Matches")
        self.count.setMinimumWidth(84)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.previous_button = _tool_button(
            self, "mdi6.chevron-up", "Previous", "Previous match (Shift+Enter)", "findPrevious"
        )
        self.next_button = _tool_button(
            self, "mdi6.chevron-down", "Next", "Next match (Enter)", "findNext"
        )
        self.case_button = _tool_button(
            self, "mdi6.format-letter-case", "Aa", "Match case", "findMatchCase"
        )
        self.case_button.setCheckable(True)
        self.words_button = _tool_button(
            self, "mdi6.format-letter-matches", "W", "Whole words", "findWholeWords"
        )
        self.words_button.setCheckable(True)
        self.spellings_button = _tool_button(
            self,
            "mdi6.account-voice",
            "Sp",
            "Also find the captions' spellings of this name",
            "findSpellings",
        )
        self.spellings_button.setCheckable(True)
        self.spellings_button.hide()  # until the search index has learned spellings
        self._spelling_forms: Callable[[str], frozenset[str]] | None = None
        self.close_button = _tool_button(self, "mdi6.close", "×", "Close (Esc)", "findClose")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        layout.addWidget(self.input, 1)
        layout.addSpacing(4)
        layout.addWidget(self.count)
        layout.addSpacing(4)
        for button in (self.previous_button, self.next_button, self.case_button):
            layout.addWidget(button)
        layout.addWidget(self.words_button)
        layout.addWidget(self.spellings_button)
        layout.addStretch(1)
        layout.addWidget(self.close_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FIND_DELAY_MS)
        self._timer.timeout.connect(self.request_find)
        self.input.textEdited.connect(self._on_edited)
        self.input.textChanged.connect(self._on_changed)
        self.case_button.toggled.connect(self.request_find)
        self.words_button.toggled.connect(self.request_find)
        self.spellings_button.toggled.connect(self.request_find)
        self.next_button.clicked.connect(self._next)
        self.previous_button.clicked.connect(self._previous)
        self.close_button.clicked.connect(self.close_bar)
        self.input.installEventFilter(self)
        self.set_count(0, 0)

    # -- state ---------------------------------------------------------------------------------

    def text(self) -> str:
        return self.input.text()

    def match_case(self) -> bool:
        return self.case_button.isChecked()

    def whole_words(self) -> bool:
        return self.words_button.isChecked()

    def set_spelling_lookup(self, forms: Callable[[str], frozenset[str]] | None) -> None:
        """Where the caption spellings of a name come from (None: the option is hidden)."""
        self._spelling_forms = forms
        self.spellings_button.setVisible(forms is not None)

    def spellings(self, text: str) -> tuple[str, ...]:
        """The other spellings of `text` to find too: the option is on and `text` is one word
        that is a name or a caption spelling of one (else ())."""
        words = tokens(text)
        if self._spelling_forms is None or len(words) != 1:
            return ()
        forms = self._spelling_forms(words[0]) - {words[0]}
        if self.spellings_button.isChecked():
            return tuple(sorted(forms))
        return ()

    def set_text(self, text: str) -> None:
        """Put `text` in the field and search at once (no debounce)."""
        self.input.setText(text)
        self.request_find()

    def open(self, initial: str = "") -> None:
        """Show the bar, focused, with `initial` (if any) replacing the text, all selected."""
        self.show()
        if initial:
            self.input.setText(initial)
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()
        self.request_find()

    @Slot(int, int)
    def set_count(
        self, current: int, total: int, truncated: bool = False, in_part: int | None = None
    ) -> None:
        """Show "3 of 17" (current is 1-based, 0 for none) and turn red when nothing matched;
        `in_part`: how many of them lie in the open session's part of a shared recording
        ("3 of 17 in the recording · 5 in this session")."""
        has_text = bool(self.input.text().strip())
        if not has_text:
            self.count.setText("")
        elif total == 0:
            self.count.setText("No matches")
        else:
            plus = "+" if truncated else ""
            text = f"{current:,} of {total:,}{plus}" if current else f"{total:,}{plus}"
            if in_part is not None:
                text += f" in the recording · {in_part:,} in this session"
            self.count.setText(text)
        self.previous_button.setEnabled(total > 0)
        self.next_button.setEnabled(total > 0)
        self.set_no_match(has_text and total == 0)
        self._announce(self.count.text())

    def _announce(self, text: str) -> None:
        """Screen readers hear the count ("3 of 17", "No matches") as it changes."""
        if text == self.input.accessibleDescription():
            return
        self.input.setAccessibleDescription(text)
        # Imported here: PySide6 builds the QAccessible type on first use, which
        # start-up need not pay for.
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

        if text and QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.count, text))

    def set_no_match(self, no_match: bool) -> None:
        if self.input.property("noMatch") == no_match:
            return
        self.input.setProperty("noMatch", no_match)
        # A style sheet on the field alone: the bar's palette follows the app theme.
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        colours = (
            "background: #5c1f24; color: #ffe3e6;"
            if dark
            else "background: #f8d7da; color: #58151c;"
        )
        self.input.setStyleSheet(f"QLineEdit {{ {colours} }}" if no_match else "")

    def is_no_match(self) -> bool:
        return bool(self.input.property("noMatch"))

    # -- actions -------------------------------------------------------------------------------

    @Slot(str)
    def _on_edited(self, _text: str) -> None:
        self._timer.start()

    @Slot(str)
    def _on_changed(self, text: str) -> None:
        if not text:  # the clear button: drop highlights at once
            self._timer.stop()
            self.request_find()

    @Slot()
    def request_find(self) -> None:
        self._timer.stop()
        if self._spelling_forms is not None:
            words = tokens(self.input.text())
            known = len(words) == 1 and bool(self._spelling_forms(words[0]))
            self.spellings_button.setEnabled(known)
        self.findRequested.emit(self.input.text(), self.match_case(), self.whole_words())

    def _flush(self) -> None:
        """A pending debounced search runs before moving, so Enter never acts on stale hits."""
        if self._timer.isActive():
            self.request_find()

    @Slot()
    def _next(self) -> None:
        self._flush()
        self.nextRequested.emit()

    @Slot()
    def _previous(self) -> None:
        self._flush()
        self.previousRequested.emit()

    @Slot()
    def close_bar(self) -> None:
        self._timer.stop()
        self.hide()
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                (self._previous if shift else self._next)()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.matches(QKeySequence.StandardKey.FindNext):
                self._next()
                return True
            if event.matches(QKeySequence.StandardKey.FindPrevious):
                self._previous()
                return True
        return super().eventFilter(watched, event)
