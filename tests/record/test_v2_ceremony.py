"""PHIEUKIN-v2's key ceremony and pre-opening events, as the verifier checks them.

The complaint round lets a ceremony survive a dishonest dealer; key possession proofs, the
chair's key, and the endorsed credential list must all be in place before the first ballot.
"""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.threshold import sign_payload
from phieukin.record.events import rebuild_chain
from phieukin.record.simulate import SimulatedElection, simulate_election
from phieukin.record.verify import verify_record

Pairs = list[tuple[str, dict[str, Any]]]


def _pairs(sim: SimulatedElection) -> Pairs:
    return [(e.type, e.payload) for e in sim.events]


def _index(pairs: Pairs, type_: str, nth: int = 0) -> int:
    return [k for k, (t, _) in enumerate(pairs) if t == type_][nth]


def _verdict(pairs: Pairs) -> tuple[int, str, str] | None:
    failure = verify_record([e.line()[:-1] for e in rebuild_chain(pairs)]).failure
    return None if failure is None else (failure.seq, failure.type, failure.code)


@pytest.mark.parametrize(("answers", "qualified"), [(True, [1, 2, 3]), (False, [1, 3])])
def test_a_complaint_is_answered_or_disqualifies_its_dealer(
    answers: bool, qualified: list[int]
) -> None:
    sim = simulate_election(3, seed=f"complaint-{answers}", bad_share=(2, 1, answers))
    report = verify_record(sim.events)
    assert report.ok, report.failure
    assert sim.qualified == qualified and report.result == sim.expected
    check = next(
        e.payload for e in sim.events if e.type == "dkg_check" and e.payload["trustee"] == 1
    )
    assert check["complaints"] == [2]
    assert sum(e.type == "dkg_answer" for e in sim.events) == (1 if answers else 0)
    joint = next(e.payload for e in sim.events if e.type == "joint_key")
    assert joint["qualified"] == qualified


def test_too_few_qualified_trustees_cannot_acknowledge() -> None:
    sim = simulate_election(2, seed="lost", trustees=(3, 3), bad_share=(3, 1, True))
    pairs = _pairs(sim)
    del pairs[_index(pairs, "dkg_answer")]  # without its answer, dealer 3 is out: 2 < t
    k = _index(pairs, "dkg_ack")
    assert _verdict(pairs) == (k, "dkg_ack", "invalid_proof")


def test_an_answer_off_the_polynomial_is_refused() -> None:
    sim = simulate_election(2, seed="liar", bad_share=(2, 1, True))
    pairs = _pairs(sim)
    k = _index(pairs, "dkg_answer")
    payload = {**pairs[k][1], "share": "01" + "00" * 31}
    unsigned = {key: v for key, v in payload.items() if key != "signature"}
    pairs[k] = (
        "dkg_answer",
        sign_payload(unsigned, sim.secrets[2].key, sim.ctx.setup.election_id, 2),
    )
    assert _verdict(pairs) == (k, "dkg_answer", "invalid_proof")


def test_an_answer_after_the_first_ack_is_out_of_order() -> None:
    sim = simulate_election(2, seed="late", bad_share=(2, 1, True))
    pairs = _pairs(sim)
    k = _index(pairs, "dkg_answer")
    answer = pairs.pop(k)
    pairs.insert(k + 1, answer)  # after the first ack, which then disqualified dealer 2
    assert _verdict(pairs) == (k, "dkg_ack", "invalid_proof")


def test_an_ack_naming_another_qualified_set_is_refused(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "dkg_ack")
    ack = {key: v for key, v in pairs[k][1].items() if key != "signature"}
    ack["qualified"] = [1, 2]
    pairs[k] = ("dkg_ack", sign_payload(ack, v2.secrets[1].key, v2.ctx.setup.election_id, 1))
    assert _verdict(pairs) == (k, "dkg_ack", "invalid_proof")


def test_a_key_possession_proof_is_required_of_every_qualified_trustee(
    v2: SimulatedElection,
) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "key_possession", 2)
    del pairs[k]
    assert _verdict(pairs) == (k, "attendance", "out_of_order")


def test_a_key_possession_proof_with_another_share_fails(v2: SimulatedElection) -> None:
    from phieukin.crypto.signing import key_possession

    pairs = _pairs(v2)
    k = _index(pairs, "key_possession")
    wrong = key_possession(
        v2.secrets[1].key,
        v2.shares[2],
        election_id=v2.ctx.setup.election_id,
        index=1,
        fingerprint=v2.ctx.fingerprint,
    )
    pairs[k] = ("key_possession", wrong)
    assert _verdict(pairs) == (k, "key_possession", "invalid_proof")


def test_the_first_ballot_needs_t_signers_of_the_credential_list(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "credentials_endorsement")
    del pairs[k]
    assert _verdict(pairs) == (k, "audited_ballot", "out_of_order")


def test_an_endorsement_of_another_list_is_an_event_mismatch(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "credentials_endorsement")
    signer = pairs[k][1]["trustee"]
    forged = {"trustee": signer, "event": "ab" * 32}
    key = v2.secrets[signer].key
    pairs[k] = (
        "credentials_endorsement",
        sign_payload(forged, key, v2.ctx.setup.election_id, signer),
    )
    assert _verdict(pairs) == (k, "credentials_endorsement", "event_mismatch")


def test_the_issuer_cannot_endorse_its_own_list(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "credentials_endorsement")
    issuer = pairs[_index(pairs, "credentials")][1]["issuer"]
    payload = {"trustee": issuer, "event": pairs[k][1]["event"]}
    key = v2.secrets[issuer].key
    pairs[k] = (
        "credentials_endorsement",
        sign_payload(payload, key, v2.ctx.setup.election_id, issuer),
    )
    assert _verdict(pairs) == (k, "credentials_endorsement", "invalid_schema")


def test_the_chair_key_must_precede_the_joint_key(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _index(pairs, "chair_key")
    chair = pairs.pop(k)
    joint = _index(pairs, "joint_key")
    pairs.insert(joint + 1, chair)
    assert _verdict(pairs) == (joint, "joint_key", "out_of_order")


def test_attendance_below_the_quorum_it_states_is_refused(v2: SimulatedElection) -> None:
    from phieukin.crypto.signing import sign_as_chair

    pairs = _pairs(v2)
    k = _index(pairs, "attendance")
    counts = {key: v for key, v in pairs[k][1].items() if key != "signature"}
    counts["quorum_required"] = counts["present"] + 1
    assert v2.chair_key is not None
    pairs[k] = ("attendance", sign_as_chair(counts, v2.chair_key, v2.ctx.fingerprint))
    assert _verdict(pairs) == (k, "attendance", "quorum_not_met")


def test_a_v1_record_still_verifies_by_its_version(small_v1: SimulatedElection) -> None:
    report = verify_record(small_v1.events)
    assert report.ok and report.version == "PHIEUKIN-v1" and report.result == small_v1.expected


def test_v2_events_are_out_of_order_in_a_v1_record(small_v1: SimulatedElection) -> None:
    pairs = _pairs(small_v1)
    k = _index(pairs, "joint_key")
    pairs.insert(k + 1, ("key_possession", {"trustee": 1}))
    assert _verdict(pairs) == (k + 1, "key_possession", "out_of_order")
