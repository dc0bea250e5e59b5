"""UI test fixtures: private config and URL-log files, and small hand-written sessions.

Every UI test gets its own SUMMIT_CONFIG_DIR (settings, caches) and SUMMIT_URL_LOG (URLs the
app would open), both in tmp, so no test reads or writes the real home or opens a browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget

from tests.fixtures.sessions import session_text
from viewer.core.session.model import Session, Speaker


@pytest.fixture(autouse=True)
def private_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Path:
    config = tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("SUMMIT_CONFIG_DIR", str(config))
    monkeypatch.setenv("SUMMIT_URL_LOG", str(tmp_path / "urls.log"))
    # No modal dialog may block a headless test: "open this other host?" is answered no, and a
    # refused link is recorded (see `refused_links`) instead of shown in a message box.
    if request.node.get_closest_marker("real_link_dialogs") is None:
        monkeypatch.setenv("SUMMIT_URL_CONFIRM", "no")
    return config


@pytest.fixture(autouse=True)
def refused_links(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> list[str]:
    """Messages of links the policy refused during the test.

    Tests of the dialogs themselves opt out with `@pytest.mark.real_link_dialogs`.
    """
    import viewer.ui.common.links as links

    refused: list[str] = []
    if request.node.get_closest_marker("real_link_dialogs") is not None:
        return refused
    monkeypatch.setattr(
        links, "tell_refused", lambda parent, decision: refused.append(decision.message)
    )
    return refused


@pytest.fixture
def url_log(tmp_path: Path) -> Path:
    """The file approved URLs are appended to instead of being opened."""
    return tmp_path / "urls.log"


def make_session(
    path: str,
    title: str,
    *,
    day: int | None = 1,
    start: str = "10:00",
    end: str = "11:00",
    building: str = "Bharat Mandapam",
    room: str = "Hall 1",
    video_id: str = "",
    speakers: tuple[tuple[str, str, str], ...] = (),
    partners: tuple[str, ...] = (),
    summary: str = "",
    takeaways: tuple[str, ...] = (),
    transcript: str = "",
) -> Session:
    """A Session built directly (no parser involved): speakers are (name, affiliation, key)."""
    return Session(
        path=path,
        source=f"/nowhere/{path}.md",
        title=title,
        day=day,
        date=f"2026-02-{15 + (day or 1):02d}" if day else "",
        start=start,
        end=end,
        building=building,
        room=room,
        video_url=f"https://youtube.com/live/{video_id}?feature=share" if video_id else "",
        video_id=video_id,
        speakers=tuple(
            Speaker(text=f"{n}, {a}" if a else n, name=n, affiliation=a, key=k)
            for n, a, k in speakers
        ),
        partners=partners,
        summary=summary,
        takeaways=takeaways,
        has_transcript=bool(transcript),
        transcript_words=len(transcript.split()),
        speaker_changes=transcript.split().count(">>"),
        transcript=transcript,
    )


@pytest.fixture
def sessions() -> list[Session]:
    """Six sessions covering the filter dimensions: diacritics, days, venues, partners, media."""
    return [
        make_session(
            "Day-1/sessions/001-Opening",
            "Opening Keynote on Sovereign AI",
            day=1,
            start="09:00",
            end="10:00",
            room="Plenary Hall",
            video_id="vidAAAAAAA1",
            speakers=(("Dr. José Pérez", "Ministry of Testing", "jose perez"),),
            partners=("Open Data Trust",),
            summary="A **bold** start with [a link](https://example.org).",
            takeaways=("First point", "Second point"),
            transcript="Welcome everyone.\n\n>> Thank you. [applause]",
        ),
        make_session(
            "Day-1/sessions/002-Health",
            "AI for Rural Health",
            day=1,
            start="11:00",
            end="12:00",
            room="Hall 2",
            speakers=(("Ms. Asha Rao", "Clinic Network", "asha rao"),),
            partners=("Health Foundation",),
            transcript="Health workers in villages use phones.",
        ),
        make_session(
            "Day-2/sessions/001-Keynote",
            "Keynote: Compute for Everyone",
            day=2,
            start="09:30",
            end="",
            room="Plenary Hall",
            video_id="vidBBBBBBB2",
            speakers=(
                ("Shri Jose Perez", "Ministry of Testing", "jose perez"),
                ("Prof. Lin Wei", "University of Somewhere", "lin wei"),
            ),
        ),
        make_session(
            "Day-2/sessions/002-Languages",
            "Indic Languages and Speech Models",
            day=2,
            start="14:00",
            end="15:00",
            room="Hall 2",
            video_id="vidCCCCCCC3",
            partners=("Open Data Trust", "Speech Lab"),
            transcript="Speech models for twenty two languages.",
        ),
        make_session(
            "Day-4/sessions/001-Closing",
            "Closing Plenary: Health and Equity",
            day=4,
            start="17:00",
            end="18:00",
            room="Plenary Hall",
        ),
        make_session(
            "Day-4/sessions/002-Startups",
            "Startup Showcase Ünïcode Edition",
            day=4,
            start="12:00",
            end="13:00",
            building="Sushma Swaraj Bhawan",
            room="Room A",
            speakers=(("Asha Rao", "", "asha rao"),),
        ),
    ]


def session_markdown(session: Session) -> str:
    """The collection's file format (DATA.md) for a Session built with make_session."""
    return session_text(
        session.title,
        day=session.day or 1,
        date=session.date,
        time=session.start + (f" – {session.end}" if session.end else ""),
        venue=f"{session.building} | {session.room}",
        video_id=None,
        video_cell=f"[▶️ Watch on YouTube]({session.video_url})" if session.video_url else None,
        speakers=[f"- {s.text}" for s in session.speakers] or None,
        partners=[f"- {p}" for p in session.partners] or None,
        summary=session.summary or None,
        takeaways=[f"{n}. {t}" for n, t in enumerate(session.takeaways, 1)] or None,
        transcript=session.transcript.replace(">>", "&gt;&gt;") or None,
    )


@pytest.fixture
def library_dir(tmp_path: Path, sessions: list[Session]) -> Path:
    """The `sessions` fixture written as a collection folder, plus one unreadable file."""
    root = tmp_path / "library"
    for session in sessions:
        day_folder, _, name = session.path.partition("/sessions/")
        folder = root / f"{day_folder}_Feb-{15 + (session.day or 1)}" / "sessions"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.md").write_text(session_markdown(session), encoding="utf-8")
    broken = root / "Day-1_Feb-16" / "sessions" / "999-Broken.md"
    broken.write_bytes(bytes(range(256)) * 4)  # binary: reported as a problem
    return root


SIDE_TABS = ["Sessions", "Schedule", "Search", "Notes"]  # the window's side tabs, in order


def tab_texts(tabs: QTabWidget) -> list[str]:
    return [tabs.tabText(i) for i in range(tabs.count())]
