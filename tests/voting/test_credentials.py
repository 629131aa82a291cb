"""The signed list of credentials: a trustee issues, the server keeps public keys only."""

from __future__ import annotations

import json

import pytest

from phieukin.crypto.credential_list import credential_list, issue
from phieukin.crypto.credentials import derive_credential
from phieukin.voting import credentials
from phieukin.voting.errors import SetupError
from phieukin.voting.models import (
    BoardEvent,
    Credential,
    CredentialBatch,
    RejectedSubmission,
    Trustee,
)

from .helpers import issue_cards, prove_keys, sign_attendance


@pytest.fixture
def attended(ready_ballot, charles):
    prove_keys(ready_ballot, ready_ballot.test_shares)
    sign_attendance(ready_ballot, charles)
    return ready_ballot


def test_it_takes_one_public_key_per_member_present_and_never_a_code(attended):
    codes = issue_cards(attended, attended.test_shares)
    assert len(codes) == 10  # 10 of 12 official members present; the guest gets none
    batch = CredentialBatch.objects.get(ballot=attended)
    assert (batch.count, batch.convened_count, batch.present_count) == (10, 12, 10)
    stored = set(Credential.objects.filter(ballot=attended).values_list("public_key", flat=True))
    assert stored == {derive_credential(attended.election_id, c).public.hex() for c in codes}
    event = BoardEvent.objects.get(ballot=attended, kind="credentials")
    payload = json.loads(event.body)["payload"]
    assert payload["credentials"] == sorted(stored) and payload["issuer"] == 1
    everything = "".join(BoardEvent.objects.values_list("body", flat=True))
    everything += "".join(str(v) for v in CredentialBatch.objects.values())
    assert not any(c in everything or c.replace("-", "") in everything for c in codes)
    summary = credentials.credentials_summary(attended)
    assert summary["signers"] == [1, 2] and summary["short_code"].count("-") == 3


def _list(ballot, count, issuer=1):
    return issue(
        count,
        fingerprint=bytes.fromhex(ballot.fingerprint),
        issuer=issuer,
        key=ballot.test_shares[issuer][0].key,
        election_id=ballot.election_id,
    )[1]


def test_it_refuses_a_list_that_is_not_one_card_per_member_present(attended):
    seat = Trustee.objects.get(ballot=attended, index=1)
    with pytest.raises(SetupError, match="10"):
        credentials.do_submit_credentials(attended, seat, _list(attended, 11))
    assert not CredentialBatch.objects.exists()


def test_it_refuses_a_list_the_issuer_did_not_sign(attended):
    seat = Trustee.objects.get(ballot=attended, index=1)
    good = _list(attended, 10)
    forged = credential_list(
        good["credentials"],
        fingerprint=bytes.fromhex(attended.fingerprint),
        issuer=1,
        key=attended.test_shares[2][0].key,  # trustee 2's key, not the issuer's
        election_id=attended.election_id,
    )
    with pytest.raises(SetupError, match="issuer 1"):
        credentials.do_submit_credentials(attended, seat, forged)
    assert RejectedSubmission.objects.get().code == "invalid_signature"


def test_it_issues_cards_once_and_only_after_the_signed_attendance(ready_ballot, charles):
    seat = Trustee.objects.get(ballot=ready_ballot, index=1)
    with pytest.raises(SetupError):
        credentials.do_submit_credentials(ready_ballot, seat, _list(ready_ballot, 10))
    prove_keys(ready_ballot, ready_ballot.test_shares)
    sign_attendance(ready_ballot, charles)
    issue_cards(ready_ballot, ready_ballot.test_shares)
    with pytest.raises(SetupError):
        credentials.do_submit_credentials(ready_ballot, seat, _list(ready_ballot, 10))
