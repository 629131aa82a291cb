from __future__ import annotations

import json

import pytest

from phieukin.crypto.credentials import derive_credential
from phieukin.voting.credentials import do_issue_credentials
from phieukin.voting.errors import SetupError
from phieukin.voting.models import BoardEvent, Credential, CredentialBatch

from .helpers import codes_from_pdf


def test_it_prints_one_card_per_member_present_and_keeps_only_public_keys(ready_ballot, alice):
    pdf = do_issue_credentials(ready_ballot, booth_url="http://x/voting/booth/1/", actor=alice)
    assert pdf.startswith(b"%PDF")
    codes = codes_from_pdf(pdf)
    assert len(codes) == 10  # 10 of 12 official members present; the guest gets none
    batch = CredentialBatch.objects.get(ballot=ready_ballot)
    assert (batch.count, batch.convened_count, batch.present_count) == (10, 12, 10)
    stored = set(
        Credential.objects.filter(ballot=ready_ballot).values_list("public_key", flat=True)
    )
    assert stored == {derive_credential(ready_ballot.election_id, c).public.hex() for c in codes}
    event = BoardEvent.objects.get(ballot=ready_ballot, kind="credentials")
    assert json.loads(event.body)["payload"]["credentials"] == sorted(stored)
    everything = event.body + "".join(str(v) for v in CredentialBatch.objects.values())
    assert not any(c in everything or c.replace("-", "") in everything for c in codes)


def test_it_issues_cards_once_and_only_after_the_ceremony(ready_ballot, alice):
    do_issue_credentials(ready_ballot, booth_url="http://x/", actor=alice)
    with pytest.raises(SetupError):
        do_issue_credentials(ready_ballot, booth_url="http://x/", actor=alice)


def test_it_refuses_cards_before_the_ceremony(draft_ballot, alice):
    with pytest.raises(SetupError, match="tạo khoá"):
        do_issue_credentials(draft_ballot, booth_url="http://x/", actor=alice)
