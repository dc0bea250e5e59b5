"""Write a corpus of hostile session files: the inputs a downloaded folder may hold.

Why generated rather than checked in: several cases cannot live in git (a FIFO, symlinks to
`/proc/self/mem` and `/dev/zero`, a symlink loop, file names with newlines, a 50 MB file), and
the rest are cheaper to describe than to store. Every case is written into its own sub-folder
of the library, so a test can load one case as a root of its own and bound its time, and a
folder scan of the whole library meets all of them together.

Each `Case` says which outcomes are acceptable when the case folder is loaded as a library:
"session" (parsed into a Session), "problem" (reported as a ParseProblem) or "skipped" (the scan
quietly ignores it, as it must for special files and symlinks that leave the root). A case that
must never become a session (a FIFO, `/dev/zero`, a folder outside the root) leaves "session" out.

Use from tests: `cases = generate(library_dir, outside_dir)`. By hand:
`python -m tests.hostile.generate OUT` writes OUT/library and OUT/outside and lists the cases.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.fixtures.sessions import session_text as fixture_session_text

SESSION, PROBLEM, SKIPPED = "session", "problem", "skipped"
ANY = frozenset({SESSION, PROBLEM, SKIPPED})
NOT_SESSION = frozenset({PROBLEM, SKIPPED})
MUST_PARSE = frozenset({SESSION})
# A file only a little bigger than the parser's cap, and one far bigger (sparse, cheap to make).
HUGE_FILE_BYTES = 50 * 1024 * 1024
# Marker title of the session placed outside the library: it must never be loaded.
OUTSIDE_TITLE = "OUTSIDE-THE-LIBRARY marker session"

# Paths the app must never open, whatever a file says. Checked by the traced end-to-end test.
FORBIDDEN_PATHS = ("/dev/zero", "/proc/self/mem", "/etc/passwd", "/etc/shadow", "/dev/random")


@dataclass(frozen=True)
class Case:
    """One hostile input: its folder name (under the library), what it tests, what may happen."""

    name: str
    description: str
    expect: frozenset[str]
    # Names of the files the case wrote (relative to its folder), for tests that parse them.
    files: tuple[str, ...] = field(default=())


def session_text(
    title: str = "Hostile session",
    *,
    subtitle: str = "**India AI Impact Summit 2026 — Day 1 (2026-02-16)**",
    time: str = "10:00 – 11:00",
    venue: str = "Bharat Mandapam | Hall 1",
    video: str = "[▶️ Watch on YouTube](https://youtube.com/live/AbCdEfGhIjK?feature=share)",
    speakers: Sequence[str] = ("Dr. Test Person, Example Institute",),
    partners: Sequence[str] = ("Example Foundation",),
    summary: str = "A plain summary.",
    takeaways: Sequence[str] = ("A takeaway.",),
    video_section: str = "",
    transcript: str = "Hello everyone. &gt;&gt; Thank you. [applause]",
) -> str:
    """A session file in the collection's format with every field replaceable."""
    return fixture_session_text(
        title,
        day=1,
        date="2026-02-16",
        time=time,
        venue=venue,
        video_id=None,
        speakers=[f"- {s}" for s in speakers],
        partners=[f"- {p}" for p in partners],
        summary=summary,
        takeaways=[f"{i}. {t}" for i, t in enumerate(takeaways, 1)],
        transcript=transcript or None,
        subtitle=subtitle,
        video_cell=video or None,
        video_section=video_section or None,
    )


class _Writer:
    """Collects cases while writing them; each case gets `library/<name>/`."""

    def __init__(self, library: Path, outside: Path) -> None:
        self.library = library
        self.outside = outside
        self.cases: list[Case] = []

    def folder(self, name: str) -> Path:
        path = self.library / name
        path.mkdir(parents=True, exist_ok=False)
        return path

    def text(self, name: str, description: str, text: str, expect: frozenset[str] = ANY) -> None:
        # Name the default title after the case, so a failure in the window says which one.
        text = text.replace("# Hostile session\n", f"# Hostile session {name}\n", 1)
        self.data(name, description, text.encode("utf-8"), expect)

    def data(self, name: str, description: str, data: bytes, expect: frozenset[str] = ANY) -> None:
        (self.folder(name) / f"{name}.md").write_bytes(data)
        self.cases.append(Case(name, description, expect, (f"{name}.md",)))

    def custom(
        self,
        name: str,
        description: str,
        expect: frozenset[str],
        make: Callable[[Path], Sequence[str]],
    ) -> None:
        folder = self.folder(name)
        files = tuple(make(folder))
        self.cases.append(Case(name, description, expect, files))


def _summary_cases(w: _Writer) -> None:
    """Markup in the summary: images of local paths, raw HTML, dangerous links, slow Markdown."""
    s = session_text
    w.text(
        "img-dev-zero",
        "<img src=/dev/zero> and ![](/dev/zero) in the summary",
        s(summary='<img src="/dev/zero"> ![z](/dev/zero) ![z2](</dev/zero>)'),
        MUST_PARSE,
    )
    w.text(
        "img-etc-passwd",
        "<img src=file:///etc/passwd> in the summary",
        s(
            summary="<img src=file:///etc/passwd> ![p](file:///etc/passwd) "
            '<img src="/etc/passwd" onerror="alert(1)">'
        ),
        MUST_PARSE,
    )
    w.text(
        "img-remote",
        "a remote tracking image (network access if ever loaded)",
        s(summary="![pixel](http://tracker.evil.example/p.png) <img src=https://evil.example/x>"),
        MUST_PARSE,
    )
    w.text(
        "raw-script",
        "raw <script>, <style>, <iframe>, <object>, <svg onload> everywhere",
        s(
            title="<script>alert('title')</script> Session",
            summary="<script>alert(1)</script><style>*{display:none}</style>"
            '<iframe src="file:///etc/passwd"></iframe><object data="/dev/zero"></object>'
            "<svg onload=alert(1)><a xlink:href='javascript:alert(1)'>x</a></svg>"
            "<!-- comment --><![CDATA[ x ]]><meta http-equiv=refresh content=0>",
            transcript="<script>alert(2)</script> &lt;img src=/dev/zero&gt; &gt;&gt; hi",
        ),
        MUST_PARSE,
    )
    w.text(
        "link-javascript",
        "javascript: links (plain, entity-obfuscated, mixed case)",
        s(
            summary="[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) "
            "[c](jav&#x61;script:alert(1)) [d]( javascript:alert(1)) <javascript:alert(1)>",
            speakers=["[Evil Speaker](javascript:alert(1)), Org"],
        ),
        MUST_PARSE,
    )
    w.text(
        "link-file",
        "file: links and bare local paths",
        s(
            summary="[f](file:///etc/passwd) [g](/etc/passwd) [h](../../../../etc/passwd) "
            "<file:///etc/passwd> [i](~/.ssh/id_rsa)",
            speakers=["[File Person](file:///etc/passwd), Org"],
        ),
        MUST_PARSE,
    )
    w.text(
        "link-smb",
        "smb: and UNC links (credential leaks on some desktops)",
        s(
            summary="[s](smb://evil.example/share) [u](\\\\evil.example\\share)",
            speakers=["[SMB Person](smb://evil.example/x), Org"],
        ),
        MUST_PARSE,
    )
    w.text(
        "link-data",
        "data: links",
        s(
            summary="[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
            "![d](data:image/png;base64,iVBORw0KGgo=)"
        ),
        MUST_PARSE,
    )
    w.text(
        "link-custom-scheme",
        "custom schemes that launch programs",
        s(
            summary="[v](vscode://file/etc/passwd) [m](ms-settings:) [x](x-man-page://ls) "
            "[t](tel:123) [mail](mailto:a@b.example?attach=/etc/passwd) [f](ftp://e.example)"
        ),
        MUST_PARSE,
    )
    w.text(
        "link-reference",
        "reference-style links and images to local paths",
        s(summary="[a][1] ![b][2]\n\n[1]: file:///etc/passwd\n[2]: /dev/zero"),
        MUST_PARSE,
    )
    w.text(
        "link-credentials",
        "links with user:password@ and look-alike hosts",
        s(
            summary="[c](https://user:secret@youtube.com/watch?v=AbCdEfGhIjK) "
            "[l](https://youtube.com.evil.example/watch?v=AbCdEfGhIjK) "
            "[i](https://уoutube.com/watch?v=AbCdEfGhIjK)"
        ),
        MUST_PARSE,
    )
    w.text(
        "md-nested-list",
        "'- ' * 500 + 'x' (recursion past the limit in Python-Markdown)",
        s(summary="- " * 500 + "x"),
        MUST_PARSE,
    )
    w.text("md-brackets", "'[' * 8000 (slow in Python-Markdown)", s(summary="[" * 8000), MUST_PARSE)
    w.text("md-open-links", "'[a](' * 10000", s(summary="[a](" * 10000), MUST_PARSE)
    w.text("md-open-images", "'![' * 10000", s(summary="![" * 10000), MUST_PARSE)
    w.text("md-backslashes", "200 KB of backslashes", s(summary="\\" * 200_000), MUST_PARSE)
    w.text(
        "md-emphasis", "unclosed emphasis runs", s(summary="*a" * 30000 + "_" * 50000), MUST_PARSE
    )
    w.text("md-blockquotes", "5000 nested blockquotes", s(summary=">" * 5000 + " x"), MUST_PARSE)
    w.text(
        "md-indented-lists",
        "600 levels of indented nested lists",
        s(summary="\n".join("  " * i + "- item" for i in range(600))),
        MUST_PARSE,
    )
    w.text(
        "md-entities",
        "100,000 numeric entities, some invalid",
        s(summary="&#x0; &#xD800; &#99999999; " + "&#65;" * 100_000),
        MUST_PARSE,
    )
    w.text(
        "md-table",
        "a 3000-row table with 50 columns",
        s(summary="\n".join("|" + "|".join("c" for _ in range(50)) + "|" for _ in range(3000))),
        MUST_PARSE,
    )


def _field_cases(w: _Writer) -> None:
    """Hostile metadata: titles, speakers, video links, transcripts."""
    s = session_text
    w.text(
        "title-bidi-zero-width",
        "U+202E, zero-width and word-joiner characters in the title",
        s(
            title="\u202eexe.txt\u202c Safe \u200b\u200d\u2060Title \u2066\u2067\u2069",
            speakers=["\u202eReversed Name\u202c, Org\u200b"],
        ),
        MUST_PARSE,
    )
    w.text("title-huge", "a 1 MB title", s(title="T" * 1_000_000), ANY)
    w.text(
        "speakers-huge",
        "20,000 speakers (caps on entries)",
        s(speakers=[f"Speaker {i}, Org {i}" for i in range(20_000)]),
        MUST_PARSE,
    )
    w.text(
        "speakers-links",
        "speaker and partner entries made of links and images",
        s(
            speakers=["![x](/dev/zero)", "<img src=/dev/zero>", "[a](data:text/html,x)"],
            partners=["[p](javascript:alert(1))", "<script>x</script>"],
        ),
        MUST_PARSE,
    )
    w.text(
        "video-lookalike",
        "video URL on youtube.com.evil.example",
        s(
            video="[▶️ Watch](https://youtube.com.evil.example/live/AbCdEfGhIjK?feature=share)",
            video_section="[![t](https://img.youtube.com.evil.example/vi/AbCdEfGhIjK/x.jpg)]"
            "(https://youtube.com.evil.example/watch?v=AbCdEfGhIjK)",
        ),
        MUST_PARSE,
    )
    w.text(
        "video-credentials",
        "video URL with user:password@ (and a javascript: one)",
        s(
            video="[▶️ Watch](https://admin:hunter2@youtube.com/live/AbCdEfGhIjK)",
            video_section="[![t](file:///dev/zero)](javascript:alert(1))",
        ),
        MUST_PARSE,
    )
    w.text(
        "video-overlong",
        "a 100 KB video URL",
        s(video="[▶️ Watch](https://youtube.com/watch?v=AbCdEfGhIjK&x=" + "a" * 100_000 + ")"),
        MUST_PARSE,
    )
    w.text(
        "video-schemes",
        "video links with file:, smb: and javascript: schemes",
        s(
            video="[▶️ Watch](file:///dev/zero)",
            video_section="[![t](smb://evil.example/s)](smb://evil.example/youtube.com/watch?v=AbCdEfGhIjK)",
        ),
        MUST_PARSE,
    )
    w.text(
        "transcript-markers",
        "10,000 &gt;&gt; speaker markers",
        s(transcript="&gt;&gt; hi " * 10_000),
        MUST_PARSE,
    )
    w.text(
        "transcript-long-line",
        "a 400 KB transcript line without spaces",
        s(transcript="x" * 400_000),
        MUST_PARSE,
    )
    w.text(
        "transcript-markup",
        "transcript full of Markdown and HTML (must stay plain text)",
        s(
            transcript="<img src=/dev/zero> ![a](/dev/zero) [l](javascript:alert(1)) "
            "&lt;script&gt;alert(1)&lt;/script&gt; " + "[" * 5000
        ),
        MUST_PARSE,
    )
    w.text(
        "sections-many",
        "10,000 repeated section headings",
        s(summary="\n".join("## 📝 Summary\n\nx" for _ in range(10_000))),
        frozenset({SESSION, PROBLEM}),
    )
    w.text("only-heading", "a file of only the title heading", "# Only a heading\n", NOT_SESSION)
    w.text(
        "heading-and-details",
        "title and details heading, nothing else",
        "# T\n\n## 📌 Session Details\n",
        frozenset({SESSION, PROBLEM}),
    )
    w.text(
        "line-endings",
        "CR-only and CRLF line endings mixed",
        s().replace("\n", "\r", 20).replace("\n", "\r\n"),
        MUST_PARSE,
    )


def _encoding_cases(w: _Writer) -> None:
    """Bytes that are not clean UTF-8."""
    base = session_text(title="Encodings — café “quotes”", summary="Résumé — naïve façade")
    w.data("empty", "an empty file", b"", NOT_SESSION)
    w.data("nul-filled", "a file of 64 KB of NUL bytes", b"\0" * 65536, NOT_SESSION)
    w.data(
        "nul-inside",
        "a session with NUL bytes in its summary",
        session_text(summary="a\0b\0c").encode(),
        frozenset({SESSION, PROBLEM}),
    )
    w.data(
        "utf16-le-bom",
        "UTF-16 LE with BOM",
        codecs.BOM_UTF16_LE + base.encode("utf-16-le"),
        MUST_PARSE,
    )
    w.data("utf16-be-nobom", "UTF-16 BE without BOM", base.encode("utf-16-be"), MUST_PARSE)
    w.data("utf32-bom", "UTF-32 with BOM", base.encode("utf-32"), MUST_PARSE)
    w.data(
        "cp1252",
        "cp1252 text",
        base.replace("📌", "")
        .replace("⏰", "")
        .replace("📍", "")
        .replace("📅", "")
        .replace("🎥", "")
        .replace("▶️", "")
        .replace("🎤", "")
        .replace("🤝", "")
        .replace("📝", "")
        .replace("🔑", "")
        .replace("←", "<-")
        .encode("cp1252"),
        MUST_PARSE,
    )
    w.data(
        "mojibake",
        "UTF-8 read as Mac Roman and saved again",
        base.encode("utf-8").decode("mac_roman").encode("utf-8"),
        MUST_PARSE,
    )
    encoded = base.encode("utf-8")
    cut = encoded.index("naïve".encode()) + 3  # inside the two-byte ï of the summary
    w.data(
        "truncated-utf8",
        "UTF-8 cut in the middle of a character",
        encoded[:cut],
        frozenset({SESSION, PROBLEM}),
    )
    w.data(
        "surrogates",
        "CESU-8 surrogate bytes and overlong encodings",
        session_text(summary="x").encode() + b"\xed\xa0\x80\xc0\xaf\xf8\x88\x80\x80\x80",
        frozenset({SESSION, PROBLEM}),
    )
    w.data(
        "binary-junk",
        "pseudo-random bytes",
        bytes((i * 7919 + 13) % 256 for i in range(100_000)),
        NOT_SESSION,
    )


def _file_system_cases(w: _Writer) -> None:
    """Special files, symlinks and names."""
    outside = w.outside
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "outside.md").write_text(session_text(title=OUTSIDE_TITLE), encoding="utf-8")

    def fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / "x.md")
        return ["x.md"]

    def link(target: str, name: str) -> Callable[[Path], list[str]]:
        def make(folder: Path) -> list[str]:
            os.symlink(target, folder / name)
            return [name]

        return make

    def loop(folder: Path) -> list[str]:
        (folder / "a").mkdir()
        os.symlink("..", folder / "a" / "up")
        os.symlink("loop2", folder / "loop1.md")
        os.symlink("loop1.md", folder / "loop2")
        (folder / "a" / "ok.md").write_text(session_text(title="Inside the loop"), encoding="utf-8")
        return ["a/ok.md"]

    def newline_name(folder: Path) -> list[str]:
        name = "two\nlines\r.md"
        (folder / name).write_text(session_text(title="Newline in file name"), encoding="utf-8")
        return [name]

    def bidi_name(folder: Path) -> list[str]:
        name = "evil\u202egpj.md"
        (folder / name).write_text(session_text(title="Bidi file name"), encoding="utf-8")
        return [name]

    def huge(folder: Path) -> list[str]:
        with open(folder / "huge.md", "wb") as handle:
            handle.write(session_text(title="Huge file").encode())
            handle.truncate(HUGE_FILE_BYTES)  # sparse: cheap to create, 50 MB by its size
        return ["huge.md"]

    def just_over(folder: Path) -> list[str]:
        text = session_text(title="Just over the cap", transcript="word " * (1_700_000))
        (folder / "over.md").write_text(text, encoding="utf-8")
        return ["over.md"]

    def dir_named_md(folder: Path) -> list[str]:
        (folder / "folder.md").mkdir()
        (folder / "folder.md" / "inner.md").write_text(session_text(title="Inside a .md folder"))
        return ["folder.md/inner.md"]

    def unreadable(folder: Path) -> list[str]:
        path = folder / "locked.md"
        path.write_text(session_text(title="Unreadable file"), encoding="utf-8")
        path.chmod(0)
        return ["locked.md"]

    def dangling(folder: Path) -> list[str]:
        os.symlink(str(folder / "does-not-exist.md"), folder / "dangling.md")
        return ["dangling.md"]

    w.custom("fifo", "a FIFO named x.md (a read would block forever)", NOT_SESSION, fifo)
    w.custom(
        "symlink-proc-mem", "x.md -> /proc/self/mem", NOT_SESSION, link("/proc/self/mem", "mem.md")
    )
    w.custom("symlink-dev-zero", "x.md -> /dev/zero", NOT_SESSION, link("/dev/zero", "zero.md"))
    w.custom(
        "symlink-etc-passwd", "x.md -> /etc/passwd", NOT_SESSION, link("/etc/passwd", "passwd.md")
    )
    w.custom(
        "symlink-outside-dir",
        "a folder symlink leaving the library",
        NOT_SESSION,
        link(str(outside), "elsewhere"),
    )
    w.custom(
        "symlink-outside-file",
        "a file symlink leaving the library",
        NOT_SESSION,
        link(str(outside / "outside.md"), "outside.md"),
    )
    w.custom(
        "symlink-loop",
        "a folder symlink to its parent and a file symlink cycle",
        frozenset({SESSION}),
        loop,
    )
    w.custom("symlink-dangling", "a symlink to nothing", NOT_SESSION, dangling)
    w.custom("name-newline", "a file name with a newline and a CR", MUST_PARSE, newline_name)
    w.custom("name-bidi", "a file name with U+202E", MUST_PARSE, bidi_name)
    w.custom("huge-50mb", "a 50 MB file (size checked before reading)", NOT_SESSION, huge)
    w.custom("just-over-cap", "a file just over the 8 MB cap", NOT_SESSION, just_over)
    w.custom("dir-named-md", "a folder named folder.md", MUST_PARSE, dir_named_md)
    w.custom(
        "unreadable",
        "a file with mode 000 (readable anyway when run as root)",
        frozenset({SESSION, PROBLEM}),
        unreadable,
    )


def generate(library: Path, outside: Path) -> list[Case]:
    """Write every case under `library` (and the symlink targets under `outside`)."""
    library.mkdir(parents=True, exist_ok=True)
    writer = _Writer(library, outside)
    _summary_cases(writer)
    _field_cases(writer)
    _encoding_cases(writer)
    _file_system_cases(writer)
    return writer.cases


def case_sources(library: Path, cases: Sequence[Case]) -> list[Path]:
    """Paths of every file the cases wrote (for tests that read them one by one)."""
    return [library / case.name / name for case in cases for name in case.files]


def make_writable(library: Path) -> None:
    """Undo the mode-000 case so temporary folders can be removed by any user."""
    for path in library.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.chmod(0o644)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m tests.hostile.generate OUT", file=sys.stderr)
        return 2
    out = Path(args[0])
    cases = generate(out / "library", out / "outside")
    for case in cases:
        print(f"{case.name:24} {'/'.join(sorted(case.expect)):24} {case.description}")
    print(f"{len(cases)} cases in {out / 'library'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
