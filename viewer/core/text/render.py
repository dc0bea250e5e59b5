"""Markdown from untrusted files -> HTML that is safe to give a Qt text widget.

The one rendering path for file content (summaries, takeaways, anything Markdown). Three layers:

1. Raw HTML in the source is never passed: Python-Markdown's raw-HTML block and inline handlers
   are removed, so `<img src=/dev/zero>` comes out as visible, escaped text.
2. The output is sanitised by nh3 with a small allowlist: text structure, emphasis, lists, code,
   quotes, headings h3-h6 and links whose href is http(s). Never `<img>`, never `src`, no
   attributes but `href`. Qt's text widgets load any local path named by `<img src>`, so this
   layer must hold even if the first one were bypassed.
3. Bounded work: Python-Markdown has quadratic and recursive paths (`'['*8000`, `'[a]('*10000`,
   `'- '*500+'x'`, long runs of backslashes or setext underlines). Cheap pre-checks (size, bracket
   and backslash counts, line count, nesting depth) route such input to a plain-text fallback
   before Markdown sees it, and a `RecursionError` falls back too. A worker process per call would
   be the stronger guarantee, but costs more than rendering a summary; the thresholds here keep
   the worst accepted input cheap (tests/core/text/test_render.py holds them to it).
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import markdown


# Real summaries are a few KB with a handful of brackets; these caps leave wide margins while
# keeping every quadratic path in Python-Markdown small.
MAX_SOURCE_CHARS = 16_000
MAX_BRACKETS = 300
MAX_BACKSLASHES = 2_000
MAX_LINES = 800
MAX_EMPHASIS = 2_000
MAX_NESTING = 12
MAX_OUTPUT_CHARS = 400_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "em", "strong", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = frozenset({"http", "https"})

# A line that opens more than MAX_NESTING lists or quotes at once ("- - - - x", "> > > x").
_DEEP_LINE = re.compile(
    rf"^(?:[ \t]*(?:[-*+>]|\d{{1,9}}[.)])[ \t]*){{{MAX_NESTING + 1},}}", re.MULTILINE
)
# Indentation deep enough to nest lists past MAX_NESTING levels (4 columns per level).
_DEEP_INDENT = re.compile(rf"^(?: {{4}}|\t){{{MAX_NESTING},}}[ \t]*(?:[-*+>]|\d{{1,9}}[.)])", re.M)
_TOP_HEADING = re.compile(r"<(/?)h([12])>")


class RenderResult(NamedTuple):
    """Rendered HTML and whether the plain-text fallback was used.

    Attributes:
        html: sanitised HTML fragment, always safe to pass to QTextBrowser.setHtml.
        fallback: True when the source was shown as escaped plain text instead of Markdown.
        reason: why the fallback was taken ("" when it was not); also shown to the user.
    """

    html: str
    fallback: bool
    reason: str


_converters = threading.local()  # one Markdown instance per thread, reset before each use


def _md() -> markdown.Markdown:
    """This thread's converter (built once: building one compiles dozens of patterns)."""
    md: markdown.Markdown | None = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = _new_md()
    md.reset()
    return md


def _new_md() -> markdown.Markdown:
    import markdown  # loaded on the first source that is not plain text

    md = markdown.Markdown(extensions=[], output_format="html")
    # Raw HTML is text, never markup: without these handlers Markdown escapes `<` itself.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Images would only be dropped by the sanitiser; without these their alt text stays visible
    # as a link (`!` + `[alt](url)`) that goes through the link policy like any other.
    for name in ("image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    return md


def _reject_reason(source: str) -> str:
    """Why `source` is not safe to hand to Python-Markdown, or "" when it is."""
    if len(source) > MAX_SOURCE_CHARS:
        return f"longer than {MAX_SOURCE_CHARS:,} characters"
    if source.count("[") > MAX_BRACKETS or source.count("]") > MAX_BRACKETS:
        return "too many brackets"
    if source.count("\\") > MAX_BACKSLASHES:
        return "too many backslashes"
    if source.count("`") > MAX_BACKSLASHES or source.count("<") > MAX_BACKSLASHES:
        return "too many code or angle marks"
    if source.count("*") + source.count("_") > MAX_EMPHASIS:
        return "too many emphasis marks"
    if source.count("\n") > MAX_LINES:
        return "too many lines"
    if _DEEP_LINE.search(source) or _DEEP_INDENT.search(source):
        return "lists or quotes nested too deeply"
    return ""


def sanitize_html(fragment: str) -> str:
    """Reduce any HTML to the allowlist: no images, no src, only http(s) hrefs."""
    import nh3

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        # "*": no generic attributes; nh3 otherwise keeps `title` and `lang` on every tag.
        attributes={"*": set(), **{k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}},
        url_schemes=set(ALLOWED_SCHEMES),
        clean_content_tags={"script", "style"},
        link_rel=None,
        strip_comments=True,
        url_relative="deny",
    )


def plain_html(text: str) -> str:
    """Escaped text in paragraphs, line breaks kept: the fallback rendering."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + html.escape(p.strip()).replace("\n", "<br>") + "</p>" for p in paragraphs
    )


def _fallback(source: str, reason: str) -> RenderResult:
    body = plain_html(source[:MAX_OUTPUT_CHARS])
    note = f"<p><em>Shown as plain text: {html.escape(reason)}.</em></p>"
    return RenderResult(note + body, True, reason)


# Anything Markdown (or the sanitiser) could turn into something other than text in paragraphs:
# markup characters, entities, list/quote/heading/rule line starts, indentation and trailing
# spaces (code, line breaks), tabs, control characters, non-breaking and other odd spaces, URLs.
# Text without any of it, nearly every real summary, renders without loading Markdown (an import
# start-up need not pay) to exactly what Markdown and nh3 give (tests/core/text/test_render.py).
_NOT_PLAIN = re.compile(
    r"[*_`\[\]<>&\\#|~!\t\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200f"
    r"\u2028-\u202f\u205f-\u206f\u3000\ufeff]|^ |[ ]$|^\d+[.)]|^[-+*>=]|:/|www\.",
    re.MULTILINE,
)


def _plain_paragraphs(text: str) -> str:
    """What Markdown makes of plain text: blank lines part paragraphs, line ends are kept."""
    paragraphs = re.split(r"\n{2,}", text.strip("\n"))
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def render_list(items: Sequence[str]) -> RenderResult:
    """Items as a numbered list, through the same path as `render_markdown`."""
    if items and all(item and _NOT_PLAIN.search(item) is None and "\n" not in item
                     for item in items) and len(items) <= MAX_LINES:  # fmt: skip
        body = "".join(f"<li>{html.escape(item, quote=False)}</li>\n" for item in items)
        return RenderResult(f"<ol>\n{body}</ol>", False, "")
    return render_markdown("\n".join(f"{n}. {item}" for n, item in enumerate(items, 1)))


def render_markdown(md: str) -> RenderResult:
    """Render untrusted Markdown to sanitised HTML; bounded in time and size, never raises."""
    if not md.strip():
        return RenderResult("", False, "")
    source = md.replace("\x00", "\ufffd")
    reason = _reject_reason(source)
    if reason:
        return _fallback(source, reason)
    if _NOT_PLAIN.search(source) is None:
        return RenderResult(_plain_paragraphs(source), False, "")
    return _through_markdown(source)


def _through_markdown(source: str) -> RenderResult:
    """Markdown, then the sanitiser, for a source that passed `_reject_reason`."""
    try:
        converted = _md().convert(source)
    except RecursionError:
        return _fallback(source, "nesting too deep to format")
    except Exception as exc:  # noqa: BLE001 - a Markdown bug must not cost the user the text
        return _fallback(source, f"could not be formatted ({type(exc).__name__})")
    if len(converted) > MAX_OUTPUT_CHARS:
        return _fallback(source, "formatted text too large")
    # Document headings (h1/h2) would outrank the pane's own title: demote them to h3/h4.
    converted = _TOP_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 2}>", converted)
    return RenderResult(sanitize_html(converted), False, "")
