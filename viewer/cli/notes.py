"""`--export-notes OUT [PATH ...]`: the profile's highlights and notes as Markdown, no window.

With PATHs, the notes of the sessions found under them, each passage placed in the current
text of its file (video links at the estimated moment); without, every note kept, listed by
session path. Written atomically, or to stdout for "-". Never imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from viewer.core.export.notes_export import export_notes
from viewer.core.library.notes import NotesStore
from viewer.core.util.appdirs import config_dir
from viewer.core.util.atomic import atomic_write_bytes

EXIT_OK, EXIT_FAILED = 0, 1


def run_export_notes(
    target: str,
    paths: Sequence[str],
    *,
    cache_dir: Path | None = None,
    out: TextIO | None = None,
) -> int:
    store = NotesStore.load(config_dir())
    if store.warning:
        sys.stderr.write(store.warning + "\n")
    library = None
    chosen: set[str] | None = None
    if paths:
        from viewer.core.library.load import load_library

        library = load_library(paths, cache_dir=cache_dir)
        chosen = {s.path for s in library.sessions}
    text = export_notes(store.highlights, library, chosen, markdown=True)
    if target == "-":
        stream = out if out is not None else sys.stdout
        binary = getattr(stream, "buffer", None)
        if binary is not None:
            stream.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        else:
            stream.write(text)
            stream.flush()
        return EXIT_OK
    try:
        atomic_write_bytes(Path(target), text.encode("utf-8"))
    except OSError as error:
        sys.stderr.write(f"summit-viewer: cannot write {target}: {error.strerror or error}\n")
        return EXIT_FAILED
    count = sum(1 for h in store.highlights if chosen is None or h.session in chosen)
    sys.stderr.write(f"{count} highlight{'s' if count != 1 else ''} written to {target}\n")
    return EXIT_OK
