"""Text, muted text and links read at 4.5:1 or more on every background, in both themes.

Reads the palettes the program applies (`palette_for`), not a copy of their colours.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from viewer.ui.common.theme import ThemeMode, palette_for

Role = QPalette.ColorRole
BACKGROUNDS = (Role.Window, Role.Base, Role.AlternateBase, Role.Button)
FOREGROUNDS = (Role.Text, Role.WindowText, Role.ButtonText, Role.PlaceholderText, Role.Link)
AA = 4.5


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: QColor, b: QColor) -> float:
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_the_known_extremes() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", [ThemeMode.LIGHT, ThemeMode.DARK])
def test_every_text_colour_reads_on_every_background(theme: ThemeMode) -> None:
    palette = palette_for(theme)
    low = []
    for back in BACKGROUNDS:
        for fore in FOREGROUNDS:
            ratio = contrast(palette.color(fore), palette.color(back))
            if ratio < AA:
                low.append((fore.name, back.name, round(ratio, 2)))
    selected = contrast(palette.color(Role.HighlightedText), palette.color(Role.Highlight))
    tooltip = contrast(palette.color(Role.ToolTipText), palette.color(Role.ToolTipBase))
    assert low == [] and selected >= AA and tooltip >= AA, (low, selected, tooltip)
