"""How the schedule looks: sizes, colours, and the drawing of blocks, header and ruler.

Why one module of plain functions: the same drawing serves the screen (the view's items and
its sticky header and ruler) and the PNG/PDF export, which paints header, ruler and grid onto
one page; the colours come from a `ScheduleStyle` so that an export can be drawn in light
colours whatever the screen shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QPixmap

from viewer.core.library.schedule import DayGrid
from viewer.ui.common import icons

LANE_WIDTH = 150.0  # a room column with one lane
EXTRA_LANE_WIDTH = 116.0  # each further lane of a room where sessions overlap
PX_PER_MINUTE = 2.0
HEADER_HEIGHT = 58.0  # building row + room row
BUILDING_ROW = 20.0
RULER_WIDTH = 50.0
PAD = 4.0
ICON = 12
STAR_GOLD = "#e0a800"
DIMMED_OPACITY = 0.25  # blocks the list's filters hide

# Block fills, one hue per building (cycled), light and dark variants.
_HUES = (210, 150, 30, 280, 0, 95, 180, 330)


@dataclass
class ScheduleStyle:
    """Colours and fonts of the grid, from a palette (`from_palette`)."""

    dark: bool = False
    background: QColor = field(default_factory=lambda: QColor("#fdfcf9"))
    header: QColor = field(default_factory=lambda: QColor("#f0eee8"))
    text: QColor = field(default_factory=lambda: QColor("#1f2328"))
    muted: QColor = field(default_factory=lambda: QColor("#6a6f77"))
    line: QColor = field(default_factory=lambda: QColor("#e2dfd6"))
    strong_line: QColor = field(default_factory=lambda: QColor("#c9c6bd"))
    outline: QColor = field(default_factory=lambda: QColor("#2f6fdb"))
    font: QFont = field(default_factory=QFont)

    @classmethod
    def from_palette(cls, palette: QPalette, font: QFont, dark: bool) -> ScheduleStyle:
        role = QPalette.ColorRole
        base, text = palette.color(role.Base), palette.color(role.Text)
        return cls(
            dark=dark,
            background=base,
            header=palette.color(role.Window),
            text=text,
            muted=palette.color(role.PlaceholderText),
            line=_mix(base, text, 0.09),
            strong_line=_mix(base, text, 0.22),
            outline=palette.color(role.Highlight),
            font=QFont(font),
        )

    def fill(self, building_index: int) -> QColor:
        hue = _HUES[building_index % len(_HUES)]
        if self.dark:
            return QColor.fromHsl(hue, 60, 52)
        return QColor.fromHsl(hue, 150, 232)

    def border(self, building_index: int) -> QColor:
        hue = _HUES[building_index % len(_HUES)]
        return QColor.fromHsl(hue, 90, 95) if self.dark else QColor.fromHsl(hue, 110, 170)


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * share),
        round(a.green() + (b.green() - a.green()) * share),
        round(a.blue() + (b.blue() - a.blue()) * share),
    )


# -- geometry --------------------------------------------------------------------------------


class GridGeometry:
    """Pixels of a DayGrid in scene coordinates: columns across from x=0, minutes down from
    y=0 at `grid.first`."""

    def __init__(self, grid: DayGrid) -> None:
        self.grid = grid
        self.x: list[float] = []
        self.w: list[float] = []
        x = 0.0
        for column in grid.columns:
            width = LANE_WIDTH + EXTRA_LANE_WIDTH * (column.lanes - 1)
            self.x.append(x)
            self.w.append(width)
            x += width
        self.width = max(x, LANE_WIDTH)
        self.height = (grid.last - grid.first) * PX_PER_MINUTE
        self.building_of = [0] * len(grid.columns)
        for index, (_, first, count) in enumerate(grid.buildings):
            for place in range(first, first + count):
                self.building_of[place] = index

    def y(self, minute: int) -> float:
        return (minute - self.grid.first) * PX_PER_MINUTE

    def block_rect(self, column: int, lane: int, lanes: int, start: int, end: int) -> QRectF:
        lane_w = self.w[column] / lanes
        top, bottom = self.y(start), self.y(end)
        return QRectF(
            self.x[column] + lane * lane_w + 2, top + 1, lane_w - 4, max(bottom - top - 2, 8.0)
        )


# -- blocks ----------------------------------------------------------------------------------


@dataclass
class BlockLook:
    """What one block shows (built once per block)."""

    time: str
    title: str
    video: bool
    transcript: bool
    building: int
    warning: str = ""  # why the transcript is not to be trusted as it is ("" when it is)
    starred: bool = False
    current: bool = False
    focused: bool = False
    dimmed: bool = False  # the list's filters hide it
    fitted: tuple[tuple[str, float, int, float, float], str] | None = None  # see _fitted


_pixmaps: dict[tuple[str, str], QPixmap] = {}


def _glyph(name: str, color: str) -> QPixmap:
    key = (name, color)
    pixmap = _pixmaps.get(key)
    if pixmap is None:
        pixmap = _pixmaps[key] = icons.icon(name, color).pixmap(ICON * 2, ICON * 2)
    return pixmap


def paint_block(painter: QPainter, rect: QRectF, look: BlockLook, style: ScheduleStyle) -> None:
    """One session block: fill, time and icons on the first line, the title below, wrapped
    and cut at the block's bottom; faded when filtered out; the open session outlined, the
    focused one dashed (at full strength either way)."""
    if look.dimmed:  # faded, but an outline drawn below stays clear
        painter.setOpacity(DIMMED_OPACITY)
    painter.setPen(QPen(style.border(look.building), 1))
    painter.setBrush(style.fill(look.building))
    painter.drawRoundedRect(rect, 3, 3)
    inner = rect.adjusted(PAD, 2, -PAD, -1)
    painter.setFont(style.font)
    metrics = QFontMetricsF(style.font)
    line = metrics.height()
    # Icons at the top right, the time left of them.
    x = inner.right()
    for shown, name, color in (
        (look.starred, "mdi6.star", STAR_GOLD),
        (bool(look.warning), "quality_warning", icons.WARNING_AMBER),
        (look.transcript, "transcript", icons.TRANSCRIPT_BLUE),
        (look.video, "video", icons.VIDEO_RED),
    ):
        if shown and x - ICON > inner.left() + 30:
            x -= ICON + 1
            painter.drawPixmap(
                QRectF(x, inner.top() + (line - ICON) / 2, ICON, ICON),
                _glyph(name, color),
                QRectF(0, 0, ICON * 2, ICON * 2),
            )
    painter.setPen(style.text)
    if inner.height() < 3 * line:  # a short slot: the title matters more than a time line
        box = QRectF(inner.left(), inner.top(), x - inner.left(), inner.height())
        lines = max(1, int(box.height() // line))
        box.setHeight(lines * line)
        text = _fitted(look, f"{look.time}  {look.title}", metrics, box.width(), lines)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap), text)
    else:
        painter.setPen(style.muted)
        painter.drawText(
            QRectF(inner.left(), inner.top(), x - inner.left(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            look.time,
        )
        painter.setPen(style.text)
        body = QRectF(inner.left(), inner.top() + line, inner.width(), inner.height() - line)
        lines = max(1, int(body.height() // line))
        body.setHeight(lines * line)
        painter.drawText(
            body,
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            _fitted(look, look.title, metrics, body.width(), lines),
        )
    painter.setOpacity(1.0)
    if look.current or look.focused:
        pen = QPen(style.outline, 2.5 if look.current else 1.5)
        if not look.current:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)


def _fitted(look: BlockLook, text: str, metrics: QFontMetricsF, width: float, lines: int) -> str:
    """`_fit`, remembered per block for its size and font (a repaint measures nothing)."""
    key = (text, width, lines, metrics.height(), metrics.averageCharWidth())
    if look.fitted is None or look.fitted[0] != key:
        look.fitted = (key, _fit(text, metrics, width, lines))
    return look.fitted[1]


def _fit(text: str, metrics: QFontMetricsF, width: float, lines: int) -> str:
    """`text` cut to what `lines` wrapped lines of `width` hold, ending with "…" when cut."""
    if metrics.horizontalAdvance(text) <= width * lines * 0.85:
        return text  # surely fits (wrapping wastes at most a word per line)
    if lines == 1:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    flags = int(Qt.TextFlag.TextWordWrap)
    box = QRectF(0, 0, width, metrics.height() * lines + 1)
    if metrics.boundingRect(box, flags, text).height() <= box.height():
        return text
    words = text.split()
    low, high = 0, len(words)
    while low < high:  # the most words that still fit with the ellipsis
        mid = (low + high + 1) // 2
        candidate = " ".join(words[:mid]) + " …"
        if metrics.boundingRect(box, flags, candidate).height() <= box.height():
            low = mid
        else:
            high = mid - 1
    if low == 0:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    return " ".join(words[:low]) + " …"


# -- background, header, ruler ---------------------------------------------------------------


def paint_grid(painter: QPainter, geometry: GridGeometry, style: ScheduleStyle) -> None:
    """Hour and half-hour lines, room separators, stronger lines between buildings."""
    painter.fillRect(QRectF(0, 0, geometry.width, geometry.height), style.background)
    grid = geometry.grid
    for minute in range(grid.first, grid.last + 1, 30):
        painter.setPen(QPen(style.line if minute % 60 else style.strong_line, 1))
        y = geometry.y(minute)
        painter.drawLine(QPointF(0, y), QPointF(geometry.width, y))
    firsts = {first for _, first, _ in grid.buildings}
    for column, x in enumerate([*geometry.x, geometry.width]):
        strong = column in firsts or column == len(geometry.x)
        painter.setPen(QPen(style.strong_line if strong else style.line, 1))
        painter.drawLine(QPointF(x, 0), QPointF(x, geometry.height))


def paint_header(
    painter: QPainter, geometry: GridGeometry, style: ScheduleStyle, x_offset: float, width: float
) -> None:
    """Building names over their rooms, room names over their columns; `x_offset` is the
    scene x at the header's left edge (the view's horizontal scroll)."""
    painter.fillRect(QRectF(0, 0, width, HEADER_HEIGHT), style.header)
    font = QFont(style.font)
    painter.setFont(font)
    grid = geometry.grid
    for label, first, count in grid.buildings:
        left = geometry.x[first] - x_offset
        right = geometry.x[first + count - 1] + geometry.w[first + count - 1] - x_offset
        if right < 0 or left > width:
            continue
        painter.setPen(QPen(style.strong_line, 1))
        painter.drawLine(QPointF(left, 0), QPointF(left, HEADER_HEIGHT))
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(style.text)
        visible = QRectF(
            max(left, 0) + PAD, 0, min(right, width) - max(left, 0) - 2 * PAD, BUILDING_ROW
        )
        text = QFontMetricsF(bold).elidedText(label, Qt.TextElideMode.ElideRight, visible.width())
        painter.drawText(
            visible, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    for column, info in enumerate(grid.columns):
        left = geometry.x[column] - x_offset
        if left + geometry.w[column] < 0 or left > width:
            continue
        painter.setPen(QPen(style.line, 1))
        painter.drawLine(QPointF(left, BUILDING_ROW), QPointF(left, HEADER_HEIGHT))
        box = QRectF(
            left + PAD, BUILDING_ROW, geometry.w[column] - 2 * PAD, HEADER_HEIGHT - BUILDING_ROW
        )
        painter.setPen(style.text)
        painter.drawText(
            box,
            int(
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap
            ),
            _fit(info.room.name, metrics, box.width(), 2),
        )
    painter.setPen(QPen(style.strong_line, 1))
    painter.drawLine(QPointF(0, HEADER_HEIGHT - 0.5), QPointF(width, HEADER_HEIGHT - 0.5))


def paint_ruler(
    painter: QPainter, geometry: GridGeometry, style: ScheduleStyle, y_offset: float, height: float
) -> None:
    """Hour labels down the left edge; `y_offset` is the scene y at the ruler's top edge."""
    painter.fillRect(QRectF(0, 0, RULER_WIDTH, height), style.header)
    painter.setFont(style.font)
    metrics = QFontMetricsF(style.font)
    grid = geometry.grid
    for minute in range(grid.first, grid.last + 1, 30):
        y = geometry.y(minute) - y_offset
        if y < -metrics.height() or y > height + metrics.height():
            continue
        hour = minute % 60 == 0
        painter.setPen(QPen(style.strong_line if hour else style.line, 1))
        painter.drawLine(QPointF(RULER_WIDTH - (10 if hour else 5), y), QPointF(RULER_WIDTH, y))
        if hour:
            painter.setPen(style.muted)
            painter.drawText(
                QRectF(0, y + 1, RULER_WIDTH - 6, metrics.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                f"{minute // 60:02d}:00",
            )
    painter.setPen(QPen(style.strong_line, 1))
    painter.drawLine(QPointF(RULER_WIDTH - 0.5, 0), QPointF(RULER_WIDTH - 0.5, height))
