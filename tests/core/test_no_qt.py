"""viewer/core must stay free of Qt: it is the part tests, the CLI and benchmarks share."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "viewer" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "qtawesome", "PyQt5", "PyQt6")


def test_core_imports_no_qt() -> None:
    offenders = []
    files = sorted(CORE.rglob("*.py"))
    assert files, "viewer/core has no modules"
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{file.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []
