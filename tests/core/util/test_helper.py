"""The helper process machinery (`viewer.core.util.helper`)."""

from __future__ import annotations

import threading
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
