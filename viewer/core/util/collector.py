"""The cyclic garbage collector around large builds of long-lived objects (no Qt).

Start-up and a warm load build tens of thousands of objects that live as long as the program
(modules, classes, PySide6 types, widgets, 7,000 sessions and their speakers). The collector
would walk them again and again while they are built, and once more as they age through its
generations; none of them is garbage. So it is paused while they are built, and what was
built goes straight to its oldest generation.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


def keep_what_was_built() -> None:
    """Move every object the collector tracks to its oldest generation, in O(1).

    `gc.freeze()` moves them all to the permanent generation and `gc.unfreeze()` back into
    the oldest one, where only full passes walk them and nothing stays pinned (a garbage cycle
    of the moment is collected by the next full pass instead of a young one). Full passes keep
    their usual schedule: the move does not count the objects as new to the oldest generation.
    """
    gc.freeze()
    gc.unfreeze()


@contextlib.contextmanager
def paused_gc(*, keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while a large structure is built.

    The collector runs after every 700 new container objects, and each full pass walks the
    whole heap, so building a large library's sessions and speakers triggers many passes that
    find nothing (the same remedy as Mercurial's `util.nogc`). Nothing built here is cyclic
    garbage; the collector's previous state is restored.

    `keep`: what was built lives as long as the program shows it, so it goes straight to the
    oldest generation (`keep_what_was_built`). Otherwise the new objects sit in the youngest
    one, and the first allocations after the pause pay for walking them all, then again one
    generation up.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep:
            keep_what_was_built()
        if enabled:
            gc.enable()
