"""Shared test fixtures: the real corpus (skipped when absent) and the seed file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SUMMIT_SHARED", PROJECT.parent / "shared"))
CORPUS = SHARED / "corpus" / "ai-summit"
SEED = SHARED / "seeds" / "000_ab0fd1d6b8ca4c81.txt"
SAMPLE = PROJECT / "resources" / "sample"


@pytest.fixture(scope="session")
def corpus_root() -> Path:
    """The real collection (Days 1, 2, 4); skips the test when ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not present (../shared/corpus/ai-summit)")
    return CORPUS


@pytest.fixture(scope="session")
def seed_file() -> Path:
    if not SEED.is_file():
        pytest.skip("seed file not present (../shared/seeds)")
    return SEED


@pytest.fixture(scope="session")
def sample_root() -> Path:
    return SAMPLE
