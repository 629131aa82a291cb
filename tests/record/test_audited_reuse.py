"""An audited ballot (its randomness is public) can never also be cast."""

from __future__ import annotations

from phieukin.record.events import rebuild_chain
from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record


def test_it_rejects_casting_an_audited_ballot(small: SimulatedElection) -> None:
    pairs = [(e.type, e.payload) for e in small.events]
    audited = next(p for t, p in pairs if t == "audited_ballot")
    close = next(k for k, (t, _) in enumerate(pairs) if t == "close")
    pairs.insert(close, ("ballot", audited["ballot"]))
    failure = verify_record(rebuild_chain(pairs)).failure
    assert failure is not None
    assert (failure.seq, failure.type, failure.code) == (close, "ballot", "invalid_ballot")
    assert "reuses a ciphertext" in failure.reason
