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


def test_every_redirect_is_checked_like_the_first_address(server: Server, tmp_path: Path) -> None:
    """Issue 20 item 9: no ftp:// hop, no credentials in a hop; a plain http hop is followed."""
    from tests.fixtures.http import Listener

    ftp = Listener()
    try:
        server.redirects["/to-ftp.zip"] = f"ftp://127.0.0.1:{ftp.port}/a.zip"
        with pytest.raises(DownloadError, match="Only http and https"):
            fetch_collection(f"{server.url}/to-ftp.zip", tmp_path / "lib", timeout=5)
        assert ftp.connections() == 0
    finally:
        ftp.close()
    server.redirects["/to-creds.zip"] = f"http://user:pw@127.0.0.1:{server.url.rsplit(':', 1)[1]}/x"
    with pytest.raises(DownloadError, match="user name or password"):
        fetch_collection(f"{server.url}/to-creds.zip", tmp_path / "lib", timeout=5)
    assert "/x" not in server.requests
    server.routes["/main.zip"] = COLLECTION
    server.redirects["/moved.zip"] = "/main.zip"
    assert fetch_collection(f"{server.url}/moved.zip", tmp_path / "lib").files == 3
    assert not (tmp_path / "lib2").exists()


def test_a_trickling_server_meets_the_overall_deadline(server: Server, tmp_path: Path) -> None:
    """Issue 20 item 8: one byte every 0.4 s never trips the socket timeout; the deadline does."""
    import time

    server.routes["/slow.zip"] = COLLECTION
    server.trickle["/slow.zip"] = 0.4
    started = time.monotonic()
    with pytest.raises(DownloadError, match="took longer"):
        fetch_collection(f"{server.url}/slow.zip", tmp_path / "lib", timeout=5, deadline_s=1.5)
    assert time.monotonic() - started < 5
    assert list(tmp_path.iterdir()) == []


def test_cancel_aborts_a_blocked_read_at_once(server: Server, tmp_path: Path) -> None:
    """Issue 20 item 8: cancel from another thread while a read waits on a silent server."""
    import threading
    import time

    from viewer.core.library.download import Cancellation

    server.routes["/silent.zip"] = b"PK" * 3
    server.trickle["/silent.zip"] = 4.0  # a byte, then 4 s of silence, ...
    cancel = Cancellation()
    threading.Timer(0.5, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        fetch_collection(f"{server.url}/silent.zip", tmp_path / "lib", cancelled=cancel)
    assert time.monotonic() - started < 2.5
    assert list(tmp_path.iterdir()) == []


def test_messages_are_plain_words(server: Server, tmp_path: Path) -> None:
    """Issue 20 item 13: a bad Content-Length and duplicate names in a zip leak no internals."""
    import warnings

    server.routes["/odd.zip"] = COLLECTION
    server.lengths["/odd.zip"] = "12abc"
    assert fetch_collection(f"{server.url}/odd.zip", tmp_path / "lib").files == 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        twice = build_zip({"r/a.md": b"# A\n", "r/b.md": b"# B\n", "r/b.md/c.md": b"# C\n"}) + b""
        archive = tmp_path / "twice.zip"
        archive.write_bytes(twice)
        import zipfile

        with zipfile.ZipFile(archive, "a") as zf:
            zf.writestr("r/a.md", b"# A again\n")
    result = extract_markdown(archive, tmp_path / "out")
    assert result.files == 2 and result.skipped == 2
    assert (result.root / "a.md").read_bytes() == b"# A\n"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(DownloadError) as caught:
        fetch_collection(f"http://127.0.0.1:{port}/a.zip", tmp_path / "lib3", timeout=5)
    assert "Errno" not in str(caught.value) and "refused" in str(caught.value)
