"""Finding each session's part of a shared recording, on small invented recordings.

Every recording here is written for the test: neutral filler words between the host's lines,
so each cue (host introduction, misspelled name, title words, thanks, resumption, schedule)
is tested on its own.
"""

from __future__ import annotations

import time

import pytest

from viewer.core.recordings.segments import Segment, place_recording
from viewer.core.session.model import Session
from viewer.core.session.parse import split_speaker, transcript_stats, transcript_tokens

FILLER_TEXT = (
    "we measured what the systems did in the field and we shared what we learned with the "
    "people who run the clinics and the schools every week"
)
FILLER = FILLER_TEXT.split()


def filler(count: int) -> str:
    return " ".join(FILLER[i % len(FILLER)] for i in range(count))


def session(
    path: str, slot: str, speakers: tuple[str, ...] = (), title: str = "Keynote"
) -> Session:
    start, _, end = slot.partition("-")
    return Session(
        path=path,
        title=title,
        date="2026-02-19",
        start=start,
        end=end,
        video_id="Recording01",
        speakers=tuple(split_speaker(s) for s in speakers),
        has_transcript=True,
    )


def place(text: str, sessions: list[Session]) -> dict[str, Segment]:
    count = len(sessions)
    return place_recording("Recording01", text, sessions, [i / count for i in range(count)])


def position_of(text: str, phrase: str, nth: int = 0) -> int:
    """Word position (as `transcript_words` counts) where `phrase` begins (its nth time)."""
    words = transcript_tokens(text)
    first = phrase.split()
    found = [i for i in range(len(words)) if words[i : i + len(first)] == first]
    if len(found) <= nth:
        raise AssertionError(phrase)
    return found[nth]


KEYNOTES = [
    session("a", "10:00-10:20", ("Dr. Ada Lovelace, Analytical Society",)),
    session("b", "10:20-10:40", ("Ms. Grace Hopper - Admiral, Navy",)),
    session("c", "10:40-11:00", ("Prof. Alan Turing",)),
]


def test_host_cues_and_misspelled_names_place_sessions_out_of_order() -> None:
    text = (
        f"{filler(300)} Ladies and gentlemen, please welcome Professor Alan Turin. "
        f"{filler(900)} Thank you. Now I invite Doctor Ada Lovelase on the stage. "
        f"{filler(900)} May I request Ms. Grace Hoper to join us. {filler(900)}"
    )
    found = place(text, KEYNOTES)
    c, a, b = found["c"], found["a"], found["b"]
    assert c.start_word == position_of(text, "please welcome Professor")
    assert a.start_word == position_of(text, "I invite Doctor")
    assert b.start_word == position_of(text, "May I request")
    total = transcript_stats(text)[0]
    assert (c.end_word, a.end_word, b.end_word) == (a.start_word, b.start_word, total)
    assert all(s.basis == "transcript" and not s.absent for s in found.values())
    assert c.cue == 'host: "please welcome" + name "Turin" (Turing)'
    assert a.cue is not None and '"Lovelase" (Lovelace)' in a.cue
    assert b.cue is not None and b.cue.startswith('host: "may i request"')
    assert c.recording == "Recording01" and c.sessions == 3
    assert 0.5 < c.confidence <= 1.0


def test_a_session_never_named_is_absent() -> None:
    sessions = [*KEYNOTES, session("d", "11:00-11:20", ("Ms. Marie Curie",))]
    text = (
        f"please welcome Ada Lovelace. {filler(800)} please welcome Grace Hopper. "
        f"{filler(800)} please welcome Alan Turing. {filler(800)}"
    )
    found = place(text, sessions)
    assert found["d"].absent and found["d"].start_word is None and found["d"].end_word is None
    assert not any(found[p].absent for p in "abc")
    assert found["c"].end_word == transcript_stats(text)[0]


def test_title_words_place_sessions_without_speakers() -> None:
    sessions = [
        session("soil", "09:00-10:00", title="Soil Sensors for Small Farms"),
        session("ships", "10:00-11:00", title="Ocean Shipping and Port Logistics"),
    ]
    text = (
        f"{filler(200)} over to you for our panel on port logistics and ocean shipping. "
        f"{filler(1200)} I invite the panel on soil sensors for farms. {filler(1200)}"
    )
    found = place(text, sessions)
    assert found["ships"].start_word == position_of(text, "over to you")
    assert found["soil"].start_word == position_of(text, "I invite the panel")
    assert found["soil"].cue is not None and '"sensors"' in found["soil"].cue


def test_without_cues_the_schedule_estimate_is_used_and_said() -> None:
    sessions = [session("x", "09:00-10:00"), session("y", "10:00-11:00")]
    text = filler(2000)
    found = place(text, sessions)
    assert found["y"].basis == "schedule" and found["y"].cue is None
    assert found["y"].start_word == 1000 and found["y"].end_word == 2000
    assert found["y"].confidence < found["y"].confidence + 0.5 <= 1.0
    assert not found["x"].absent and found["x"].start_word == 0


def test_schedule_estimates_sit_between_found_neighbours() -> None:
    sessions = [
        session("a", "10:00-10:20", ("Ada Lovelace",)),
        session("gap", "10:20-10:40"),
        session("c", "10:40-11:00", ("Alan Turing",)),
    ]
    text = (
        f"{filler(500)} please welcome Ada Lovelace. {filler(600)} "
        f"please welcome Alan Turing. {filler(300)}"
    )
    found = place(text, sessions)
    a, gap, c = (found[p].start_word for p in ("a", "gap", "c"))
    assert a is not None and gap is not None and c is not None
    assert a < gap < c and found["gap"].basis == "schedule"


def test_a_part_the_recording_opens_in_is_placed_at_its_start() -> None:
    text = (
        f"{filler(700)} Thank you so much Mr. Alan Turing for that conversation. Ladies and "
        f"gentlemen, please welcome Ada Lovelace. {filler(900)} "
        f"please welcome Grace Hopper. {filler(900)}"
    )
    found = place(text, KEYNOTES)
    assert found["c"].start_word == 0 and found["c"].end_word == found["a"].start_word
    assert found["c"].cue is not None and "thanked" in found["c"].cue


def test_a_later_slot_of_the_same_event_resumes_after_the_break() -> None:
    sessions = [
        session("morning", "12:30-13:55", ("Ada Lovelace",), title="Youth Challenge Finale"),
        session("afternoon", "14:00-15:25", ("Ada Lovelace",), title="Youth Challenge Finale"),
    ]
    text = (
        f"welcome to the youth challenge finale, over to you Ada Lovelace. {filler(1500)} "
        f"we will take a short break. {filler(100)} welcome back to the second half of the "
        f"finale. {filler(1700)}"
    )
    found = place(text, sessions)
    assert found["morning"].start_word == 0
    assert found["afternoon"].start_word == position_of(text, "welcome back")
    assert found["morning"].end_word == found["afternoon"].start_word
    assert found["afternoon"].cue == 'resumes: "welcome back"'


def test_two_entries_for_one_slot_share_the_whole_recording() -> None:
    sessions = [
        session("one", "15:30-16:30", ("Grace Hopper",), title="Compilers Today"),
        session("two", "15:30-16:30", ("Grace Hopper",), title="Compilers Today"),
    ]
    text = f"{filler(400)} as Grace Hopper said compilers matter. {filler(400)}"
    found = place(text, sessions)
    assert found["one"] == found["two"]
    assert found["one"].start_word == 0 and found["one"].end_word == transcript_stats(text)[0]


def test_positions_count_words_as_transcript_words_does() -> None:
    text = (
        ">> good morning >> and >>> welcome\n\n>> \u00a0" + filler(400) + " >> please welcome "
        "Grace Hopper. " + filler(400) + " >> please welcome Alan Turing " + filler(400)
    )
    found = place(text, KEYNOTES)
    words = transcript_tokens(text)
    assert len(words) == transcript_stats(text)[0]
    start = found["b"].start_word
    assert start is not None and words[start : start + 2] == ["please", "welcome"]
    assert found["c"].end_word == len(words)


def test_contract_record_has_the_documented_fields() -> None:
    found = place(f"please welcome Ada Lovelace {filler(50)}", KEYNOTES)
    record = found["a"].as_record()
    assert list(record) == [
        "recording",
        "sessions",
        "start_word",
        "end_word",
        "basis",
        "absent",
        "cue",
    ]
    assert found["a"].holds(0) and not found["a"].holds(10**6)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ">> >> >>",
        "x" * 200_000,
        " ".join(["please welcome"] * 20_000),
        " ".join(f"Lovelace{i} Turing Alan" for i in range(20_000)),
    ],
)
def test_hostile_transcripts_are_placed_quickly(text: str) -> None:
    began = time.perf_counter()
    found = place(text, KEYNOTES)
    assert set(found) == {"a", "b", "c"}
    assert time.perf_counter() - began < 5.0
    total = transcript_stats(text)[0]
    for segment in found.values():
        if segment.start_word is not None:
            assert segment.end_word is not None
            assert 0 <= segment.start_word <= segment.end_word <= max(total, 1)


def test_a_panel_starts_at_its_introduction_not_at_a_later_hand_over() -> None:
    panels = [
        ("p1", "10:00-11:00", ("Ada Lovelace", "Grace Hopper"), "Compilers and Proofs"),
        ("p2", "11:00-12:00", ("Donald Knuth", "Frances Allen"), "Typesetting Beauty"),
    ]
    sessions = [session(p, slot, names, title) for p, slot, names, title in panels]
    text = filler(200)
    for _path, _slot, names, title in reversed(panels):  # run in the other order
        text += f" welcome to the panel on {title}. I invite our panelists on the stage. "
        for turn in range(6):  # the moderator hands over by name, again and again
            text += f"{filler(400)} thank you. over to you {names[turn % 2]}, your view? "
        text += filler(300)
    found = place(text, sessions)
    assert found["p2"].start_word == position_of(text, "I invite our panelists")
    assert found["p1"].start_word == position_of(text, "I invite our panelists", 1)
    assert found["p1"].cue == 'host: "i invite" + title words "compilers", "proofs"'


def test_two_entries_for_one_slot_under_different_titles_share_a_part() -> None:
    sessions = [
        session("a", "10:00-10:20", ("Ada Lovelace",), title="Engines of Thought"),
        session("a2", "10:00-10:20", ("Ada Lovelace",), title="Analytical Engines Today"),
        session("b", "10:20-10:40", ("Grace Hopper",)),
    ]
    text = (
        f"{filler(300)} please welcome Grace Hopper. {filler(900)} "
        f"please welcome Ada Lovelace. {filler(900)}"
    )
    found = place(text, sessions)
    assert found["a"] == found["a2"]
    assert found["a"].start_word == position_of(text, "please welcome Ada")
