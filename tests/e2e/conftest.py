"""End-to-end fixtures: a private Xvfb for the session and a launcher for the real program.

The tests skip with a reason when Xvfb or xdotool is missing (a user's laptop), unless
SUMMIT_REQUIRE_E2E=1 (CI sets it), where a missing tool is a failure: CI must never go green
by skipping the only tests that open a real window.

Screenshots and logs go to test-artifacts/e2e/<test>/; they are deleted when the test passes
and kept when it fails (SUMMIT_KEEP_ARTIFACTS=1 keeps them always).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from . import xhelpers
from .driver import PROJECT, RunningApp

ARTIFACTS = PROJECT / "test-artifacts" / "e2e"
Launcher = Callable[..., RunningApp]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"report_{report.when}", report)


def _require_e2e() -> bool:
    return os.environ.get("SUMMIT_REQUIRE_E2E", "") == "1"


@pytest.fixture(scope="session")
def x_display() -> Iterator[str]:
    """A private Xvfb :N (1920x1200x24: room for a 1600x1000 window) for the whole session;
    DISPLAY points at it meanwhile."""
    missing = xhelpers.missing_tools()
    if missing:
        reason = f"end-to-end tests need {', '.join(missing)} (apt install xvfb xdotool)"
        if _require_e2e():
            pytest.fail(f"SUMMIT_REQUIRE_E2E=1 but {reason}")
        pytest.skip(reason)
    try:
        server = xhelpers.start_xvfb(ARTIFACTS / "xvfb.log")
    except RuntimeError as exc:
        if _require_e2e():
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DISPLAY", server.display)
        try:
            yield server.display
        finally:
            server.stop()


@pytest.fixture
def launch(x_display: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Launcher]:
    """`launch(paths, extra_args=(), extra_env=None)` starts `python main.py` on the test display.

    Every launched program is killed at teardown if still running; its logs and screenshots are
    kept under test-artifacts/e2e/<test name>/ when the test failed.
    """
    shots = ARTIFACTS / request.node.name
    shutil.rmtree(shots, ignore_errors=True)
    apps: list[RunningApp] = []

    def start(
        paths: Sequence[str | Path],
        extra_args: Sequence[str] = (),
        extra_env: dict[str, str] | None = None,
    ) -> RunningApp:
        workdir = tmp_path / f"app{len(apps)}"
        workdir.mkdir()
        app = RunningApp(x_display, [str(p) for p in paths], workdir, shots, extra_args, extra_env)
        apps.append(app)
        return app

    yield start

    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for app in apps:
        if failed and app.proc.poll() is None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                app.screenshot("at-failure")  # the screen as it was when the test gave up
        app.kill()
    if failed or os.environ.get("SUMMIT_KEEP_ARTIFACTS") == "1":
        shots.mkdir(parents=True, exist_ok=True)
        for index, app in enumerate(apps):
            for log in (app.stdout_path, app.stderr_path, app.state_log, app.url_log):
                if log.exists():
                    shutil.copy(log, shots / f"app{index}-{log.name}")
    else:
        shutil.rmtree(shots, ignore_errors=True)


@pytest.fixture(scope="session")
def sample_library() -> Path:
    return PROJECT / "resources" / "sample"
