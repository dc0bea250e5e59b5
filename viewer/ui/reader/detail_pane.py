"""The session header above the transcript: title, when/where, video buttons, people, summary.

Why labels and not a browser: the pane is short, mostly plain text, and must stay compact; rich
text goes only through `render_markdown` (sanitised, no images) and every link click is routed
through one handler: speaker/partner links filter the list, web links go to the link policy.
Link targets we generate are indexes ("speaker:3"), never file text, so no file can forge one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from viewer.core.session.model import Session
from viewer.core.text.dates import long_label
from viewer.core.text.render import render_list, render_markdown
from viewer.ui.common import icons
from viewer.ui.common.links import open_url, video_decision
from viewer.ui.common.viewport import viewport_of

if TYPE_CHECKING:
    from viewer.core.recordings.segments import Segment

NO_VIDEO_REASON = "This session has no video link."
MAX_ITEMS_SHOWN = 60  # speakers/partners beyond this are summarised, keeping the pane compact
SPEAKER_ROWS = 4  # up to this many speakers get a line each; more collapse to one line
COLLAPSED_NAMES = 5  # names shown on the collapsed line before "+N more"

STYLE = """
#detailContent { background: palette(base); }
QLabel#detailTitle { font-weight: 600; }
QLabel#detailMeta, QLabel#noVideoNote { color: palette(placeholder-text); }
QLabel[role="sectionHeader"] {
    color: palette(placeholder-text); font-weight: 600; letter-spacing: 0.5px;
    margin-top: 6px;
}
"""


def render_html(markdown_text: str) -> str:
    """Markdown -> sanitised HTML through the one rendering path (viewer.core.text.render)."""
    return render_markdown(markdown_text).html


def date_label(session: Session, segment: Segment | None = None) -> str:
    """ "Day 2 · Tue 17 Feb 2026 · 12:30–13:30 · Bharat Mandapam — L2 Audi 1 · 3,120 of the
    recording's 59,451 transcript words" (`segment`: its part of a shared recording)."""
    parts: list[str] = []
    if session.day is not None:
        parts.append(f"Day {session.day}")
    if session.date:
        parts.append(long_label(session.date) or session.date)
    if session.time_label:
        parts.append(session.time_label)
    if session.venue:
        parts.append(session.venue)
    if session.has_transcript and session.transcript_words:
        # Words, not minutes: a shared stream's transcript covers several sessions.
        total = session.transcript_words
        if segment is not None and segment.absent:
            parts.append(f"its part is not in the recording ({total:,} transcript words)")
        elif segment is not None and segment.start_word is not None and segment.end_word:
            own = segment.end_word - segment.start_word
            estimate = "" if segment.basis == "transcript" else "about "
            parts.append(f"{estimate}{own:,} of the recording's {total:,} transcript words")
        else:
            parts.append(f"{total:,} transcript words")
    return "  ·  ".join(parts)


class _Content(QWidget):
    """The pane's content: as wide as its widest row needs, and as tall as its text needs at
    the width it gets (height for width), never the tall minimum word-wrapped labels report
    for their narrowest width, which left the pane with a scroll bar and blank space."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 0)


class DetailPane(QScrollArea):
    """Scrollable header of the open session.

    Signals:
        speakerActivated(str key, str name): a speaker name was clicked.
        partnerActivated(str partner): a knowledge partner was clicked.
        statusMessage(str): something for the status bar ("Video link copied").
        contentChanged(): what the pane shows grew or shrank (the speakers were expanded).
    """

    speakerActivated = Signal(str, str)
    partnerActivated = Signal(str)
    statusMessage = Signal(str)
    favoriteToggled = Signal(bool)
    contentChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setAccessibleName("Session details")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a pane of its own: arrows scroll it
        self.session: Session | None = None
        self._speakers_expanded = False
        self._segment: Segment | None = None
        self._build()
        self.clear("No session selected")

    # -- construction ------------------------------------------------------------------------

    def _label(self, name: str, accessible: str, *, rich: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            if rich
            else Qt.TextInteractionFlag.TextSelectableByMouse
        )
        label.setOpenExternalLinks(False)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    def _header(self, text: str) -> QLabel:
        label = QLabel(text.upper(), self)
        label.setProperty("role", "sectionHeader")
        font = label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        label.setFont(font)
        return label

    def _build(self) -> None:
        content = _Content(self)
        content.setObjectName("detailContent")
        content.setStyleSheet(STYLE)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(4)

        self.title_label = self._label("detailTitle", "Session title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.55)
        font.setWeight(QFont.Weight.DemiBold)
        self.title_label.setFont(font)
        self.meta_label = self._label("detailMeta", "Day, date, time and venue")

        self.video_button = QPushButton(icons.icon("video", icons.VIDEO_RED), "Open video", self)
        self.video_button.setObjectName("openVideoButton")
        self.video_button.setAccessibleName("Open video")
        self.video_button.setIconSize(QSize(18, 18))
        self.video_button.setDefault(False)
        self.video_button.setAutoDefault(False)
        self.video_button.clicked.connect(self.open_video)
        self.copy_button = QPushButton(icons.icon("copy"), "Copy video link", self)
        self.copy_button.setObjectName("copyVideoLinkButton")
        self.copy_button.setAccessibleName("Copy video link")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_video_link)
        self.favorite_button = QPushButton(
            icons.icon("mdi6.star-outline"), "Add to My agenda", self
        )
        self.favorite_button.setObjectName("favoriteButton")
        self.favorite_button.setAccessibleName("Add to My agenda")
        self.favorite_button.setCheckable(True)
        self.favorite_button.setAutoDefault(False)
        self.favorite_button.toggled.connect(self._on_favorite_toggled)
        self.no_video_note = QLabel(NO_VIDEO_REASON, self)
        self.no_video_note.setObjectName("noVideoNote")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 6, 0, 2)
        buttons.setSpacing(8)
        buttons.addWidget(self.video_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.favorite_button)

        self.speakers_header = self._header("Speakers")
        self.speakers_label = self._label("detailSpeakers", "Speakers", rich=True)
        self.speakers_label.linkActivated.connect(self._on_link)
        self.partners_header = self._header("Knowledge partners")
        self.partners_label = self._label("detailPartners", "Knowledge partners", rich=True)
        self.partners_label.linkActivated.connect(self._on_link)
        self.summary_header = self._header("Summary")
        self.summary_label = self._label("detailSummary", "Summary", rich=True)
        self.summary_label.linkActivated.connect(self._on_link)
        self.takeaways_header = self._header("Key takeaways")
        self.takeaways_label = self._label("detailTakeaways", "Key takeaways", rich=True)
        self.takeaways_label.linkActivated.connect(self._on_link)

        layout.addWidget(self.title_label)
        layout.addWidget(self.meta_label)
        layout.addLayout(buttons)
        layout.addWidget(self.no_video_note)  # its own line: the buttons fit a narrow window
        for widget in self._section_widgets():
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setWidget(content)

    # -- showing -----------------------------------------------------------------------------

    def clear(self, message: str) -> None:
        """Empty state: a message where the title goes, everything else hidden."""
        self.session = None
        self.title_label.setText(message)
        self.meta_label.setText("")
        for widget in self._section_widgets():
            widget.hide()
        self._set_video_state("")
        self.video_button.hide()
        self.copy_button.hide()
        self.favorite_button.hide()
        self.no_video_note.hide()

    def _section_widgets(self) -> Sequence[QWidget]:
        return (
            self.speakers_header,
            self.speakers_label,
            self.partners_header,
            self.partners_label,
            self.summary_header,
            self.summary_label,
            self.takeaways_header,
            self.takeaways_label,
        )

    def show_session(self, session: Session, segment: Segment | None = None) -> None:
        """Show `session`'s header; `segment`: its part of a shared recording, if any."""
        if self.session is None or session.path != self.session.path:
            self._speakers_expanded = False
        self._segment = segment
        self.session = session
        self.title_label.setText(session.title or session.path)
        self.title_label.setToolTip(session.path)
        self.meta_label.setText(date_label(session, segment))
        self.video_button.show()
        self.copy_button.show()
        self.favorite_button.show()
        self._set_video_state(session.video_url)
        self._fill(self.speakers_header, self.speakers_label, self._speakers_html(session))
        self._fill(self.partners_header, self.partners_label, self._partners_html(session))
        summary = render_html(session.summary) if session.summary.strip() else ""
        self._fill(self.summary_header, self.summary_label, summary)
        self._fill(self.takeaways_header, self.takeaways_label, self._takeaways_html(session))
        self.verticalScrollBar().setValue(0)

    def changeEvent(self, event: QEvent) -> None:
        """A theme switch: lay the rich text out again in the new link and muted colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.session is not None:
            position = self.verticalScrollBar().value()
            self.show_session(self.session, self._segment)
            self.verticalScrollBar().setValue(position)

    def wanted_height(self) -> int:
        """The height that shows everything at the pane's current width (no scrolling)."""
        content = self.widget()
        if content is None:
            return 0
        width = max(viewport_of(self).width(), 200)
        layout = content.layout()
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = content.sizeHint().height()
        return height + 2 * self.frameWidth()

    @staticmethod
    def _fill(header: QLabel, label: QLabel, text: str) -> None:
        label.setText(text)
        header.setVisible(bool(text))
        label.setVisible(bool(text))

    def _set_video_state(self, url: str) -> None:
        has_video = bool(url)
        self.video_button.setEnabled(has_video)
        self.copy_button.setEnabled(has_video)
        tip = f"Open {url} in your browser" if has_video else NO_VIDEO_REASON
        self.video_button.setToolTip(tip)
        self.video_button.setAccessibleDescription(tip)
        self.copy_button.setToolTip("Copy the video address" if has_video else NO_VIDEO_REASON)
        self.no_video_note.setVisible(not has_video)

    def _colours(self) -> tuple[str, str]:
        """(link, muted) colours of the current palette, written into the HTML: a label's
        rich text keeps the colours it was laid out with, so a theme switch re-renders it."""
        palette = self.palette()
        return (
            palette.color(QPalette.ColorRole.Link).name(),
            palette.color(QPalette.ColorRole.PlaceholderText).name(),
        )

    def _speaker_link(self, number: int, name: str, link: str) -> str:
        shown = f"<b>{html.escape(name)}</b>"
        if not self.session or not self.session.speakers[number].key:
            return shown
        return f'<a href="speaker:{number}" style="text-decoration:none; color:{link}">{shown}</a>'

    def _speakers_html(self, session: Session) -> str:
        """One line per speaker (name, then role in the muted colour) for a short list; a long
        list collapses to one line of names and "+N more", which expands it."""
        link, muted = self._colours()
        speakers = session.speakers[:MAX_ITEMS_SHOWN]
        if len(session.speakers) > SPEAKER_ROWS and not self._speakers_expanded:
            names = [
                self._speaker_link(n, sp.name or sp.text, link)
                for n, sp in enumerate(speakers[:COLLAPSED_NAMES])
            ]
            more = len(session.speakers) - len(names)
            tail = (
                f'&nbsp;&nbsp;<a href="more:speakers" style="color:{link}">+{more} more</a>'
                if more > 0
                else ""
            )
            return ",&nbsp; ".join(names) + tail
        rows = []
        for number, speaker in enumerate(speakers):
            name = self._speaker_link(number, speaker.name or speaker.text, link)
            affiliation = html.escape(speaker.affiliation)
            rows.append(f"{name}&nbsp;&nbsp;<span style='color:{muted}'>{affiliation}</span>")
        hidden = len(session.speakers) - MAX_ITEMS_SHOWN
        if hidden > 0:
            rows.append(f"<i>and {hidden} more</i>")
        if len(session.speakers) > SPEAKER_ROWS:
            rows.append(f'<a href="less:speakers" style="color:{link}">Show fewer</a>')
        return "<br>".join(rows)

    def _partners_html(self, session: Session) -> str:
        link, _ = self._colours()
        links = [
            f'<a href="partner:{n}" style="text-decoration:none; color:{link}">{html.escape(p)}</a>'
            for n, p in enumerate(session.partners[:MAX_ITEMS_SHOWN])
        ]
        return "&nbsp;&nbsp;·&nbsp;&nbsp;".join(links)

    @staticmethod
    def _takeaways_html(session: Session) -> str:
        if not session.takeaways:
            return ""
        return render_list([" ".join(t.split()) for t in session.takeaways]).html

    # -- actions -----------------------------------------------------------------------------

    @Slot(str)
    def _on_link(self, target: str) -> None:
        session = self.session
        if session is None:
            return
        kind, _, rest = target.partition(":")
        if kind in ("more", "less") and rest == "speakers":
            self._speakers_expanded = kind == "more"
            self._fill(self.speakers_header, self.speakers_label, self._speakers_html(session))
            self.contentChanged.emit()
            return
        if kind in ("speaker", "partner") and rest.isdigit():
            number = int(rest)
            if kind == "speaker" and number < len(session.speakers):
                speaker = session.speakers[number]
                self.speakerActivated.emit(speaker.key, speaker.name or speaker.text)
            elif kind == "partner" and number < len(session.partners):
                self.partnerActivated.emit(session.partners[number])
            return
        open_url(self.window(), target)

    @Slot()
    def open_video(self) -> bool:
        if self.session is None or not self.session.video_url:
            return False
        opened = open_url(self.window(), self.session.video_url, youtube_only=True)
        if opened:
            self.statusMessage.emit("Opening the video in your browser…")
        return opened

    def set_favorite(self, on: bool) -> None:
        """Show whether the open session is in My agenda (without emitting favoriteToggled)."""
        blocked = self.favorite_button.blockSignals(True)
        self.favorite_button.setChecked(on)
        self.favorite_button.blockSignals(blocked)
        self._show_favorite(on)

    def _show_favorite(self, on: bool) -> None:
        text = "In My agenda" if on else "Add to My agenda"
        self.favorite_button.setText(text)
        self.favorite_button.setAccessibleName(text)
        self.favorite_button.setIcon(icons.icon("mdi6.star" if on else "mdi6.star-outline"))

    @Slot(bool)
    def _on_favorite_toggled(self, on: bool) -> None:
        self._show_favorite(on)
        self.favoriteToggled.emit(on)

    @Slot()
    def copy_video_link(self) -> None:
        if self.session is None or not self.session.video_url:
            return
        decision = video_decision(self.session.video_url)  # what "Open video" would open
        if decision.action == "refuse":
            self.statusMessage.emit(f"Not copied. {decision.message}")
            return
        QGuiApplication.clipboard().setText(decision.url)
        self.statusMessage.emit("Video link copied to the clipboard")
