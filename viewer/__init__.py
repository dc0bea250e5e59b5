"""Summit Transcript Viewer: read conference-session transcripts offline."""

import sys as _sys

__version__ = "0.1.0"
APP_NAME = "Summit Transcript Viewer"


def _immortalise_none() -> None:
    """Work around a PySide6 6.12.0 reference-count bug on Python < 3.12.

    Every PySide6 method returning void hands back None without a new reference, so each call
    drops one of None's references; after a few thousand calls (about 5,200 in a fresh process)
    CPython aborts with "none_dealloc: deallocating None". Python 3.12 made None immortal
    (PEP 683); this gives None a reference count no program can exhaust, to the same effect.
    """
    import ctypes

    # Signal.emit() likewise returns True without a new reference (one lost per emit).
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48


if _sys.version_info < (3, 12) and _sys.implementation.name == "cpython":
    _immortalise_none()
