"""The encrypted tally must be the sum of the counted ballots (audit checklist item 8).

The proof workers add up the counted ballots, so the comparison happens after the sequential
pass: these tests pin that it still names the ``encrypted_tally`` event, before any later failure
(the partial decryptions of a forged tally do not verify against it either).
"""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.elgamal import Ciphertext
from phieukin.record.events import Event, rebuild_chain
from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record


def _forged(events: list[Event], change: Any) -> list[bytes]:
    pairs = [(e.type, e.payload) for e in events]
    k = next(i for i, (type_, _) in enumerate(pairs) if type_ == "encrypted_tally")
    payload = pairs[k][1]
    pairs[k] = ("encrypted_tally", {**payload, "ciphertexts": change(payload["ciphertexts"])})
    return [e.line()[:-1] for e in rebuild_chain(pairs)]


def _swap_options(rows: list[list[Any]]) -> list[list[Any]]:
    first = list(rows[0])
    first[0], first[1] = first[1], first[0]
    return [first, *rows[1:]]


def _count_replaced_instead(events: list[Event]) -> Any:
    """The tally an operator gets by counting a replaced ballot instead of its replacement."""
    ballots = [e.payload for e in events if e.type == "ballot"]
    cred = next(b["credential"] for b in reversed(ballots) if _casts(ballots, b["credential"]) > 1)
    mine = [b for b in ballots if b["credential"] == cred]
    old, new = (_cts(mine[0]), _cts(mine[-1]))

    def change(rows: list[list[Any]]) -> list[list[Any]]:
        first = []
        for c, o, n in zip(rows[0], old, new, strict=True):
            ct = Ciphertext.from_json(c, "c", allow_identity=True)
            first.append(Ciphertext(ct.alpha + o.alpha - n.alpha, ct.beta + o.beta - n.beta))
        return [[ct.to_json() for ct in first], *rows[1:]]

    return change


def _casts(ballots: list[dict[str, Any]], cred: str) -> int:
    return sum(b["credential"] == cred for b in ballots)


def _cts(ballot: dict[str, Any]) -> list[Ciphertext]:
    return [Ciphertext.from_json(c, "c") for c in ballot["answers"][0]["choices"]]


@pytest.mark.parametrize("jobs", [1, 2])
def test_it_names_the_encrypted_tally_when_ciphertexts_are_swapped(
    small: SimulatedElection, jobs: int
) -> None:
    report = verify_record(_forged(small.events, _swap_options), jobs=jobs)
    seq = next(e.seq for e in small.events if e.type == "encrypted_tally")
    assert report.failure is not None
    assert (report.failure.seq, report.failure.type) == (seq, "encrypted_tally")
    assert report.failure.code == "tally_mismatch"


def test_it_names_the_encrypted_tally_when_a_replaced_ballot_is_counted(
    small: SimulatedElection,
) -> None:
    report = verify_record(_forged(small.events, _count_replaced_instead(small.events)), jobs=2)
    assert report.failure is not None
    assert (report.failure.type, report.failure.code) == ("encrypted_tally", "tally_mismatch")


def test_it_accepts_the_honest_tally_with_replaced_ballots(small: SimulatedElection) -> None:
    assert small.events[0].payload["policy"] == "last"
    report = verify_record([e.line()[:-1] for e in small.events], jobs=2)
    assert report.ok, report.failure
    assert report.stats["replaced"] > 0
