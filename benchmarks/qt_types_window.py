"""A second, informational start-up floor: the empty window plus the PySide6 types the app uses.

PySide6 builds each Qt class's Python type (and its enums) the first time it is imported; the
`Qt` namespace alone takes ~13 ms. The empty-window floor touches three classes; the viewer's
start-up imports dozens. This process imports exactly the PySide6 names that the viewer's
modules import at their top level during start-up (found by importing the start-up chain in a
child and reading those modules' `from PySide6... import` lines), then shows an empty
QMainWindow and quits like `empty_window.py`. Its wall time is the part of the app's start-up
that no code of ours can avoid while it uses those widgets.

    python benchmarks/qt_types_window.py NAMES.json   # NAMES.json from `qt_names()`

The names are found beforehand (`qt_names()`, by the benchmark harness), so the timed process
does nothing but import them and show the window.
"""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
START_CHAIN = (
    "viewer.ui.mainwindow.application"  # what `main.py` imports before building the window
)


def startup_modules() -> list[str]:
    """The viewer modules loaded by importing the start-up chain (in a child process)."""
    code = (
        f"import sys, json, {START_CHAIN}; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('viewer'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    names: list[str] = json.loads(out.stdout)
    return names


def top_level_qt_names(module: str) -> set[tuple[str, str]]:
    """(PySide6 module, name) pairs a viewer module imports at its top level."""
    path = PROJECT / (module.replace(".", "/") + ".py")
    if not path.is_file():
        path = PROJECT / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        (node.module, alias.name)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6")
        for alias in node.names
    }


def qt_names() -> list[list[str]]:
    """[PySide6 module, name] for every name the start-up chain's modules import."""
    return [list(p) for p in sorted({p for m in startup_modules() for p in top_level_qt_names(m)})]


def main() -> int:
    names = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    for module, name in names:
        getattr(importlib.import_module(module), name)
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
