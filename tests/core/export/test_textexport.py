"""Export: readable text and Markdown of a session; CSV of a list, formula-safe."""

from __future__ import annotations

import csv
import io

from tests.fixtures.sessions import session_text
from viewer.core.export.session_text import (
    CSV_COLUMNS,
    session_as_html,
    session_as_markdown,
    session_as_text,
    sessions_as_csv,
)
from viewer.core.session.model import Session
from viewer.core.session.parse import parse_session

TRANSCRIPT = "Good morning all.\n\nwe begin now &gt;&gt; Thanks. [applause] So the first question"


def sample(title: str = "Open Models for Public Services") -> Session:
    result = parse_session(session_text(title=title, transcript=TRANSCRIPT), "Day-2/s/001")
    assert isinstance(result, Session)
    return result


def test_text_export_has_metadata_and_turns() -> None:
    text = session_as_text(sample())
    assert text.startswith("Open Models for Public Services\n")
    assert "Bharat Mandapam — L2 Audi 1" in text
    assert "  - Dr. Asha Verma, Institute of Civic Computing" in text
    assert "Good morning all. we begin now" in text
    assert "— Thanks. [applause] So the first question" in text
    assert "&gt;" not in text and ">>" not in text


def test_markdown_export_escapes_file_text() -> None:
    md = session_as_markdown(sample(title="<img src=x> [link](file:///etc/passwd)"))
    first = md.splitlines()[0]
    assert first == r"# \<img src=x\> \[link\](file:///etc/passwd)"
    assert "## Transcript" in md and "## Speakers" in md


def test_csv_round_trips_and_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(sessions_as_csv([sample(), sample("=HYPERLINK(1)")]))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1][1] == "Open Models for Public Services"
    assert rows[2][1] == "'=HYPERLINK(1)"
    assert rows[1][CSV_COLUMNS.index("has_transcript")] == "yes"
    assert len(rows) == 3


def test_html_export_escapes_everything() -> None:
    session = parse_session(
        session_text(title="<img src='/dev/zero'>", summary="![x](/etc/passwd) <b>raw</b>"),
        "p",
    )
    assert isinstance(session, Session)
    page = session_as_html(session)
    assert "<img" not in page and "<b>raw" not in page
    assert "&lt;img src=&#x27;/dev/zero&#x27;&gt;" in page
    assert "<h2>Transcript</h2>" in page and "<h2>Speakers</h2>" in page
