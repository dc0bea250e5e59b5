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
from functools import lru_cache, partial

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
    speakers and then the day and time (in brackets). (`TitleBook` gives the same for a
    library that grows.)"""
    items = list(sessions)
    shown = {s.path: display_title(s) for s in items}
    for add in _STEPS:
        groups: defaultdict[str, list[Session]] = defaultdict(list)
        for s in items:
            groups[shown[s.path].casefold()].append(s)
        for group in groups.values():
            if len(group) > 1:
                shown.update(_spread(group, shown, add))
    return shown


def _spread_speakers(text: str, session: Session) -> str:
    return text if is_generic(session.title) else _with_speakers(text, session)


def _spread_slot(text: str, session: Session) -> str:
    slot = _slot(session)
    return f"{text} ({slot})" if slot else text


# The steps, each on the groups of sessions whose titles read the same (case aside): a group
# gets its speakers, then its day and time, where that tells its rows apart.
_STEPS: tuple[Callable[[str, Session], str], ...] = (_spread_speakers, _spread_slot)


def _spread(
    group: list[Session], titles: dict[str, str], add: Callable[[str, Session], str]
) -> list[tuple[str, str]]:
    """The path of each session of a group (one title, read the same) with the title it
    leaves a step with: its own `add`ed, where that tells the group's rows apart, else the
    title as it is. One session listed twice (the same text after `add`) stays as it was."""
    if len(group) > 1:
        longer = [add(titles[s.path], s) for s in group]
        if len({text.casefold() for text in longer}) > 1:
            return [(s.path, text) for s, text in zip(group, longer, strict=True)]
    return [(s.path, titles[s.path]) for s in group]


class TitleBook:
    """`display_titles` of a library that grows (its rows come in batches while it loads):
    `add` costs what the new sessions cost, not a pass over the whole library or over the
    groups they join (a generic title such as "Keynote" may be shared by thousands of rows).
    `shown` is `display_titles` of every session added so far.

    In each step a group's rows are told apart (each gets its `add`ed title) exactly when
    their `add`ed titles are not all the same (`_Group.apart`), which a new row changes only
    by its own: the group counts its rows' `add`ed titles. A row's title changes when it
    joins, or when its group starts or stops telling its rows apart (each group at most once
    in step one, where rows only join).
    """

    def __init__(self, sessions: Iterable[Session] = ()) -> None:
        self.shown: dict[str, str] = {}
        # Per step: the title each session (by path) enters it with, and the groups by that
        # title, read the same.
        self._entering: list[dict[str, str]] = [{} for _ in _STEPS]
        self._groups: list[defaultdict[str, _Group]] = [
            defaultdict(partial(_Group, add)) for add in _STEPS
        ]
        self.add(sessions)

    def add(self, sessions: Iterable[Session]) -> None:
        """Take more sessions (of paths not added before)."""
        moved = {s.path: (s, display_title(s)) for s in sessions}
        for step in range(len(_STEPS)):
            entering, groups = self._entering[step], self._groups[step]
            touched: dict[int, tuple[_Group, bool, list[str]]] = {}  # group, was apart, joined
            for path, (session, title) in moved.items():
                old = entering.get(path)
                if old is not None:  # it leaves a group (step two only)
                    group = groups[old.casefold()]
                    touched.setdefault(id(group), (group, group.apart, []))
                    group.leave(path)
                entering[path] = title
                group = groups[title.casefold()]
                touched.setdefault(id(group), (group, group.apart, []))[2].append(path)
                group.join(path, session, title)
            leaving = self._entering[step + 1] if step + 1 < len(_STEPS) else self.shown
            moved = {}
            for group, was_apart, joined in touched.values():
                paths = group.titles if group.apart != was_apart else joined
                for path in paths:
                    title = group.out(path)
                    if leaving.get(path) != title:
                        moved[path] = (group.sessions[path], title)
        self.shown.update((path, title) for path, (_, title) in moved.items())


class _Group:
    """The rows of one step whose titles read the same: each row's session, its title
    entering the step, its `add`ed one (made once the group has two rows: a row alone keeps
    its title) and how many rows have each `add`ed title (read the same)."""

    __slots__ = ("add", "counts", "longer", "sessions", "titles")

    def __init__(self, add: Callable[[str, Session], str]) -> None:
        self.add = add
        self.sessions: dict[str, Session] = {}
        self.titles: dict[str, str] = {}
        self.longer: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    @property
    def apart(self) -> bool:
        """Do the `add`ed titles tell the rows apart (`_spread`)?"""
        return len(self.counts) > 1

    def out(self, path: str) -> str:
        return self.longer[path] if self.apart else self.titles[path]

    def join(self, path: str, session: Session, title: str) -> None:
        self.sessions[path], self.titles[path] = session, title
        if len(self.titles) < 2:
            return
        if len(self.longer) < len(self.titles) - 1:  # the row that was alone: now needed
            for other in [p for p in self.titles if p not in self.longer and p != path]:
                self._count(other)
        self._count(path)

    def _count(self, path: str) -> None:
        longer = self.longer[path] = self.add(self.titles[path], self.sessions[path])
        key = longer.casefold()
        self.counts[key] = self.counts.get(key, 0) + 1

    def leave(self, path: str) -> None:
        del self.sessions[path], self.titles[path]
        if path in self.longer:
            key = self.longer.pop(path).casefold()
            self.counts[key] -= 1
            if not self.counts[key]:
                del self.counts[key]
