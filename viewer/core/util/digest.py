"""Content digests: one rule for a text and one for a file, so two places never disagree."""

from __future__ import annotations

from pathlib import Path

from viewer.core.util.atomic import open_regular, read_at_most

try:  # the BLAKE2 module alone: `hashlib` would load OpenSSL as well, at every start
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

DIGEST_BYTES = 16


def text_digest(text: str) -> str:
    """Hex digest of `text` ("" for an empty text). Lone surrogates (from undecodable file names
    or bytes) are hashed as they are instead of raising."""
    if not text:
        return ""
    data = text.encode("utf-8", "surrogatepass")
    return blake2b(data, digest_size=DIGEST_BYTES).hexdigest()


def file_digest(path: str | Path, max_bytes: int) -> str | None:
    """Hex digest of at most the first `max_bytes + 1` bytes of a file; None when it cannot be
    read. Bounded so a file that grew after the scan cannot cost more memory than the scan allows
    (a larger file is refused by the parser anyway, and its digest still changes with its head)."""
    try:
        with open_regular(Path(path)) as handle:  # a FIFO swapped in after the scan: None
            head = read_at_most(handle, max_bytes + 1)
    except (OSError, ValueError):
        return None
    return blake2b(head, digest_size=DIGEST_BYTES).hexdigest()
