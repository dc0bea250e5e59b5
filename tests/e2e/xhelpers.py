"""Talking to an X server from tests: a private Xvfb, xdotool input, screenshots, closing windows.

Everything here drives the program the way a user would (keys, clicks, the window's close
button) so that the e2e tests exercise the real event loop, not an in-process imitation.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SCREEN = "1920x1200x24"
REQUIRED_TOOLS = ("Xvfb", "xdotool")


def missing_tools() -> list[str]:
    return [tool for tool in REQUIRED_TOOLS if shutil.which(tool) is None]


@dataclass
class XServer:
    """A running Xvfb: `display` is ":N"; `proc` is ours to stop."""

    display: str
    proc: subprocess.Popen[bytes]
    log: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display}

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def start_xvfb(log: Path, timeout: float = 15.0) -> XServer:
    """Start Xvfb on a free display number (Xvfb picks it: -displayfd) and wait until it serves.

    Choosing the number ourselves races with other test runs on the same machine; -displayfd
    makes the server take the first free one and tell us which.
    """
    read_fd, write_fd = os.pipe()
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as log_file:
        proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    os.close(write_fd)
    number = b""
    deadline = time.monotonic() + timeout
    try:
        while not number.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or proc.poll() is not None:
                raise RuntimeError(f"Xvfb did not start: {log.read_text(errors='replace')}")
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if ready:
                chunk = os.read(read_fd, 16)
                if not chunk:
                    raise RuntimeError(
                        f"Xvfb closed -displayfd: {log.read_text('utf-8', 'replace')}"
                    )
                number += chunk
    finally:
        os.close(read_fd)
    server = XServer(f":{int(number)}", proc, log)
    while True:  # the number is written when the server accepts clients; confirm anyway
        probe = subprocess.run(
            ["xdotool", "getdisplaygeometry"], env=server.env(), capture_output=True, timeout=10
        )
        if probe.returncode == 0:
            return server
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"Xvfb {server.display} never answered: {probe.stderr!r}")
        time.sleep(0.1)


def xdotool(display: str, *args: str, timeout: float = 20.0) -> str:
    result = subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def screenshot(display: str, path: Path) -> Path | None:
    """The whole screen as PNG (ImageMagick's `import`); None when `import` is not installed."""
    if shutil.which("import") is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["import", "-display", display, "-window", "root", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return path


class _ClientMessageData(ctypes.Union):
    _fields_ = [("l", ctypes.c_long * 5)]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", _ClientMessageData),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("xclient", _XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def request_close(display: str, window: int) -> bool:
    """Send WM_DELETE_WINDOW, exactly what a window manager's close button does.

    Xvfb runs no window manager, and xdotool 3.2016 has no `windowclose`; so we speak Xlib
    through ctypes. Returns False when libX11 is unavailable (callers fall back to Ctrl+Q).
    """
    name = ctypes.util.find_library("X11")
    if name is None:
        return False
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSendEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_XEvent),
    ]
    xlib.XFlush.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = xlib.XOpenDisplay(display.encode())
    if not dpy:
        return False
    try:
        event = _XEvent()
        message = event.xclient
        message.type = 33  # ClientMessage
        message.send_event = 1
        message.display = dpy
        message.window = window
        message.message_type = xlib.XInternAtom(dpy, b"WM_PROTOCOLS", 0)
        message.format = 32
        message.data.l[0] = xlib.XInternAtom(dpy, b"WM_DELETE_WINDOW", 0)
        message.data.l[1] = 0  # CurrentTime
        ok = xlib.XSendEvent(dpy, window, 0, 0, ctypes.byref(event))
        xlib.XFlush(dpy)
        return bool(ok)
    finally:
        xlib.XCloseDisplay(dpy)
