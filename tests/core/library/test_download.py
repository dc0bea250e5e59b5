"""Download and safe extraction, against a loopback HTTP server (nothing leaves this machine)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.http import COLLECTION, Server, build_zip
from viewer.core.library.download import (
    DownloadCancelled,
    DownloadError,
    extract_markdown,
    fetch_collection,
)
from viewer.core.session.parse import read_session_file


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def test_download_and_extract_a_collection(server: Server, tmp_path: Path) -> None:
    server.routes["/main.zip"] = COLLECTION
    seen: list[tuple[int, int]] = []
    result = fetch_collection(
        f"{server.url}/main.zip", tmp_path / "lib", progress=lambda a, b: seen.append((a, b))
    )
    assert result.root == tmp_path / "lib" / "Ai-summit-main"
    assert result.files == 3 and result.skipped == 1
    assert not (result.root / "scripts").exists()
    assert seen and seen[-1] == (len(COLLECTION), len(COLLECTION))
    session = read_session_file(result.root / "Day-2_Feb-17/sessions/001-Panel.md", "p")
    assert getattr(session, "title", None) == "Panel"
    assert [p.name for p in tmp_path.iterdir()] == ["lib"]  # no temporary leftovers


def test_http_error_is_a_clear_message(server: Server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="404"):
        fetch_collection(f"{server.url}/missing.zip", tmp_path / "lib")
    assert not (tmp_path / "lib").exists()


def test_offline_is_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(DownloadError, match="offline"):
        fetch_collection(f"http://127.0.0.1:{port}/a.zip", tmp_path / "lib", timeout=5)


def test_cancel_leaves_nothing(server: Server, tmp_path: Path) -> None:
    server.routes["/big.zip"] = COLLECTION * 50
    with pytest.raises(DownloadCancelled):
        fetch_collection(f"{server.url}/big.zip", tmp_path / "lib", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_size_limit(server: Server, tmp_path: Path) -> None:
    server.routes["/main.zip"] = COLLECTION
    with pytest.raises(DownloadError, match="too large"):
        fetch_collection(f"{server.url}/main.zip", tmp_path / "lib", max_bytes=100)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.zip", "http://user:pw@127.0.0.1/a.zip",
            "javascript:alert(1)", "http:///nohost"],
)  # fmt: skip
def test_only_plain_http_urls(url: str, tmp_path: Path) -> None:
    with pytest.raises(DownloadError):
        fetch_collection(url, tmp_path / "lib")


def test_extraction_refuses_escapes_links_and_bombs(tmp_path: Path) -> None:
    archive = tmp_path / "evil.zip"
    archive.write_bytes(
        build_zip(
            {
                "../escape.md": b"x",
                "/abs/root.md": b"x",
                "ok/../../up.md": b"x",
                "C:/win.md": b"x",
                "top/fine.md": b"# fine",
                "top/bomb.md": b"0" * (9 * 1024 * 1024),
            },
            links={"top/link.md": "/etc/passwd"},
        )
    )
    result = extract_markdown(archive, tmp_path / "out")
    assert result.files == 1 and result.skipped == 6
    extracted = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert extracted == [Path("evil.zip"), Path("out/top/fine.md")]
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))


def test_not_an_archive(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"<html>captive portal</html>")
    with pytest.raises(DownloadError, match="not a valid archive"):
        extract_markdown(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()
