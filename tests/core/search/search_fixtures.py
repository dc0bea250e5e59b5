"""Session files written for the search tests (our own text, never corpus text)."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures.sessions import session_text

FILLER = (
    "we spent the morning talking about budgets and schedules and the weather in the hall "
    "and nobody mentioned anything of interest at all which is how panels often go "
)


def session_markdown(
    title: str,
    *,
    day: int = 1,
    start: str = "10:00",
    end: str = "11:00",
    venue: str = "Hall A | Room 1",
    video_id: str = "",
    speakers: tuple[str, ...] = (),
    summary: str = "",
    takeaways: tuple[str, ...] = (),
    transcript: str = "",
) -> str:
    return session_text(
        title,
        day=day,
        date=f"2026-02-{15 + day}",
        time=f"{start} – {end}",
        venue=venue,
        video_id=video_id or None,
        speakers=[f"- {s}" for s in speakers] or None,
        partners=None,
        summary=summary or None,
        takeaways=[f"{i}. {t}" for i, t in enumerate(takeaways, 1)] or None,
        transcript=transcript or None,
    )


def write_session(root: Path, rel: str, title: str, **kwargs: object) -> Path:
    path = root / f"{rel}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(session_markdown(title, **kwargs), encoding="utf-8")  # type: ignore[arg-type]
    return path


def stream_transcript() -> str:
    """A long 'room stream' transcript: three talks, each with its own distinctive words."""
    parts = []
    for topic in ("glaciers melting quickly", "tabla rhythm workshop", "quantum ledger audit"):
        for i in range(6):
            parts.append(f"&gt;&gt; speaker {i} says {FILLER} and then {topic} came up. {FILLER}")
    return "\n\n".join(parts)


def build_corpus(root: Path) -> None:
    """A small library exercising ranking, phrases, exclusion, facets and a shared stream."""
    day1 = "Day-1_Feb-16/sessions"
    day2 = "Day-2_Feb-17/sessions"
    write_session(
        root,
        f"{day1}/001-Robotics-in-Farming",
        "Robotics in Farming",
        day=1,
        speakers=("Dr. Asha Verma, Agritech Lab",),
        summary="How machines help small farms.",
        video_id="vid00000001",
        transcript=f"{FILLER} tractors and drones. {FILLER}",
    )
    write_session(
        root,
        f"{day1}/002-City-Water",
        "City Water Supply",
        day=1,
        venue="Hall B | Room 9",
        speakers=("Mr. José Núñez, Water Board", "Prof. Asha Verma: Director"),
        transcript=(
            f"{FILLER} someone said robotics once in passing. {FILLER}\n\n"
            "&gt;&gt; the data sovereignty debate is about who controls "
            "records. robot factory lines were mentioned. " + FILLER
        ),
    )
    write_session(
        root,
        f"{day2}/003-Open-Data",
        "Open Data for Everyone",
        day=2,
        video_id="vid00000003",
        speakers=("Ms. Chen Li, Open Data Institute",),
        takeaways=("Sovereignty of data matters.", "Publish early."),
        transcript=(
            f"{FILLER} sovereignty data and data about sovereignty. "
            f"robot farming with care. {FILLER}\n\n&gt;&gt; thank you "
            f"Asha Verma for the question. {FILLER}"
        ),
    )
    shared = stream_transcript()
    for n, (start, end) in enumerate(
        (("09:00", "09:20"), ("09:20", "09:40"), ("09:40", "10:00")), 4
    ):
        write_session(
            root,
            f"{day2}/00{n}-Keynote",
            f"Keynote {n}",
            day=2,
            start=start,
            end=end,
            venue="Plenary | Main Hall",
            video_id="streamvid01",
            speakers=(f"Speaker Number{n}",),
            transcript=shared,
        )
