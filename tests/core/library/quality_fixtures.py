"""An invented collection with one session per quality flag, written as session files.

Every text is made for the tests: neutral filler words between the lines that matter, so each
flag's evidence (a speaker named, title words, words per minute, a shared video, a second
entry) is present or absent on purpose.
"""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.sessions import session_text

FILLER_TEXT = (
    "we measured what the systems did in the field and we shared what we learned with the "
    "people who run the clinics every week and then we went back and measured again"
)
FILLER = FILLER_TEXT.split()


def filler(count: int) -> str:
    return " ".join(FILLER[i % len(FILLER)] for i in range(count))


def blocks(words: str) -> str:
    """Caption blocks of about 60 words, as the files hold them."""
    tokens = words.split()
    return "\n\n".join(" ".join(tokens[i : i + 60]) for i in range(0, len(tokens), 60))


# Path stem -> what the session is for.
GENUINE = "Day-2_Feb-17/sessions/001-Groundwater-Sensing"
NO_TEXT = "Day-2_Feb-17/sessions/002-Quantum-Ledgers"
FRAGMENT = "Day-2_Feb-17/sessions/003-Coral-Reef-Mapping"
WRONG = "Day-2_Feb-17/sessions/004-Glacier-Hydrology"
OWNER = "Day-2_Feb-17/sessions/005-Seismic-Early-Warning"
FIRST_ENTRY = "Day-2_Feb-17/sessions/006-Fireside-Chat"
SECOND_ENTRY = "Day-2_Feb-17/sessions/007-Fireside-Conversation"
MISSPELLED = "Day-2_Feb-17/sessions/008-Identity-Rails"
SHARED_PAIR = [
    "Day-3_Feb-18/sessions/020-Wetland-Restoration",
    "Day-3_Feb-18/sessions/021-Desert-Solar-Farms",
]
SHARED_DAY = [f"Day-5_Feb-20/sessions/0{10 + n}-Keynote" for n in range(4)]


def write(root: Path, rel: str, text: str) -> None:
    path = root / f"{rel}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build(root: Path) -> Path:
    """Write the collection under `root`; returns `root`."""
    # 20 minutes, about 130 words a minute, its speaker introduced and its topic discussed.
    genuine = (
        "please welcome Asha Verma "
        + filler(1200)
        + " groundwater sensing for small farms needs cheap sensors and groundwater maps "
        + filler(1400)
    )
    write(
        root,
        GENUINE,
        session_text(
            "Groundwater Sensing for Small Farms",
            time="10:00 – 10:20",
            video_id="Video000001",
            speakers=("- Dr. Asha Verma, Institute of Civic Computing",),
            transcript=blocks(genuine),
        ),
    )
    write(
        root,
        NO_TEXT,
        session_text(
            "Quantum Ledgers",
            time="11:00 – 12:00",
            video_id=None,
            speakers=("- Kofi Mensah, Ledger Lab",),
            transcript=None,
        ),
    )
    # An hour's slot, 300 words.
    write(
        root,
        FRAGMENT,
        session_text(
            "Coral Reef Mapping",
            time="12:00 – 13:00",
            video_id="Video000003",
            speakers=("- Lena Sorensen, Ocean Institute",),
            transcript=blocks("coral reef mapping with drones " + filler(295)),
        ),
    )
    # 15 minutes of another talk: the owner's speakers named in full, its title's words.
    wrong = (
        "may I request Priya Ramaswamy and Tomas Okonkwo to join "
        + filler(700)
        + " seismic early warning networks need seismic sensors in every district "
        + filler(700)
        + " thank you Priya Ramaswamy thank you Tomas Okonkwo"
    )
    write(
        root,
        WRONG,
        session_text(
            "Glacier Hydrology and Meltwater Forecasts",
            time="14:00 – 14:15",
            video_id="Video000004",
            speakers=("- Ingrid Halvorsen, Polar Centre", "- Marco Bellucci, Alpine Lab"),
            transcript=blocks(wrong),
        ),
    )
    write(
        root,
        OWNER,
        session_text(
            "Seismic Early Warning Networks",
            time="15:00 – 16:00",
            video_id=None,
            speakers=("- Dr. Priya Ramaswamy, Quake Lab", "- Tomas Okonkwo, Fault Systems"),
            transcript=None,
        ),
    )
    # One session listed twice: same slot and speakers, different titles, one without video.
    for rel, title, video, text in (
        (FIRST_ENTRY, "Fireside Chat", None, None),
        (
            SECOND_ENTRY,
            "Fireside Conversation",
            "Video000007",
            blocks("please welcome Ravi Iyer " + filler(2400)),
        ),
    ):
        write(
            root,
            rel,
            session_text(
                title,
                time="16:00 – 16:20",
                video_id=video,
                speakers=("- Ravi Iyer, Data Commons",),
                transcript=text,
            ),
        )
    # Named only as the captions spell him ("Nilakani" for Nilekani).
    write(
        root,
        MISSPELLED,
        session_text(
            "Identity Rails",
            time="17:00 – 17:20",
            video_id="Video000008",
            speakers=("- Nandan Nilekani, Infosys",),
            transcript=blocks("i invite Nandan Nilakani " + filler(2500)),
        ),
    )
    # A 300-word recording attached to four one-hour keynotes of one day.
    shared = blocks("good morning " + filler(298))
    for n, rel in enumerate(SHARED_DAY):
        write(
            root,
            rel,
            session_text(
                "Keynote",
                day=5,
                date="2026-02-20",
                time=f"{9 + n:02d}:00 – {10 + n:02d}:00",
                video_id="SharedDay05",
                speakers=(f"- Speaker Number{'ABCD'[n]}, Somewhere",),
                transcript=shared,
            ),
        )
    # A full recording attached to two slots; only the first session is in it.
    pair = blocks(
        "please welcome Olga Petrova " + filler(1300) + " wetland restoration " + filler(1300)
    )
    for rel, title, speaker, slot in (
        (SHARED_PAIR[0], "Wetland Restoration", "- Olga Petrova, Marsh Trust", "10:00 – 10:20"),
        (SHARED_PAIR[1], "Desert Solar Farms", "- Hamid Karimi, Sun Fields", "10:20 – 10:40"),
    ):
        write(
            root,
            rel,
            session_text(
                title,
                day=3,
                date="2026-02-18",
                time=slot,
                video_id="SharedPair1",
                speakers=(speaker,),
                transcript=pair,
            ),
        )
    return root
