"""One digest rule for texts and one bounded rule for files."""

from __future__ import annotations

from pathlib import Path

from viewer.core.util.digest import file_digest, text_digest


def test_text_digest_is_stable_and_empty_for_nothing() -> None:
    assert text_digest("") == ""
    assert text_digest("a >> b") == text_digest("a >> b") != text_digest("a >> c")
    assert len(text_digest("x")) == 32
    assert text_digest("caf\udce9")  # a lone surrogate from an undecodable name is hashed


def test_file_digest_reads_a_bounded_head(tmp_path: Path) -> None:
    small, grown = tmp_path / "small.md", tmp_path / "grown.md"
    small.write_bytes(b"0123456789A")
    grown.write_bytes(b"0123456789A" + b"x" * 10_000)
    # Only the first max_bytes + 1 bytes count: a file grown past the limit costs no more.
    assert file_digest(grown, 10) == file_digest(small, 10)
    assert file_digest(grown, 20_000) != file_digest(small, 20_000)


def test_file_digest_of_what_cannot_be_read_is_none(tmp_path: Path) -> None:
    assert file_digest(tmp_path / "missing.md", 10) is None
    assert file_digest(tmp_path, 10) is None  # a folder
