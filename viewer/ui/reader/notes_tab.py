"""Attach the notes view to the side tabs, export the notes, mark sessions that have notes.

A feature object in the way of `ScheduleTab`: the tab is a placeholder until first opened (the
tree's classes stay out of start-up); the panel lists what `NotesFeatures` keeps and sends its
clicks back there; "Export Notes…" writes Markdown or plain text (`core.export.notes_export`)
of every session's notes, or of the open session's only. Given the objects it uses, never the
window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

from viewer.core.session.titles import display_title
from viewer.core.util.atomic import atomic_write_bytes
from viewer.ui.common import icons
from viewer.ui.common.lazy_tab import replace_placeholder
from viewer.ui.mainwindow.actions import ActionId, menu_path
from viewer.ui.reader.notes import NotesFeatures

if TYPE_CHECKING:
    from viewer.core.library.load import Library
    from viewer.ui.reader.notes_panel import NotesPanel
    from viewer.ui.sessions.browser import SessionBrowser

TAB_TEXT = "Notes"
Shown = Callable[[], "tuple[Library | None, str]"]
Tell = Callable[[str, int], None]


class NotesTab(QObject):
    """See the module docstring."""

    def __init__(
        self,
        *,
        features: NotesFeatures,
        tabs: QTabWidget,
        browser: SessionBrowser,
        actions: dict[ActionId, QAction],
        shown: Shown,
        tell: Tell,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.features, self.tabs, self.shown, self.tell = features, tabs, shown, tell
        self._parent = parent
        self._panel: NotesPanel | None = None
        self._checked: Library | None = None
        self._placeholder = QWidget(parent)
        tabs.addTab(self._placeholder, icons.icon("mdi6.notebook-outline"), TAB_TEXT)
        tabs.setTabToolTip(tabs.indexOf(self._placeholder), "Every highlight and note")
        tabs.currentChanged.connect(self._on_tab_changed)
        actions[ActionId.SHOW_NOTES].triggered.connect(self.show)
        actions[ActionId.EXPORT_NOTES].triggered.connect(lambda: self.export_dialog(True))
        from viewer.ui.sessions.note_marks import NoteMarks

        self.marks = NoteMarks(browser)
        features.changed.connect(self._on_changed)
        self._on_changed()

    @property
    def panel(self) -> NotesPanel:
        if self._panel is None:
            from viewer.ui.reader.notes_panel import NotesPanel

            how_to = f"Select words in a transcript, then choose {menu_path(ActionId.HIGHLIGHT)}."
            panel = NotesPanel(self._parent, how_to=how_to)
            panel.highlightActivated.connect(self.features.jump_to)
            panel.noteEditRequested.connect(self._edit_note)
            panel.deleteRequested.connect(self.features.remove)
            panel.exportRequested.connect(self.export_dialog)
            self._panel = panel
            replace_placeholder(self.tabs, self._placeholder, panel)
            self._fill()
        return self._panel

    @Slot()
    def show(self) -> None:
        panel = self.panel
        self.tabs.setCurrentWidget(panel)
        panel.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        if self._panel is None and self.tabs.currentWidget() is self._placeholder:
            self.show()
        elif self._panel is not None and self.tabs.currentWidget() is self._panel:
            self._fill()  # titles follow the library loaded since

    @Slot()
    def _on_changed(self) -> None:
        self.marks.set_paths(frozenset(self.features.store.sessions()))
        if self._panel is not None:
            self._fill()

    def _fill(self) -> None:
        library, _current = self.shown()
        if library is not None and library is not self._checked:
            self._checked = library  # each library's files are checked once, when listed
            self.features.check_all(library)
        titles: dict[str, str] = {}
        for h in self.features.store.highlights:
            if h.session not in titles:
                session = library.session(h.session) if library is not None else None
                titles[h.session] = display_title(session) if session is not None else h.session
        order = {path: i for i, path in enumerate(titles)}
        items = sorted(self.features.store.highlights, key=lambda h: order[h.session])
        if self._panel is not None:
            self._panel.set_items([(h, titles[h.session]) for h in items])

    @Slot(str)
    def _edit_note(self, highlight_id: str) -> None:
        from PySide6.QtWidgets import QInputDialog

        highlight = self.features.store.get(highlight_id)
        if highlight is None:
            return
        note, ok = QInputDialog.getMultiLineText(
            self._parent, "Edit Note", "Note for this highlight:", highlight.note
        )
        if ok:
            self.features.edit_note(highlight_id, note.strip())

    @Slot(bool)
    def export_dialog(self, all_sessions: bool = True) -> None:
        from PySide6.QtWidgets import QFileDialog

        library, current = self.shown()
        if not self.features.store.highlights:
            self.tell("There are no notes to export yet.", 4000)
            return
        paths = None if all_sessions or not current else {current}
        name, chosen = QFileDialog.getSaveFileName(
            self._parent,
            "Export Notes",
            "notes.md",
            "Markdown (*.md);;Plain text (*.txt)",
        )
        if not name:
            return
        markdown = not (chosen.startswith("Plain") or name.lower().endswith(".txt"))
        from viewer.core.export.notes_export import export_notes

        text = export_notes(self.features.store.highlights, library, paths, markdown=markdown)
        try:
            atomic_write_bytes(Path(name), text.encode("utf-8"))
        except OSError as error:
            self.tell(f"Could not save the notes: {error.strerror}", 8000)
            return
        self.tell(f"Notes saved to {name}", 6000)
