"""Run `python main.py` in a real window and drive it from outside, like a user.

What a test can observe without reaching into the process:
- the window title (`xdotool getwindowname`);
- SUMMIT_URL_LOG: URLs the program would have opened in the browser, one per line;
- SUMMIT_E2E_LOG: JSON lines of widget state written by viewer.ui.mainwindow.e2e_probe when
  it changes (filter text, list rows, find count, widget geometry for clicks);
- screenshots of the screen, the exit status and the stderr of the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import xhelpers

PROJECT = Path(__file__).resolve().parents[2]
WINDOW_NAME = "Summit"
Predicate = Callable[[dict[str, Any]], bool]


class AppFailed(AssertionError):
    """The program did something a user would notice: crashed, hung, never showed a window."""


class RunningApp:
    """One launched program on the test display.

    Attributes:
        proc: the `python main.py` process.
        window: X window id of the main window (after `wait_for_window`).
        workdir: per-launch folder holding config/, urls.log, state.log, stdout/stderr.
    """

    def __init__(
        self,
        display: str,
        paths: Sequence[str],
        workdir: Path,
        shots: Path,
        extra_args: Sequence[str] = (),
        extra_env: dict[str, str] | None = None,
        wrapper: Sequence[str] = (),
    ) -> None:
        """`wrapper`: a command the program runs under (e.g. strace and its options)."""
        self.display = display
        self.workdir = workdir
        self.shots = shots
        self.url_log = workdir / "urls.log"
        self.state_log = workdir / "state.log"
        self.stdout_path = workdir / "stdout.txt"
        self.stderr_path = workdir / "stderr.txt"
        self.screenshots: list[Path] = []
        self.window = 0
        self.wrapped = bool(wrapper)
        (workdir / "config").mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "SUMMIT_CONFIG_DIR": str(workdir / "config"),
            "SUMMIT_URL_LOG": str(self.url_log),
            "SUMMIT_E2E_LOG": str(self.state_log),
            "PYTHONUNBUFFERED": "1",
            "PYTHONFAULTHANDLER": "1",
            **(extra_env or {}),
        }
        env.pop("QT_QPA_PLATFORMTHEME", None)
        with self.stdout_path.open("wb") as out, self.stderr_path.open("wb") as err:
            self.proc = subprocess.Popen(
                [*wrapper, sys.executable, str(PROJECT / "main.py"), *extra_args, *paths],
                cwd=PROJECT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
            )

    # -- lifecycle ---------------------------------------------------------------------------

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_window(self, timeout: float = 60.0) -> int:
        """Block until a visible window titled "...Summit..." exists; returns its id."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AppFailed(
                    f"exited with {self.proc.returncode} before showing a window:\n{self.stderr()}"
                )
            # This process's window (several programs may share the display); under a
            # wrapper (strace) the pid is the wrapper's, so the name alone decides.
            by_pid = () if self.wrapped else ("--all", "--pid", str(self.proc.pid))
            try:
                found = xhelpers.xdotool(
                    self.display,
                    *("search", *by_pid, "--onlyvisible", "--name", WINDOW_NAME),
                    timeout=10,
                ).split()
            except RuntimeError:  # xdotool search exits 1 while nothing matches
                found = []
            if found:
                self.window = int(found[0])
                self.focus()
                return self.window
            time.sleep(0.2)
        raise AppFailed(f"no window named {WINDOW_NAME!r} within {timeout}s:\n{self.stderr()}")

    def close(self, timeout: float = 20.0) -> int:
        """Close like a user (the window's close button); returns the exit status."""
        if self.proc.poll() is None:
            if not (self.window and xhelpers.request_close(self.display, self.window)):
                self.key("ctrl+q")
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired as exc:
                self.kill()
                raise AppFailed(f"did not exit within {timeout}s of closing its window") from exc
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    # -- input -------------------------------------------------------------------------------

    def focus(self) -> None:
        """Give the window keyboard focus (no window manager under Xvfb does it for us)."""
        xhelpers.xdotool(self.display, "windowfocus", "--sync", str(self.window))

    def key(self, *keys: str) -> None:
        xhelpers.xdotool(self.display, "key", "--clearmodifiers", "--delay", "40", *keys)

    def type(self, text: str) -> None:
        xhelpers.xdotool(self.display, "type", "--clearmodifiers", "--delay", "30", text)

    def click_at(self, x: int, y: int) -> None:
        xhelpers.xdotool(self.display, "mousemove", "--sync", str(x), str(y), "click", "1")

    def click_widget(self, name: str, timeout: float = 10.0) -> None:
        """Click the centre of the widget with objectName `name` (geometry from the probe)."""
        state = self.wait_for_state(
            lambda s: bool(s["widgets"].get(name, {}).get("visible")), timeout, f"{name} visible"
        )
        x, y, w, h = state["widgets"][name]["geometry"]
        self.click_at(x + w // 2, y + h // 2)

    def click_row(self, view: str, row: int, timeout: float = 10.0) -> None:
        """Click row `row` of the item view `view` (left part of the row, inside the viewport)."""
        state = self.wait_for_state(
            lambda s: len(s["widgets"][view]["row_rects"]) > row, timeout, f"{view} row {row}"
        )
        x, y, w, h = state["widgets"][view]["row_rects"][row]
        self.click_at(x + min(w // 3, 150), y + h // 2)

    def visible_windows(self) -> list[int]:
        """Visible X windows tagged with this process id, to notice dialogs appearing.

        xdotool 3.2016 also lists the root window here; compare against an earlier call
        rather than expecting only the main window.
        """
        try:
            out = xhelpers.xdotool(
                self.display, "search", "--onlyvisible", "--pid", str(self.proc.pid), ""
            )
        except RuntimeError:
            return []
        return [int(w) for w in out.split()]

    # -- observation -------------------------------------------------------------------------

    def window_title(self) -> str:
        return xhelpers.xdotool(self.display, "getwindowname", str(self.window)).strip()

    def states(self) -> list[dict[str, Any]]:
        if not self.state_log.exists():
            return []
        lines = self.state_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def state(self) -> dict[str, Any]:
        states = self.states()
        return states[-1] if states else {"widgets": {}}

    def wait_for_state(self, predicate: Predicate, timeout: float = 10.0, what: str = "") -> dict:
        """Poll the probe log until `predicate(latest state)` holds; fail with the last state."""
        deadline = time.monotonic() + timeout
        latest: dict[str, Any] = {"widgets": {}}
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AppFailed(f"exited with {self.proc.returncode}:\n{self.stderr()}")
            latest = self.state()
            try:
                if predicate(latest):
                    return latest
            except (KeyError, TypeError, IndexError):
                pass
            time.sleep(0.1)
        raise AppFailed(
            f"timed out waiting for {what or 'state'}; last state:\n"
            f"{json.dumps(latest, indent=1, ensure_ascii=False)[:4000]}"
        )

    def widget(self, name: str) -> dict[str, Any]:
        return dict(self.state()["widgets"].get(name, {}))

    def urls(self) -> list[str]:
        if not self.url_log.exists():
            return []
        return [u for u in self.url_log.read_text(encoding="utf-8").splitlines() if u.strip()]

    def wait_for_urls(self, count: int = 1, timeout: float = 10.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.urls()) >= count:
                return self.urls()
            time.sleep(0.1)
        raise AppFailed(f"expected {count} URL(s) in SUMMIT_URL_LOG, got {self.urls()}")

    def screenshot(self, name: str) -> Path | None:
        shot = xhelpers.screenshot(
            self.display, self.shots / f"{len(self.screenshots):02d}-{name}.png"
        )
        if shot is not None:
            self.screenshots.append(shot)
        return shot
