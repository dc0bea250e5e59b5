"""The start-up floor: an empty PySide6 QMainWindow process, started like the app.

Shows a window and quits on the first turn of the event loop, which is what `--quit-when-ready`
does after the app's own work; the difference between the two is what the app adds.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
