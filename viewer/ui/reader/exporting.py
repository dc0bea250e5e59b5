"""Export and print: the shown session as text, Markdown or PDF; the filtered list as CSV.

The formats come from viewer.core.export.session_text; this module only asks where to write
and writes through `viewer.core.util.output` (atomically for a regular file, so an interrupted
export never leaves a half-written file behind; straight into a FIFO or device).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from viewer.core.export.session_text import (
    session_as_html,
    session_as_markdown,
    session_as_text,
    sessions_as_csv,
)
from viewer.core.session.model import Session
from viewer.core.util.output import OutputError, write_output

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality


SESSION_FILTERS = "Plain text (*.txt);;Markdown (*.md);;PDF (*.pdf)"


class ExportError(Exception):
    pass


def _write_atomically(path: Path, data: bytes) -> None:
    """Write an export where the user asked (`viewer.core.util.output`: atomically for a
    file, straight into a FIFO or device), a failure as an ExportError in plain words."""
    try:
        write_output(path, data)
    except OutputError as error:
        text = str(error)
        raise ExportError(text[:1].upper() + text[1:]) from error


def pdf_bytes(paint: Callable[[QPdfWriter], None]) -> bytes:
    """A PDF made in memory by `paint(writer)`, so it reaches the disk through
    `_write_atomically` like every other export."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    paint(writer)
    del writer  # the PDF is finished when the writer goes away
    buffer.close()
    return bytes(data.data())


def document_for(session: Session, quality: Quality | None = None) -> QTextDocument:
    """A print layout of the session (escaped HTML: nothing in it loads a resource), with
    its transcript's quality flags when given."""
    document = QTextDocument()
    document.setHtml(session_as_html(session, quality))
    return document


def write_pdf(path: Path, session: Session, quality: Quality | None = None) -> None:
    def paint(writer: QPdfWriter) -> None:
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        writer.setTitle(session.title)
        document_for(session, quality).print_(writer)

    _write_atomically(path, pdf_bytes(paint))


def write_session(path: Path, session: Session, quality: Quality | None = None) -> None:
    """Write the session in the format its suffix names (.txt, .md or .pdf); `quality`: its
    transcript's flags, said above the transcript."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        write_pdf(path, session, quality)
    elif suffix in (".md", ".markdown"):
        _write_atomically(path, session_as_markdown(session, quality).encode("utf-8"))
    else:
        _write_atomically(path, session_as_text(session, quality).encode("utf-8"))


def write_csv(path: Path, sessions: Iterable[Session]) -> None:
    # UTF-8 with a BOM so spreadsheet programs read the accents right.
    _write_atomically(path, sessions_as_csv(sessions).encode("utf-8-sig"))


def _safe_name(title: str) -> str:
    name = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title)
    return " ".join(name.split())[:80] or "session"


def export_session(
    parent: QWidget | None, session: Session, folder: str = "", quality: Quality | None = None
) -> Path | None:
    """Ask where to export the session, write it; returns the path or None when cancelled."""
    suggestion = str(Path(folder or Path.home()) / f"{_safe_name(session.title)}.txt")
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Export Session", suggestion, SESSION_FILTERS
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:
        path = path.with_suffix(
            {"Markdown": ".md", "PDF": ".pdf"}.get(chosen.split(" ")[0], ".txt")
        )
    return _report(parent, lambda: write_session(path, session, quality), path)


def export_list(parent: QWidget | None, sessions: list[Session], folder: str = "") -> Path | None:
    suggestion = str(Path(folder or Path.home()) / "sessions.csv")
    name, _ = QFileDialog.getSaveFileName(parent, "Export List as CSV", suggestion, "CSV (*.csv)")
    if not name:
        return None
    path = Path(name)
    return _report(parent, lambda: write_csv(path, sessions), path)


def print_session(parent: QWidget | None, session: Session, quality: Quality | None = None) -> bool:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document_for(session, quality).print_(printer)
    return True


def _report(parent: QWidget | None, write: object, path: Path) -> Path | None:
    try:
        write()  # type: ignore[operator]
    except (ExportError, OSError) as error:
        QMessageBox.warning(parent, "Export failed", str(error))
        return None
    return path
