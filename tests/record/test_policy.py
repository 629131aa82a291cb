"""One counted ballot per credential: policy ``first`` refuses a second, ``last`` replaces."""

from __future__ import annotations

from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.randomness import SeededRandom
from phieukin.record.events import rebuild_chain
from phieukin.record.simulate import simulate_election
from phieukin.record.verify import verify_record


def test_it_refuses_a_second_ballot_under_policy_first() -> None:
    sim = simulate_election(4, seed="policy-first", policy="first")
    again, _ = encrypt_ballot(sim.ctx, sim.credentials[1], [[1, 0, 0, 0, 0]], SeededRandom("x"))
    pairs = [(e.type, e.payload) for e in sim.events]
    close = next(k for k, (t, _) in enumerate(pairs) if t == "close")
    pairs.insert(close, ("ballot", again))
    failure = verify_record(rebuild_chain(pairs)).failure
    assert failure is not None
    assert (failure.seq, failure.code) == (close, "duplicate_credential")


def test_it_counts_only_the_last_ballot_under_policy_last() -> None:
    sim = simulate_election(5, seed="policy-last", revotes=3)
    report = verify_record(sim.events)
    assert report.ok and report.stats["replaced"] == 3 and report.stats["counted"] == 5
    assert report.result == sim.expected
