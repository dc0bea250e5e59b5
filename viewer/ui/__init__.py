"""The window: PySide6 widgets over `viewer.core`.

Importing this package first makes PySide6's check of every later import cheaper
(`quicker_feature_check`), before the window's ~80 modules are imported.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import PySide6.QtCore  # noqa: F401 - loads PySide6's support modules, patched below

QUICK_MARK = "_summit_viewer_quick"


def quicker_feature_check() -> bool:
    """Answer PySide6's "does this module use PySide6?" from the file's bytes.

    PySide6 asks it of every module imported after PySide6 (its `__feature__` switches apply
    only to modules that name PySide6) and finds out with `inspect.getsource`, which tokenizes
    the whole file: a noticeable share of start-up over the window's modules (figures in
    benchmarks/FINDINGS.md). Reading the `.py` file gives the same answer (both search the
    module's source for "PySide6") for almost nothing. Modules
    without a `.py` file are left to PySide6's own check. Returns whether the check is ours;
    False when this PySide6 has no such hook (then nothing is changed).
    """
    feature = sys.modules.get("shibokensupport.feature")
    upstream: Any = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(upstream):
        return False
    if getattr(upstream, QUICK_MARK, False):
        return True

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    setattr(mod_uses_pyside, QUICK_MARK, True)
    mod_uses_pyside.upstream = upstream  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True


quicker_feature_check()
