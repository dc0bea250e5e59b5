"""Named icons from qtawesome's bundled fonts, cached, with a blank fallback.

Why: icons come from fonts shipped inside the qtawesome wheel (no files, no network), but
building one renders glyphs, so the session list must not rebuild an icon per row per paint.
A missing glyph name (font version drift) degrades to an empty icon rather than a crash.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QIcon

# Purpose -> qtawesome glyph name. One table so the look is changed in one place.
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
}

VIDEO_RED = "#d32f2f"
TRANSCRIPT_BLUE = "#1e6fbf"
MUTED_GREY = "#8a8f98"


@cache
def icon(purpose: str, color: str = "") -> QIcon:
    """The icon for `purpose` (a GLYPHS key), optionally tinted; empty QIcon when unavailable."""
    name = GLYPHS.get(purpose, purpose)
    try:
        import qtawesome

        options = {"color": QColor(color)} if color else {}
        return qtawesome.icon(name, **options)
    except Exception:  # noqa: BLE001 -- font or glyph missing: an icon is decoration, never worth a crash
        return QIcon()
