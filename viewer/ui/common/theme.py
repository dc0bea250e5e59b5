"""Light and dark themes: follow the system by default, or a user's override.

The one place for themes: the palettes, which one the user chose (`saved_mode`), applying it
to the application once (`apply_theme`) and choosing another while running (`choose_theme`).

The Fusion style with an explicit palette looks the same on every desktop and under Xvfb, where
there is no platform theme to follow; the system's choice is read from Qt's style hints.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from viewer.ui.common.settings import KEY_THEME, AppSettings


# Every colour pair below reads at 4.5:1 or more (WCAG AA); tests/ui/common/test_contrast.py
# checks text, muted text and links on every background role of both palettes.
class ThemeMode(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


_LIGHT = {
    QPalette.ColorRole.Window: "#f4f3ef",
    QPalette.ColorRole.WindowText: "#1f2328",
    QPalette.ColorRole.Base: "#fdfcf9",
    QPalette.ColorRole.AlternateBase: "#f0eee8",
    QPalette.ColorRole.Text: "#1f2328",
    QPalette.ColorRole.Button: "#ecebe6",
    QPalette.ColorRole.ButtonText: "#1f2328",
    QPalette.ColorRole.Highlight: "#2f6fdb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#1f5fbf",
    QPalette.ColorRole.ToolTipBase: "#fffbe6",
    QPalette.ColorRole.ToolTipText: "#1f2328",
    QPalette.ColorRole.PlaceholderText: "#62676e",
    QPalette.ColorRole.Mid: "#c9c6bd",
}
_DARK = {
    QPalette.ColorRole.Window: "#1e1f22",
    QPalette.ColorRole.WindowText: "#dfe1e5",
    QPalette.ColorRole.Base: "#18191b",
    QPalette.ColorRole.AlternateBase: "#232428",
    QPalette.ColorRole.Text: "#e3e3e0",
    QPalette.ColorRole.Button: "#2b2d31",
    QPalette.ColorRole.ButtonText: "#dfe1e5",
    QPalette.ColorRole.Highlight: "#3470d4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb0ff",
    QPalette.ColorRole.ToolTipBase: "#2b2d31",
    QPalette.ColorRole.ToolTipText: "#dfe1e5",
    QPalette.ColorRole.PlaceholderText: "#9ba0a8",
    QPalette.ColorRole.Mid: "#3a3c41",
}


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def effective_theme(mode: ThemeMode | str) -> ThemeMode:
    try:
        mode = ThemeMode(mode)
    except ValueError:
        mode = ThemeMode.SYSTEM
    if mode is ThemeMode.SYSTEM:
        return ThemeMode.DARK if system_prefers_dark() else ThemeMode.LIGHT
    return mode


def palette_for(theme: ThemeMode) -> QPalette:
    palette = QPalette()
    colors = _DARK if theme is ThemeMode.DARK else _LIGHT
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    disabled = QColor(colors[QPalette.ColorRole.PlaceholderText])
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):  # fmt: skip
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


# Fusion draws a check box's frame in the window colour darkened and fills it with the base
# colour: on both palettes the frame all but vanishes into the window (under 2:1). Check boxes
# get a window colour whose darkened frame stands at 3:1 or more (WCAG's ratio for the parts
# of a control) and, when dark, a base that is not the window's.
_INDICATOR = {
    ThemeMode.LIGHT: {QPalette.ColorRole.Window: "#a8a59c"},
    ThemeMode.DARK: {QPalette.ColorRole.Window: "#9aa0a9", QPalette.ColorRole.Base: "#2f3136"},
}


def indicator_palette(palette: QPalette, theme: ThemeMode) -> QPalette:
    """The palette check boxes get under `theme`: the app's, with a frame that can be seen."""
    boxes = QPalette(palette)
    for role, value in _INDICATOR.get(theme, {}).items():
        boxes.setColor(role, QColor(value))
    return boxes


STYLE_PROPERTY = "summitStyle"  # "fusion": the application was started with that style


def uses_fusion(app: QApplication) -> bool:
    """Whether the application's style is Fusion. Asked of the style itself only when the
    application was not started with Fusion (`viewer.ui.mainwindow.application.ensure_app`):
    holding the style in Python builds PySide6's QStyle type, which start-up need not pay."""
    if app.property(STYLE_PROPERTY) == "fusion":
        return True
    return app.style().name().lower() == "fusion"


def apply_theme(app: QApplication, mode: ThemeMode | str) -> ThemeMode:
    """Apply the theme to the whole application; returns the theme actually shown.

    Cheapest before any widget exists (start-up applies the saved theme before building the
    window); applying the theme already shown does nothing.
    """
    theme = effective_theme(mode)
    palette = palette_for(theme)
    fusion = uses_fusion(app)
    if fusion and app.property("summitTheme") == theme.value and app.palette() == palette:
        return theme  # already shown: re-polishing every widget again is wasted start-up
    if not fusion:
        app.setStyle("Fusion")
        app.setProperty(STYLE_PROPERTY, "fusion")
    app.setPalette(palette)
    # The stubs say bytes; PySide6 takes the class name as str.
    app.setPalette(indicator_palette(palette, theme), "QCheckBox")  # type: ignore[arg-type]
    app.setProperty("summitTheme", theme.value)
    # Style sheets resolve `palette(...)` once, when applied: set them again in the new colours.
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if "palette(" in sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
    return theme


def is_dark(app: QApplication | None = None) -> bool:
    instance = app or QApplication.instance()
    return instance is not None and instance.property("summitTheme") == ThemeMode.DARK.value


def saved_mode(settings: AppSettings) -> ThemeMode:
    """The theme mode the user chose (system, light or dark)."""
    try:
        return ThemeMode(settings.get_str(KEY_THEME, ThemeMode.SYSTEM.value))
    except ValueError:
        return ThemeMode.SYSTEM


def choose_theme(settings: AppSettings, mode: ThemeMode) -> ThemeMode:
    """The user chose `mode` while running: remember it and apply it; returns the theme shown."""
    settings.set_value(KEY_THEME, mode.value)
    app = QApplication.instance()
    return apply_theme(app, mode) if isinstance(app, QApplication) else effective_theme(mode)
