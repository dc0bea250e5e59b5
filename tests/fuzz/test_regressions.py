"""Inputs the fuzz campaign found, kept as regression tests (each names the target and finding)."""

from __future__ import annotations

import pytest

from tests.hostile.htmlcheck import unsafe_markup
from viewer.core.render import render_markdown, sanitize_html


@pytest.mark.parametrize(
    "source",
    [
        "[]('')",  # render, 2026-11-26: nh3 kept a generic title="" attribute on <a>
        '[x](https://example.org "a title")',
        "[x](https://example.org 'single')",
    ],
)
def test_render_keeps_no_attribute_but_href(source: str) -> None:
    html = render_markdown(source).html
    assert unsafe_markup(html) == [], html
    assert "title=" not in html


def test_sanitizer_drops_generic_attributes_on_every_tag() -> None:
    html = sanitize_html(
        '<p lang="en" title="t"><em title="x">a</em><a href="https://e.org" title="y">b</a></p>'
    )
    assert html == '<p><em>a</em><a href="https://e.org">b</a></p>'
