"""Glyph icons from the fonts bundled with qtawesome, found without decoding whole charmaps."""

from __future__ import annotations

import json

import pytest

from viewer.ui.common import icons


def test_a_charmap_looks_names_up_as_its_json_maps_them() -> None:
    text = json.dumps(
        {"ab": "0xf0001", "ab-testing": "0xf01c9", "x": "f0002", 'odd"name': "0xf0003"},
        indent=4,
    )
    charmap = icons.Charmap(text)
    assert charmap.get("ab") == "0xf0001"  # not the value of "ab-testing"
    assert charmap.get("ab-testing") == "0xf01c9"
    assert charmap.get("x") == "f0002"
    assert charmap.get("testing") is None
    assert charmap.get("0xf0001") is None  # a value is not a name
    assert charmap.get('odd"name') is None  # escaped in JSON: not a glyph name anyway


@pytest.mark.parametrize("prefix", sorted(icons.FONT_FILES))
def test_every_bundled_glyph_is_found_with_its_code_point(qapp, prefix: str) -> None:
    font = icons._font(prefix)
    if font is None:
        pytest.skip("qtawesome's fonts are not installed")
    _family, charmap = font
    decoded = json.loads(charmap._text)
    assert len(decoded) > 100
    assert {name: charmap.get(name) for name in decoded} == decoded


def test_the_window_glyphs_are_drawn(qapp) -> None:
    for purpose in icons.GLYPHS:
        icon = icons.icon(purpose)
        assert not icon.isNull(), purpose
        assert not icon.pixmap(16, 16).toImage().isNull()
    assert icons.icon("mdi6.no-such-glyph").isNull()
