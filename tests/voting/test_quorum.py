"""One quorum computation: the rule set's policy through rules.check_quorum, signed by the chair."""

from __future__ import annotations

import json

import pytest

from phieukin.meetings.models import Attendance
from phieukin.meetings.views import attendance_context
from phieukin.voting import chair
from phieukin.voting.attendance import attendance_now
from phieukin.voting.errors import QuorumNotMetError, SetupError
from phieukin.voting.models import BallotStatus, BoardEvent

from .helpers import CHAIR_SECRET, issue_cards, prove_keys, sign_attendance


def test_it_is_the_conference_pages_quorum(draft_ballot, conference):
    now = attendance_now(draft_ballot)
    page = attendance_context(conference)
    assert (
        (now.quorum_required, now.met) == (page["quorum_needed"], page["quorum_met"]) == (8, True)
    )


def test_it_blocks_opening_before_ceremony_and_cards(draft_ballot, charles):
    assert chair.open_blockers(draft_ballot)
    with pytest.raises(SetupError):
        chair.do_open(draft_ballot, actor=charles)


def test_the_chair_cannot_sign_without_quorum(ready_ballot, charles, conference):
    prove_keys(ready_ballot, ready_ballot.test_shares)
    Attendance.objects.filter(conference=conference, present=True, role="member").filter(
        pk__in=Attendance.objects.filter(conference=conference, role="member").values("pk")[:3]
    ).update(present=False)  # 7 of 12 present < 8
    with pytest.raises(QuorumNotMetError, match="7"):
        sign_attendance(ready_ballot, charles)
    assert not BoardEvent.objects.filter(ballot=ready_ballot, kind="attendance").exists()
    ready_ballot.refresh_from_db()
    assert ready_ballot.status == BallotStatus.READY


def test_the_chair_signs_what_the_attendance_list_says(ready_ballot, charles):
    from phieukin.crypto.signing import sign_as_chair

    prove_keys(ready_ballot, ready_ballot.test_shares)
    wrong = {"convened": 12, "present": 11, "excluded": 0, "quorum_required": 8}
    signed = sign_as_chair(wrong, CHAIR_SECRET, bytes.fromhex(ready_ballot.fingerprint))
    with pytest.raises(SetupError):
        chair.do_sign_attendance(ready_ballot, signed, actor=charles)
    sign_attendance(ready_ballot, charles)
    event = BoardEvent.objects.get(ballot=ready_ballot, kind="attendance")
    payload = json.loads(event.body)["payload"]
    assert {k: v for k, v in payload.items() if k != "signature"} == {
        "convened": 12,
        "present": 10,
        "excluded": 0,
        "quorum_required": 8,
    }


def test_attendance_needs_every_key_proven_first(ready_ballot, charles):
    with pytest.raises(SetupError, match="1, 2, 3"):
        sign_attendance(ready_ballot, charles)


def test_it_opens_after_the_signed_list_of_cards(ready_ballot, charles):
    shares = ready_ballot.test_shares
    prove_keys(ready_ballot, shares)
    sign_attendance(ready_ballot, charles)
    issue_cards(ready_ballot, shares, endorse=False)
    assert chair.open_blockers(ready_ballot)  # 1 of t = 2 trustees signed the list
    with pytest.raises(SetupError):
        chair.do_open(ready_ballot, actor=charles)
    from phieukin.crypto.credential_list import endorsement
    from phieukin.voting.credentials import credentials_summary, do_endorse_credentials
    from phieukin.voting.models import Trustee

    event = credentials_summary(ready_ballot)["event"]
    signed = endorsement(
        event, trustee=3, key=shares[3][0].key, election_id=ready_ballot.election_id
    )
    do_endorse_credentials(ready_ballot, Trustee.objects.get(ballot=ready_ballot, index=3), signed)
    chair.do_open(ready_ballot, actor=charles)
    ready_ballot.refresh_from_db()
    assert ready_ballot.status == BallotStatus.OPEN and ready_ballot.opened_at


def test_it_warns_about_small_groups_and_single_trustees(open_ballot):
    ballot, _codes = open_ballot
    ballot.small_group_threshold = 10
    assert chair.privacy_warnings(ballot) == []  # 10 voters, warning below 10
    ballot.small_group_threshold = 11
    (warning,) = chair.privacy_warnings(ballot)
    assert "10" in warning
    ballot.small_group_threshold = 5
    ballot.threshold = ballot.trustee_count = 1
    assert len(chair.privacy_warnings(ballot)) == 1
