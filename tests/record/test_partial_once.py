"""At most one partial decryption per trustee (audit checklist item 9)."""

from __future__ import annotations

from phieukin.record.events import rebuild_chain
from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record


def test_it_refuses_a_second_partial_decryption_by_the_same_trustee(
    small: SimulatedElection,
) -> None:
    pairs = [(e.type, e.payload) for e in small.events]
    k = next(i for i, (type_, _) in enumerate(pairs) if type_ == "partial_decryption")
    pairs.insert(k + 1, pairs[k])  # the same trustee's decryption twice (phase still open)
    lines = [e.line()[:-1] for e in rebuild_chain(pairs)]
    failure = verify_record(lines, jobs=1).failure
    assert failure is not None
    assert (failure.seq, failure.type, failure.code) == (
        k + 1,
        "partial_decryption",
        "invalid_schema",
    )
