"""A library's name comes from its README's first heading, trimmed and bounded."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from viewer.core.library.collection import MAX_TITLE, collection_title, readme_title


def test_first_heading_without_decoration() -> None:
    assert readme_title("intro\n# 🇮🇳 **Example Summit** 2031 🎉\n# Second") == "Example Summit 2031"
    assert readme_title("## Only a subheading\ntext") == ""
    assert readme_title("#NoSpace") == ""
    assert len(readme_title("# " + "word " * 100)) == MAX_TITLE


def test_folder_titles(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_bytes(b"\xef\xbb\xbf# Made-up Forum \xe2\x80\x94 Day Notes\n")
    assert collection_title(tmp_path) == "Made-up Forum — Day Notes"
    assert collection_title(tmp_path / "missing") == ""
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "README.md").mkdir()  # a folder where the file should be
    assert collection_title(tmp_path / "odd") == ""
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "README.md").write_bytes(b"x" * 5_000_000 + b"\n# Late title\n")
    assert collection_title(tmp_path / "big") == ""  # only the first bytes are read


def test_sample_and_real_collection_have_titles(sample_root: Path) -> None:
    assert "sample" in collection_title(sample_root).casefold()


def test_real_collection_title(corpus_root: Path) -> None:
    title = collection_title(corpus_root)
    assert title and title[0].isalnum() and title != corpus_root.name


@given(st.text(max_size=400))
def test_any_text_gives_one_bounded_line(text: str) -> None:
    title = readme_title(text)
    assert "\n" not in title and len(title) <= MAX_TITLE
