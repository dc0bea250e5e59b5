"""First run without a library: open the sample, open a folder, or download the collection.

The download runs in a worker thread with progress and cancel; the view only shows state and
emits what the user chose. Once downloaded, the collection is an ordinary folder on disk and is
read offline from then on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.library.download import (
    Cancellation,
    DownloadCancelled,
    DownloadError,
    fetch_collection,
    library_root,
)
from viewer.core.util.appdirs import collections_dir
from viewer.ui.common.icons import icon


class DownloadWorker(QObject):
    """Runs fetch_collection off the UI thread.

    Signals:
        progress(int received, int total): bytes so far; total is -1 when unknown.
        finished(str root): the library folder, ready to open.
        failed(str message): why it did not work, for people.
    """

    progress = Signal(int, int)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, url: str, target: Path) -> None:
        super().__init__()
        self._url = url
        self._target = target
        self._cancel = Cancellation()

    def cancel(self) -> None:
        """Called from the window's thread: aborts a read in progress at once."""
        self._cancel.cancel()

    @Slot()
    def run(self) -> None:
        try:
            result = fetch_collection(
                self._url, self._target, progress=self.progress.emit, cancelled=self._cancel
            )
        except DownloadCancelled:
            self.failed.emit("Download cancelled.")
        except DownloadError as error:
            self.failed.emit(str(error))
        except Exception:  # noqa: BLE001 - a bug must show as a message, not kill the app
            self.failed.emit("The download failed after an unexpected error; please try again.")
        else:
            self.finished.emit(str(result.root))


class WelcomeView(QWidget):
    """The page shown when there is no library yet.

    Signals:
        sampleRequested(): open the bundled sample library.
        openFolderRequested(): show the folder chooser.
        libraryReady(str): a downloaded collection is ready at this folder.
    """

    sampleRequested = Signal()
    openFolderRequested = Signal()
    libraryReady = Signal(str)

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        self.url = url
        self._thread: QThread | None = None
        self._worker: DownloadWorker | None = None

        title = QLabel("<h1>Summit Transcript Viewer</h1>", self)
        intro = QLabel(
            "Read conference sessions offline: browse the programme, read transcripts, search "
            "everything and jump to the video. Choose where to start.",
            self,
        )
        intro.setWordWrap(True)
        self.sample_button = self._button("Open the sample library", "mdi6.book-open-variant")
        self.sample_button.setObjectName("openSampleButton")
        self.folder_button = self._button("Open a folder…", "open_folder")
        self.folder_button.setObjectName("openFolderButton")
        self.download_button = self._button(
            "Download the India AI Impact Summit 2026 collection", "mdi6.download"
        )
        self.download_button.setObjectName("downloadCollectionButton")
        self.download_button.setToolTip(url)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("downloadProgress")
        self.progress.setAccessibleName("Download progress")
        self.progress.hide()
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelDownloadButton")
        self.cancel_button.hide()
        self.status = QLabel("", self)
        self.status.setObjectName("downloadStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(12)
        for button in (self.sample_button, self.folder_button, self.download_button):
            column.addWidget(button)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        column.addLayout(row)
        column.addWidget(self.status)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

        self.sample_button.clicked.connect(self.sampleRequested)
        self.folder_button.clicked.connect(self.openFolderRequested)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)

    def _button(self, text: str, icon_name: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setMinimumHeight(36)
        return button

    @Slot()
    def start_download(self) -> None:
        if self._thread is not None:
            return
        target = collections_dir() / "ai-summit"
        if target.exists():
            # Already downloaded earlier: open it instead of fetching it again.
            self.libraryReady.emit(str(library_root(target)))
            return
        self.status.setText(f"Downloading from {self.url} …")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.download_button.setEnabled(False)
        self._worker = DownloadWorker(self.url, target)
        self._thread = QThread(self)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._thread.start()

    @Slot()
    def cancel_download(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.status.setText("Cancelling…")

    def is_downloading(self) -> bool:
        return self._thread is not None

    @Slot(int, int)
    def _on_progress(self, received: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * received / total))
        self.status.setText(f"Downloaded {received / 2**20:.1f} MB")

    @Slot(str)
    def _on_finished(self, root: str) -> None:
        self._stop_thread()
        self.status.setText("Downloaded. From now on the collection is read from this computer.")
        self.libraryReady.emit(root)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.status.setText(message)

    def _stop_thread(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.download_button.setEnabled(True)
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    def shutdown(self) -> None:
        """Cancel and wait for a download in progress (call before the window closes)."""
        if self._worker is not None:
            self._worker.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(5000)
            self._thread = None
            self._worker = None
