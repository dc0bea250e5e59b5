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


@pytest.mark.parametrize("theme", [ThemeMode.LIGHT, ThemeMode.DARK])
def test_a_check_box_stands_out_from_the_window(qapp, theme: ThemeMode) -> None:  # type: ignore[no-untyped-def]
    """An unchecked box must be seen (WCAG asks 3:1 for the parts of a control): its frame,
    as painted by the style in the applied theme, against the window around it."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    from viewer.ui.common.theme import apply_theme

    previous = ThemeMode(qapp.property("summitTheme") or ThemeMode.LIGHT.value)
    apply_theme(qapp, theme)
    try:
        box = QCheckBox("Video")
        box.resize(box.sizeHint())
        image = box.grab().toImage()
        option = QStyleOptionButton()
        option.initFrom(box)
        frame = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
        around = qapp.palette().color(Role.Window)  # what surrounds the box in the window
        dpr = image.devicePixelRatio()
        edge = [
            image.pixelColor(int(x * dpr), int(frame.center().y() * dpr))
            for x in range(frame.left(), frame.right() + 1)
        ]
        ratio = max(contrast(colour, around) for colour in edge)
        assert ratio >= 3.0, (theme, round(ratio, 2))
    finally:
        apply_theme(qapp, previous)
