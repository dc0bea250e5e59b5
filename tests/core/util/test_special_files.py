"""Issue 20 item 5: a FIFO where a profile file should be is set aside, never read (no hang).

Each case runs in a child process with a time limit: before the fix the child blocked forever
in open(), which an in-process test could not recover from.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.library.test_library import session_text, write
from viewer.core.util.atomic import NotRegularFile, open_regular, read_regular

PROJECT = Path(__file__).resolve().parents[3]


def run_child(code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT),
        "SUMMIT_CONFIG_DIR": str(tmp_path / "profile"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def fifo_at(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def test_open_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = fifo_at(tmp_path / "pipe")
    with pytest.raises(NotRegularFile):
        open_regular(fifo)
    (tmp_path / "big").write_bytes(b"x" * 11)
    with pytest.raises(ValueError):
        read_regular(tmp_path / "big", 10)
    assert read_regular(tmp_path / "big", 11) == b"x" * 11


def test_reading_state_fifo_is_kept_aside(tmp_path: Path) -> None:
    fifo_at(tmp_path / "profile" / "reading-state.json")
    code = (
        "import sys; from pathlib import Path\n"
        "from viewer.core.library.userstate import UserState\n"
        "s = UserState.load(Path(sys.argv[1])); print(s.warning); print(s.save())\n"
    )
    result = run_child(code, tmp_path, str(tmp_path / "profile"))
    assert result.returncode == 0, result.stderr
    assert "damaged" in result.stdout and result.stdout.splitlines()[-1] == "True"
    kept = tmp_path / "profile" / "reading-state.json.corrupt"
    assert stat.S_ISFIFO(kept.lstat().st_mode)
    assert (tmp_path / "profile" / "reading-state.json").is_file()


def test_settings_fifo_is_kept_aside(tmp_path: Path) -> None:
    fifo_at(tmp_path / "profile" / "settings.ini")
    code = (
        "from viewer.ui.common.settings import open_settings\n"
        "s = open_settings(); print(s.corrupt_backup.name)\n"
    )
    result = run_child(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "settings.ini.corrupt"


def test_header_cache_fifo_does_not_hang_check(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Session A"))
    cache = tmp_path / "cache"
    fifo_at(cache / "headers-v4.json")
    code = "import sys; from viewer.app import main; sys.exit(main(sys.argv[1:]))"
    result = run_child(code, tmp_path, "--check", "--cache-dir", str(cache), str(root))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 session, 0 problems\n"
    assert (cache / "headers-v4.json").is_file()


def test_search_index_fifo_is_rebuilt(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write(root / "Day-1_Feb-16" / "sessions" / "001-A.md", session_text("Robotics Today"))
    code = (
        "import sys; from pathlib import Path\n"
        "from viewer.core.library.load import load_library\n"
        "from viewer.core.search.index import SearchIndex, index_file_for\n"
        "lib = load_library([sys.argv[1]]); path = index_file_for(Path(sys.argv[2]), lib.roots)\n"
        "path.parent.mkdir(parents=True, exist_ok=True); import os; os.mkfifo(path)\n"
        "index = SearchIndex.open(path); index.update(lib)\n"
        "print(index.path == path, len(index.search('robotics').groups))\n"
    )
    result = run_child(code, tmp_path, str(root), str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1"]
