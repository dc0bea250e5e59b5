"""How the window names the library it shows (title bar, status bar), and the sample's label.

The bundled sample is invented, and says so wherever its name appears; a collection with a
README is named by that README's title ("India AI Impact Summit 2026"), not by its folder
("full"); anything else by its folders' names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from viewer.core.library.collection import collection_title
from viewer.ui.common.settings import SAMPLE_LIBRARY

SAMPLE_NAME = "Sample library (invented sessions)"


def is_sample(paths: Sequence[str | Path]) -> bool:
    """Whether `paths` is the bundled sample library alone."""
    if len(paths) != 1:
        return False
    try:
        return Path(paths[0]).resolve() == SAMPLE_LIBRARY
    except (OSError, RuntimeError, ValueError):
        return False


def library_name(
    paths: Sequence[str | Path], title_of: Callable[[Path], str] = collection_title
) -> str:
    """The name shown for a library opened from `paths`."""
    if is_sample(paths):
        return SAMPLE_NAME
    if len(paths) == 1 and Path(paths[0]).is_dir():
        title = title_of(Path(paths[0]))
        if title:
            return title
    return ", ".join(Path(p).name for p in paths) or "nothing"
