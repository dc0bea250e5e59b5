"""Integers as little-endian 32-bit bytes, one C-level step each way (no Qt).

What the header cache's packed columns and the search index's paragraph bounds are made of:
JSON or Python would spend a call per integer, an `array` converts them all at once.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

CODE = next(code for code in "ilh" if array(code).itemsize == 4)  # C's 32-bit type here
END = 1 << 31  # first value that does not fit


def to_bytes(values: Iterable[int]) -> bytes:
    """`values` (each in -2**31..2**31-1, else OverflowError) as little-endian bytes."""
    packed = array(CODE, values)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def from_bytes(data: bytes) -> array[int]:
    """`to_bytes` undone; ValueError when `data` is not whole 32-bit integers."""
    packed = array(CODE)
    packed.frombytes(data)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed
