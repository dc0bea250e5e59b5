"""Export to text, Markdown, PDF and CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.fixtures.sessions import session_text
from viewer.core.session.model import Session
from viewer.core.session.parse import parse_session
from viewer.ui.reader import exporting

TRANSCRIPT = "Good morning.\n\nLet us begin &gt;&gt; Thank you. [applause]"


@pytest.fixture
def session() -> Session:
    result = parse_session(session_text(transcript=TRANSCRIPT), "Day-2/sessions/001")
    assert isinstance(result, Session)
    return result


@pytest.mark.parametrize(
    "suffix, heading, turn",
    [
        (".txt", "Transcript:", "— Thank you. [applause]"),
        (".md", "## Transcript", r"— Thank you. \[applause\]"),  # literal text in Markdown
    ],
)
def test_text_formats(
    qapp, tmp_path: Path, session: Session, suffix: str, heading: str, turn: str
) -> None:
    path = tmp_path / f"out{suffix}"
    exporting.write_session(path, session)
    text = path.read_text(encoding="utf-8")
    assert heading in text and turn in text


def test_pdf(qapp, tmp_path: Path, session: Session) -> None:
    path = tmp_path / "out.pdf"
    exporting.write_session(path, session)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000
    assert not (tmp_path / "out.pdf.tmp").exists()


def test_csv_and_dialog(qapp, tmp_path: Path, session: Session, monkeypatch) -> None:
    target = tmp_path / "list.csv"
    monkeypatch.setattr(
        exporting.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)")
    )
    assert exporting.export_list(None, [session, session]) == target
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 3 and rows[1][1] == session.title


def test_export_session_adds_suffix_from_filter(
    qapp, tmp_path: Path, session: Session, monkeypatch
) -> None:
    monkeypatch.setattr(
        exporting.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "talk"), "Markdown (*.md)"),
    )
    path = exporting.export_session(None, session)
    assert path == tmp_path / "talk.md" and path.read_text(encoding="utf-8").startswith("# ")


def test_unwritable_target_reports(qapp, tmp_path: Path, session: Session, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(exporting.QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(
        exporting.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(tmp_path / "missing" / "x.txt"), ""),
    )
    assert exporting.export_session(None, session) is None
    assert warnings and "Cannot write" in warnings[0]


def test_export_into_a_fifo_feeds_its_reader(qapp, tmp_path: Path, session: Session) -> None:
    """Issue 20 item 1, in the window's exports: a FIFO is written into, not replaced."""
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    exporting.write_session(fifo, session)
    reader.join(10)
    assert got and session.title.encode() in got[0]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
