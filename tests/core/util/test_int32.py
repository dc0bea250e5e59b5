"""Integers as little-endian 32-bit bytes (packed cache columns, stored paragraph bounds)."""

from __future__ import annotations

import pytest

from viewer.core.util import int32


def test_round_trip_at_the_edges_and_byte_order() -> None:
    values = [0, 1, -1, int32.END - 1, -int32.END, 258]
    data = int32.to_bytes(values)
    assert len(data) == 4 * len(values)
    assert data[-4:] == b"\x02\x01\x00\x00"  # little-endian whatever the machine
    assert list(int32.from_bytes(data)) == values


def test_what_does_not_fit_is_refused() -> None:
    with pytest.raises(OverflowError):
        int32.to_bytes([int32.END])
    with pytest.raises(ValueError):
        int32.from_bytes(b"\x00\x00\x00")  # not whole integers
