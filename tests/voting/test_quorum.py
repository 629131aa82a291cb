from __future__ import annotations

import json

import pytest

from phieukin.meetings.models import Attendance
from phieukin.voting import chair
from phieukin.voting.errors import QuorumNotMetError, SetupError
from phieukin.voting.models import BallotStatus, BoardEvent

from .helpers import issue_cards


def test_it_computes_two_thirds_without_floats(draft_ballot):
    assert chair.quorum_required(draft_ballot, 12) == 8
    assert chair.quorum_required(draft_ballot, 10) == 7
    assert chair.quorum_required(draft_ballot, 0) == 0


def test_it_blocks_opening_before_ceremony_and_cards(draft_ballot, charles):
    reasons = chair.open_blockers(draft_ballot)
    assert len(reasons) == 2
    with pytest.raises(SetupError):
        chair.do_open(draft_ballot, actor=charles)


def test_it_blocks_opening_without_quorum(ready_ballot, alice, charles, conference):
    issue_cards(ready_ballot, alice)
    Attendance.objects.filter(conference=conference, present=True, role="member").filter(
        pk__in=Attendance.objects.filter(conference=conference, role="member").values("pk")[:3]
    ).update(present=False)  # 7 of 12 present < 8
    with pytest.raises(QuorumNotMetError, match="7/12"):
        chair.do_open(ready_ballot, actor=charles)
    ready_ballot.refresh_from_db()
    assert ready_ballot.status == BallotStatus.READY


def test_it_puts_attendance_and_quorum_on_the_board_when_opening(ready_ballot, alice, charles):
    issue_cards(ready_ballot, alice)
    chair.do_open(ready_ballot, actor=charles)
    ready_ballot.refresh_from_db()
    assert ready_ballot.status == BallotStatus.OPEN and ready_ballot.opened_at
    event = BoardEvent.objects.get(ballot=ready_ballot, kind="attendance")
    assert json.loads(event.body)["payload"] == {
        "convened": 12,
        "present": 10,
        "quorum_required": 8,
    }


def test_it_warns_about_small_groups_and_single_trustees(ready_ballot, alice):
    issue_cards(ready_ballot, alice)
    assert chair.privacy_warnings(ready_ballot) == []  # 10 voters, warning below 10
    ready_ballot.small_group_threshold = 11
    (warning,) = chair.privacy_warnings(ready_ballot)
    assert "10" in warning
    ready_ballot.small_group_threshold = 5
    ready_ballot.threshold = ready_ballot.trustee_count = 1
    assert len(chair.privacy_warnings(ready_ballot)) == 1
