from __future__ import annotations

import json

import pytest

from phieukin.crypto import threshold
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
    assert kinds == ["setup"] + ["dkg_commit"] * 3 + ["dkg_reveal"] * 3 + ["dkg_ack"] * 3 + [
        "joint_key"
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
