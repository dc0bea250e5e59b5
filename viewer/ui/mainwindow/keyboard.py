"""Keyboard between panes: Tab and Shift+Tab go pane to pane, Esc returns to the list, and a
ring shows which pane has the keyboard.

Why here and not in each widget: Qt's own Tab walks every focusable child (a table's cells,
each facet button, every link of the detail pane), so a keyboard user never reaches the
transcript. Qt hands Tab up the parents to the window's `focusNextPrevChild`, which calls
`PaneKeys.move`; an Esc no widget used reaches the window, where `PaneKeys` (an event filter on
the window only, never the whole application) sends the focus back to the list. Dialogs are
windows of their own and keep their usual Tab.

`panes()` gives the panes in Tab order, as (container, focus target) pairs: focus anywhere
inside a container counts as being in that pane; Tab focuses the next pane's target.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

Pane = tuple[QWidget, QWidget]
RING_WIDTH = 3
_GEOMETRY_EVENTS = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


def pane_of(widget: QWidget | None, panes: Sequence[Pane]) -> int:
    """Index of the pane holding `widget` (the innermost container wins), -1 when none."""
    best, depth_best = -1, 10_000
    for index, (container, _target) in enumerate(panes):
        depth, current = 0, widget
        while current is not None and current is not container:
            current = current.parentWidget()
            depth += 1
        if current is container and depth < depth_best:
            best, depth_best = index, depth
    return best


def keeps_escape(widget: QWidget) -> bool:
    """Esc means something else here: a text field with text empties it, the find bar closes."""
    if isinstance(widget, QLineEdit) and widget.text():
        return True
    current: QWidget | None = widget
    while current is not None:
        if current.objectName() == "findBar":
            return True
        current = current.parentWidget()
    return False


def _host(target: QWidget) -> QWidget:
    """Where the ring lives: beside the target, or inside it when the target's parent would
    take a new child as one of its own panes (a splitter, a stack of pages)."""
    parent = target.parentWidget()
    if parent is None or isinstance(parent, QSplitter | QStackedWidget | QTabWidget):
        return target
    return parent


class FocusRing(QWidget):
    """A highlight-coloured frame drawn over the pane that has the keyboard focus.

    An overlay, not a style sheet: style sheets on the table and text views would change how
    every row and paragraph is drawn; the ring only paints a border and lets clicks through.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.hide()

    def follow(self, target: QWidget | None) -> None:
        """Frame `target` (None hides the ring), and keep framing it as it moves or resizes:
        the ring is its sibling, so only the target's own geometry matters."""
        if self.target is not None and self.target is not target:
            self.target.removeEventFilter(self)
        self.target = target
        if target is None or target.parentWidget() is None:
            self.hide()
            return
        host = _host(target)
        if self.parentWidget() is not host:
            self.setParent(host)
        target.installEventFilter(self)
        self._place()

    def _place(self) -> None:
        target = self.target
        if target is None or not target.isVisible():
            self.hide()
            return
        inside = self.parentWidget() is target
        self.setGeometry(target.rect() if inside else target.geometry())
        self.raise_()
        self.show()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in _GEOMETRY_EVENTS:
            self._place()
        return False

    def e2e_state(self) -> dict[str, str]:
        return {"target": self.target.objectName() if self.target is not None else ""}

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        inset = RING_WIDTH // 2
        painter.drawRect(self.rect().adjusted(inset, inset, -inset - 1, -inset - 1))


class PaneKeys(QObject):
    """Tab/Shift+Tab between panes and Esc back to the list, for one window.

    `panes()` is asked on every key (the side tab decides which list and filter are shown);
    `to_list()` focuses the list that is visible.
    """

    def __init__(
        self,
        window: QWidget,
        panes: Callable[[], Sequence[Pane]],
        to_list: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._panes = panes
        self._to_list = to_list
        self.ring = FocusRing(window)
        window.installEventFilter(self)
        app = QApplication.instance()
        self._following = isinstance(app, QApplication)
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    def detach(self) -> None:
        """Stop following the focus: the window closes (a window never shown is told each
        time it is closed, so this may come twice)."""
        app = QApplication.instance()
        if self._following and isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus_changed)
        self._following = False

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Ring the pane's focus target when the focus is in it, else the focused widget."""
        if new is None or new.window() is not self._window:
            return  # a dialog or popup took the keyboard: the ring stays where it was
        panes = self._panes()
        index = pane_of(new, panes)
        if index < 0:
            self.ring.follow(None)
            return
        target = panes[index][1]
        self.ring.follow(target if pane_of(new, [(target, target)]) == 0 else new)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An Esc that no widget used (the filter box empties itself, the find bar closes)."""
        if (
            watched is self._window
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
        ):
            focus = QApplication.focusWidget()
            if focus is not None and not keeps_escape(focus) and pane_of(focus, self._panes()) > 0:
                self._to_list()  # from any pane but the list itself (index 0)
                return True
        return False

    def move(self, step: int) -> bool:
        """Focus the next (step 1) or previous (-1) visible pane; False when there is none."""
        panes = [p for p in self._panes() if p[1].isVisible() and p[1].isEnabled()]
        if not panes:
            return False
        here = pane_of(QApplication.focusWidget(), panes)
        start = here if here >= 0 else (-1 if step > 0 else 0)
        target = panes[(start + step) % len(panes)][1]
        reason = Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
        target.setFocus(reason)
        return True


def window_panes(
    tabs: QTabWidget, browser: QWidget, list_view: QWidget, filter_edit: QWidget,
    reading: Sequence[Pane],
) -> list[Pane]:  # fmt: skip
    """The window's panes in Tab order: the shown side tab's list and its filter (or search
    box), then the `reading` side's (the details, then the transcript; none before it is
    built)."""
    side = tabs.currentWidget()
    panes: list[Pane] = []
    if side is browser:
        panes += [(list_view, list_view), (browser, filter_edit)]
    elif side is not None:
        found = [side.findChild(QWidget, n) for n in ("searchResults", "scheduleView")]
        results = next((w for w in found if w is not None), side)
        panes.append((results, results))
        box = side.findChild(QWidget, "searchInput")
        if box is not None:
            panes.append((side, box))
    return [*panes, *reading]
