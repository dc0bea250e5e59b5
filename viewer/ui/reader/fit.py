"""Share the reading side between the detail pane and the transcript by what each shows.

The detail pane gets the height its content needs, within limits: never less than MIN_DETAIL,
and at most MAX_SHARE of the reading side while there is a transcript to read (the transcript
gets the rest); without a transcript the details take all but NO_TRANSCRIPT_HEIGHT, which
is enough for the panel to say there is none. Re-fitted when a session is shown, when the
pane's content changes, and when the splitter is resized (the window or the list moved).

A user who drags the splitter has chosen: from then on (and in later runs, where the window
restores the dragged sizes and sets `manual`) the sizes are theirs and nothing is fitted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Slot
from PySide6.QtWidgets import QSplitter

from viewer.ui.reader.detail_pane import DetailPane

MIN_DETAIL = 110
MAX_SHARE = 0.45
NO_TRANSCRIPT_HEIGHT = 64


def detail_height(wanted: int, total: int, has_transcript: bool) -> int:
    """How tall the detail pane should be on a reading side `total` pixels high.

    With a transcript: what the details need, between MIN_DETAIL and MAX_SHARE of the side.
    Without one: all but the line that says so, whatever the details need (an empty panel
    under them would be blank space either way).
    """
    if total <= 0:
        return 0
    if not has_transcript:
        return max(total - NO_TRANSCRIPT_HEIGHT, total // 2)
    limit = max(int(total * MAX_SHARE), min(MIN_DETAIL, total // 2))
    return max(min(wanted, limit), min(MIN_DETAIL, limit))


class ReaderFit(QObject):
    """Keeps `splitter` (detail pane over transcript) sized to the detail pane's content.

    `has_transcript()` says whether the session shown has transcript text.
    """

    def __init__(
        self, splitter: QSplitter, detail: DetailPane, has_transcript: Callable[[], bool]
    ) -> None:
        super().__init__(splitter)
        self._splitter = splitter
        self._detail = detail
        self._has_transcript = has_transcript
        self.manual = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        splitter.installEventFilter(self)
        detail.contentChanged.connect(self.schedule)
        splitter.splitterMoved.connect(self._moved_by_user)

    @Slot(int, int)
    def _moved_by_user(self, _position: int, _index: int) -> None:
        self.manual = True  # only a drag emits splitterMoved; setSizes does not

    @Slot()
    def schedule(self) -> None:
        """Fit once the labels have their new text laid out (after pending events)."""
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._splitter and event.type() == QEvent.Type.Resize:
            self.schedule()
        return super().eventFilter(watched, event)

    @Slot()
    def fit(self) -> None:
        if self.manual:
            return
        sizes = self._splitter.sizes()
        total = sum(sizes)
        if len(sizes) != 2 or total <= 0:
            return
        top = detail_height(self._detail.wanted_height(), total, self._has_transcript())
        if abs(sizes[0] - top) > 1:
            self._splitter.setSizes([top, total - top])
