"""The link policy table: what opens, what asks, what is refused (and why)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from viewer.core.text.links import MAX_URL_LENGTH, check_url, youtube_id

OPEN = [
    "https://youtube.com/live/abcdefghijk?feature=share",
    "https://www.youtube.com/watch?v=abcdefghijk",
    "http://m.youtube.com/watch?v=abcdefghijk",
    "https://youtu.be/abcdefghijk",
    "https://www.youtube-nocookie.com/embed/abcdefghijk",
    "https://youtube-nocookie.com/embed/abcdefghijk",
    "  https://YouTube.com/watch?v=abcdefghijk  ",
]

ASK = [
    ("https://example.org/page", "example.org"),
    ("http://indiaai.gov.in/summit?x=1#top", "indiaai.gov.in"),
    ("https://music.youtube.com/watch?v=abcdefghijk", "music.youtube.com"),
    ("https://youtube.com:8443/watch?v=abcdefghijk", "youtube.com"),
    ("https://bücher.example/", "xn--bcher-kva.example"),
    ("https://8.8.8.8/dns", "8.8.8.8"),
]

REFUSE = [
    ("file:///etc/passwd", "file:"),
    ("FILE:///dev/zero", "file:"),
    ("javascript:alert(1)", "javascript:"),
    ("data:text/html,<b>x</b>", "data:"),
    ("smb://server/share", "smb:"),
    ("ftp://example.org/x", "ftp:"),
    ("vscode://open?file=/etc/passwd", "vscode:"),
    ("mailto:someone@example.org", "mailto:"),
    ("/relative/path", "only http"),
    ("https://user:pass@youtube.com/watch?v=abcdefghijk", "user name"),
    ("https://youtube.com@evil.example/", "user name"),
    ("https://youtube.com.evil.example/watch?v=abcdefghijk", "imitates"),
    ("https://www.youtube.com.evil.example/", "imitates"),
    ("https://youtu.be.evil.example/abcdefghijk", "imitates"),
    ("https://y0utube.com/watch", "imitates"),
    ("https://youtube-com.example/", "imitates"),
    ("https://" + "y\u043eutube.com".encode("idna").decode(), "imitates"),  # Cyrillic о
    ("https://уoutube.com/", "imitates"),  # Cyrillic у typed directly
    ("https://localhost/admin", "not valid"),
    ("https://127.0.0.1:8080/", "local or private"),
    ("https://[::1]/", "local or private"),
    ("https://192.168.1.1/", "local or private"),
    ("https://exa mple.org/", "hidden"),
    ("https://example.org/\u202egnp.exe", "hidden"),
    ("https://youtube.com\\@evil.example/", "hidden"),
    ("https:///nohost", "no host"),
    ("https://-bad-.example/", "not valid"),
    ("https://www.xn--be/", "international"),
    ("https://xn--youtube.example/", "imitates"),
    ("https://example.org:99999/", "not a valid"),
    ("", "Empty"),
    ("https://example.org/" + "a" * MAX_URL_LENGTH, "longer than"),
]


@pytest.mark.parametrize("url", OPEN)
def test_youtube_hosts_open_directly(url: str) -> None:
    decision = check_url(url)
    assert decision.action == "open", decision
    assert decision.url.startswith("http")
    assert decision.host in {
        "youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
        "youtube-nocookie.com", "www.youtube-nocookie.com",
    }  # fmt: skip


@pytest.mark.parametrize(("url", "host"), ASK)
def test_other_hosts_ask_with_the_real_host(url: str, host: str) -> None:
    decision = check_url(url)
    assert decision.action == "ask", decision
    assert decision.host == host
    assert host in decision.message
    assert host in decision.url  # what is shown is what would be opened


@pytest.mark.parametrize(("url", "reason"), REFUSE)
def test_dangerous_links_are_refused_with_a_message(url: str, reason: str) -> None:
    decision = check_url(url)
    assert decision.action == "refuse", decision
    assert decision.url == ""
    assert reason.lower() in decision.message.lower()


def test_length_limit_is_inclusive() -> None:
    base = "https://example.org/"
    assert check_url(base + "a" * (MAX_URL_LENGTH - len(base))).action == "ask"
    assert check_url(base + "a" * (MAX_URL_LENGTH - len(base) + 1)).action == "refuse"


@pytest.mark.parametrize(
    ("url", "vid"),
    [
        ("https://youtube.com/live/AbC_-1234567?feature=share", ""),  # 12 chars: not an id
        ("https://youtube.com/live/AbC_-123456?feature=share", "AbC_-123456"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", ""),
        ("https://example.org/watch?v=dQw4w9WgXcQ", ""),
        ("https://www.youtube.com/channel/UCabcdefghijk", ""),
        ("not a url", ""),
    ],
)
def test_youtube_id(url: str, vid: str) -> None:
    assert youtube_id(url) == vid


@given(st.text(max_size=300))
def test_never_raises_and_only_http_is_ever_allowed(text: str) -> None:
    for candidate in (text, "https://" + text, "http://youtube.com" + text):
        decision = check_url(candidate)
        assert decision.action in {"open", "ask", "refuse"}
        if decision.action != "refuse":
            assert decision.url.lower().startswith(("http://", "https://"))
            assert "@" not in decision.url.split("/")[2]
            assert decision.host
