"""The strace policy itself (`tests/hostile/trace.py`): which started programs it lets pass."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.trace import Trace, judge


def _findings(programs: list[str], tmp_path: Path) -> list[str]:
    trace = Trace()
    trace.programs = programs
    return judge(trace, library=tmp_path, allowed=[tmp_path], forbidden=[])


def test_the_program_may_start_itself_again_and_nothing_else(tmp_path: Path) -> None:
    python = "/opt/venv/bin/python"
    assert _findings([python, python], tmp_path) == []  # its parsing helper
    assert _findings([python, "/usr/bin/dbus-launch"], tmp_path) == []
    assert _findings([python, "/bin/sh"], tmp_path) == ["started a program: '/bin/sh'"]
    assert _findings([python, "/opt/venv/bin/python3.11"], tmp_path) == [
        "started a program: '/opt/venv/bin/python3.11'"
    ]
