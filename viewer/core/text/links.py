"""The one link policy: which URLs from untrusted files may be opened, asked about, or refused.

Every link click and the "Open video" button go through `check_url`;
`viewer.ui.common.links.open_url` acts on its decision. The policy is deliberately narrow because
the URLs come from files a user downloaded:

* only `http` / `https` with a real, syntactically valid host (dotted name or public IP);
* the YouTube hosts in `YOUTUBE_HOSTS` open directly (that is what the viewer is for);
* any other host is shown to the user in its real ASCII form (IDNA/punycode, so `xn--ytube-...`
  cannot pose as `youtube.com`) and they are asked first;
* refused with a message: other schemes (`file:`, `javascript:`, `data:`, `smb:`, custom ones),
  credentials in the URL (`user@host`, the classic host-spoofing trick), hosts that imitate
  YouTube (`youtube.com.evil.example`, homographs), control/invisible/bidi characters, private or
  loopback addresses, and URLs over `MAX_URL_LENGTH` characters.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from typing import Literal, NamedTuple
from urllib.parse import parse_qs, urlsplit, urlunsplit

MAX_URL_LENGTH = 2048

YOUTUBE_HOSTS = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "youtube-nocookie.com",
        "www.youtube-nocookie.com",
    }
)

Action = Literal["open", "ask", "refuse"]

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# Letters from other scripts that look like the Latin letters of "youtube"/"youtu.be"; enough to
# catch homographs of the hosts we open without asking (a full confusables table is not needed:
# anything that is not exactly a YouTube host is at least asked about).
_CONFUSABLES = str.maketrans(
    {
        "о": "o", "ο": "o", "օ": "o", "০": "o", "٥": "o", "0": "o",
        "у": "y", "ү": "y", "γ": "y", "ყ": "y",
        "υ": "u", "ս": "u", "ц": "u", "ü": "u", "ʋ": "u",
        "т": "t", "τ": "t", "ţ": "t",
        "ь": "b", "Ь": "b", "в": "b", "ƅ": "b", "ß": "b",
        "е": "e", "ε": "e", "ё": "e", "є": "e", "ҽ": "e",
        "с": "c", "ϲ": "c",
        "м": "m", "ṁ": "m",
        "1": "l", "ӏ": "l", "ι": "i", "і": "i",
    }
)  # fmt: skip


class LinkDecision(NamedTuple):
    """What to do with one URL.

    Attributes:
        action: "open" (trusted host), "ask" (show `host`, confirm) or "refuse".
        url: the URL to hand to the desktop (host in ASCII form); "" when refused.
        host: the real host in ASCII (punycode) form, "" when there is none.
        message: one line for the user: why it was refused, or what is being asked.
    """

    action: Action
    url: str
    host: str
    message: str


def _refuse(message: str, host: str = "") -> LinkDecision:
    return LinkDecision("refuse", "", host, message)


def _skeleton(host: str) -> str:
    """The host with look-alike letters folded to Latin, to spot YouTube impostors."""
    folded = unicodedata.normalize("NFKD", host.casefold().translate(_CONFUSABLES))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.translate(_CONFUSABLES)


def _unicode_host(ascii_host: str) -> str | None:
    """Decode punycode labels (for the look-alike check); None when a label is not valid IDNA."""
    labels = []
    for label in ascii_host.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                return None
        labels.append(label)
    return ".".join(labels)


def _imitates_youtube(ascii_host: str, unicode_host: str) -> bool:
    if ascii_host in YOUTUBE_HOSTS or ascii_host.endswith(".youtube.com"):
        return False
    for form in (ascii_host, unicode_host):
        skeleton = _skeleton(form)
        squashed = skeleton.replace("-", "").replace(".", "").replace("_", "")
        if "youtube" in squashed or "youtu" in skeleton.split("."):
            return True
    return False


def _ascii_host(host: str) -> str | None:
    """The host as lower-case ASCII (IDNA-encoded), or None when it is not a valid host name."""
    host = host.lower()
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(_LABEL.match(lab) for lab in labels):
        return None
    if labels[-1].isdigit():  # "1.2.3" style numbers are not names
        return None
    return host


def _has_invisible(url: str) -> bool:
    return any(unicodedata.category(c) in {"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn"} for c in url)


def check_url(url: str) -> LinkDecision:
    """Decide what to do with `url` from a file; pure, never raises."""
    url = url.strip()
    if not url:
        return _refuse("Empty link.")
    if len(url) > MAX_URL_LENGTH:
        return _refuse(f"Link refused: longer than {MAX_URL_LENGTH} characters.")
    if _has_invisible(url) or "\\" in url:
        return _refuse("Link refused: it contains hidden, control or space characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _refuse("Link refused: it is not a valid web address.")
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        shown = (scheme + ":") if scheme else "this kind of"
        return _refuse(f"Link refused: {shown} links are not opened (only http and https).")
    netloc = parts.netloc
    if "@" in netloc:
        return _refuse("Link refused: it carries a user name or password before the host.")
    raw_host = parts.hostname or ""
    if not raw_host:
        return _refuse("Link refused: it names no host.")

    ip_host = _ip_host(raw_host)
    if ip_host is not None:
        ip, shown = ip_host
        if not ip.is_global:
            return _refuse(f"Link refused: {shown} is a local or private address.", shown)
        host = shown
    else:
        ascii_host = _ascii_host(raw_host)
        if ascii_host is None:
            return _refuse("Link refused: the host name is not valid.")
        host = ascii_host
        unicode_host = _unicode_host(host)
        if unicode_host is None:
            return _refuse(f"Link refused: {host} is not a valid international name.", host)
        if _imitates_youtube(host, unicode_host):
            return _refuse(f"Link refused: {host} imitates YouTube but is not YouTube.", host)

    host_port = host if port is None else f"{host}:{port}"
    safe_url = urlunsplit(
        (
            scheme,
            host_port,  # rebuilt, never the raw netloc: "[::1]junk" parses differently in Qt
            _escape_stray_percent(parts.path),
            _escape_stray_percent(parts.query),
            _escape_stray_percent(parts.fragment),
        )
    )
    if host in YOUTUBE_HOSTS and port is None:
        return LinkDecision("open", safe_url, host, f"Opening YouTube ({host}).")
    return LinkDecision("ask", safe_url, host, f"Open this link on {host_port} in your browser?")


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _escape_stray_percent(part: str) -> str:
    """A '%' not starting an escape is itself escaped, as browsers do (Qt rejects it raw)."""
    return _STRAY_PERCENT.sub("%25", part)


def _ip_host(host: str) -> tuple[ipaddress.IPv4Address | ipaddress.IPv6Address, str] | None:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    return ip, (f"[{ip}]" if ip.version == 6 else str(ip))


def youtube_id(url: str) -> str:
    """The 11-character video id of a YouTube link, "" when `url` is not one the policy opens."""
    decision = check_url(url)
    if decision.action != "open":
        return ""
    parts = urlsplit(decision.url)
    segments = [s for s in parts.path.split("/") if s]
    candidate = ""
    if decision.host == "youtu.be":
        candidate = segments[0] if segments else ""
    elif segments[:1] == ["watch"] or not segments:
        candidate = (parse_qs(parts.query).get("v") or [""])[0]
    elif len(segments) >= 2 and segments[0] in {"live", "embed", "shorts", "v", "e"}:
        candidate = segments[1]
    return candidate if _VIDEO_ID.match(candidate) else ""
