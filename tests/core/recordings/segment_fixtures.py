"""An invented shared recording as session files: four keynote slots, one recording.

The recording runs out of schedule order (the 10:40 speaker first), spells names as captions
do ("Turin", "Lovelase"), and does not hold the 11:00 slot at all. Every word is invented.
"""

from __future__ import annotations

from pathlib import Path

VIDEO = "Plenary0001"
FILLER_TEXT = (
    "we measured what the systems did in the field and we shared what we learned with the "
    "people who run the clinics and the schools every week"
)
FILLER = FILLER_TEXT.split()
# (file stem, slot, speaker entry) in schedule order.
SLOTS = (
    ("001-Keynote", "10:00 – 10:20", "Dr. Ada Lovelace, Analytical Society"),
    ("002-Keynote", "10:20 – 10:40", "Ms. Grace Hopper - Admiral, Navy"),
    ("003-Keynote", "10:40 – 11:00", "Prof. Alan Turing, Example University"),
    ("004-Keynote", "11:00 – 11:20", "Ms. Marie Curie, Radium Institute"),
)
DAY = "Day-4_Feb-19/sessions"


def filler(count: int, word: str = "") -> str:
    """`count` neutral words; `word` (if given) replaces the middle one, to be searched for."""
    words = [FILLER[i % len(FILLER)] for i in range(count)]
    if word:
        words[count // 2] = word
    return " ".join(words)


# Caption blocks as the files have them: `&gt;&gt;` marks a new speaker.
TRANSCRIPT = "\n\n".join(
    (
        filler(300),
        "&gt;&gt; Ladies and gentlemen, please welcome Professor Alan Turin.",
        filler(900, "enigmatic"),
        "&gt;&gt; Thank you. Now I invite Doctor Ada Lovelase on the stage.",
        filler(900, "engines"),
        "&gt;&gt; May I request Ms. Grace Hoper to join us.",
        filler(900, "compilers"),
    )
)


def session_file(title: str, slot: str, speaker: str, video: str, transcript: str) -> str:
    link = f"https://youtube.com/live/{video}?feature=share"
    return (
        f"# {title}\n\n**India AI Impact Summit 2026 — Day 4 (2026-02-19)**\n\n---\n\n"
        "## 📌 Session Details\n\n| | |\n|---|---|\n"
        f"| ⏰ **Time** | {slot} |\n| 📍 **Venue** | Bharat Mandapam | Plenary Hall |\n"
        f"| 📅 **Date** | 2026-02-19 |\n| 🎥 **Video** | [▶️ Watch on YouTube]({link}) |\n\n"
        f"## 🎤 Speakers\n\n- {speaker}\n\n---\n\n"
        f"## 📝 Transcript\n\n{transcript}\n"
    )


def write_recording(root: Path) -> dict[str, str]:
    """Write the four shared slots and one session with its own video under `root`; return
    {speaker surname: session path}."""
    folder = root / DAY
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for stem, slot, speaker in SLOTS:
        text = session_file("Keynote", slot, speaker, VIDEO, TRANSCRIPT)
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        paths[speaker.split(",")[0].split(" - ")[0].split()[-1]] = f"{DAY}/{stem}"
    alone = session_file(
        "Own Video", "12:00 – 13:00", "Mr. Bo Sample", "OwnVideo001", filler(200, "enigmatic")
    )
    (folder / "005-Own-Video.md").write_text(alone, encoding="utf-8")
    paths["Sample"] = f"{DAY}/005-Own-Video"
    return paths
