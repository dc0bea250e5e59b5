"""PySide6's per-import "does this module use PySide6?" check, answered from the file's bytes
(viewer.ui.quicker_feature_check): the same answers as PySide6's own check."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

import viewer.ui
from viewer.ui import QUICK_MARK, quicker_feature_check

MODULES = (
    "viewer.ui.sessions.browser",  # names PySide6
    "viewer.ui.sessions.filter",  # Qt-free helpers beside the UI
    "viewer.core.session.parse",  # no Qt at all
    "json",  # the standard library, pure Python
    "_json",  # a C extension: no source, left to PySide6
    "sys",  # built in: no file at all
)


def feature_module() -> types.ModuleType:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        pytest.skip("this PySide6 has no per-import feature check")
    return feature


def test_the_check_is_ours_after_importing_viewer_ui() -> None:
    feature = feature_module()
    assert viewer.ui.__name__ == "viewer.ui"
    assert getattr(feature._mod_uses_pyside, QUICK_MARK, False)
    assert quicker_feature_check()  # installing again keeps the one there


@pytest.mark.parametrize("name", MODULES)
def test_same_answer_as_pyside(name: str) -> None:
    feature = feature_module()
    ours = feature._mod_uses_pyside
    upstream = ours.upstream
    module = importlib.import_module(name)
    assert ours(module) == upstream(module)
    expected = {"viewer.ui.sessions.browser": True}.get(name, False)
    assert ours(module) is expected


def test_a_module_whose_file_is_gone_is_left_to_pyside(tmp_path) -> None:  # type: ignore[no-untyped-def]
    feature = feature_module()
    ghost = types.ModuleType("ghost")
    ghost.__file__ = str(tmp_path / "ghost.py")  # never written
    assert feature._mod_uses_pyside(ghost) is False
