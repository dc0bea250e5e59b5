"""Jump near the moment: estimates from word share and time slots."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from tests.fixtures.sessions import session_text
from viewer.core.session.model import Session, SharedStream
from viewer.core.session.moment import estimate_moment, format_clock, slot_minutes, stream_minutes
from viewer.core.session.parse import parse_session


def session(time: str = "12:30 – 13:30", video: str | None = "Ab3_dE5-gH7") -> Session:
    result = parse_session(session_text(time=time, video_id=video), "p")
    assert isinstance(result, Session)
    return result


def test_own_video_uses_word_share_of_the_slot() -> None:
    s = session("12:30 – 13:30")
    estimate = estimate_moment(s, words_before=500, total_words=1000)
    assert estimate.seconds == 30 * 60
    query = parse_qs(urlparse(estimate.url).query)
    assert query == {"v": ["Ab3_dE5-gH7"], "t": ["1800s"]}
    assert "estimate" in estimate.label and "30:00" in estimate.label


def test_start_only_session_assumes_an_hour() -> None:
    assert slot_minutes(session("09:30")) == 60
    assert estimate_moment(session("09:30"), 1, 4).seconds == 15 * 60


def test_shared_stream_uses_whole_stream_length() -> None:
    a, b = session("10:00 – 10:20"), session("10:20 – 12:00")
    stream = SharedStream("Ab3_dE5-gH7", ("a", "b"), (0.0, 0.2))
    assert stream_minutes([a, b]) == 120
    estimate = estimate_moment(b, 250, 1000, stream, [a, b])
    assert estimate.seconds == 30 * 60


def test_no_video_gives_no_url_and_clamps() -> None:
    estimate = estimate_moment(session(video=None), 5000, 1000)
    assert estimate.url == "" and estimate.seconds == 60 * 60
    assert estimate_moment(session(), 10, 0).seconds == 0


def test_format_clock() -> None:
    assert format_clock(59) == "0:59"
    assert format_clock(3723) == "1:02:03"


def test_shared_stream_estimates_run_from_the_found_start() -> None:
    a, b = session("10:00 – 10:20"), session("10:20 – 12:00")
    stream = SharedStream("Ab3_dE5-gH7", ("a", "b"), (0.0, 0.2))
    # b's part was found to begin at word 400 of 1000: 48 minutes into the 2-hour stream.
    estimate = estimate_moment(b, 450, 1000, stream, [a, b], part_start=400)
    assert estimate.seconds == 54 * 60  # 50 words later, at 7.2 seconds a word
    assert "6:00 after where this session's part begins, at about 48:00" in estimate.label
    before = estimate_moment(b, 350, 1000, stream, [a, b], part_start=400)
    assert before.seconds == 42 * 60 and "6:00 before" in before.label
    assert estimate_moment(b, 450, 1000, stream, [a, b], part_start=5000).seconds == 54 * 60
