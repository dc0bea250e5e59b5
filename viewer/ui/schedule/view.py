"""The schedule's QGraphicsView: a day's scene with a sticky header and time ruler.

Why the header and ruler are widgets in the view's margins (not scene items): they must stay
put while the grid scrolls under them, and nothing may ever be hidden beneath them; painted
from the scene's geometry and the scroll position, they cost one small paint per scroll.

Mouse and keyboard: a click on a block opens that session (`sessionActivated`), a double-click
or Enter reads it (`sessionChosen`), as the session list does; arrow keys move between blocks
(up and down within a room, left and right to the neighbouring room at about the same time)
and open the block they reach, throttled like the list's arrow keys.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsView, QToolTip, QWidget

from viewer.ui.common.theme import is_dark
from viewer.ui.schedule.items import ScheduleScene, SessionBlock, tooltip
from viewer.ui.schedule.painting import (
    HEADER_HEIGHT,
    RULER_WIDTH,
    ScheduleStyle,
    paint_header,
    paint_ruler,
)

KEY_THROTTLE_MS = 60  # as the session list: holding an arrow key opens ~16 sessions a second
FONT_SCALE = 0.9


class _Edge(QWidget):
    """The sticky header (room names) or ruler (hours) of a ScheduleView."""

    def __init__(self, view: ScheduleView, kind: str) -> None:
        super().__init__(view)
        self._view = view
        self._kind = kind
        self.setObjectName("scheduleHeader" if kind == "header" else "scheduleRuler")

    def paintEvent(self, event: QPaintEvent) -> None:
        view, scene = self._view, self._view.day_scene
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if scene is None:
            painter.fillRect(self.rect(), view.look.header)
        elif self._kind == "header":
            corner = view.mapToScene(QPoint(0, 0))
            paint_header(painter, scene.geometry, view.look, corner.x(), self.width())
        elif self._kind == "ruler":
            corner = view.mapToScene(QPoint(0, 0))
            paint_ruler(painter, scene.geometry, view.look, corner.y(), self.height())
        else:
            painter.fillRect(self.rect(), view.look.header)
        painter.end()


class ScheduleView(QGraphicsView):
    """One day's blocks (objectName `scheduleView`; each block's `data(0)` is its path).

    Signals:
        sessionActivated(str path): a block was clicked, or reached with the arrow keys.
        sessionChosen(str path): Enter or a double-click on a block.
    """

    sessionActivated = Signal(str)
    sessionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleView")
        self.setAccessibleName("Schedule")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(int(RULER_WIDTH), int(HEADER_HEIGHT), 0, 0)
        self.look = ScheduleStyle()
        self.refresh_style()
        self.day_scene: ScheduleScene | None = None
        self.current = ""  # the open session (outlined)
        self.focused = ""  # the keyboard's block (dashed when it is not the open one)
        self.favorites: frozenset[str] = frozenset()
        self.matching: frozenset[str] | None = None
        self._header = _Edge(self, "header")
        self._ruler = _Edge(self, "ruler")
        self._corner = _Edge(self, "corner")
        self.horizontalScrollBar().valueChanged.connect(self._header.update)
        self.verticalScrollBar().valueChanged.connect(self._ruler.update)
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(KEY_THROTTLE_MS)
        self._throttle.timeout.connect(self._on_throttle_done)
        self._pending = ""
        self._place_edges()

    # -- content -----------------------------------------------------------------------------

    def show_scene(self, scene: ScheduleScene | None) -> None:
        """Show a day's scene (built by the panel, kept for the next visit)."""
        self.day_scene = scene
        self.setScene(scene)
        if scene is not None and self.focused not in scene.by_path:
            self.focused = ""
        self.apply_marks()
        self._header.update()
        self._ruler.update()

    def set_state(
        self,
        *,
        current: str | None = None,
        favorites: frozenset[str] | None = None,
        matching: frozenset[str] | bool | None = False,
    ) -> None:
        """Change what the marks show (`matching=False`: leave the dimming as it is)."""
        if current is not None:
            self.current = current
        if favorites is not None:
            self.favorites = favorites
        if matching is not False:
            self.matching = matching if isinstance(matching, frozenset) else None
        self.apply_marks()

    def apply_marks(self) -> None:
        if self.day_scene is not None:
            self.day_scene.apply_marks(
                current=self.current,
                focused=self.focused,
                favorites=self.favorites,
                matching=self.matching,
            )

    def blocks(self) -> list[SessionBlock]:
        return list(self.day_scene.blocks) if self.day_scene is not None else []

    def block_of(self, path: str) -> SessionBlock | None:
        return self.day_scene.by_path.get(path) if self.day_scene is not None else None

    def reveal(self, path: str) -> None:
        """Scroll the block of `path` into view (nothing when it is not on this day)."""
        item = self.block_of(path)
        if item is not None:
            self.ensureVisible(item.sceneBoundingRect(), 24, 24)

    # -- style -------------------------------------------------------------------------------

    def refresh_style(self) -> None:
        """Colours and font from the palette (kept in one object every block paints with)."""
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * FONT_SCALE))
        fresh = ScheduleStyle.from_palette(self.palette(), font, is_dark())
        vars(self.look).update(vars(fresh))
        self.viewport().update()
        for edge in self.findChildren(_Edge):
            edge.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.refresh_style()
        super().changeEvent(event)

    # -- geometry ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_edges()

    def _place_edges(self) -> None:
        viewport = self.viewport().geometry()
        header_h, ruler_w = int(HEADER_HEIGHT), int(RULER_WIDTH)
        self._header.setGeometry(
            viewport.left(), viewport.top() - header_h, viewport.width(), header_h
        )
        self._ruler.setGeometry(
            viewport.left() - ruler_w, viewport.top(), ruler_w, viewport.height()
        )
        self._corner.setGeometry(
            viewport.left() - ruler_w, viewport.top() - header_h, ruler_w, header_h
        )

    # -- mouse -------------------------------------------------------------------------------

    def _block_at(self, event: QMouseEvent) -> SessionBlock | None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, SessionBlock):
            item = item.parentItem()
        return item

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event)
        if block is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.focused = block.path
        self.apply_marks()
        self.sessionActivated.emit(block.path)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event)
        if block is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sessionChosen.emit(block.path)
            return
        super().mouseDoubleClickEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips are built for the block under the mouse when asked (see items.tooltip)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self.itemAt(event.pos())
            scene = self.day_scene
            if isinstance(item, SessionBlock) and scene is not None:
                session = scene.sessions.get(item.path)
                if session is not None:
                    QToolTip.showText(event.globalPos(), tooltip(session, item.look), self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().viewportEvent(event)

    # -- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        moves: dict[Qt.Key, tuple[int, int]] = {
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
        }
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        move = moves.get(Qt.Key(key))
        if move is not None and plain:
            target = self.neighbour(self.focused or self.current, *move)
            if target:
                self.move_focus(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            path = self.focused or self.current
            if self.block_of(path) is not None:
                self.sessionChosen.emit(path)
                event.accept()
                return
        super().keyPressEvent(event)

    def neighbour(self, path: str, dx: int, dy: int) -> str:
        """The block an arrow key reaches from `path` ("" when none); from no block (or one
        not on this day) the first block of the day."""
        scene = self.day_scene
        if scene is None or not scene.blocks:
            return ""
        here = scene.by_path.get(path)
        if here is None:
            return scene.blocks[0].path
        block = here.block
        if dy:
            column = [item for item in scene.blocks if item.block.column == block.column]
            at = column.index(here) + dy
            return column[at].path if 0 <= at < len(column) else ""
        columns = {item.block.column for item in scene.blocks}
        step = range(block.column + dx, -1 if dx < 0 else max(columns) + 1, dx)
        for column_index in step:
            candidates = [item.block for item in scene.blocks if item.block.column == column_index]
            if candidates:
                # The block running at this one's start, else the nearest start.
                best = min(
                    candidates,
                    key=lambda b: (
                        not b.start <= block.start < b.end,
                        abs(b.start - block.start),
                        b.lane,
                    ),
                )
                return best.path
        return ""

    def move_focus(self, path: str) -> None:
        """Focus the block of `path` (scrolled into view) and open it, throttled."""
        self.focused = path
        self.apply_marks()
        self.reveal(path)
        if self._throttle.isActive():
            self._pending = path
            return
        self.sessionActivated.emit(path)
        self._throttle.start()

    def _on_throttle_done(self) -> None:
        path, self._pending = self._pending, ""
        if path and path == self.focused and path != self.current:
            self.sessionActivated.emit(path)
            self._throttle.start()

    # -- for end-to-end tests ----------------------------------------------------------------

    def e2e_state(self) -> dict[str, Any]:
        """What the e2e probe reports: the blocks on screen (global rectangles) and marks."""
        viewport = self.viewport()
        shown: list[str] = []
        rects: list[list[int]] = []
        dimmed = 0
        visible = QRectF(viewport.rect())
        for item in self.blocks():
            dimmed += item.dimmed
            rect = self.mapFromScene(item.sceneBoundingRect()).boundingRect()
            if len(rects) < 40 and visible.contains(QRectF(rect)):
                corner = viewport.mapToGlobal(rect.topLeft())
                rects.append([corner.x(), corner.y(), rect.width(), rect.height()])
                shown.append(item.block.path)
        return {
            "blocks": len(self.blocks()),
            "dimmed": dimmed,
            "current_block": self.current if self.block_of(self.current) else "",
            "focused_block": self.focused,
            "block_paths": shown,
            "block_rects": rects,
        }
