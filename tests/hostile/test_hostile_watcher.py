"""The folder watcher on the hostile library: bounded, never outside the root, never a FIFO."""

from __future__ import annotations

import os
import stat
import time
from typing import Any

from tests.hostile.conftest import BOUND, HostileCorpus
from viewer.core.library.load import load_library
from viewer.ui.library.watcher import LibraryWatcher


def test_watcher_snapshot_of_hostile_library(qtbot: Any, hostile: HostileCorpus) -> None:
    began = time.perf_counter()
    watcher = LibraryWatcher([hostile.library])
    try:
        assert time.perf_counter() - began < BOUND
        files = watcher.files()
        root = str(hostile.library.resolve())
        for path in files:
            real = os.path.realpath(path)
            assert real.startswith(root + os.sep), (path, real)
            assert stat.S_ISREG(os.stat(real).st_mode), path
        library = load_library([hostile.library])
        # Everything the library loaded is watched under the same spelling.
        assert {s.source for s in library.sessions} <= set(files)
        assert not any(path.endswith(("/x.md", "/mem.md", "/zero.md")) for path in files)
    finally:
        watcher.stop()
