"""Read an `strace -f -y -s 4096 -e trace=open,openat,openat2,creat,connect,execve` log and judge
it against a file-system and network policy.

Why a policy of allowed areas rather than a list of bad paths: a hostile file can name any path,
so the test must prove that the program touched nothing but the library, its own config folder,
its code (project, venv, Python, Qt) and the system's shared files (fonts, icons, locales). The
known-bad paths (/dev/zero, /proc/self/mem, /etc/passwd) and the folder outside the library are
checked by name as well, so a failure says exactly what was reached. A path inside the library
counts only if its real path is inside too (a symlink named x.md may point at /dev/zero), and
opening a FIFO there is a finding on its own (the read would block the app).

Failed attempts (ENOENT) count too: the attempt is what a hostile file would have caused.
"""

from __future__ import annotations

import ipaddress
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

STRACE_ARGS = (
    "-f", "-y", "-s", "4096", "-e", "trace=open,openat,openat2,creat,connect,execve",
)  # fmt: skip

# System areas any Qt program reads: shared libraries, fonts, icons, locales, config, devices.
SYSTEM_PREFIXES = (
    "/usr/", "/lib/", "/lib64/", "/lib32/", "/bin/", "/sbin/", "/etc/", "/opt/",
    "/var/cache/fontconfig/", "/var/lib/dbus/", "/run/", "/sys/", "/proc/",
    "/dev/null", "/dev/urandom", "/dev/shm/", "/dev/dri/", "/dev/tty",
)  # fmt: skip
# Programs the platform itself may start (D-Bus session autolaunch); nothing else may run.
ALLOWED_PROGRAMS = frozenset({"dbus-launch"})

_OPEN = re.compile(
    r"^(?P<pid>\d+)\s+(?:open|openat|openat2|creat)\("
    r"(?:(?:AT_FDCWD|\d+)(?:<(?P<dir>[^>]*)>)?,\s*)?"
    r'"(?P<path>(?:[^"\\]|\\.)*)"'
)
_RESUMED_CALL = re.compile(r"^\d+\s+<\.\.\. \w+ resumed>")
_CONNECT = re.compile(
    r"^\d+\s+connect\(\d+(?:<[^>]*>)?,\s*\{sa_family=(?P<family>\w+),(?P<rest>.*)"
)
_EXECVE = re.compile(r'^\d+\s+execve\("(?P<path>(?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(rb"\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)")
_SIMPLE = {b"n": b"\n", b"t": b"\t", b"r": b"\r", b"v": b"\v", b"f": b"\f", b"\\": b"\\",
           b'"': b'"'}  # fmt: skip


def unescape(text: str) -> str:
    """strace's C-style string escapes back to the file name (bytes decoded as the OS does)."""

    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1] == b"x" and len(code) == 3:
            return bytes([int(code[1:], 16)])
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _SIMPLE.get(code, b"\\" + code)

    return os.fsdecode(_ESCAPE.sub(one, os.fsencode(text)))


@dataclass
class Trace:
    opened: list[str] = field(default_factory=list)  # absolute paths (attempts included)
    connects: list[tuple[str, str]] = field(default_factory=list)  # (family, address text)
    programs: list[str] = field(default_factory=list)  # execve'd program paths


def parse_trace(text: str, cwd: Path) -> Trace:
    trace = Trace()
    for line in text.splitlines():
        if _RESUMED_CALL.match(line):
            continue
        if match := _OPEN.match(line):
            path = unescape(match.group("path"))
            if not path.startswith("/"):
                path = os.path.join(match.group("dir") or str(cwd), path)
            trace.opened.append(os.path.normpath(path))
        elif match := _CONNECT.match(line):
            trace.connects.append((match.group("family"), match.group("rest")))
        elif match := _EXECVE.match(line):
            trace.programs.append(unescape(match.group("path")))
    return trace


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip("/")
    return path == folder or path.startswith(folder + "/")


def _network_findings(connects: Iterable[tuple[str, str]]) -> list[str]:
    findings = []
    for family, rest in connects:
        if family in ("AF_UNIX", "AF_LOCAL", "AF_NETLINK"):
            continue
        address = re.search(r'inet_(?:addr|pton)\((?:AF_INET6,\s*)?"([^"]+)"', rest)
        port = re.search(r"htons\((\d+)\)", rest)
        try:
            local = address is not None and ipaddress.ip_address(address.group(1)).is_loopback
        except ValueError:
            local = False
        if not local or (port is not None and port.group(1) == "53"):
            findings.append(f"network connect {family} {rest.strip()[:120]}")
    return findings


def judge(
    trace: Trace,
    *,
    library: Path,
    allowed: Sequence[Path | str],
    forbidden: Sequence[Path | str],
) -> list[str]:
    """Everything in `trace` outside the policy, one line each (empty when clean)."""
    lib = os.path.realpath(library)
    allowed_real = [os.path.realpath(p) for p in allowed] + [str(p) for p in allowed]
    forbidden_real = {os.path.realpath(p) for p in forbidden} | {str(p) for p in forbidden}
    findings: list[str] = []
    for path in dict.fromkeys(trace.opened):
        real = os.path.realpath(path)
        if any(_inside(real, f) or _inside(path, f) for f in forbidden_real):
            findings.append(f"opened forbidden {path!r} (real path {real!r})")
            continue
        if re.match(r"^/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/mem$", real):
            findings.append(f"opened process memory {path!r}")
            continue
        if _inside(path, lib) or _inside(real, lib):
            if not _inside(real, lib):
                findings.append(f"followed a link out of the library: {path!r} -> {real!r}")
            else:
                try:
                    if stat.S_ISFIFO(os.stat(real).st_mode):
                        findings.append(f"opened a FIFO {path!r}")
                except OSError:
                    pass
            continue
        if any(_inside(path, a) or _inside(real, a) for a in allowed_real):
            continue
        if path.startswith(SYSTEM_PREFIXES) or real.startswith(SYSTEM_PREFIXES):
            continue
        findings.append(f"opened outside the allowed areas: {path!r}")
    findings += _network_findings(trace.connects)
    # The first execve is the traced program itself. It may start itself again (its parsing
    # helper, `viewer/core/library/parallel.py`: the same interpreter, whose opens are in this
    # trace and judged alike); nothing else but the platform's own helpers may run.
    itself = trace.programs[:1]
    for program in trace.programs[1:]:
        if program in itself or os.path.basename(program) in ALLOWED_PROGRAMS:
            continue
        findings.append(f"started a program: {program!r}")
    return findings
