"""Fetch the public collection once, then read offline: download and safe extraction.

The archive is untrusted like any folder a user opens. Extraction keeps only Markdown files,
refuses absolute paths, `..`, links and device entries, and caps the number of files, each
file's size and the total, so a zip bomb or a path escape is an error message, not damage.
Everything lands in a temporary folder first and is moved into place only when complete, so a
cancelled or failed download never leaves half a library behind.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

DEFAULT_ARCHIVE_URL = "https://github.com/Yash-Kavaiya/Ai-summit/archive/refs/heads/main.zip"
MAX_DOWNLOAD_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 8 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
CHUNK = 64 * 1024

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
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DownloadError(f"Only http and https addresses can be downloaded, not “{url[:200]}”.")
    if parts.username or parts.password:
        raise DownloadError("Addresses with a user name or password are not accepted.")


def download(
    url: str,
    target: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    timeout: float = 30.0,
) -> Path:
    """Download url to the file target (written as target.part, renamed when complete)."""
    import urllib.error  # here, not at the top: start-up must not pay for the HTTP stack
    import urllib.request

    _check_url(url)
    partial = target.with_name(target.name + ".part")
    request = urllib.request.Request(url, headers={"User-Agent": "summit-viewer"})
    host = urlsplit(url).hostname
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or -1)
            if total > max_bytes:
                raise DownloadError(f"The archive is too large ({total // 2**20} MB).")
            received = 0
            with open(partial, "wb") as out:
                while chunk := response.read(CHUNK):
                    if cancelled and cancelled():
                        raise DownloadCancelled("Download cancelled.")
                    received += len(chunk)
                    if received > max_bytes:
                        raise DownloadError(f"The archive is larger than {max_bytes // 2**20} MB.")
                    out.write(chunk)
                    if progress:
                        progress(received, total)
    except urllib.error.HTTPError as error:
        partial.unlink(missing_ok=True)
        raise DownloadError(f"{host} answered {error.code} {error.reason}.") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "reason", error)
        raise DownloadError(
            f"Could not download from {host}: {reason}. Are you offline? "
            "Everything already on this computer still works."
        ) from error
    except DownloadError:
        partial.unlink(missing_ok=True)
        raise
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
    except zipfile.BadZipFile as error:
        raise DownloadError(f"The download is not a valid archive ({error}).") from error
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
            destination.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as source, open(destination, "xb") as out:
                # Read one byte past the declared size: a lying header cannot grow a file.
                data = source.read(max_member_bytes + 1)
                if len(data) > max_member_bytes:
                    raise DownloadError(f"{rel} is larger than its archive entry says.")
                out.write(data)
            files += 1
    return files, skipped


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
) -> ExtractResult:
    """Download the archive at url and extract its Markdown into target; returns the library."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=target.parent) as tmp:
        archive = download(
            url,
            Path(tmp) / "collection.zip",
            progress=progress,
            cancelled=cancelled,
            max_bytes=max_bytes,
            timeout=timeout,
        )
        return extract_markdown(archive, target, cancelled=cancelled)
