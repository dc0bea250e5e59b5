"""The title a session is shown under: a generic title gets its speakers ("Keynote — Sam Altman").

Why: many sessions are titled only "Keynote", "Panel Discussion", "Fireside Chat" or
"Conversation"; in the session list, the quick switcher, search results and People they cannot
be told apart. One function decides the shown title for every view.

* `display_title(session)`: a title made only of generic words (and numbers) is followed by
  the first speakers' names; any other title is shown as written.
* `display_titles(sessions)`: the same for a whole library, and titles that still repeat get
  their speakers, then their day and time, where that tells them apart: two rows read the
  same only when they are one session listed twice (same title, speakers and slot).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache

from viewer.core.session.model import Session

SEPARATOR = " — "
NAMES_SHOWN = 2
# Words that say what kind of session it is, not what it is about.
_GENERIC_WORDS = frozenset(
    re.findall(
        r"\w+",
        """
    keynote keynotes address addresses special panel panels discussion discussions
    conversation conversations fireside chat chats in session sessions plenary opening closing
    remarks welcome inaugural inauguration valedictory ceremony talk talks lecture ministerial
    leadership q a and the of dialogue spotlight interview presentation main stage high level
    roundtable round table part day morning afternoon evening concluding with by on an
    """,
    )
)
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=4096)
def is_generic(title: str) -> bool:
    """True for a title made only of generic words and numbers ("Keynote", "Panel 2")."""
    words = _WORD.findall(title.casefold())
    return not words or all(w in _GENERIC_WORDS or w.isdigit() for w in words)


def speakers_label(session: Session, shown: int = NAMES_SHOWN) -> str:
    """ "A, B +2": the first speakers' names and how many more there are."""
    names = [s.name for s in session.speakers if s.name]
    if not names:
        return ""
    label = ", ".join(names[:shown])
    return label + (f" +{len(names) - shown}" if len(names) > shown else "")


def _with_speakers(title: str, session: Session) -> str:
    label = speakers_label(session)
    if not label:
        return title
    return f"{title}{SEPARATOR}{label}" if title else label


def display_title(session: Session) -> str:
    """The title to show for one session (generic titles get their speakers)."""
    title = " ".join(session.title.split())
    if not is_generic(title):
        return title
    return _with_speakers(title, session) or session.path


def _slot(session: Session) -> str:
    parts = [f"Day {session.day}" if session.day is not None else "", session.start]
    return ", ".join(p for p in parts if p)


def display_titles(sessions: Iterable[Session]) -> dict[str, str]:
    """Path -> shown title for a library: generic titles get speakers, repeated titles get
    speakers and then the day and time (in brackets)."""
    items = list(sessions)
    shown = {s.path: display_title(s) for s in items}

    def spread(add: Callable[[str, Session], str]) -> None:
        groups: dict[str, list[Session]] = defaultdict(list)
        for s in items:
            groups[shown[s.path].casefold()].append(s)
        for group in groups.values():
            if len(group) == 1:
                continue
            longer = [add(shown[s.path], s) for s in group]
            # Only where it tells rows apart: one session listed twice stays as it was.
            if len({t.casefold() for t in longer}) > 1:
                for s, text in zip(group, longer, strict=True):
                    shown[s.path] = text

    spread(lambda text, s: text if is_generic(s.title) else _with_speakers(text, s))
    spread(lambda text, s: f"{text} ({_slot(s)})" if _slot(s) else text)
    return shown
