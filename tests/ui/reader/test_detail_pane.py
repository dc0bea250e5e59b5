"""The detail pane: what it shows for a session, its links, its video buttons."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication

from tests.ui.conftest import make_session
from viewer.core.recordings.segments import Segment
from viewer.core.session.model import Session
from viewer.ui.reader.detail_pane import NO_VIDEO_REASON, DetailPane, date_label


class TagCollector(HTMLParser):
    """The real tags (and their attributes) in a label's rich text."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


@pytest.fixture
def pane(qtbot: Any) -> DetailPane:
    widget = DetailPane()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    return widget


def test_shows_header_speakers_partners_summary_takeaways(pane, sessions) -> None:
    session = sessions[0]
    pane.show_session(session)
    assert pane.title_label.text() == session.title
    words = session.transcript_words
    assert pane.meta_label.text() == "Day 1  ·  Mon 16 Feb 2026  ·  09:00–10:00  ·  " + (
        f"Bharat Mandapam — Plenary Hall  ·  {words} transcript words"
    )
    assert "<b>Dr. José Pérez</b>" in pane.speakers_label.text()
    assert "Ministry of Testing" in pane.speakers_label.text()
    assert "Open Data Trust" in pane.partners_label.text()
    summary = pane.summary_label.text()
    assert "<strong>bold</strong>" in summary or "<b>bold</b>" in summary
    takeaways = pane.takeaways_label.text()
    assert "First point" in takeaways and "Second point" in takeaways
    assert not pane.takeaways_label.isHidden()


def test_sections_hide_when_empty(pane, sessions) -> None:
    pane.show_session(sessions[4])  # no speakers, partners, summary or takeaways
    for label in (pane.speakers_label, pane.partners_label, pane.summary_label):
        assert label.isHidden()
    assert pane.speakers_header.isHidden()


def test_untrusted_text_is_escaped(pane) -> None:
    session = make_session(
        "x/evil",
        "<img src=/dev/zero> Title",
        speakers=(("<b onmouseover=x>Eve</b>", "<a href='file:///etc/passwd'>Org</a>", "eve"),),
        partners=("<script>alert(1)</script>",),
        summary="<img src='/dev/zero'> and [x](file:///etc/passwd)",
    )
    pane.show_session(session)
    assert pane.title_label.text() == session.title  # plain-text label: shown literally
    for label in (pane.speakers_label, pane.partners_label, pane.summary_label):
        tags = TagCollector()
        tags.feed(label.text())
        assert not {"img", "script"} & {tag for tag, _ in tags.seen}
        attributes = {name for _, attrs in tags.seen for name, _ in attrs}
        assert attributes <= {"href", "style"}, attributes
        hrefs = [value or "" for _, attrs in tags.seen for name, value in attrs if name == "href"]
        assert all(h.startswith(("speaker:", "partner:", "http:", "https:")) for h in hrefs), hrefs
    assert "Eve" in pane.speakers_label.text()


def test_speaker_and_partner_links_emit_signals(pane, qtbot, sessions) -> None:
    session = sessions[2]
    pane.show_session(session)
    with qtbot.waitSignal(pane.speakerActivated) as blocker:
        pane.speakers_label.linkActivated.emit("speaker:1")
    assert blocker.args == ["lin wei", "Prof. Lin Wei"]
    pane.show_session(sessions[3])
    with qtbot.waitSignal(pane.partnerActivated) as blocker:
        pane.partners_label.linkActivated.emit("partner:1")
    assert blocker.args == ["Speech Lab"]
    with qtbot.assertNotEmitted(pane.speakerActivated):
        pane.speakers_label.linkActivated.emit("speaker:99")


def test_video_buttons(pane, qtbot, sessions, url_log: Path) -> None:
    pane.show_session(sessions[1])
    assert not pane.video_button.isEnabled()
    assert pane.video_button.toolTip() == NO_VIDEO_REASON
    assert not pane.copy_button.isEnabled()
    assert not pane.no_video_note.isHidden()
    assert pane.open_video() is False
    pane.show_session(sessions[0])
    assert pane.video_button.isEnabled() and pane.no_video_note.isHidden()
    with qtbot.waitSignal(pane.statusMessage):
        pane.copy_button.click()
    assert QGuiApplication.clipboard().text() == sessions[0].video_url
    with qtbot.waitSignal(pane.statusMessage) as said:
        pane.video_button.click()
    assert url_log.read_text(encoding="utf-8").split() == [sessions[0].video_url]
    assert said.args == ["Opening the video in your browser…"]


def test_summary_links_go_through_the_policy(pane, sessions, url_log, monkeypatch) -> None:
    import viewer.ui.common.links as links

    refused: list[str] = []
    asked: list[str] = []
    monkeypatch.setattr(links, "tell_refused", lambda _parent, d: refused.append(d.message))
    monkeypatch.setattr(links, "ask_user", lambda _parent, d: asked.append(d.host) or False)
    pane.show_session(sessions[0])
    pane.summary_label.linkActivated.emit("file:///etc/passwd")
    assert len(refused) == 1
    pane.summary_label.linkActivated.emit("https://example.org/page")
    assert asked == ["example.org"]
    assert not url_log.exists()  # neither was opened
    pane.summary_label.linkActivated.emit("https://youtu.be/vidAAAAAAA1")
    assert url_log.read_text(encoding="utf-8").split() == ["https://youtu.be/vidAAAAAAA1"]


def test_clear_shows_message(pane, sessions) -> None:
    pane.show_session(sessions[0])
    pane.clear("Nothing here")
    assert pane.title_label.text() == "Nothing here"
    assert pane.video_button.isHidden() and pane.summary_label.isHidden()
    assert pane.session is None


def test_date_label_without_date_or_day() -> None:
    session = Session(path="p", title="t", start="10:00", building="Hall")
    assert date_label(session) == "10:00  ·  Hall"


def test_date_label_counts_the_sessions_own_part_of_a_shared_recording() -> None:
    session = Session(path="p", start="12:40", end="12:52", has_transcript=True)
    session = replace(session, transcript_words=59_451)
    found = Segment("vid", 29, 11_546, 13_037, "transcript", False, "cue", 0.8)
    assert date_label(session, found).endswith("1,491 of the recording's 59,451 transcript words")
    guess = replace(found, basis="schedule", cue=None)
    assert "about 1,491 of the recording's" in date_label(session, guess)
    gone = Segment("vid", 29, None, None, "transcript", True, None, 0.8)
    assert "its part is not in the recording (59,451 transcript words)" in date_label(session, gone)
    assert date_label(session).endswith("59,451 transcript words")
