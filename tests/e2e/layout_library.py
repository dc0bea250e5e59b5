"""A synthetic library for the layout tests: the bundled sample (which has a shared recording)
plus sessions at the extremes of what the detail pane holds, written by the tests.

17 speakers and a long summary; no transcript but a summary and takeaways; one speaker and a
short summary over a long transcript.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.fixtures.sessions import session_text

MANY_SPEAKERS = "Seventeen Voices on Open Compute"
NO_TRANSCRIPT = "A Quiet Room Without Captions"
ONE_SPEAKER = "One Speaker Over a Long Transcript"

_WORDS = [
    *("models", "compute", "public", "data", "language", "farmers", "clinics", "schools"),
    *("budgets", "trust", "audits", "villages", "translation", "latency", "standards"),
    *("procurement", "evaluation", "safety", "open", "weights"),
]


def _transcript(words: int) -> str:
    sentences = []
    for n in range(words // 12):
        picked = [_WORDS[(n * 7 + k * 3) % len(_WORDS)] for k in range(12)]
        sentences.append(("&gt;&gt; " if n % 9 == 0 else "") + " ".join(picked).capitalize() + ".")
    return " ".join(sentences)


def write_layout_library(sample: Path, root: Path) -> Path:
    """Copy `sample` to `root` and add the three extreme sessions to its first day."""
    shutil.copytree(sample, root)
    day = next(p for p in sorted(root.iterdir()) if p.is_dir()) / "sessions"
    speakers = [f"- Speaker Person{n}, Ministry of Example Affairs {n}" for n in range(17)]
    long_summary = " ".join(["A long summary sentence about shared compute for everyone."] * 14)
    takeaways = [f"{n}. Takeaway {n} about budgets, audits and schools." for n in range(1, 9)]
    files = {
        "090-Seventeen-Voices.md": session_text(
            title=MANY_SPEAKERS, speakers=speakers, summary=long_summary,
            transcript=_transcript(4000),
        ),
        "091-Quiet-Room.md": session_text(
            title=NO_TRANSCRIPT, speakers=speakers[:2], summary=long_summary * 2,
            takeaways=takeaways, transcript=None, video_id=None,
        ),
        "092-One-Speaker.md": session_text(
            title=ONE_SPEAKER, speakers=speakers[:1], summary="Short.",
            transcript=_transcript(3000),
        ),
    }  # fmt: skip
    for name, text in files.items():
        (day / name).write_text(text, encoding="utf-8")
    return root
