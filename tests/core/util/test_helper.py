"""The helper process machinery (`viewer.core.util.helper`)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.core.util.gated_helper import GATE_ENV
from viewer.core.util.helper import Helper

PIPE_BYTES = 64 * 1024  # what a Linux pipe holds before a writer waits


def test_a_request_larger_than_the_pipe_does_not_hold_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = tmp_path / "gate"
    monkeypatch.setenv(GATE_ENV, str(gate))
    request = b"x" * (16 * PIPE_BYTES)
    got: list[object] = []
    made = threading.Event()

    def start() -> None:
        helpers.append(Helper("tests.core.util.gated_helper", request, got.append))
        made.set()

    helpers: list[Helper] = []
    threading.Thread(target=start, daemon=True).start()
    # The helper reads nothing until the gate opens: a constructor that wrote the request
    # itself would still be waiting here.
    assert made.wait(10), "the constructor waited for the helper to read its request"
    gate.touch()
    assert helpers[0].finished.wait(30)
    assert got == [(len(request), True)]
    helpers[0].stop()


def test_a_helper_stopped_before_it_read_its_request_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GATE_ENV, str(tmp_path / "never"))
    got: list[object] = []
    helper = Helper("tests.core.util.gated_helper", b"x" * (16 * PIPE_BYTES), got.append)
    helper.stop()  # its reader thread is still writing the request
    assert helper.finished.wait(10)
    assert got == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_helper_gets_its_three_streams_only_and_is_reaped_when_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started without `subprocess` (`os.posix_spawn`), it gets its stdin, stdout and stderr
    and no other descriptor, not even one left inheritable here; stopping it leaves no
    process behind and none of its pipes open here."""
    monkeypatch.setenv(GATE_ENV, str(tmp_path / "never"))
    before = set(os.listdir("/proc/self/fd"))
    left = os.open(tmp_path / "left-open", os.O_WRONLY | os.O_CREAT)
    os.set_inheritable(left, True)  # as a program that started this one might leave one
    try:
        helper = Helper("tests.core.util.gated_helper", b"x", lambda message: None)
        assert helper._proc is not None
        pid = helper._proc.pid
        time.sleep(0.5)  # it waits at the gate, which never opens
        theirs = os.listdir(f"/proc/{pid}/fd")
        helper.stop()
    finally:
        os.close(left)
    assert sorted(theirs) == ["0", "1", "2"]
    assert helper.finished.is_set()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left
    assert set(os.listdir("/proc/self/fd")) <= before


@pytest.mark.skipif(not hasattr(os, "posix_spawn"), reason="POSIX only")
def test_starting_a_helper_imports_neither_subprocess_nor_pickle(tmp_path: Path) -> None:
    """A first open starts a helper on its way to the first rows: the two modules (~3 ms
    to import) are not needed for it."""
    code = (
        "import os, sys\n"
        "from viewer.core.util.helper import Helper\n"
        "helper = Helper('tests.core.util.gated_helper', b'x', lambda message: None)\n"
        "helper.stop()\n"
        "print(sorted(m for m in ('subprocess', 'pickle') if m in sys.modules))\n"
    )
    env = {**os.environ, GATE_ENV: str(tmp_path / "never")}
    run = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
