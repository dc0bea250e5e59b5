"""PySide6 6.12.0 on Python < 3.12 drops a reference to None on every void method call (and to
True on every Signal.emit); importing `viewer` must keep a process alive through far more such
calls than a session makes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    {prelude}
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QWidget

    class Emitter(QObject):
        fired = Signal()

    app = QApplication(sys.argv[:1])
    widget = QWidget()
    emitter = Emitter()
    emitter.fired.connect(widget.update)
    for _ in range(50_000):
        widget.resize(10, 10)  # void: drops a reference to None
        emitter.fired.emit()  # returns True without a reference
    print("alive")
    """
)


def _run(prelude: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(prelude=prelude)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_many_void_calls_survive_after_importing_viewer() -> None:
    done = _run("import viewer")
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"


def test_none_keeps_its_identity_and_refcount_only_grows() -> None:
    before = sys.getrefcount(None)
    import viewer  # noqa: F401  (already imported by the test session; must be idempotent)

    assert sys.getrefcount(None) >= before
    assert None is None and not None
