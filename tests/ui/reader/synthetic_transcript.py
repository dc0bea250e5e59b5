"""A seeded synthetic transcript in the collection's caption format (for reader tests).

Five caption lines per block, blocks separated by blank lines, `>>` at speaker changes and a
sprinkling of sound annotations; common English words so "the" is frequent, as in real talks.
"""

from __future__ import annotations

import random

WORDS = [
    "the",
    "the",
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "that",
    "is",
    "we",
    "it",
    "this",
    "for",
    "you",
    "on",
    "are",
    "with",
    "as",
    "be",
    "have",
    "data",
    "model",
    "india",
    "public",
    "digital",
    "platform",
    "health",
    "people",
    "system",
    "work",
    "language",
    "safety",
    "government",
    "infrastructure",
    "research",
    "startup",
    "compute",
    "question",
    "open",
    "agent",
    "trust",
    "scale",
]
ANNOTATIONS = ("[applause]", "[music]", "[laughter]", "[clears throat]")


def make_transcript(target_chars: int = 400_000, seed: int = 7) -> str:
    rng = random.Random(seed)
    blocks: list[str] = []
    size = 0
    while size < target_chars:
        lines = []
        for _ in range(5):
            words = rng.choices(WORDS, k=rng.randint(6, 11))
            if rng.random() < 0.08:
                words.insert(0, ">>")
            if rng.random() < 0.02:
                words.append(rng.choice(ANNOTATIONS))
            if rng.random() < 0.3:
                words[-1] += "."
            lines.append(" ".join(words))
        block = "\n".join(lines)
        blocks.append(block)
        size += len(block) + 2
    return "\n\n".join(blocks) + "\n"
