"""Inputs the fuzz campaign found, kept as regression tests (each names the target and finding)."""

from __future__ import annotations

import pytest

from tests.hostile.htmlcheck import unsafe_markup
from viewer.core.text.render import render_markdown, sanitize_html


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


@pytest.mark.parametrize(
    "url",
    [
        "https://[2001:4860::8888]http",  # links, 2026-11-26: junk after "]" kept in the URL
        "https://[2001:4860::8888]:8080/x?y#z",
        "https://8.8.8.8:443/x",
    ],
)
def test_link_decision_url_is_what_qt_parses(url: str) -> None:
    from PySide6.QtCore import QUrl

    from viewer.core.text.links import check_url

    decision = check_url(url)
    assert decision.action == "ask"
    parsed = QUrl(decision.url, QUrl.ParsingMode.StrictMode)
    assert parsed.isValid(), parsed.errorString()
    assert parsed.host() == decision.host.strip("[]")


def test_open_decision_url_is_valid_for_qt() -> None:
    from PySide6.QtCore import QUrl

    from viewer.core.text.links import check_url

    decision = check_url("https://youtube.com/a%http20b")
    assert decision.action == "open"
    assert decision.url == "https://youtube.com/a%25http20b"  # the stray '%' escaped
    assert QUrl(decision.url, QUrl.ParsingMode.StrictMode).isValid()
    # Real escapes are left alone.
    assert check_url("https://youtube.com/watch?v=a%20b").url.endswith("v=a%20b")
