from __future__ import annotations

import json

import pytest

from phieukin.crypto import threshold
from phieukin.crypto.randomness import SYSTEM
from phieukin.voting import ceremony, services
from phieukin.voting.errors import CeremonyError
from phieukin.voting.models import BallotStatus, BoardEvent, RejectedSubmission, Trustee

from .helpers import run_ceremony


@pytest.fixture
def in_ceremony(draft_ballot, alice):
    return services.do_start_ceremony(draft_ballot, actor=alice)


def test_it_runs_the_ceremony_to_a_joint_key(in_ceremony):
    run_ceremony(in_ceremony)
    assert in_ceremony.status == BallotStatus.READY
    kinds = list(BoardEvent.objects.filter(ballot=in_ceremony).values_list("kind", flat=True))
    assert kinds == [
        "setup",
        *["dkg_commit"] * 3,
        "chair_key",
        *["dkg_reveal"] * 3,
        *["dkg_check"] * 3,
        *["dkg_ack"] * 3,
        "joint_key",
    ]
    joint = json.loads(BoardEvent.objects.get(ballot=in_ceremony, kind="joint_key").body)["payload"]
    assert joint["public_key"] == in_ceremony.election_public_key
    assert joint["fingerprint"] == in_ceremony.fingerprint and len(joint["verification_keys"]) == 3


def test_it_never_stores_a_trustee_secret(in_ceremony):
    shares = run_ceremony(in_ceremony)
    dump = "".join(BoardEvent.objects.filter(ballot=in_ceremony).values_list("body", flat=True))
    for secret, share in shares.values():
        assert secret.key.hex() not in dump and share.hex() not in dump
        assert all(a.hex() not in dump for a in secret.coefficients)


def test_it_refuses_a_message_for_another_seat(in_ceremony):
    bob = Trustee.objects.get(ballot=in_ceremony, index=1)
    _secret, payload = threshold.dkg_commit(in_ceremony.election_id, 2, 2)
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", payload)
    assert err.value.code == "wrong_trustee"


def test_it_refuses_a_reveal_before_every_commit(in_ceremony):
    bob = Trustee.objects.get(ballot=in_ceremony, index=1)
    _secret, payload = threshold.dkg_commit(in_ceremony.election_id, 1, 2)
    ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", payload)
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_reveal", {"trustee": 1})
    assert err.value.code == "out_of_order"
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", payload)
    assert err.value.code == "duplicate_message"


def test_it_identifies_a_forged_key_proof(in_ceremony):
    bob = Trustee.objects.get(ballot=in_ceremony, index=1)
    _secret, payload = threshold.dkg_commit(in_ceremony.election_id, 1, 2)
    other_election = threshold.dkg_commit("another-election", 1, 2)[1]
    payload["key_proof"] = other_election["key_proof"]
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", payload)
    assert err.value.code == "invalid_proof"
    rejected = RejectedSubmission.objects.get(ballot=in_ceremony)
    assert rejected.trustee == bob and rejected.code == "invalid_proof"
    assert not BoardEvent.objects.filter(ballot=in_ceremony, kind="dkg_commit").exists()


def test_it_refuses_malformed_messages(in_ceremony):
    bob = Trustee.objects.get(ballot=in_ceremony, index=1)
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", {"trustee": 1, "public_key": "zz"})
    assert err.value.code == "invalid_schema"
    with pytest.raises(CeremonyError):
        ceremony.do_submit_dkg(in_ceremony, bob, "dkg_commit", ["not", "a", "dict"])


def _to_checks(ballot, bad=None):
    """Commit, chair key, reveal (dealer ``bad[0]`` cheats ``bad[1]``), check; the secrets."""
    from phieukin.crypto.group import Element
    from phieukin.record.simulate import _corrupt

    from .helpers import register_chair

    seats = {t.index: t for t in Trustee.objects.filter(ballot=ballot)}
    eid = ballot.election_id
    secrets = {}
    for i, seat in seats.items():
        secrets[i], payload = threshold.dkg_commit(eid, i, ballot.threshold)
        ceremony.do_submit_dkg(ballot, seat, "dkg_commit", payload)
    register_chair(ballot, ballot.created_by)
    keys = {i: Element.from_hex(p["public_key"]) for i, p in ceremony.state(ballot).commits.items()}
    for i, seat in seats.items():
        reveal = threshold.dkg_reveal(secrets[i], eid, keys)
        if bad and i == bad[0]:
            reveal = _corrupt(reveal, secrets[i], eid, to=bad[1], key=keys[bad[1]], rng=SYSTEM)
        ceremony.do_submit_dkg(ballot, seat, "dkg_reveal", reveal)
    reveals = ceremony.state(ballot).reveals
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_check", threshold.dkg_check(secrets[i], eid, reveals)
        )
    return seats, secrets, reveals


def _ack_all(ballot, seats, secrets, reveals):
    st = ceremony.state(ballot)
    for i in st.qualified:
        _share, ack = threshold.dkg_receive_v2(
            secrets[i], ballot.election_id, reveals, answers=st.answers, qualified=st.qualified
        )
        ceremony.do_submit_dkg(ballot, seats[i], "dkg_ack", ack)
    ballot.refresh_from_db()


def test_a_complaint_answered_keeps_every_dealer(in_ceremony):
    seats, secrets, reveals = _to_checks(in_ceremony, bad=(2, 1))
    st = ceremony.state(in_ceremony)
    assert st.checks[1]["complaints"] == [2] and st.open_complaints(2) == [1]
    with pytest.raises(CeremonyError) as err:  # nobody but the accused answers
        ceremony.do_submit_dkg(
            in_ceremony,
            seats[3],
            "dkg_answer",
            threshold.dkg_answer(secrets[3], in_ceremony.election_id, 1),
        )
    assert err.value.code == "out_of_order"
    answer = threshold.dkg_answer(secrets[2], in_ceremony.election_id, 1)
    ceremony.do_submit_dkg(in_ceremony, seats[2], "dkg_answer", answer)
    _ack_all(in_ceremony, seats, secrets, reveals)
    assert in_ceremony.status == BallotStatus.READY
    joint = json.loads(BoardEvent.objects.get(ballot=in_ceremony, kind="joint_key").body)
    assert joint["payload"]["qualified"] == [1, 2, 3]


def test_an_unanswered_complaint_disqualifies_the_dealer_and_the_ceremony_goes_on(in_ceremony):
    seats, secrets, reveals = _to_checks(in_ceremony, bad=(3, 1))
    assert ceremony.state(in_ceremony).qualified == [1, 2]
    _secret, ack = threshold.dkg_receive_v2(
        secrets[3], in_ceremony.election_id, reveals, answers={}, qualified=[1, 2, 3]
    )
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(in_ceremony, seats[3], "dkg_ack", ack)
    assert err.value.code == "disqualified"
    _ack_all(in_ceremony, seats, secrets, reveals)
    assert in_ceremony.status == BallotStatus.READY  # 2 of 3 honest trustees remain, t = 2
    joint = json.loads(BoardEvent.objects.get(ballot=in_ceremony, kind="joint_key").body)
    assert joint["payload"]["qualified"] == [1, 2]


def test_a_ceremony_without_t_honest_trustees_says_start_again(agenda_item, alice, board_users):
    from phieukin.voting.progress import next_steps

    ballot = services.do_create_ballot(agenda_item, title="3 của 3", threshold=3, actor=alice)
    services.do_add_question(ballot, kind="approval", prompt="Thông qua", actor=alice)
    services.do_set_trustees(ballot, board_users, actor=alice)
    ballot = services.do_start_ceremony(ballot, actor=alice)
    seats, secrets, reveals = _to_checks(ballot, bad=(3, 1))
    st = ceremony.state(ballot)
    assert ceremony.failed(st, 3) and st.qualified == [1, 2]
    steps = " ".join(next_steps(ballot))
    assert "3" in steps and ("start again" in steps or "làm lại" in steps or "bắt đầu lại" in steps)
    _share, ack = threshold.dkg_receive_v2(
        secrets[1], ballot.election_id, reveals, answers={}, qualified=[1, 2]
    )
    with pytest.raises(CeremonyError) as err:
        ceremony.do_submit_dkg(ballot, seats[1], "dkg_ack", ack)
    assert err.value.code == "invalid_proof"
