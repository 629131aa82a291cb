"""Every single-bit flip in any event of a record is rejected at that event (sampled)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record
from tests.strategies import flip_bit


@settings(max_examples=60)
@given(st.data())
def test_it_rejects_every_single_bit_flip(small: SimulatedElection, data: st.DataObject) -> None:
    lines = [e.line()[:-1] for e in small.events]
    k = data.draw(st.integers(0, len(lines) - 1), label="event")
    position = data.draw(st.integers(0, len(lines[k]) * 8 - 1), label="bit")
    tampered = [*lines[:k], flip_bit(lines[k], position), *lines[k + 1 :]]
    failure = verify_record(tampered).failure
    assert failure is not None and failure.seq == k
