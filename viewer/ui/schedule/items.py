"""The schedule's scene: one item per session block over a painted grid.

Each `SessionBlock` carries its session's path in `data(0)` (the contract tests and the e2e
probe rely on) and paints itself through `painting.paint_block`; the scene paints the hour
lines and room separators as its background, so an export (`QGraphicsScene.render`) shows the
same grid as the screen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QCursor, QPainter
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
    QWidget,
)

from viewer.core.library.schedule import Block, DayGrid, block_title
from viewer.core.session.model import Session
from viewer.ui.schedule.painting import (
    BlockLook,
    GridGeometry,
    ScheduleStyle,
    paint_block,
    paint_grid,
)

MAX_TITLE_CHARS = 300  # more never fits a block; any file may hold a 400 KB heading


class SessionBlock(QGraphicsItem):
    """One session on the grid (`data(0)`: its path, as DESIGN.md's contract says). `cursor`:
    the pointing hand, made once for all the blocks of a day (a day may hold 2,000)."""

    def __init__(
        self, block: Block, rect: QRectF, look: BlockLook, style: ScheduleStyle, cursor: QCursor
    ) -> None:
        super().__init__()
        self.block = block
        self.look = look
        self._rect = rect
        self._style = style
        self.setData(0, block.path)
        self.setPos(rect.topLeft())
        self._local = QRectF(0, 0, rect.width(), rect.height())
        self.setCursor(cursor)

    @property
    def path(self) -> str:
        return self.block.path

    def boundingRect(self) -> QRectF:
        return self._local

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        paint_block(painter, self._local, self.look, self._style)

    def set_marks(self, *, current: bool, focused: bool, starred: bool, matching: bool) -> None:
        """The states that change after the block is built; repaints only on a change."""
        look = self.look
        state = (current, focused, starred, not matching)
        if (look.current, look.focused, look.starred, look.dimmed) != state:
            look.current, look.focused, look.starred, look.dimmed = state
            self.setZValue(2 if current else 1 if focused else 0)
            self.update()

    @property
    def dimmed(self) -> bool:
        return self.look.dimmed


class ScheduleScene(QGraphicsScene):
    """The blocks of one day over its grid lines.

    Attributes:
        geometry: pixel positions of the grid.
        blocks: the items, in the grid's order (by column, then start).
    """

    def __init__(
        self,
        grid: DayGrid,
        sessions: dict[str, Session],
        generic: frozenset[str],
        style: ScheduleStyle,
        parent: QWidget | None = None,
        warnings: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        warnings = warnings or {}
        self.grid = grid
        self.sessions = sessions
        self.look = style
        self.geometry = GridGeometry(grid)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setSceneRect(QRectF(0, 0, self.geometry.width, self.geometry.height))
        self.blocks: list[SessionBlock] = []
        self.by_path: dict[str, SessionBlock] = {}
        pointing = QCursor(Qt.CursorShape.PointingHandCursor)
        for block in grid.blocks:
            session = sessions.get(block.path)
            if session is None:
                continue
            rect = self.geometry.block_rect(
                block.column, block.lane, block.lanes, block.start, block.end
            )
            look = BlockLook(
                time=_clock(block.start) + ("" if block.open_ended else f"–{_clock(block.end)}"),
                title=block_title(session, generic)[:MAX_TITLE_CHARS],
                video=bool(session.video_url),
                transcript=session.has_transcript,
                building=self.geometry.building_of[block.column],
                warning=warnings.get(block.path, ""),
            )
            item = SessionBlock(block, rect, look, style, pointing)
            self.addItem(item)
            self.blocks.append(item)
            self.by_path[block.path] = item

    def drawBackground(self, painter: QPainter, rect: QRectF | object) -> None:
        paint_grid(painter, self.geometry, self.look)

    def apply_marks(
        self,
        *,
        current: str,
        focused: str,
        favorites: Iterable[str] | frozenset[str],
        matching: frozenset[str] | None,
    ) -> None:
        """Outline the open session, dash the focused one, star favorites, dim the blocks the
        list's filters hide (`matching` None: nothing is dimmed)."""
        starred = favorites if isinstance(favorites, frozenset) else frozenset(favorites)
        for item in self.blocks:
            path = item.block.path
            item.set_marks(
                current=path == current,
                focused=path == focused,
                starred=path in starred,
                matching=matching is None or path in matching,
            )


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def tooltip(session: Session, look: BlockLook) -> str:
    """A block's tooltip (built when asked: a day of 2,000 blocks need not build them all)."""
    lines = [session.title or session.path, f"{look.time}   {session.venue}".strip()]
    names = [sp.name or sp.text for sp in session.speakers[:8]]
    if names:
        lines.append(", ".join(names) + (" …" if len(session.speakers) > 8 else ""))
    media = [m for m, on in (("video", look.video), ("transcript", look.transcript)) if on]
    if media:
        lines.append("Has " + " and ".join(media))
    if look.warning:
        lines.append(look.warning)
    return "\n".join(line[:300] for line in lines)
