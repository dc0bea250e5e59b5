"""File names as stored text (exact round trip) and as shown text (nothing invisible)."""

from __future__ import annotations

import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from viewer.core.util import pathtext
from viewer.core.util.pathtext import from_stored, shown_path, stored_text

ODD = [
    "plain.md",
    os.fsdecode(b"099-Caf\xe9.md"),
    os.fsdecode(b"\xff\xfe\x80"),
    "literal-\uf7e9-and-\uf700-escape",
    os.fsdecode(b"mix-\xe9-") + "\uf7e9\uf700",
    "right\u202eleft\n",
]


def test_stored_text_round_trips_and_encodes_as_utf8() -> None:
    for name in ODD:
        stored = stored_text(name)
        stored.encode("utf-8")  # SQLite and JSON need this to work
        json.dumps(stored, ensure_ascii=False).encode("utf-8")
        assert from_stored(stored) == name
    assert len({stored_text(n) for n in ODD}) == len(ODD)


def test_shown_path_makes_bytes_controls_and_bidi_visible() -> None:
    assert shown_path(os.fsdecode(b"099-Caf\xe9.md")) == "099-Caf\\xe9.md"
    assert shown_path("gpj\u202eexe.md") == "gpj\\u202eexe.md"
    assert shown_path("two\nlines") == "two\\x0alines"
    assert shown_path(b"bytes-\xff") == "bytes-\\xff"
    assert shown_path("Café — fine") == "Café — fine"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x7F), st.characters())))
def test_shown_path_matches_its_definition(text: str) -> None:
    # every character `_invisible()` finds is shown as an escape, and nothing else changes
    assert shown_path(text) == pathtext._invisible().sub(pathtext._show_one, text)
