"""Fetch the public collection once, then read offline: download and safe extraction.

The archive is untrusted like any folder a user opens. Extraction keeps only Markdown files,
refuses absolute paths, `..`, links and device entries, and caps the number of files, each
file's size and the total, so a zip bomb or a path escape is an error message, not damage.
Everything lands in a temporary folder first and is moved into place only when complete, so a
cancelled or failed download never leaves half a library behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

DEFAULT_ARCHIVE_URL = "https://github.com/Yash-Kavaiya/Ai-summit/archive/refs/heads/main.zip"
MAX_DOWNLOAD_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
CHUNK = 64 * 1024
MAX_DOWNLOAD_SECONDS = 15 * 60  # the whole download, however slowly bytes arrive

Progress = Callable[[int, int], None]  # (bytes so far, total or -1 when unknown)
Cancelled = Callable[[], bool]


class DownloadError(Exception):
    """A download or extraction that failed, with a message for people."""


class DownloadCancelled(DownloadError):
    pass


@dataclass(frozen=True, slots=True)
class ExtractResult:
    root: Path
    files: int
    skipped: int


def _check_url(url: str) -> None:
    """The rules for every address fetched, the first one and every redirect alike."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DownloadError(f"Only http and https addresses can be downloaded, not “{url[:200]}”.")
    if parts.username or parts.password:
        raise DownloadError("Addresses with a user name or password are not accepted.")


class Cancellation:
    """A cancel button for a download running in another thread: `cancel()` sets the flag and
    shuts the open connection's socket down, so a read blocked on a slow server returns at
    once instead of after the socket timeout. Callable, so it can be passed as `cancelled`."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._socket: Any = None

    def __call__(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()
        with self._lock:
            sock = self._socket
        if sock is not None:
            import socket

            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def attach(self, sock: Any) -> None:
        """The socket a read may block on (None when the connection is done)."""
        with self._lock:
            self._socket = sock
        if sock is not None and self():
            self.cancel()


def download(
    url: str,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = 30.0,
    deadline_s: float = MAX_DOWNLOAD_SECONDS,
) -> Path:
    """Download url to the file target (written as target.part, renamed when complete).

    `timeout`: the longest wait for one answer; `deadline_s`: the longest the whole download
    may take, however slowly the server trickles bytes. A `Cancellation` as `cancelled` also
    aborts a read in progress."""
    from viewer.core.library import fetch  # here: start-up must not pay for the HTTP stack

    cancel = cancelled if isinstance(cancelled, Cancellation) else Cancellation()
    stop = time.monotonic() + deadline_s
    partial = target.with_name(target.name + ".part")
    host = urlsplit(url).hostname
    try:
        response, sock = fetch.connect(url, timeout, cancel.attach, _check_url)
        with response:
            host = urlsplit(url).hostname
            total = fetch.length(response)
            if total > max_bytes:
                raise DownloadError(f"The archive is too large ({total // 2**20} MB).")
            received = 0
            with open(partial, "wb") as out:
                while True:
                    if cancel() or (cancelled and cancelled()):
                        raise DownloadCancelled("Download cancelled.")
                    left = stop - time.monotonic()
                    if left <= 0:
                        raise DownloadError(
                            f"The download took longer than {deadline_s / 60:.0f} minutes "
                            "and was stopped. Try again later."
                        )
                    sock.settimeout(min(timeout, left))
                    chunk = response.read1(CHUNK)
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise DownloadError(f"The archive is larger than {max_bytes // 2**20} MB.")
                    out.write(chunk)
                    if progress:
                        progress(received, total)
            if cancel() or (cancelled and cancelled()):
                raise DownloadCancelled("Download cancelled.")
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
    except fetch.FetchRefused as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(str(error)) from error
    except (OSError, ValueError, fetch.HTTPException) as error:
        partial.unlink(missing_ok=True)
        if cancel() or (cancelled and cancelled()):
            raise DownloadCancelled("Download cancelled.") from error
        if time.monotonic() >= stop:
            raise DownloadError(
                f"The download took longer than {deadline_s / 60:.0f} minutes and was stopped."
            ) from error
        raise DownloadError(
            f"Could not download from {host}: {fetch.plain_error(error)}. Are you offline? "
            "Everything already on this computer still works."
        ) from error
    finally:
        cancel.attach(None)
    os.replace(partial, target)
    return target


def _safe_member_path(name: str) -> PurePosixPath | None:
    """The relative path to extract a member to, or None when it must be skipped."""
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return None
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


def _is_plain_file(info: zipfile.ZipInfo) -> bool:
    # Archives made on Windows or by Python's writestr carry no file type: those are files too.
    file_type = stat.S_IFMT(info.external_attr >> 16)
    return not info.is_dir() and file_type in (0, stat.S_IFREG)


def extract_markdown(
    archive: Path,
    target: Path,
    *,
    cancelled: Cancelled | None = None,
    max_members: int = MAX_MEMBERS,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> ExtractResult:
    """Extract the archive's Markdown files into target (which must not exist yet)."""
    if target.exists():
        raise DownloadError(f"{target} already exists; choose another folder.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".extract-", dir=target.parent))
    try:
        files, skipped = _extract_into(
            archive, staging, cancelled, max_members, max_member_bytes, max_total_bytes
        )
        if files == 0:
            raise DownloadError("The archive holds no Markdown files.")
        os.replace(staging, target)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as error:
        raise DownloadError("The download is not a valid archive.") from error
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return ExtractResult(root=library_root(target), files=files, skipped=skipped)


def _extract_into(
    archive: Path,
    staging: Path,
    cancelled: Cancelled | None,
    max_members: int,
    max_member_bytes: int,
    max_total_bytes: int,
) -> tuple[int, int]:
    files = skipped = total = 0
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > max_members:
            raise DownloadError(f"The archive has too many entries ({len(members)}).")
        for info in members:
            if cancelled and cancelled():
                raise DownloadCancelled("Extraction cancelled.")
            rel = _safe_member_path(info.filename)
            if info.is_dir():
                continue
            if rel is None or not _is_plain_file(info) or rel.suffix.lower() != ".md":
                skipped += 1
                continue
            if info.file_size > max_member_bytes:
                skipped += 1
                continue
            total += info.file_size
            if total > max_total_bytes:
                raise DownloadError("The archive unpacks to more than the size limit.")
            destination = staging.joinpath(*rel.parts)
            with zf.open(info) as source:
                # Read one byte past the declared size: a lying header cannot grow a file.
                data = source.read(max_member_bytes + 1)
            if len(data) > max_member_bytes:
                raise DownloadError(f"{rel} is larger than its archive entry says.")
            if not _write_new(destination, data):
                skipped += 1  # a second entry of the same name, or a name a folder holds
                continue
            files += 1
    return files, skipped


def _write_new(destination: Path, data: bytes) -> bool:
    """Write an extracted file that must not exist yet; False when its name is taken (by an
    earlier entry, or as a folder or file on the way). Other OS errors propagate."""
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with open(destination, "xb") as out:
            out.write(data)
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        return False
    return True


def library_root(target: Path) -> Path:
    """GitHub archives wrap everything in one `Repo-branch/` folder: open that as the library."""
    entries = [e for e in target.iterdir() if not e.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return target


def fetch_collection(
    url: str,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = 30.0,
    deadline_s: float = MAX_DOWNLOAD_SECONDS,
) -> ExtractResult:
    """Download the archive at url and extract its Markdown into target; returns the library.
    Every failure is a DownloadError with a sentence for people."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".download-", dir=target.parent) as tmp:
            archive = download(
                url,
                Path(tmp) / "collection.zip",
                progress=progress,
                cancelled=cancelled,
                max_bytes=max_bytes,
                timeout=timeout,
                deadline_s=deadline_s,
            )
            return extract_markdown(archive, target, cancelled=cancelled)
    except OSError as error:  # the folder it goes to: permissions, a full disk
        reason = error.strerror.lower() if error.strerror else "it could not be written"
        raise DownloadError(
            f"The collection could not be saved on this computer: {reason}."
        ) from error
