"""A speaker entry as written -> the person's name, their role on the panel, the rest.

Why its own module: the entries of the speaker lists mix names with honorifics ("Shri", "Sh.",
"(Dr.)", "Prof(Dr)", "H.E.", "Hon'ble Mr Justice"), panel roles ("Moderator: Name",
"Name (Moderator)", "(Moderator) Name", "... - Panelist") and affiliations ("Name, Org",
"Name - Role, Org", "Name- Role"). Grouping one person across sessions, the People view, the
catalogue export and the search of names all need the bare name; this is the one place that
decides what a name is.

Rules, in order: a leading role ("Moderator:", "(Chair)") and leading honorifics are taken off;
the entry is split at its first separator into name and affiliation; bracketed notes inside the
name leave it: roles ("(Moderator)") are kept as the role, notes after the name ("(Retd)") join
the affiliation, aliases inside it ("Hendrik (Harry) Berg") are dropped; service suffixes after
the name ("IAS", "IPS") are dropped. A name that is only a role word or honorific is no name at
all (""). A role word is only taken as a role where it stands as
one (with a colon, a dash or brackets, or alone): "Chenai Chair" is a person.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from viewer.core.text.folding import clean, fold

MAX_ENTRY_CHARS = 4000

_ROLE_WORDS = (
    r"moderat(?:or|ed\s+by|ion)|co[\s-]*moderator|chair(?:person)?|co[\s-]*chair"
    r"|session\s+chair|host|co[\s-]*host|panel+ists?|panel|keynote(?:\s+speaker|\s+address)?"
    r"|speakers?|guest\s+of\s+honou?r|chief\s+guest|special\s+guest|anchor|emcee|mc|"
    r"master\s+of\s+ceremonies|facilitator|rapporteur|convenor|convener|discussant|presenter"
    r"|curator|opening\s+remarks|closing\s+remarks|welcome\s+address|vote\s+of\s+thanks"
    r"|in\s+conversation(?:\s+with)?|fireside\s+chat(?:\s+with)?"
)
# A whole text that is a role (or a list heading such as "Panelists:").
_ROLE_ONLY = re.compile(rf"^(?:{_ROLE_WORDS})\s*[:.]?$", re.IGNORECASE)
# A role leading the entry, standing as a role: "Moderator: X", "Moderator - X", "(Chair) X".
# (The role words are written once in each pattern: an opening bracket, when there is one,
# asks for the closing one after them, `(?(open)...)`. Each copy of the words is compiled at
# every start.)
_LEADING_ROLE = re.compile(
    rf"^(?:(?P<open>\()\s*)?(?P<role>{_ROLE_WORDS})\s*(?(open)\)|(?::|[-–—]\s|\|))\s*",
    re.IGNORECASE,
)

HONORIFIC_WORDS = (
    r"shri|sh|shree|sri|smt|shrimati|kumari|km|mr|mrs|ms|m/s|miss|mx|dr|prof|professor|"
    r"h\.\s*e|his\s+excellency|her\s+excellency|his\s+holiness|hon'?ble|honou?rable|hon|"
    r"justice|sir|dame|lord|amb|ambassador|capt|captain|col|colonel|gen|general|lt|maj|major|"
    r"adv|ca|er|padma\s+shri|rev|fr|commander|cdr|wing\s+commander|brigadier|brig|"
    r"air\s+marshal|air\s+vice\s+marshal|admiral|commodore"
)
# One leading honorific, with its dot, in brackets or not: "Dr.", "(Dr.)", "Prof(Dr)", "Sh.,".
_HONORIFIC = re.compile(
    rf"^\(?\s*(?:{HONORIFIC_WORDS})\b\s*\.?\s*\)?\s*,?\s*(?=\S|$)", re.IGNORECASE
)
# Post-nominal service and degree suffixes that follow a name ("Brijesh Singh IPS").
_SUFFIX = re.compile(r"(?:[\s,]+(?:IAS|IPS|IFS|IRS|IRTS|PhD|Ph\.D\.?|Jr\.?|Sr\.?))+$")
# Where the name ends and the affiliation starts: ", " / " - " / ": " / "Name- Role" / " | ".
_NAME_SPLIT = re.compile(r",\s|\s[-–—]\s|:\s|\s[-–—](?=\S)|(?<=\w)[-–—]\s|,(?=\S)|\s\|\s")
# A role closing the affiliation: "..., Org (Moderator)", "... - Panelist".
_TRAILING_ROLE = re.compile(
    rf"(?:(?P<open>\()|^|[,;|]|\s[-–—])\s*(?P<role>{_ROLE_WORDS})\s*(?(open)\))\s*$",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\(([^()]*)\)?")
_KEY_PUNCT = re.compile(r"[^\w\s]")


class EntryParts(NamedTuple):
    """A speaker entry taken apart.

    Attributes:
        name: the bare name ("" when the entry names nobody, e.g. "Moderator").
        affiliation: what follows the name (organisation, position, role notes), as written.
        role: the panel role the entry states ("Moderator", "Keynote Speaker"), "" when none.
    """

    name: str
    affiliation: str
    role: str


@functools.cache
def _role_note() -> re.Pattern[str]:
    """A bracketed note holding a role: "(Moderator)", "(Keynote Speaker)", "(Co-Chair)".
    Compiled when a name first holds brackets (most speaker lists have none)."""
    return re.compile(rf"^(?:{_ROLE_WORDS})$", re.IGNORECASE)


def _is_role_note(note: str) -> bool:
    return _role_note().match(note) is not None


def _strip_honorifics(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        stripped = _HONORIFIC.sub("", text, count=1)
        # Never strip a whole name down to nothing but punctuation ("Dr" alone stays "").
        text = stripped.lstrip(" .,)")
    return text


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:-–—|")


def split_entry(text: str) -> EntryParts:
    """Take one speaker entry apart into name, affiliation and role. Never raises."""
    text = " ".join(clean(text[:MAX_ENTRY_CHARS]).split())
    roles: list[str] = []
    rest = text
    for _ in range(4):  # "(Moderator) Dr. X", "Moderator: Shri X": roles and honorifics mix
        rest = _strip_honorifics(rest)
        match = _LEADING_ROLE.match(rest)
        if not match:
            break
        roles.append(_tidy(match.group("role")))
        rest = rest[match.end() :]
    if _ROLE_ONLY.match(rest.strip()):
        roles.append(_tidy(rest))
        rest = ""
    split = _NAME_SPLIT.search(rest)
    if split and split.start() > 0:
        name, affiliation = rest[: split.start()], rest[split.end() :]
    else:
        name, affiliation = rest, ""
    notes: list[str] = []
    for found in _BRACKETS.finditer(name):
        note = _tidy(found.group(1))
        inside = any(ch.isalpha() for ch in name[found.end() :])  # an alias: "A (Bo) C"
        if _is_role_note(note):
            roles.append(note)
        elif len(note) > 1 and not inside and not _HONORIFIC.fullmatch(note):
            notes.append(note)
    name = _BRACKETS.sub(" ", name)
    name = _SUFFIX.sub("", _strip_honorifics(_tidy(name)))
    name = _tidy(name)
    if _ROLE_ONLY.match(name) or not any(ch.isalpha() for ch in name):
        name = ""
    affiliation = _tidy(affiliation)
    trailing = _TRAILING_ROLE.search(affiliation)
    if trailing:
        roles.append(_tidy(trailing.group("role")))
        affiliation = _tidy(affiliation[: trailing.start()])
    affiliation = _tidy(", ".join(filter(None, [*notes, affiliation])))
    return EntryParts(name=name, affiliation=affiliation, role=", ".join(dict.fromkeys(roles)))


def is_role_or_honorific(word: str) -> bool:
    """True for a text that is only a panel role or an honorific ("Moderator", "Shri", "Dr.")."""
    text = _tidy(clean(word))
    return bool(_ROLE_ONLY.match(text)) or (bool(text) and not _strip_honorifics(text).strip())


def person_key(name: str) -> str:
    """One key per person: "Shri A. B. Kumar", "Mr A B Kumar" and "A B Kumar" agree.

    Honorifics dropped, accents stripped, case folded, punctuation removed.
    """
    text = _strip_honorifics(" ".join(fold(name[:MAX_ENTRY_CHARS]).split()))
    text = _KEY_PUNCT.sub(" ", text)
    return " ".join(text.split())
