"""Every hostile session renders bounded and safe: through render_markdown (in a killable child),
then shown in the real detail pane and transcript panel."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import BOUND, HostileCorpus, ProbeRun, run_probe
from tests.hostile.htmlcheck import unsafe_markup
from viewer.core.library.load import Library, load_library

MAX_HTML_CHARS = 2_000_000
# The offscreen platform says this whenever a shown widget changes its size hints; harmless.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")


@pytest.fixture(scope="module")
def rendered(hostile: HostileCorpus) -> ProbeRun:
    run = run_probe("render", hostile.library, timeout=BOUND * 5 * len(hostile.cases) + 10)
    assert not run.timed_out, run.describe_hang()
    assert run.returncode == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def library(hostile: HostileCorpus) -> Library:
    return load_library([hostile.library])


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMIT_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("SUMMIT_URL_LOG", str(tmp_path / "urls.log"))


def test_every_field_renders_bounded_and_safe(hostile: HostileCorpus, rendered: ProbeRun) -> None:
    failures: list[str] = []
    cases = set()
    for record in rendered.records:
        where = f"{record['case']} {record['field']}"
        cases.add(record["case"])
        if "error" in record:
            failures.append(f"{where}: render_markdown raised {record['error']}")
            continue
        if record["seconds"] > BOUND:
            failures.append(f"{where}: {record['seconds']:.2f} s (bound {BOUND} s)")
        if len(record["html"]) > MAX_HTML_CHARS:
            failures.append(f"{where}: {len(record['html']):,} characters of HTML")
        failures += [f"{where}: {finding}" for finding in unsafe_markup(record["html"])]
    assert not failures, "\n".join(failures)
    # Every case that must parse was rendered (none silently dropped from the check).
    must = {c.name for c in hostile.cases if c.expect == frozenset({"session"})}
    assert must <= cases, sorted(must - cases)


def _record(rendered: ProbeRun, case: str, field: str) -> dict[str, Any]:
    return next(r for r in rendered.records if r["case"] == case and r["field"] == field)


def test_raw_html_is_shown_as_text_not_markup(rendered: ProbeRun) -> None:
    html = _record(rendered, "raw-script", "summary")["html"]
    assert "<script" not in html.lower()
    assert "alert(1)" not in html or "&lt;script&gt;" in html  # dropped, or visible as text


@pytest.mark.parametrize(
    "case", ["md-brackets", "md-open-links", "md-backslashes", "md-nested-list"]
)
def test_pathological_markdown_falls_back_and_says_so(rendered: ProbeRun, case: str) -> None:
    record = _record(rendered, case, "summary")
    assert record["fallback"] is True
    assert record["reason"]


def _label_html(widget: Any) -> list[tuple[str, str]]:
    """Text of every label Qt may interpret as markup (plain-text labels show it literally)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    return [
        (lab.objectName(), lab.text())
        for lab in widget.findChildren(QLabel)
        if lab.textFormat() != Qt.TextFormat.PlainText
    ]


def test_detail_pane_shows_every_session_bounded_and_safe(qtbot: Any, library: Library) -> None:
    from PySide6.QtWidgets import QApplication

    from viewer.ui.reader.detail_pane import DetailPane

    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    failures: list[str] = []
    checked = 0
    assert len(library.sessions) >= 40
    for header in library.sessions:
        session = library.full_session(header.path)
        began = time.perf_counter()
        pane.show_session(session)
        QApplication.processEvents()
        seconds = time.perf_counter() - began
        if seconds > BOUND:
            failures.append(f"{header.path}: shown in {seconds:.2f} s")
        for name, text in _label_html(pane):
            checked += bool(text)
            failures += [
                f"{header.path} {name}: {f}" for f in unsafe_markup(text, widget_html=True)
            ]
    assert not failures, "\n".join(failures)
    assert checked >= len(library.sessions)  # the rich labels (summary, speakers) were seen


def test_transcript_panel_shows_every_session_bounded_without_images(
    qtbot: Any, library: Library
) -> None:
    from PySide6.QtGui import QTextCharFormat
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from viewer.ui.reader.transcript_panel import TranscriptPanel

    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    view = panel.findChild(QTextBrowser, "transcriptView")
    assert view is not None
    assert not view.openLinks() and not view.openExternalLinks()
    failures: list[str] = []
    for header in library.sessions:
        session = library.full_session(header.path)
        began = time.perf_counter()
        panel.show_session(session, library.stream_of(header.path))
        QApplication.processEvents()
        seconds = time.perf_counter() - began
        if seconds > BOUND:
            failures.append(f"{header.path}: shown in {seconds:.2f} s")
        block = view.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt: QTextCharFormat = it.fragment().charFormat()
                if fmt.isImageFormat():
                    failures.append(f"{header.path}: image {fmt.toImageFormat().name()!r}")
                href = fmt.anchorHref()
                if href and not href.lower().startswith(("http://", "https://")):
                    failures.append(f"{header.path}: link to {href!r}")
                it += 1
            block = block.next()
    assert not failures, "\n".join(failures)


def test_every_link_of_every_hostile_session_goes_through_the_policy(
    qtbot: Any, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Click every link the detail pane shows (summaries, speakers, partners) and the video
    button, answering yes to every "open this host?" question: only http(s) URLs with a real
    host ever reach the desktop (the URL log), and everything else is refused with a message."""
    import html
    import re
    from urllib.parse import urlsplit

    from PySide6.QtWidgets import QLabel

    from viewer.core.text.links import check_url
    from viewer.ui.common import links
    from viewer.ui.reader.detail_pane import DetailPane

    log = tmp_path / "urls.log"
    monkeypatch.setenv("SUMMIT_URL_CONFIRM", "yes")
    refused: list[str] = []
    monkeypatch.setattr(links, "tell_refused", lambda _parent, d: refused.append(d.message))
    pane = DetailPane()
    qtbot.addWidget(pane)
    clicked = 0
    for header in library.sessions:
        pane.show_session(library.full_session(header.path))
        for label in pane.findChildren(QLabel):
            for href in re.findall(r'href="([^"]*)"', label.text()):
                label.linkActivated.emit(html.unescape(href))
                clicked += 1
        if pane.video_button.isEnabled():
            pane.video_button.click()
            clicked += 1
    opened = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    assert clicked >= 40 and opened and refused
    for url in opened:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") and parts.hostname, url
        assert check_url(url).action in ("open", "ask"), url
        assert not parts.username and not parts.password, url
