"""HTTP GET for the collection download: redirects checked one by one, errors in words.

Why not urllib: its redirect handler follows `ftp://` and hands credentials in a redirect
target to the next server, and its response hides the socket a cancel must shut down. Here
every hop goes through the caller's `check` (http/https only, no user name or password), at
most MAX_REDIRECTS hops, and the caller is handed each connection's socket (`attach`) so a
cancel can abort a read at once. Imported only when a download starts.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit


class FetchRefused(Exception):
    """The server's answer cannot be downloaded (an error status, a bad redirect); its message
    is for people."""


HTTPException = http.client.HTTPException
MAX_REDIRECTS = 5


def plain_error(error: BaseException) -> str:
    """Why a connection failed, in words (no errno numbers, no exception names)."""
    if isinstance(error, TimeoutError):
        return "the server did not answer in time"
    if isinstance(error, socket.gaierror):
        return "the address could not be found"
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(error, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)):
        return "the connection was closed"
    if isinstance(error, ssl.SSLError):
        return "the secure connection failed"
    if isinstance(error, http.client.HTTPException):
        return "the server's answer was not understood"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return "the connection failed"


def connect(
    url: str, timeout: float, attach: Callable[[Any], None], check: Callable[[str], None]
) -> tuple[http.client.HTTPResponse, socket.socket]:
    """GET `url`, following up to MAX_REDIRECTS redirects, each checked like the first."""
    for _hop in range(MAX_REDIRECTS + 1):
        check(url)
        parts = urlsplit(url)
        connection_type = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_type(parts.hostname or "", parts.port, timeout=timeout)
        connection.connect()
        sock = connection.sock  # the connection lets go of it when the answer ends with it
        attach(sock)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"User-Agent": "summit-viewer"})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location") or ""
            response.close()
            connection.close()
            if not location:
                raise FetchRefused(f"{parts.hostname} redirected to nowhere.")
            url = urljoin(url, location.strip())
            continue
        if response.status != 200:
            reason = (response.reason or "")[:100]
            response.close()
            connection.close()
            raise FetchRefused(f"{parts.hostname} answered {response.status} {reason}.".strip())
        return response, sock
    raise FetchRefused("The address redirects too many times.")


def length(response: http.client.HTTPResponse) -> int:
    """Content-Length as a number, -1 when absent or not a number."""
    value = (response.getheader("Content-Length") or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else -1
