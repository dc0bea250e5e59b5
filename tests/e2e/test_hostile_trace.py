"""The real program on the hostile library, traced with strace: no file outside the library and
the app's own areas is opened, no network connection is attempted, no program is started, and
it exits 0 in bounded time, both with `--quit-when-ready` and after visiting every session.

Uses the e2e harness (tests/e2e/conftest.py: the private Xvfb `x_display`; driver.RunningApp for
window, keys and the state probe). The only difference from `launch` is the command line, which
is wrapped in strace, so the app object is built here with the same environment.
Skips with a reason when strace is missing or not permitted (unless SUMMIT_REQUIRE_E2E=1).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.generate import FORBIDDEN_PATHS, generate, make_writable
from tests.hostile.trace import STRACE_ARGS, judge, parse_trace

from .driver import PROJECT, RunningApp

# Wall-clock bounds: strace slows start-up; the per-session bound is the 2 s plus the
# probe's polling and xdotool's own latency.
RUN_BOUND = float(os.environ.get("SUMMIT_E2E_TRACE_BOUND", "90"))
STEP_BOUND = float(os.environ.get("SUMMIT_E2E_STEP_BOUND", "3.5"))


def _require() -> bool:
    return os.environ.get("SUMMIT_REQUIRE_E2E", "") == "1"


@pytest.fixture(scope="module")
def strace() -> str:
    path = shutil.which("strace")
    reason = ""
    if path is None:
        reason = "strace is not installed (apt install strace)"
    else:
        probe = subprocess.run(
            [path, "-f", "-o", os.devnull, "true"], capture_output=True, timeout=30, check=False
        )
        if probe.returncode != 0:
            reason = f"strace cannot trace here: {probe.stderr.decode(errors='replace')[:200]}"
    if reason:
        if _require():
            pytest.fail(f"SUMMIT_REQUIRE_E2E=1 but {reason}")
        pytest.skip(reason)
    assert path is not None
    return path


@pytest.fixture(scope="module")
def hostile_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, int]]:
    base = tmp_path_factory.mktemp("hostile-e2e")
    library, outside = base / "library", base / "outside"
    cases = generate(library, outside)
    yield library, outside, len(cases)
    make_writable(library)


def _traced_app(
    strace: str,
    display: str,
    library: Path,
    workdir: Path,
    extra_args: list[str],
    extra_env: dict[str, str] | None = None,
) -> tuple[RunningApp, Path]:
    """A RunningApp whose process is `strace ... python main.py ARGS LIBRARY`."""
    for sub in ("home", "tmp"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    (workdir / "tmp").chmod(0o700)
    env = {
        "HOME": str(workdir / "home"),  # so per-user reads land in an allowed, empty place
        "TMPDIR": str(workdir / "tmp"),
        "XDG_RUNTIME_DIR": str(workdir / "tmp"),
        "PYTHONDONTWRITEBYTECODE": "1",
        **(extra_env or {}),
    }
    trace = workdir / "trace.txt"
    app = RunningApp(
        display,
        [str(library)],
        workdir,
        workdir / "shots",
        extra_args,
        env,
        wrapper=[strace, *STRACE_ARGS, "-o", str(trace)],
    )
    return app, trace


def _findings(trace: Path, library: Path, outside: Path, workdir: Path) -> list[str]:
    allowed = [
        workdir,
        PROJECT / "viewer",
        PROJECT / "main.py",
        PROJECT / "resources",
        PROJECT / "pyproject.toml",
        PROJECT,  # the interpreter looks up modules relative to the working directory
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
    ]
    parsed = parse_trace(trace.read_text(encoding="utf-8", errors="replace"), PROJECT)
    assert len(parsed.opened) > 100, "the trace holds almost nothing: strace did not follow"
    assert any(p.startswith(str(library)) for p in parsed.opened), "the library was never read"
    return judge(parsed, library=library, allowed=allowed, forbidden=[*FORBIDDEN_PATHS, outside])


def _check_exit(app: RunningApp) -> None:
    stderr = app.stderr()
    assert app.proc.returncode == 0, f"exit status {app.proc.returncode}; stderr:\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, stderr[-3000:]


def test_quit_when_ready_on_hostile_library_touches_nothing_else(
    strace: str, x_display: str, hostile_dirs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    library, outside, _ = hostile_dirs
    app, trace = _traced_app(strace, x_display, library, tmp_path / "run", ["--quit-when-ready"])
    began = time.monotonic()
    try:
        app.proc.wait(timeout=RUN_BOUND)
    except subprocess.TimeoutExpired:
        app.kill()
        pytest.fail(f"did not finish within {RUN_BOUND} s:\n{app.stderr()[-3000:]}")
    _check_exit(app)
    findings = _findings(trace, library, outside, tmp_path / "run")
    assert not findings, "\n".join(findings)
    assert time.monotonic() - began < RUN_BOUND


def test_visiting_every_hostile_session_touches_nothing_else(
    strace: str, x_display: str, hostile_dirs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    library, outside, _ = hostile_dirs
    app, trace = _traced_app(strace, x_display, library, tmp_path / "run", [])
    try:
        app.wait_for_window(timeout=RUN_BOUND)
        state = app.wait_for_state(
            lambda s: s["widgets"]["sessionList"]["rows"] >= 40, RUN_BOUND, "sessions listed"
        )
        rows = state["widgets"]["sessionList"]["rows"]
        app.click_row("sessionList", 0)
        app.wait_for_state(lambda s: s["widgets"]["sessionList"]["current_row"] == 0, STEP_BOUND)
        slow: list[str] = []
        for row in range(1, rows):
            began = time.monotonic()
            app.key("Down")
            shown = app.wait_for_state(
                lambda s, row=row: s["widgets"]["sessionList"]["current_row"] == row,
                STEP_BOUND * 3,
                f"session row {row} shown",
            )
            if time.monotonic() - began > STEP_BOUND:
                title = shown["widgets"]["sessionList"].get("current", "")
                slow.append(f"row {row} ({title[:60]!r}): {time.monotonic() - began:.1f} s")
        assert not slow, slow
        app.close(timeout=RUN_BOUND)
    finally:
        app.kill()
    _check_exit(app)
    findings = _findings(trace, library, outside, tmp_path / "run")
    assert not findings, "\n".join(findings)


def test_the_policy_catches_a_process_that_does_read_through_a_link(
    strace: str, hostile_dirs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    """Control: the same tracing and policy flag a program that follows the /dev/zero link."""
    library, outside, _ = hostile_dirs
    trace = tmp_path / "trace.txt"
    reader = "import sys; open(sys.argv[1], 'rb').read(4); open(sys.argv[2], 'rb').read(4)"
    subprocess.run(
        [strace, *STRACE_ARGS, "-o", str(trace), sys.executable, "-c", reader,
         str(library / "symlink-dev-zero" / "zero.md"), str(outside / "outside.md")],
        check=True, timeout=60,
    )  # fmt: skip
    parsed = parse_trace(trace.read_text(encoding="utf-8", errors="replace"), tmp_path)
    findings = judge(parsed, library=library, allowed=[sys.prefix, sys.base_prefix],
                     forbidden=[*FORBIDDEN_PATHS, outside])  # fmt: skip
    assert any("/dev/zero" in f for f in findings), findings
    assert any("outside.md" in f for f in findings), findings


def _filter(app: RunningApp, text: str, minimum: int) -> int:
    """Type `text` into the session filter; return how many rows are left."""
    app.click_widget("sessionFilter")
    app.key("ctrl+a")
    app.type(text)
    state = app.wait_for_state(
        lambda s: (
            s["widgets"]["sessionFilter"]["text"] == text
            and minimum <= s["widgets"]["sessionList"]["rows"] < 40
        ),
        STEP_BOUND * 3,
        f"list filtered by {text!r}",
    )
    return int(state["widgets"]["sessionList"]["rows"])


def _select(app: RunningApp, row: int) -> str:
    app.click_row("sessionList", row)
    state = app.wait_for_state(
        lambda s: s["widgets"]["sessionList"]["current_row"] == row, STEP_BOUND, f"row {row}"
    )
    return str(state["widgets"]["sessionList"].get("current", ""))


def test_video_buttons_and_find_on_hostile_sessions(
    strace: str, x_display: str, hostile_dirs: tuple[Path, Path, int], tmp_path: Path
) -> None:
    """Every hostile video link is refused (nothing reaches the URL log) while a good one on the
    same screen opens; find works in the 400 KB line and the 10,000-marker transcript."""
    library, outside, _ = hostile_dirs
    workdir = tmp_path / "run"
    # "Ask" hosts are answered yes, so anything the policy would let through shows in the log.
    app, trace = _traced_app(strace, x_display, library, workdir, [], {"SUMMIT_URL_CONFIRM": "yes"})
    try:
        app.wait_for_window(timeout=RUN_BOUND)
        app.wait_for_state(lambda s: s["widgets"]["sessionList"]["rows"] >= 40, RUN_BOUND)
        clicked: list[str] = []
        for row in range(_filter(app, "video-", 4)):
            clicked.append(_select(app, row))
            if app.widget("openVideoButton").get("enabled"):
                app.click_widget("openVideoButton")
                time.sleep(0.3)
        assert len(clicked) >= 4, clicked
        assert app.urls() == [], f"hostile video links reached the desktop: {app.urls()}"
        _filter(app, "img-dev-zero", 1)  # a normal YouTube link on a hostile page: opens
        _select(app, 0)
        app.click_widget("openVideoButton")
        assert app.wait_for_urls(1) == ["https://youtube.com/live/AbCdEfGhIjK?feature=share"]

        for case, word in (("transcript-long-line", "xxxx"), ("transcript-markers", "hi")):
            _filter(app, case, 1)
            _select(app, 0)
            began = time.monotonic()
            app.key("ctrl+f")
            app.wait_for_state(lambda s: s["widgets"]["findInput"]["visible"], STEP_BOUND)
            app.type(word)
            state = app.wait_for_state(
                lambda s: any(ch.isdigit() for ch in s["widgets"]["findCount"]["text"]),
                STEP_BOUND * 3,
                f"find count in {case}",
            )
            seconds = time.monotonic() - began
            assert seconds < STEP_BOUND * 2, f"find in {case}: {seconds:.1f} s"
            assert state["widgets"]["findCount"]["text"] != "No matches"
            app.key("Escape")
        app.close(timeout=RUN_BOUND)
    finally:
        app.kill()
    _check_exit(app)
    findings = _findings(trace, library, outside, workdir)
    assert not findings, "\n".join(findings)
