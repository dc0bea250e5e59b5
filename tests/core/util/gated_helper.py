"""A helper module for test_helper.py: it reads its request only once a gate file exists
(named by GATE_ENV; or after GIVE_UP_S), then answers with the request's size and whether
the gate was open."""

from __future__ import annotations

import os
import time
from pathlib import Path

from viewer.core.util.helper import serve_requests

GIVE_UP_S = 20.0
GATE_ENV = "SUMMIT_TEST_HELPER_GATE"  # the file to wait for (the helper inherits the env)


def serve() -> None:
    gate = Path(os.environ[GATE_ENV])
    until = time.monotonic() + GIVE_UP_S
    while not gate.exists() and time.monotonic() < until:
        time.sleep(0.01)
    opened = gate.exists()
    serve_requests(lambda request, send: send((len(request), opened)))
