"""Decisions by a conference vote (published secret ballot, recorded show of hands) or by the
superior; a vote by a body that only proposes becomes the proposal, not the decision."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.evaluations.models import Decision, Period, Subject, VoteRecord
from phieukin.evaluations.services import (
    EvaluationError,
    RuleRefusedError,
    do_record_vote,
    subject_ref,
)
from phieukin.meetings.models import AgendaItem, AgendaKind, Resolution
from phieukin.meetings.services import AgendaSpec, convene, create_conference
from phieukin.rules import Body
from phieukin.voting.models import Ballot
from tests.evaluations.world import World, publish, raises, self_review, subject_of

pytestmark = pytest.mark.django_db


def _rating_item(world: World, committee=None, org=None) -> AgendaItem:  # type: ignore[no-untyped-def]
    conference = create_conference(
        organization=org or world.ward,
        committee=committee,
        title="Hội nghị xếp loại",
        held_on=date(2025, 12, 15),
        agenda=[AgendaSpec("Biểu quyết xếp loại", kind=AgendaKind.RATING)],
    )
    convene(conference)
    return conference.agenda_items.get()


def _publish(item: AgendaItem, world: World, subject: Subject, counts: list[int]) -> Ballot:
    return publish(item, [subject], [counts], world.staff)


def test_a_published_ballot_of_the_deciding_body_is_the_decision(
    period: Period, world: World
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    item = _rating_item(world, committee=world.ward_exec)  # the ward's executive: decides members
    ballot = _publish(item, world, member, [0, 1, 0, 0, 0])
    vote = VoteRecord.objects.get(subject=member)
    assert vote.is_decision and vote.outcome_level == "httnv" and vote.denominator == 1
    assert (vote.ballot, vote.head_hash, vote.round) == (ballot, "ab" * 32, 1)
    assert (vote.needed, vote.threshold) == (1, "> 1/2")
    assert vote.body == vote.competent_body == Body.GRASSROOTS_COMMITTEE
    decision = Decision.objects.get(subject=member)
    assert (decision.level, decision.method, decision.vote) == ("httnv", "secret_ballot", vote)
    resolution = Resolution.objects.get(agenda_item=item)
    assert resolution.outcome == "HTTNV" and resolution.decides == subject_ref(member)
    item.refresh_from_db()
    assert "Hoàn thành tốt nhiệm vụ" in item.conclusion


def test_a_vote_the_rules_refuse_is_kept_and_the_decision_waits(
    period: Period, world: World
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)  # 87 points: HTXSNV not allowed
    item = _rating_item(world, committee=world.ward_exec)
    _publish(item, world, member, [1, 0, 0, 0, 0])
    assert VoteRecord.objects.get(subject=member).outcome_level == "htxsnv"
    assert not Decision.objects.filter(subject=member).exists()
    pending = AuditEvent.objects.get(event_type="evaluations.vote_decision_pending")
    assert "score.band" in pending.data["reason"] or "90" in pending.data["reason"]


def test_a_show_of_hands_in_the_cell_is_a_proposal(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    item = _rating_item(world, org=world.cell)  # general meeting of the cell
    vote = do_record_vote(
        member,
        method="show_of_hands",
        body=Body.CELL,
        counts={"HTTNV": 4, "HTNV": 1},
        convened=6,
        agenda_item=item,
        actor=world.staff,
    )
    assert not vote.is_decision and vote.outcome_level == "httnv"
    assert "4/6" in vote.explanation
    member.refresh_from_db()
    assert member.proposed_level == "httnv" and member.decided_level is None


def test_no_majority_means_no_level(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    vote = do_record_vote(
        member,
        method="show_of_hands",
        body=Body.CELL,
        counts={"HTTNV": 3, "HTNV": 3},
        convened=6,
        actor=world.staff,
    )
    assert vote.outcome_level is None and vote.reason_code == "vote.no_majority_revote"


def test_bad_counts_are_refused(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    with raises(EvaluationError, "not valid"):
        do_record_vote(
            member,
            method="show_of_hands",
            body=Body.CELL,
            counts={"GREAT": 3},
            convened=6,
            actor=world.staff,
        )
    with pytest.raises(RuleRefusedError):  # more ballots than the denominator
        do_record_vote(
            member,
            method="show_of_hands",
            body=Body.CELL,
            counts={"HTTNV": 9},
            convened=6,
            actor=world.staff,
        )
    with raises(EvaluationError, "secret ballot or by show of hands"):
        do_record_vote(
            member,
            method="shout",
            body=Body.CELL,
            counts={"HTTNV": 1},
            convened=6,
            actor=world.staff,
        )
    assert not VoteRecord.objects.exists()


def test_a_broken_result_never_breaks_the_publication(
    period: Period, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    member = subject_of(period, world, "m1")
    item = _rating_item(world, committee=world.ward_exec)
    publish(item, [member], [None], world.staff)  # type: ignore[list-item]
    assert not VoteRecord.objects.exists()
    assert "could not record the result" in caplog.text
