"""Seeded synthetic session collections in the real on-disk format (DATA.md), at any size.

Why: the budgets must hold at ten times the real collection, and tests must not ship corpus text.
Every word here is generated from our own vocabulary, never copied from the corpus. The output is
a function of (seed, sessions) only, so two runs write byte-identical trees.

Realism that matters for the viewer's costs: about 70% of sessions carry a transcript, sizes are
log-normal (median ~44 KB, clipped to 20-400 KB); caption blocks of ~180 characters separated by
blank lines; `&gt;&gt;` speaker changes, `&amp;` and `[applause]`-style annotations; about 17% of
sessions share a recording (pairs, and room streams of up to 29 slots); speaker spelling
variants, honorifics, continuation lines, empty dash entries and stray invisible characters.

Usage: `python -m benchmarks.synth OUT --sessions 7000 [--seed 1]`. `cached_collection()` keeps
generated trees in a cache folder keyed by generator version, seed and count.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import math
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 2
DAYS = (
    (1, "Feb-16", "2026-02-16"),
    (2, "Feb-17", "2026-02-17"),
    (3, "Feb-18", "2026-02-18"),
    (4, "Feb-19", "2026-02-19"),
    (5, "Feb-20", "2026-02-20"),
)
DAY_SHARE = (0.20, 0.26, 0.19, 0.06, 0.29)
TRANSCRIPT_SHARE = 0.70
VIDEO_SHARE = 0.82  # of sessions; every transcript has a video
STREAM_SHARE = 0.17  # sessions whose transcript is a shared room stream
STREAM_START = STREAM_SHARE / (1 - STREAM_SHARE) / 6.8  # 6.8: mean slots per stream
BLOCK_CHARS = 180
MIN_KB, MAX_KB, MEDIAN_KB, SIGMA = 20, 400, 44, 0.45


def _split(text: str) -> list[str]:
    return text.split()


FUNCTION = _split(
    "the of and to a in that is we it for this on with as are be have you so our at "
    "not but they all from can by will what there which about one more has if do an "
    "was or how their also when them very like these think just now going know would "
    "us who need right because into see make well some its other been really here "
    "where then those where those those than much many first only should could"
)
FILLERS = _split("uh um so yeah okay right actually basically")
CONTENT = _split(
    "data model models compute public digital policy trust safety people countries "
    "language languages health farmers schools teachers students startups capital "
    "infrastructure network systems platform platforms research researchers innovation "
    "governance framework standards open source cloud energy power chips inference "
    "training evaluation benchmarks risk risks rights citizens government ministry "
    "mission partnership partners ecosystem talent skills jobs workforce economy growth "
    "inclusion access cost scale impact outcomes village district state nation global "
    "south regional local community communities women children youth climate water "
    "agriculture finance banking payments identity stack sovereign sovereignty security "
    "privacy consent regulation industry academia university lab labs product products "
    "customers users service services delivery quality accuracy bias fairness audit "
    "deployment adoption pilot pilots program programs budget investment investors "
    "hospital doctors patients diagnosis records learning machine intelligence agents "
    "agentic reasoning voice speech translation multilingual dataset datasets annotation "
    "compute gpu gpus cluster clusters sustainable frugal affordable resilient responsible "
    "transparent accountable ethical human humans future today tomorrow decade years "
    "question questions answer problem problems solution solutions challenge challenges "
    "opportunity opportunities example examples story stories journey vision strategy"
)
SYLLABLES = _split(
    "ka ra ve lo min tar sen dro pel nu ta vi shan gor ab el im or un bri cal dev fen "
    "hal jor kes lum mar nav pra qui ros sul tev ul vor wen yas zar ith ost ump"
)
ANNOTATIONS = ("[applause]", "[music]", "[laughter]", "[clears throat]", "[inaudible]")
FIRST = _split(
    "Aarav Meera Rohan Kavya Arjun Nisha Vikram Ananya Farhan Leela Sanjay Ishita Tomas "
    "Ingrid Kwame Amara Hiro Yuki Omar Layla Pavel Elena Diego Lucia Ravi Divya Kiran "
    "Naveen Pooja Suresh Anita Harish Rekha Mohan Sunita Ajay Geeta Nikhil Priya"
)
LAST = _split(
    "Raman Iyer Kapoor Menon Bhat Rao Desai Nair Khanna Sethi Pillai Joshi Mehra Varma "
    "Okafor Lindqvist Tanaka Haddad Novak Moreau Alvarez Rossi Mensah Kowalski Sato "
    "Chandran Banerjee Kulkarni Shetty Ghosh Dutta Saxena Trivedi Malhotra Reddy"
)
HONORIFICS = ("Shri", "Sh.", "Mr.", "Dr.", "Smt.", "Ms.", "H.E.", "Prof.", "Hon'ble")
ORG_HEADS = (
    "Institute of",
    "Centre for",
    "Foundation for",
    "Council on",
    "Alliance for",
    "Ministry of",
    "Department of",
    "Society for",
    "Network for",
    "Agency for",
)
ORG_TAILS = (
    "Digital Futures",
    "Applied Intelligence",
    "Public Technology",
    "Rural Innovation",
    "Language Computing",
    "Health Systems",
    "Open Data",
    "Responsible Computing",
    "Skills & Livelihoods",
    "Climate Analytics",
    "Financial Inclusion",
    "Learning Science",
)
ROLES = (
    "Director",
    "Chief Executive Officer",
    "Senior Fellow",
    "Secretary",
    "Founder",
    "Head of Research",
    "Programme Lead",
    "Professor",
    "Joint Secretary",
    "Chair",
)
BUILDINGS = ("Bharat Mandapam", "Yashobhoomi", "Sushma Swaraj Bhawan", "Convention Annexe")
ROOMS = tuple(
    [f"L1 Meeting Room No. {n}" for n in range(5, 20)]
    + [f"L2 Audi {n}" for n in (1, 2)]
    + [
        "L3 Plenary Hall",
        "West Wing Room 4 A",
        "West Wing Room 4 B",
        "Amphitheatre",
        "Hall No. 3 First Floor - Conference Room 4",
        "Chanakya Auditorium",
    ]
)
TITLE_A = (
    "Building",
    "Scaling",
    "Governing",
    "Financing",
    "Measuring",
    "Designing",
    "Opening",
    "Securing",
    "Translating",
    "Rethinking",
    "Democratising",
    "Localising",
)
TITLE_B = (
    "Public AI Infrastructure",
    "Trusted Data Ecosystems",
    "Multilingual Models",
    "Frugal Compute",
    "AI for Farmers",
    "Safe Agents",
    "Health Intelligence",
    "Open Benchmarks",
    "Sovereign Clouds",
    "Skills for the AI Economy",
    "Climate Forecasting",
    "Inclusive Payments",
    "Child-Safe AI",
    "Responsible Startups",
)
TITLE_C = (
    "for the Global South",
    "at Population Scale",
    "from Pilot to Policy",
    "Across Languages",
    "for Every District",
    "with Communities",
    "in Practice",
    "Beyond the Hype",
    "for the Next Billion",
    "Through Partnerships",
)
INVISIBLE = ("\u2060", "\u200b", "\u00a0")


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    org: str
    role: str
    honorific: str


@dataclass
class _Stream:
    """A room recording shared by consecutive slots (one video, one transcript)."""

    video: str
    text: str
    left: int
    building: str
    room: str
    minutes: int


class _Words:
    """Zipf-like word sampler over our own vocabulary (function words first, then content, then
    invented long-tail words), so "the" has a realistic share (~4-5%) and the index sees
    thousands of distinct terms."""

    def __init__(self, rng: random.Random) -> None:
        tail = sorted(
            {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)}
        )
        rng.shuffle(tail)
        tiers = [list(dict.fromkeys(FUNCTION)), list(dict.fromkeys(CONTENT)), tail]
        self.words, weights = [], []
        for tier, share, offset in zip(tiers, (0.52, 0.33, 0.15), (3.0, 3.0, 10.0), strict=True):
            raw = [1.0 / (rank + offset) for rank in range(len(tier))]
            self.words += tier
            weights += [w * share / sum(raw) for w in raw]
        self.cum = list(itertools.accumulate(weights))
        self.rng = rng

    def sample(self, k: int) -> list[str]:
        total = self.cum[-1]
        cum, words, rnd = self.cum, self.words, self.rng.random
        return [words[bisect.bisect_left(cum, rnd() * total)] for _ in range(k)]

    def sentence(self, extra: list[str] | None = None) -> str:
        words = self.sample(self.rng.randint(6, 22))
        if extra:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(extra))
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.rng.choice(FILLERS))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice("..........?,")


def _blocks(
    words: _Words, rng: random.Random, count: int, extra: list[str] | None = None
) -> list[str]:
    """Caption blocks: a word stream cut every ~180 chars, mid-sentence like the real ones."""
    stream: list[str] = []
    while len(stream) < count * 34:
        sentence = words.sentence(extra)
        roll = rng.random()
        if roll < 0.045:
            sentence = "&gt;&gt; " + sentence
        elif roll < 0.05:
            sentence = rng.choice(ANNOTATIONS) + " " + sentence
        elif roll < 0.055:
            sentence += " R&amp;D"
        stream.extend(sentence.split(" "))
    out, line, size = [], [], 0
    for word in stream:
        line.append(word)
        size += len(word) + 1
        if size >= BLOCK_CHARS + rng.randint(-40, 40):
            out.append(" ".join(line))
            line, size = [], 0
            if len(out) == count:
                break
    return out


class Generator:
    """Writes one collection; all randomness flows from one `random.Random(seed)`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _Words(self.rng)
        self.pool = _blocks(self.words, self.rng, 6000)
        self.people: list[Person] = []

    def person(self) -> Person:
        rng = self.rng
        if self.people and rng.random() < 0.75:
            return rng.choice(self.people)
        org = f"{rng.choice(ORG_HEADS)} {rng.choice(ORG_TAILS)}"
        p = Person(
            rng.choice(FIRST),
            rng.choice(LAST),
            org,
            rng.choice(ROLES),
            rng.choice(HONORIFICS) if rng.random() < 0.6 else "",
        )
        self.people.append(p)
        return p

    def speaker_lines(self, p: Person) -> list[str]:
        """One `- ` entry in one of the real shapes, sometimes over several lines."""
        rng = self.rng
        hon = p.honorific if rng.random() < 0.7 else rng.choice(("", *HONORIFICS))
        name = f"{hon} {p.first} {p.last}".strip()
        if rng.random() < 0.1:
            name = f"{hon} {p.first[0]}. {p.last}".strip()
        shape = rng.random()
        if shape < 0.5:
            text = f"{name}, {p.org}"
        elif shape < 0.8:
            text = f"{name} - {p.role}, {p.org}"
        else:
            text = f"{name}: {p.role}"
        if rng.random() < 0.05:
            text = text.replace(" ", "\u00a0", 1)
        if rng.random() < 0.03:
            text += "\u2060"
        roll = rng.random()
        if roll < 0.04:
            return ["-", name, text[len(name) :].lstrip(",:- ") or p.org]
        if roll < 0.10 and ", " in text:
            head, tail = text.split(", ", 1)
            return [f"- {head},", tail]
        return [f"- {text}"]

    def title(self) -> str:
        rng = self.rng
        title = f"{rng.choice(TITLE_A)} {rng.choice(TITLE_B)} {rng.choice(TITLE_C)}"
        if rng.random() < 0.3:
            title += f": {' '.join(self.words.sample(rng.randint(3, 9))).title()}"
        if rng.random() < 0.03:
            title = title.replace("-", "\u2011")
        return title

    def transcript_kb(self) -> int:
        """A session's own transcript size: log-normal, clipped (DATA.md: up to 400 KB)."""
        kb = MEDIAN_KB * math.exp(self.rng.gauss(0.0, SIGMA))
        return int(min(MAX_KB, max(MIN_KB, kb)))

    def transcript(self, extra: list[str]) -> str:
        rng = self.rng
        n = max(4, int(self.transcript_kb() * 1024 / (BLOCK_CHARS + 1)))
        blocks = rng.choices(self.pool, k=n)
        own = _blocks(self.words, rng, 6, extra)
        for block in own:
            blocks[rng.randrange(n)] = block
        return "\n\n".join(blocks) + "\n"

    def session_text(
        self,
        day: tuple[int, str, str],
        title: str,
        start: str,
        end: str,
        building: str,
        room: str,
        video: str,
        transcript: str,
    ) -> str:
        rng = self.rng
        number, _, iso = day
        time_cell = f"{start} – {end}" if end else start
        out = [
            f"# {title}",
            "",
            f"**India AI Impact Summit 2026 — Day {number} ({iso})**",
            "",
            "---",
            "",
            "## 📌 Session Details",
            "",
            "| | |",
            "|---|---|",
            f"| ⏰ **Time** | {time_cell} |",
            f"| 📍 **Venue** | {building} | {room} |",
            f"| 📅 **Date** | {iso} |",
        ]
        url = f"https://youtube.com/live/{video}?feature=share" if video else ""
        if url:
            out.append(f"| 🎥 **Video** | [▶️ Watch on YouTube]({url}) |")
        out.append("")
        if rng.random() > 0.03:
            out += ["## 🎤 Speakers", ""]
            for _ in range(rng.randint(1, 8)):
                out += self.speaker_lines(self.person())
                if rng.random() < 0.02:
                    out.append(rng.choice(INVISIBLE))
            out.append("")
        if rng.random() < 0.7:
            out += ["## 🤝 Knowledge Partners", ""]
            out += [
                f"- {rng.choice(ORG_HEADS)} {rng.choice(ORG_TAILS)}"
                for _ in range(rng.randint(1, 3))
            ] + [""]
        sentences = [self.words.sentence() for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.9:
            out += ["## 📝 Summary", "", " ".join(sentences), ""]
        if rng.random() < 0.8:
            out += ["## 🔑 Key Takeaways", ""]
            for i, sentence in enumerate(sentences, 1):
                if rng.random() < 0.15 and " " in sentence:
                    head, tail = sentence.split(" ", 1)
                    out += [f"{i}. {head}", f"   {tail}"]
                else:
                    out.append(f"{i}. {sentence}")
            out.append("")
        if url:
            out += [
                "## 📺 Video",
                "",
                f"[![Watch on YouTube](https://img.youtube.com/vi/{video}"
                f"/maxresdefault.jpg)]({url})",
                "",
            ]
        out += ["---", "", f"_[← Back to Day {number} Sessions](../README.md)_", "", ""]
        if transcript:
            out += ["## 📝 Transcript", "", transcript]
        return "\n".join(out)

    def video_id(self) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        return "".join(self.rng.choice(alphabet) for _ in range(11))

    def write(self, out: Path, sessions: int) -> int:
        """Write `sessions` session files plus the non-session READMEs; returns bytes written."""
        rng, written = self.rng, 0
        counts = [int(sessions * share) for share in DAY_SHARE]
        counts[-1] += sessions - sum(counts)
        (out / "README.md").write_text(
            f"# Synthetic summit collection\n\nGenerated for benchmarks: {sessions} sessions.\n",
            encoding="utf-8",
        )
        for day, count in zip(DAYS, counts, strict=True):
            folder = out / f"Day-{day[0]}_{day[1]}" / "sessions"
            folder.mkdir(parents=True, exist_ok=True)
            index = [f"# Synthetic summit — Day {day[0]} ({day[2]})", ""]
            stream: _Stream | None = None
            for i in range(1, count + 1):
                title = self.title()
                building, room = rng.choice(BUILDINGS), rng.choice(ROOMS)
                minutes = rng.randint(9 * 60, 17 * 60) // 15 * 15
                length = 60
                video, transcript = "", ""
                if stream is None and rng.random() < STREAM_START:
                    roll = rng.random()
                    slots = rng.randint(2, 3) if roll < 0.6 else rng.randint(4, 12)
                    slots = 29 if roll >= 0.9 else slots
                    # pairs share one session-sized recording; long streams are a room's day
                    kb = self.transcript_kb() if slots <= 3 else rng.randint(200, MAX_KB)
                    text = "\n\n".join(rng.choices(self.pool, k=kb * 1024 // (BLOCK_CHARS + 1)))
                    stream = _Stream(
                        self.video_id(), text + "\n", slots, building, room, rng.randint(9, 10) * 60
                    )
                if stream is not None:
                    video, transcript = stream.video, stream.text
                    building, room, minutes = stream.building, stream.room, stream.minutes
                    length = rng.choice((15, 20, 30))
                    stream.minutes += length
                    stream.left -= 1
                    if stream.left == 0:
                        stream = None
                elif rng.random() < (TRANSCRIPT_SHARE - STREAM_SHARE) / (1 - STREAM_SHARE):
                    video = self.video_id()
                    transcript = self.transcript(title.split()[:4])
                elif rng.random() < (VIDEO_SHARE - TRANSCRIPT_SHARE) / (1 - TRANSCRIPT_SHARE):
                    video = self.video_id()
                start = f"{minutes // 60:02d}:{minutes % 60:02d}"
                end = (
                    ""
                    if rng.random() < 0.01
                    else (f"{(minutes + length) // 60:02d}:{(minutes + length) % 60:02d}")
                )
                text = self.session_text(day, title, start, end, building, room, video, transcript)
                stem = "-".join("".join(c for c in w if c.isalnum()) for w in title.split())
                name = f"{i:03d}-{stem[:80].strip('-')}.md"
                data = text.encode("utf-8")
                if rng.random() < 0.01:
                    data = b"\xef\xbb\xbf" + data
                (folder / name).write_bytes(data)
                written += len(data)
                index.append(f"- [{title}](sessions/{name})")
            (folder.parent / "README.md").write_text("\n".join(index) + "\n", encoding="utf-8")
        return written


def generate(out: Path | str, sessions: int, seed: int = 1) -> int:
    """Write a collection of `sessions` sessions into `out` (created); returns bytes written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    return Generator(seed).write(out, sessions)


def cache_root() -> Path:
    return Path(
        os.environ.get("SUMMIT_BENCH_CACHE", Path(tempfile.gettempdir()) / "summit-bench-cache")
    )


def cached_collection(sessions: int, seed: int = 1) -> Path:
    """A generated collection reused across runs (keyed by version, seed and count)."""
    final = cache_root() / f"synth-v{GENERATOR_VERSION}-s{seed}-n{sessions}"
    if (final / ".complete").is_file():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=final.name + ".", dir=final.parent))
    generate(work, sessions, seed)
    (work / ".complete").write_text("ok\n", encoding="utf-8")
    if final.exists():
        shutil.rmtree(final, ignore_errors=True)
    try:
        work.rename(final)
    except OSError:  # another process won the race; use theirs
        shutil.rmtree(work, ignore_errors=True)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synth",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="output folder (created)")
    parser.add_argument("--sessions", type=int, default=686)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    began = time.perf_counter()
    size = generate(args.out, args.sessions, args.seed)
    print(
        f"wrote {args.sessions} sessions, {size / 1e6:.1f} MB to {args.out} "
        f"in {time.perf_counter() - began:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
