"""Find markup in rendered HTML that a Qt text widget could act on (hostile and fuzz tests).

The check parses the HTML (escaped text such as `&lt;img src=...&gt;` is harmless and must not
count), then flags every element outside a small structural set and every attribute but `href`,
and every `href` that is not an absolute http(s) URL. Qt's rich text reads local files for
`<img src>`, `background=` and CSS `url()`; it also follows `href`s of any scheme when a link is
activated, so any of those in the output is a finding.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Link targets the app itself writes into its labels (an index, never text from a file).
_INTERNAL_HREF = re.compile(r"^(?:(?:speaker|partner):\d+|(?:more|less):speakers)$")

SAFE_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6", "span", "div", "table",
        "thead", "tbody", "tr", "th", "td", "sub", "sup", "small",
    }
)  # fmt: skip


class _Checker(HTMLParser):
    def __init__(self, widget_html: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.widget_html = widget_html
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.findings.append(f"element <{tag}>")
        for name, value in attrs:
            text = (value or "").strip().lower()
            if self.widget_html and name == "style" and "url(" not in text:
                continue
            if name != "href":
                self.findings.append(f"attribute {name}= on <{tag}>")
                continue
            if self.widget_html and _INTERNAL_HREF.match(text):
                continue
            if not text.startswith(("http://", "https://")):
                self.findings.append(f"href={value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data: str) -> None:
        self.findings.append(f"processing instruction {data[:40]!r}")


def unsafe_markup(html: str, *, widget_html: bool = False) -> list[str]:
    """Everything in `html` that could make a text widget load a file or follow a bad link.

    `widget_html`: the HTML a widget built around rendered content, which may also carry
    `style` attributes without `url(` and the app's own `speaker:N` / `partner:N` /
    `more:speakers` / `less:speakers` targets.
    """
    checker = _Checker(widget_html)
    checker.feed(html)
    checker.close()
    return checker.findings
