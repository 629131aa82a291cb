"""Each tampering of the honest 1,000-ballot record is rejected, naming the first bad event.

"Rebuilt" variants re-link the hash chain after the change (an operator who rewrites the whole
board), so the cryptographic checks, not the chain, must catch them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from phieukin.record.cli import verify_main
from phieukin.record.events import Event, rebuild_chain
from phieukin.record.simulate import SimulatedElection, simulate_election
from phieukin.record.verify import verify_record

Pairs = list[tuple[str, dict[str, Any]]]


def _pairs(events: list[Event]) -> Pairs:
    return [(e.type, e.payload) for e in events]


def _seq_of(events: list[Event], type_: str, nth: int = 0) -> int:
    return [e.seq for e in events if e.type == type_][nth]


def _check(lines: list[bytes], seq: int, type_: str, code: str) -> None:
    failure = verify_record(lines, jobs=2).failure
    assert failure is not None
    assert (failure.seq, failure.type, failure.code) == (seq, type_, code), failure.reason


def _rebuilt(events: list[Event], change: Callable[[Pairs], None]) -> list[bytes]:
    pairs = _pairs(events)
    change(pairs)
    return [e.line()[:-1] for e in rebuild_chain(pairs)]


def test_it_rejects_a_changed_vote(big: SimulatedElection) -> None:
    k = _seq_of(big.events, "ballot", 3)
    other = big.events[k + 1].payload["answers"][0]["choices"][0]

    def change(pairs: Pairs) -> None:
        ballot = pairs[k][1]
        answer = {**ballot["answers"][0], "choices": [other, *ballot["answers"][0]["choices"][1:]]}
        pairs[k] = ("ballot", {**ballot, "answers": [answer]})

    _check(_rebuilt(big.events, change), k, "ballot", "invalid_signature")


def test_it_rejects_a_dropped_ballot(big: SimulatedElection) -> None:
    k = _seq_of(big.events, "ballot", 10)
    lines = [e.line()[:-1] for e in big.events]
    _check(lines[:k] + lines[k + 1 :], k, "ballot", "out_of_order")
    close = _seq_of(big.events, "close")
    _check(_rebuilt(big.events, lambda p: p.pop(k)), close - 1, "close", "tally_mismatch")


def test_it_rejects_a_duplicated_ballot(big: SimulatedElection) -> None:
    k = _seq_of(big.events, "ballot", 5)
    _check(_rebuilt(big.events, lambda p: p.insert(k + 1, p[k])), k + 1, "ballot", "invalid_ballot")


def test_it_rejects_reordered_events(big: SimulatedElection) -> None:
    lines = [e.line()[:-1] for e in big.events]
    k = _seq_of(big.events, "ballot", 0)
    lines[k], lines[k + 1] = lines[k + 1], lines[k]
    _check(lines, k, "ballot", "out_of_order")
    close = _seq_of(big.events, "close")

    def swap(pairs: Pairs) -> None:
        pairs[close], pairs[close - 1] = pairs[close - 1], pairs[close]

    # The close now comes one ballot early: its count no longer matches.
    _check(_rebuilt(big.events, swap), close - 1, "close", "tally_mismatch")


def test_it_rejects_a_ballot_replayed_from_another_election(big: SimulatedElection) -> None:
    other = simulate_election(1, seed="another-election")
    stranger = next(e.payload for e in other.events if e.type == "ballot")
    k = _seq_of(big.events, "ballot", 2)
    _check(
        _rebuilt(big.events, lambda p: p.insert(k, ("ballot", stranger))),
        k,
        "ballot",
        "wrong_election",
    )


def test_it_rejects_a_changed_result(big: SimulatedElection) -> None:
    def change(pairs: Pairs) -> None:
        counts = [row[:] for row in pairs[-1][1]["counts"]]
        counts[0][0], counts[0][1] = counts[0][1], counts[0][0]
        pairs[-1] = ("result", {**pairs[-1][1], "counts": counts})

    if big.expected[0][0] == big.expected[0][1]:
        pytest.skip("the two counts happen to be equal")
    _check(_rebuilt(big.events, change), len(big.events) - 1, "result", "result_mismatch")


def _swap_factors(payload: dict[str, Any]) -> dict[str, Any]:
    factors = [list(row) for row in payload["factors"]]
    factors[0][0], factors[0][1] = factors[0][1], factors[0][0]
    return {**payload, "factors": factors}


def test_it_rejects_a_changed_partial_decryption_by_its_signature(big: SimulatedElection) -> None:
    k = _seq_of(big.events, "partial_decryption", 1)

    def change(pairs: Pairs) -> None:
        pairs[k] = ("partial_decryption", _swap_factors(pairs[k][1]))

    _check(_rebuilt(big.events, change), k, "partial_decryption", "invalid_signature")


def test_it_rejects_an_invalid_partial_decryption_signed_by_its_trustee(
    big: SimulatedElection,
) -> None:
    from phieukin.crypto.threshold import sign_payload

    k = _seq_of(big.events, "partial_decryption", 1)
    index = big.events[k].payload["trustee"]

    def change(pairs: Pairs) -> None:
        forged = {k: v for k, v in _swap_factors(pairs[k][1]).items() if k != "signature"}
        key = big.secrets[index].key
        pairs[k] = (
            "partial_decryption",
            sign_payload(forged, key, big.ctx.setup.election_id, index),
        )

    _check(_rebuilt(big.events, change), k, "partial_decryption", "invalid_proof")


def test_it_rejects_an_invalid_v1_partial_decryption(small_v1: SimulatedElection) -> None:
    k = _seq_of(small_v1.events, "partial_decryption", 1)

    def change(pairs: Pairs) -> None:
        pairs[k] = ("partial_decryption", _swap_factors(pairs[k][1]))

    _check(_rebuilt(small_v1.events, change), k, "partial_decryption", "invalid_proof")


def test_it_rejects_a_wrong_chain_link(
    big: SimulatedElection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [e.line() for e in big.events]
    k = _seq_of(big.events, "credentials")
    event = big.events[k]
    forged = Event(event.seq, event.type, big.events[0].hash, event.payload, event.hash)
    lines[k] = forged.line()
    path = tmp_path / "forged.jsonl"
    path.write_bytes(b"".join(lines))
    assert verify_main([str(path), "--jobs", "2"]) == 1
    assert f"FAILED at event seq={k} type=credentials: [broken_chain]" in capsys.readouterr().out
