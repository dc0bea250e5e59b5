"""Rendering untrusted Markdown: escaped raw HTML, allowlisted output, bounded time."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.text.render import (
    ALLOWED_TAGS,
    MAX_SOURCE_CHARS,
    _reject_reason,
    render_list,
    render_markdown,
)

TIME_LIMIT = 2.0


class _Tags(HTMLParser):
    """The real tags and attributes of rendered HTML (escaped text is not a tag)."""

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def assert_safe(markup: str) -> None:
    for tag, attrs in _Tags(markup).found:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert (tag, name) == ("a", "href"), (tag, name)
            assert (value or "").startswith(("http://", "https://")), value


HOSTILE = {
    "nested list recursion": "- " * 500 + "x",
    "ordered list recursion": "1. " * 500 + "x",
    "open brackets": "[" * 8000,
    "unclosed links": "[a](" * 10000,
    "unclosed images": "![" * 10000,
    "backslashes 200 KB": "\\" * 200_000,
    "footnote-like": "[^" * 10000,
    "bracket backtick": "[`" * 10000,
    "reference chain": "[a][" * 5000,
    "angle links": "[x](<" * 4000,
    "setext underlines": "=\n" * 10000,
    "deep quotes": "> " * 5000 + "x",
    "indented lists": "".join("    " * i + "- a\n" for i in range(300)),
    "emphasis soup": "*_" * 20000,
    "huge plain": "word " * 200_000,
    "nul bytes": "\x00" * 1000 + "text",
}


def _timed(source: str) -> tuple[float, object]:
    start = time.perf_counter()
    result = render_markdown(source)
    return time.perf_counter() - start, result


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_falls_back_within_the_time_bound(name: str) -> None:
    elapsed, result = _timed(HOSTILE[name])
    assert elapsed < TIME_LIMIT, f"{name}: {elapsed:.2f}s"
    assert result.html  # the text is still shown
    assert "<img" not in result.html and "src=" not in result.html
    if name != "nul bytes":
        assert result.fallback, name
        assert result.reason
        assert "plain text" in result.html


def test_fallback_is_escaped_plain_text() -> None:
    result = render_markdown("[" * 400 + "<img src=/dev/zero>\n\n<b>x</b>")
    assert result.fallback
    assert "&lt;img src=/dev/zero&gt;" in result.html
    assert "<b>" not in result.html


def test_recursion_error_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    import viewer.core.text.render as render

    class Exploding:
        def convert(self, source: str) -> str:
            raise RecursionError

    monkeypatch.setattr(render, "_md", Exploding)
    result = render_markdown("plain *text*")
    assert result.fallback and "nesting" in result.reason
    assert "plain *text*" in result.html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *em*", "<strong>bold</strong> and <em>em</em>"),
        ("- one\n- two", "<li>one</li>"),
        ("1. first\n2. second", "<ol>"),
        ("> quoted", "<blockquote>"),
        ("`code`", "<code>code</code>"),
        ("[site](https://example.org/a)", '<a href="https://example.org/a">site</a>'),
        ("### Heading", "<h3>Heading</h3>"),
        ("# Title", "<h3>Title</h3>"),
        ("AT&amp;T", "AT&amp;T"),
    ],
)
def test_markdown_is_rendered(source: str, expected: str) -> None:
    result = render_markdown(source)
    assert not result.fallback
    assert expected in result.html


@pytest.mark.parametrize(
    "source",
    [
        "<img src=/dev/zero>",
        '<img src="file:///etc/passwd">',
        "![x](/dev/zero)",
        "![x](file:///dev/zero)",
        '<a href="file:///etc/passwd">f</a>',
        "<script>alert(1)</script>",
        "<iframe src=x></iframe>",
        "<div onclick=x>d</div>",
        '<p style="background:url(/dev/zero)">s</p>',
        "<object data=/dev/zero></object>",
        "<!-- <img src=/dev/zero> -->",
        "<svg><image href=/dev/zero /></svg>",
    ],
)
def test_raw_html_is_escaped_never_passed(source: str) -> None:
    result = render_markdown(source)
    assert not re.search(r"<(img|script|iframe|object|svg|image|div|style)\b", result.html)
    assert not re.search(r"<[^>]*\s(src|style|onclick|data)=", result.html)


@pytest.mark.parametrize(
    "href",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,x",
        "smb://host/share",
        "/relative",
        "custom-app://x",
    ],
)
def test_only_http_links_survive(href: str) -> None:
    result = render_markdown(f"[link]({href})")
    assert "href" not in result.html
    assert "link" in result.html


def test_size_cap_is_a_fallback_not_a_loss() -> None:
    source = "para\n\n" * (MAX_SOURCE_CHARS // 6 + 10)
    result = render_markdown(source)
    assert result.fallback and "longer" in result.reason
    assert result.html.count("<p>") > 100


def test_empty_input() -> None:
    result = render_markdown("   \n")
    assert result.html == "" and not result.fallback


def test_largest_accepted_input_stays_fast() -> None:
    """The pre-check thresholds are what bound the time: probe just under each of them."""
    tokens = ["[`", "`[", "[a](", "[a][", "[^", "*_", "=\n", "\n- ", "\\", "[x](<", "**a*"]
    worst = 0.0
    for token in tokens:
        source = token * (MAX_SOURCE_CHARS // len(token))
        lo, hi = 0, len(source)
        while lo < hi:  # longest prefix the pre-check lets through to Markdown
            mid = (lo + hi + 1) // 2
            if _reject_reason(source[:mid]):
                hi = mid - 1
            else:
                lo = mid
        elapsed, result = _timed(source[:lo])
        assert not result.fallback
        worst = max(worst, elapsed)
    assert worst < 0.5, f"slowest accepted input took {worst:.3f}s"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]()!<>*_`\\-#=> \n1.ahttps:/")), max_size=3000))
def test_fuzz_markup_characters_bounded_and_safe(source: str) -> None:
    elapsed, result = _timed(source)
    assert elapsed < TIME_LIMIT
    assert_safe(result.html)


_FUZZ_PIECES = [
    "[", "]", "(", ")", "![", "](", "<", ">", "*", "_", "`", "\\", "#", "- ", "1. ", "> ",
    "\n", "\n\n", "    ", "=", "|", "&", "&amp;", "&#x3c;", "http://", "https://x.org/",
    "file:///dev/zero", "javascript:", "<img src=/dev/zero>", '<a href="x">', "<script>",
    "a", "word ", "é", "\u200b", "\u202e", "\x00", "🎤", "[^1]", "[a]: ", '"', "'",
]  # fmt: skip


@pytest.mark.slow
def test_fuzz_campaign() -> None:
    """Random markup soup: every render bounded and safe.

    500 inputs by default (a few seconds); SUMMIT_FUZZ_N=100000 for the full campaign.
    """
    import os
    import random

    runs = int(os.environ.get("SUMMIT_FUZZ_N", "500"))
    rng = random.Random(int(os.environ.get("SUMMIT_FUZZ_SEED", "1")))
    slowest = 0.0
    for _ in range(runs):
        size = rng.choice((5, 50, 500, 3000))
        source = "".join(rng.choices(_FUZZ_PIECES, k=rng.randint(1, size)))
        elapsed, result = _timed(source)
        slowest = max(slowest, elapsed)
        assert elapsed < TIME_LIMIT, repr(source[:200])
        assert_safe(result.html)
    print(f"{runs} inputs, slowest {slowest * 1000:.1f} ms")


def test_one_summary_leaves_nothing_behind_for_the_next() -> None:
    # The converter is reused: a reference defined by one file must not link words in another,
    # also after a render that failed half-way.
    first = render_markdown("See [docs][ref].\n\n[ref]: https://example.org/a")
    assert 'href="https://example.org/a"' in first.html
    render_markdown("[" * 20 + "x" + "](" * 20)
    second = render_markdown("See [docs][ref].")
    assert "href" not in second.html and "[docs][ref]" in second.html


# Plain text renders without Markdown; it must give exactly what Markdown and nh3 give.
_TOKENS = [
    *"abcXYZ019 .,;:'\"()?%/$@=+-—–’“”…₹é😀\n\n\n",
    *("\t", "\u00a0", "\u2003", "*", "_", "#", ">", "&", "<", "1. ", "- ", "  \n", "http://x"),
]
_PLAINISH = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_PLAINISH)
def test_plain_text_renders_as_markdown_would(text: str) -> None:
    from viewer.core.text import render

    if not text.strip() or _reject_reason(text):
        return
    assert render_markdown(text) == render._through_markdown(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PLAINISH.map(lambda t: " ".join(t.split())).filter(bool), min_size=1, max_size=6))
def test_a_numbered_list_renders_as_markdown_would(items: list[str]) -> None:
    from viewer.core.text import render

    numbered = "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    if _reject_reason(numbered):
        return
    assert render_list(items) == render._through_markdown(numbered)


def test_plain_summaries_do_not_load_markdown() -> None:
    code = (
        "import sys; from viewer.core.text.render import render_list, render_markdown;"
        "assert render_markdown('A plain summary.\\n\\nTwo — “quoted” 50% (ok)?').html;"
        "assert render_list(['One point.', 'Another, ₹5 more.']).html.startswith('<ol>');"
        "print('markdown' in sys.modules, 'nh3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
