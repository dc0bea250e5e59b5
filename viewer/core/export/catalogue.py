"""The catalogue export (`--export-json`): every session's metadata and every problem as JSON.

The schema is a contract with scripts (DESIGN.md), so it is spelled out field by field here
rather than derived from the dataclass: adding a field to `Session` must not change it silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from viewer.core.library.load import Library
from viewer.core.library.quality import Quality
from viewer.core.recordings.segments import Segment
from viewer.core.session.model import ParseProblem, Session
from viewer.core.text.venues import canonical_venue
from viewer.core.util.atomic import atomic_write_bytes

SESSION_FIELDS = (
    "path",
    "title",
    "day",
    "date",
    "start",
    "end",
    "venue",
    "building",
    "room",
    "video_url",
    "video_id",
    "speakers",
    "partners",
    "summary",
    "takeaways",
    "has_transcript",
    "transcript_words",
    "speaker_changes",
    "venue_canonical",
    "segment",
    "quality",
)


def session_record(
    session: Session, segment: Segment | None = None, quality: Quality | None = None
) -> dict[str, Any]:
    """One session as the catalogue describes it (header fields with summary and takeaways:
    `Library.with_texts`; no transcript). `segment`: its part of a shared recording
    (`Library.segment_of`), exported as null when it shares none. `quality`: how far its
    transcript can be trusted (`Library.quality_of`), null when not judged."""
    return {
        "path": session.path,
        "title": session.title,
        "day": session.day,
        "date": session.date,
        "start": session.start,
        "end": session.end,
        "venue": session.venue,
        "building": session.building,
        "room": session.room,
        "video_url": session.video_url,
        "video_id": session.video_id,
        "speakers": [
            {"text": s.text, "name": s.name, "affiliation": s.affiliation} for s in session.speakers
        ],
        "partners": list(session.partners),
        "summary": session.summary,
        "takeaways": list(session.takeaways),
        "has_transcript": session.has_transcript,
        "transcript_words": session.transcript_words,
        "speaker_changes": session.speaker_changes,
        "venue_canonical": canonical_venue(session.building, session.room),
        "segment": segment.as_record() if segment is not None else None,
        "quality": quality.as_record() if quality is not None else None,
    }


def problem_record(problem: ParseProblem) -> dict[str, str]:
    return {"path": problem.path, "reason": problem.reason}


def catalogue(library: Library) -> dict[str, list[dict[str, Any]]]:
    return {
        "sessions": [
            session_record(
                library.with_texts(s.path), library.segment_of(s.path), library.quality_of(s.path)
            )
            for s in library.sessions
        ],
        "problems": [problem_record(p) for p in library.problems],
    }


def catalogue_json(library: Library) -> str:
    return json.dumps(catalogue(library), ensure_ascii=False, indent=1) + "\n"


def write_catalogue(library: Library, out: str | Path, stdout: TextIO | None = None) -> None:
    """Write the catalogue to `out` atomically, or to stdout when `out` is "-".

    Raises OSError when the file cannot be written (the caller reports it).
    """
    text = catalogue_json(library)
    if str(out) == "-":
        stream = stdout if stdout is not None else sys.stdout
        binary = getattr(stream, "buffer", None)
        if binary is not None:  # UTF-8 whatever the locale's encoding is
            stream.flush()
            binary.write(text.encode("utf-8"))
            binary.flush()
        else:
            stream.write(text)
            stream.flush()
        return
    atomic_write_bytes(Path(out), text.encode("utf-8"))
