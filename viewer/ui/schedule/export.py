"""Export a day's grid as a PNG image or a one-page PDF: header, ruler and every block.

The page is the whole day (not what the view shows), drawn in light colours whatever the
screen's theme, through the same painting as the screen. `write_png` and `write_pdf` write
atomically and are what tests call; `export_day` only asks where, as the session export does.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from viewer.ui.common.theme import ThemeMode, palette_for
from viewer.ui.reader.exporting import ExportError, _write_atomically, pdf_bytes
from viewer.ui.schedule.items import ScheduleScene
from viewer.ui.schedule.painting import (
    HEADER_HEIGHT,
    RULER_WIDTH,
    ScheduleStyle,
    paint_header,
    paint_ruler,
)

MAX_PIXELS = 30_000_000  # a PNG of a huge day is scaled down to this many pixels
PNG_SCALE = 2.0  # sharp on high-density screens and in print when the day is small enough
MAX_PDF_POINTS = 14_400.0  # the largest page PDF readers accept (200 inches)
PDF_DPI = 96  # one scene pixel = 0.75 pt
FILTERS = {"png": "PNG image (*.png)", "pdf": "PDF (*.pdf)"}


def page_size(scene: ScheduleScene) -> QSizeF:
    """The whole day's page in scene pixels: ruler + columns across, header + hours down."""
    return QSizeF(RULER_WIDTH + scene.geometry.width, HEADER_HEIGHT + scene.geometry.height)


def paint_day(painter: QPainter, scene: ScheduleScene, title: str = "") -> None:
    """Header, ruler and grid at (0, 0), in scene pixels, in light colours; every block at
    full strength and without the screen's outlines (stars kept: they are the reader's)."""
    size = page_size(scene)
    saved = vars(scene.look).copy()
    light = ScheduleStyle.from_palette(palette_for(ThemeMode.LIGHT), scene.look.font, False)
    vars(scene.look).update(vars(light))
    marks = [(b.look.current, b.look.focused, b.look.dimmed) for b in scene.blocks]
    for block in scene.blocks:
        block.look.current = block.look.focused = block.look.dimmed = False
    try:
        geometry = scene.geometry
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), light.background)
        painter.save()
        painter.translate(RULER_WIDTH, 0)
        paint_header(painter, geometry, light, 0, geometry.width)
        painter.restore()
        painter.save()
        painter.translate(0, HEADER_HEIGHT)
        paint_ruler(painter, geometry, light, 0, geometry.height)
        painter.restore()
        painter.fillRect(QRectF(0, 0, RULER_WIDTH, HEADER_HEIGHT), light.header)
        if title:
            painter.setPen(light.text)
            painter.setFont(light.font)
            flags = (
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            )
            painter.drawText(QRectF(4, 2, RULER_WIDTH - 6, HEADER_HEIGHT - 4), int(flags), title)
        target = QRectF(RULER_WIDTH, HEADER_HEIGHT, geometry.width, geometry.height)
        scene.render(painter, target, QRectF(0, 0, geometry.width, geometry.height))
    finally:
        vars(scene.look).update(saved)
        for block, (current, focused, dimmed) in zip(scene.blocks, marks, strict=True):
            block.look.current, block.look.focused, block.look.dimmed = current, focused, dimmed


def day_image(scene: ScheduleScene, title: str = "") -> QImage:
    """The day as an image (twice the screen's pixels when that stays under MAX_PIXELS)."""
    size = page_size(scene)
    scale = min(PNG_SCALE, math.sqrt(MAX_PIXELS / max(1.0, size.width() * size.height())))
    image = QImage(
        max(1, round(size.width() * scale)),
        max(1, round(size.height() * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.scale(scale, scale)
    paint_day(painter, scene, title)
    painter.end()
    return image


def write_png(path: Path, scene: ScheduleScene, title: str = "") -> None:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    encoded = day_image(scene, title).save(buffer, "PNG")  # type: ignore[call-overload]
    if not encoded:
        raise ExportError(f"Cannot write {path}: the image could not be encoded")
    buffer.close()
    _write_atomically(path, bytes(data.data()))


def write_pdf(path: Path, scene: ScheduleScene, title: str = "") -> None:
    """One page the size of the day (vector text), scaled down only past PDF's page limit."""
    size = page_size(scene)
    points = QSizeF(size.width() * 72 / PDF_DPI, size.height() * 72 / PDF_DPI)
    scale = min(1.0, MAX_PDF_POINTS / max(points.width(), points.height()))

    def paint(writer: QPdfWriter) -> None:
        writer.setResolution(PDF_DPI)
        writer.setPageSize(QPageSize(points * scale, QPageSize.Unit.Point, "Schedule"))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setTitle(title or "Schedule")
        writer.setCreator("Summit Transcript Viewer")
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"Cannot write {path}")
        painter.scale(scale, scale)
        paint_day(painter, scene, title)
        painter.end()

    _write_atomically(path, pdf_bytes(paint))


def _safe_name(text: str) -> str:
    name = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in text)
    return "-".join(name.split())[:80] or "schedule"


def export_day(
    parent: QWidget | None, scene: ScheduleScene, kind: str, title: str, folder: str = ""
) -> Path | None:
    """Ask where to save the day as `kind` ("png" or "pdf"), write it; None when cancelled."""
    suggestion = str(Path(folder or Path.home()) / f"schedule-{_safe_name(title)}.{kind}")
    name, _ = QFileDialog.getSaveFileName(
        parent, f"Export Day as {kind.upper()}", suggestion, FILTERS[kind]
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != f".{kind}":
        path = path.with_name(path.name + f".{kind}")
    try:
        (write_png if kind == "png" else write_pdf)(path, scene, title)
    except (ExportError, OSError) as error:
        QMessageBox.warning(parent, "Export failed", str(error))
        return None
    return path
