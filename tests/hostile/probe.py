"""Child process for the hostile tests: loads (and renders) each case, one JSON line per case.

Why a child process: a hang inside a C call (a regular expression, a blocking open of a FIFO)
holds the GIL, so a thread with a timeout cannot bound it; a process can be killed. The parent
test reads the lines printed before a kill, so the case that hung is named in the failure.

    python -m tests.hostile.probe load LIBRARY     one line per case folder, then one "*" line
    python -m tests.hostile.probe render LIBRARY   one line per session: rendered HTML and time
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def _emit(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def _load(folder: Path) -> dict[str, Any]:
    from viewer.core.library.load import load_library

    began = time.perf_counter()
    library = load_library([folder])
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "sessions": [
            {
                "path": s.path,
                "source": s.source,
                "title": s.title,
                "video_url": s.video_url,
                "video_id": s.video_id,
                "speakers": len(s.speakers),
            }
            for s in library.sessions
        ],
        "problems": [{"path": p.path, "reason": p.reason} for p in library.problems],
    }


def load(library: Path) -> None:
    for folder in sorted(p for p in library.iterdir() if p.is_dir()):
        try:
            record = _load(folder)
        except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
            record = {"error": f"{type(error).__name__}: {error}"}
        _emit({"case": folder.name, **record})
    record = _load(library)
    _emit({"case": "*", **record})


def render(library: Path) -> None:
    from viewer.core.library.load import load_library
    from viewer.core.text.render import render_markdown

    lib = load_library([library])
    for header in lib.sessions:
        session = lib.full_session(header.path)
        case = header.path.split("/", 1)[0]
        fields = {
            "summary": session.summary,
            "speakers": "\n".join(f"- {sp.text}" for sp in session.speakers),
            "partners": "\n".join(f"- {p}" for p in session.partners),
            "takeaways": "\n".join(f"1. {t}" for t in session.takeaways),
            "title": session.title,
        }
        for name, text in fields.items():
            began = time.perf_counter()
            try:
                result = render_markdown(text)
                record = {"html": result.html, "fallback": result.fallback, "reason": result.reason}
            except Exception as error:  # noqa: BLE001 - reported to the parent as a failure
                record = {"error": f"{type(error).__name__}: {error}"}
            _emit(
                {
                    "case": case,
                    "path": header.path,
                    "field": name,
                    "seconds": time.perf_counter() - began,
                    **record,
                }
            )


def main() -> int:
    mode, library = sys.argv[1], Path(sys.argv[2])
    {"load": load, "render": render}[mode](library)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
