"""Named icons drawn from the icon fonts bundled with qtawesome, cached, theme-aware.

Why not `qtawesome.icon()` itself: importing qtawesome imports qtpy, whose star-imports build
every PySide6 class and pull in QtOpenGL, a large share of start-up time and memory
(benchmarks/FINDINGS.md) for the few glyphs this app shows. So the font files and charmaps
shipped in the qtawesome package are read directly (found without importing it) and glyphs
are painted by a small QIconEngine that caches its pixmaps. Should the fonts not be found, the
full qtawesome API is used; should that fail too, an empty icon (decoration is never worth a
crash).

Icons without an explicit colour follow the palette's text colour at paint time, so they stay
readable in the dark theme.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)

# Purpose -> glyph name (qtawesome's "prefix.name"). One table so the look is changed in one place.
GLYPHS: dict[str, str] = {
    "app": "mdi6.book-open-page-variant-outline",
    "video": "fa5b.youtube",
    "transcript": "mdi6.text-box-outline",
    "copy": "mdi6.content-copy",
    "open_folder": "mdi6.folder-open-outline",
    "open_file": "mdi6.file-document-outline",
    "search": "mdi6.magnify",
    "find": "mdi6.text-search",
    "problems": "mdi6.alert-circle-outline",
    "clear_filters": "mdi6.filter-remove-outline",
    "speaker": "mdi6.account-voice",
    "quit": "mdi6.exit-to-app",
    "recent": "mdi6.history",
    "transcript_partial": "mdi6.text-box-minus-outline",
    "transcript_doubtful": "mdi6.text-box-remove-outline",
    "quality_warning": "mdi6.alert-outline",
}

VIDEO_RED = "#d32f2f"
TRANSCRIPT_BLUE = "#1e6fbf"
MUTED_GREY = "#8a8f98"
WARNING_AMBER = "#c77700"
BRAND_COLORS = frozenset({VIDEO_RED})  # kept even on a selected row (YouTube red reads as YouTube)

# Prefix -> file-name stems of the font and its charmap inside qtawesome/fonts/.
FONT_FILES: dict[str, tuple[str, str]] = {
    "mdi6": ("materialdesignicons6-webfont-", "materialdesignicons6-webfont-charmap-"),
    "fa5b": ("fontawesome5-brands-webfont-", "fontawesome5-brands-webfont-charmap-"),
}


def _fonts_dir() -> Path | None:
    spec = importlib.util.find_spec("qtawesome")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    return folder if folder.is_dir() else None


class Charmap:
    """A qtawesome charmap (JSON: glyph name -> hex code point), looked up one name at a time.

    Decoding the whole charmap (thousands of names) would cost every start-up for the few names
    the window shows; each name's key is found in the text instead (`"name": "0xf0349"`: a key
    is unique, and no value looks like a quoted name followed by a colon), once.
    """

    _VALUE = re.compile(r'\s*:\s*"([^"\\]{1,16})"')

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: dict[str, str | None] = {}

    def get(self, name: str) -> str | None:
        if name not in self._found:
            self._found[name] = self._lookup(name)
        return self._found[name]

    def _lookup(self, name: str) -> str | None:
        key = f'"{name}"'
        at = self._text.find(key)
        while at >= 0:
            value = self._VALUE.match(self._text, at + len(key))
            if value:
                return value.group(1)
            at = self._text.find(key, at + 1)
        return None


@cache
def _font(prefix: str) -> tuple[str, Charmap] | None:
    """(font family, its charmap) for a prefix; None when unavailable."""
    folder = _fonts_dir()
    stems = FONT_FILES.get(prefix)
    if folder is None or stems is None:
        return None
    fonts = sorted(folder.glob(stems[0] + "*.ttf"))
    charmaps = sorted(folder.glob(stems[1] + "*.json"))
    if not fonts or not charmaps:
        return None
    font_id = QFontDatabase.addApplicationFont(str(fonts[-1]))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    try:
        text = charmaps[-1].read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    if not families or not text.lstrip().startswith("{"):
        return None
    return families[0], Charmap(text)


class GlyphIconEngine(QIconEngine):
    """Paints one font glyph, tinted; caches pixmaps per (size, mode, state, colour)."""

    def __init__(self, family: str, char: str, color: str = "") -> None:
        super().__init__()
        self._family = family
        self._char = char
        self._color = color
        self._cache: dict[tuple[int, int, int, int, int], QPixmap] = {}

    def _tint(self, mode: QIcon.Mode) -> QColor:
        if self._color:
            color = QColor(self._color)
        else:
            app = QGuiApplication.instance()
            palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
            color = palette.color(QPalette.ColorRole.WindowText)
        if mode == QIcon.Mode.Disabled:
            color.setAlphaF(0.38)
        elif mode == QIcon.Mode.Selected and self._color not in BRAND_COLORS:
            # On a selected row a tinted glyph would vanish into the highlight (blue on blue).
            app = QGuiApplication.instance()
            palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
            color = palette.color(QPalette.ColorRole.HighlightedText)
        return color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Views paint icons through here on every repaint: draw the cached pixmap.

        Drawn at the application's highest device pixel ratio (crisp on every screen): asking
        `painter.device()` instead makes PySide6 build a Python type per kind of device, which
        the first paint would wait for.
        """
        app = QGuiApplication.instance()
        ratio = app.devicePixelRatio() if isinstance(app, QGuiApplication) else 1.0
        pixmap = self.pixmap(rect.size() * ratio, mode, state)
        painter.drawPixmap(rect, pixmap)

    def _draw(self, painter: QPainter, rect: QRect, mode: QIcon.Mode) -> None:
        painter.save()
        font = QFont(self._family)
        font.setPixelSize(max(1, round(min(rect.width(), rect.height()) * 0.9)))
        painter.setFont(font)
        painter.setPen(self._tint(mode))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._char)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        tint = self._tint(mode).rgba()
        key = (size.width(), size.height(), int(mode.value), int(state.value), tint)
        cached = self._cache.get(key)
        if cached is None:
            cached = QPixmap(size)
            cached.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cached)
            self._draw(painter, QRect(QPoint(0, 0), size), mode)
            painter.end()
            self._cache[key] = cached
        return cached

    def clone(self) -> QIconEngine:
        return GlyphIconEngine(self._family, self._char, self._color)


def _qtawesome_icon(name: str, color: str) -> QIcon:
    try:
        import qtawesome

        options = {"color": QColor(color)} if color else {}
        return qtawesome.icon(name, **options)
    except Exception:  # noqa: BLE001 -- font or glyph missing: an icon is decoration
        return QIcon()


@cache
def icon(purpose: str, color: str = "") -> QIcon:
    """The icon for `purpose` (a GLYPHS key or a glyph name such as "mdi6.close"), optionally
    tinted; an empty QIcon when the glyph cannot be found."""
    name = GLYPHS.get(purpose, purpose)
    prefix, _, glyph = name.partition(".")
    font = _font(prefix)
    if font is None:
        return _qtawesome_icon(name, color)
    family, charmap = font
    code = charmap.get(glyph)
    if not isinstance(code, str):
        return QIcon()
    try:
        char = chr(int(code, 16))
    except ValueError:
        return QIcon()
    return QIcon(GlyphIconEngine(family, char, color))
