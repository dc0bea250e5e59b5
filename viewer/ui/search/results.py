"""The corpus search's results: one row per session, its best hits below, matches highlighted.

Why its own module: turning a `SearchResult` into tree rows (labels, highlight spans, what a
screen reader says) and painting wrapped rich text cheaply enough for every keystroke are one
job, apart from the panel's query box, facets and worker wiring. Each row carries the session
path and paragraph it leads to (`PathRole`, `ParagraphRole`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QStyleOptionViewItem,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from viewer.core.search.index import SearchResult
from viewer.ui.common import rich_text

if TYPE_CHECKING:
    from viewer.core.library.quality import Quality

PathRole = Qt.ItemDataRole.UserRole + 1
ParagraphRole = Qt.ItemDataRole.UserRole + 2
HtmlRole = Qt.ItemDataRole.UserRole + 3

MAX_SNIPPET_LINES = 8  # a row grows to fit its wrapped title or snippet, up to this
WRAP_SLACK = 1.15  # wrapping at word breaks and bold highlights take more room than the advance
SHOWN_GROUPS = 100
SHOWN_HITS = 5
HIGHLIGHT = '<span style="background-color:#fde68a; color:#1f2937">'
FIELD_LABELS = {
    "title": "Title",
    "speakers": "Speakers",
    "partners": "Partners",
    "summary": "Summary",
    "takeaways": "Takeaways",
}


_TAG = re.compile(r"<[^>]+>")
# Flags a result row warns about (`library/quality.py`), the most telling first.
QUALITY_BADGES = {
    "doubtful": "possibly another talk",
    "partial": "partial transcript",
    "duplicate": "listed twice",
}
WARNING_STYLE = "color:#c77700"


def quality_reader(library: Any) -> Callable[[str], Quality | None]:
    """A session's quality flags from `library` once they are judged, else None."""

    def read(path: str) -> Quality | None:
        if not getattr(library, "quality_known", False):
            return None
        quality: Quality = library.quality_of(path)
        return quality

    return read


def quality_badge(quality: Quality | None) -> str:
    """The warning a result row carries ("" for a transcript with nothing to warn about)."""
    if quality is None:
        return ""
    return ", ".join(label for flag, label in QUALITY_BADGES.items() if flag in quality.flags)


def _plain(markup: str) -> str:
    """What a screen reader says for a row: its rich text without the markup."""
    return html.unescape(_TAG.sub("", markup))


class RichTextDelegate(rich_text.RichTextDelegate):
    """Paints an item's HtmlRole (escaped text with highlight spans), wrapped to the width."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(HtmlRole, parent)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # Heights from the plain text's width over the row's width (a hit's snippet wraps to
        # as many lines as it needs, up to MAX_SNIPPET_LINES), not from laying out every row's
        # rich text: the tree asks for every row's size on each result, and a keystroke must
        # not cost a frame. The estimate leans long (bold highlights are wider).
        metrics = option.fontMetrics
        lines = 1
        view = self.parent()
        if isinstance(view, QTreeView):
            depth = 2 if index.parent().isValid() else 1  # sessions, then their hits
            width = max(80, view.viewport().width() - depth * view.indentation() - 8)
            text = str(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
            advance = metrics.horizontalAdvance(text) * WRAP_SLACK
            lines = min(MAX_SNIPPET_LINES, max(1, math.ceil(advance / width)))
        return QSize(200, metrics.lineSpacing() * lines + 6)


class SearchResultsTree(QTreeWidget):
    """Search results, grouped by session; wrapped rows re-measure themselves when the width
    changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setItemDelegate(RichTextDelegate(self))
        self.setAccessibleName("Search results")
        # Path -> shown title (`titles.display_titles`), set with the library's people.
        self.titles: dict[str, str] = {}
        # Path -> the transcript's quality flags (`quality_reader`), set with the library.
        self.quality_of: Callable[[str], Quality | None] = lambda _path: None

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def show_result(self, result: SearchResult) -> None:
        """Replace the rows with `result`'s first SHOWN_GROUPS sessions, expanded."""
        self.setUpdatesEnabled(False)
        self.clear()
        for group in result.groups[:SHOWN_GROUPS]:
            title = self.titles.get(group.path) or group.title or group.path
            top = QTreeWidgetItem(self)
            plural = "s" if group.count != 1 else ""
            quality = self.quality_of(group.path)
            badge = quality_badge(quality)
            warning = ""
            if badge:
                warning = f" <span style='{WARNING_STYLE}'>⚠ {html.escape(badge)}</span>"
            top.setData(
                0,
                HtmlRole,
                f"<b>{html.escape(title)}</b> "
                f"<span style='color:gray'>({group.count} hit{plural})</span>{warning}",
            )
            tip = group.path
            if badge and quality is not None:
                tip += "\n" + "\n".join(quality.reasons)
            top.setData(0, Qt.ItemDataRole.ToolTipRole, tip)
            top.setData(
                0,
                Qt.ItemDataRole.AccessibleTextRole,
                f"{title}, {group.count} hit{plural}" + (f", {badge}" if badge else ""),
            )
            top.setData(0, PathRole, group.path)
            transcript_hits = [h for h in group.hits if h.paragraph >= 0]
            top.setData(0, ParagraphRole, transcript_hits[0].paragraph if transcript_hits else -1)
            for hit in group.hits[:SHOWN_HITS]:
                child = QTreeWidgetItem(top)
                label = FIELD_LABELS.get(hit.field)
                text = hit.snippet_html.replace("<b>", HIGHLIGHT).replace("</b>", "</span>")
                if label:
                    text = f"<i>{label}:</i> {text}"
                if len(hit.sessions) > 1:
                    text += (
                        f" <span style='color:gray'>(shared stream of "
                        f"{len(hit.sessions)} sessions)</span>"
                    )
                child.setData(0, HtmlRole, text)
                child.setData(0, Qt.ItemDataRole.AccessibleTextRole, _plain(text))
                child.setData(0, PathRole, hit.path)
                child.setData(0, ParagraphRole, hit.paragraph)
            top.setExpanded(True)
        self.setUpdatesEnabled(True)

    @staticmethod
    def place_of(item: QTreeWidgetItem) -> tuple[str, int] | None:
        """(session path, paragraph or -1) a row leads to; None for a row leading nowhere."""
        path = item.data(0, PathRole)
        if not path:
            return None
        paragraph = int(
            item.data(0, ParagraphRole) if item.data(0, ParagraphRole) is not None else -1
        )
        return str(path), paragraph
