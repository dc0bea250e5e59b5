"""What a library calls itself: the title of the README at its root, when it has one.

The status bar and title bar name a library by this title ("India AI Impact Summit 2026")
rather than by its folder's name ("full", "ai-summit"). The README is untrusted like every
file: only its first bytes are read, decoding never fails, and a title is one plain line of
bounded length with the decoration around it (emoji, flags, Markdown marks) trimmed.
"""

from __future__ import annotations

import re
from pathlib import Path

from viewer.core.session.decode import decode_bytes
from viewer.core.text.folding import clean

README_NAMES = ("README.md", "readme.md", "Readme.md")
MAX_BYTES = 16_384  # the title is on the first lines; never read a huge file
MAX_TITLE = 100
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_MARKS = re.compile(r"[*_`\[\]]")


def readme_title(text: str) -> str:
    """The first level-1 heading of Markdown `text`, as plain text ("" when there is none)."""
    for line in text.splitlines()[:200]:
        found = _HEADING.match(line.strip())
        if found is None:
            continue
        title = " ".join(_MARKS.sub("", clean(found.group(1))).split())
        # Decoration before and after the words: flags, emoji, dashes.
        start = next((i for i, ch in enumerate(title) if ch.isalnum()), len(title))
        end = next((i for i in range(len(title), 0, -1) if title[i - 1].isalnum()), 0)
        title = title[start:end] if start < end else ""
        if len(title) > MAX_TITLE:
            title = title[: MAX_TITLE - 1].rstrip() + "…"
        return title
    return ""


def collection_title(root: str | Path) -> str:
    """The title of folder `root`'s README, "" when it has none or it cannot be read."""
    folder = Path(root)
    for name in README_NAMES:
        path = folder / name
        try:
            if not path.is_file():
                continue
            with path.open("rb") as handle:
                head = handle.read(MAX_BYTES)
        except OSError:
            continue
        return readme_title(decode_bytes(head))  # BOMs, UTF-16, mojibake: as for sessions
    return ""
