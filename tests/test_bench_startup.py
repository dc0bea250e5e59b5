"""The start-up bench reads the collection once before timing (`warm_os_cache`)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.bench_startup import warm_os_cache


def test_every_regular_file_is_read_once_and_links_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "Day-1").mkdir()
    (tmp_path / "Day-1" / "a.md").write_bytes(b"x" * 3000)
    (tmp_path / "b.md").write_bytes(b"y" * 70)
    (tmp_path / "link.md").symlink_to(tmp_path / "b.md")
    assert warm_os_cache(tmp_path, chunk=1024) == 3070
