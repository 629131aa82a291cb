"""Every workflow step leaves an audit entry with its actor; a refused step leaves none."""

from __future__ import annotations

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.evaluations.models import Period
from phieukin.evaluations.services import (
    RuleRefusedError,
    do_appraise,
    do_cancel_and_rerate,
    do_comment,
    do_decide,
    do_record_cap_exception,
    do_record_vote,
    do_set_comparable_group,
)
from phieukin.rules import Body
from tests.evaluations.world import World, review_366, self_review, subject_of

pytestmark = pytest.mark.django_db


def _last(event_type: str) -> AuditEvent:
    return AuditEvent.objects.filter(event_type=event_type).latest("seq")


def test_each_step_is_audited_with_its_actor(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    do_comment(member, author_name="Chi ủy", text="Nhất trí.", actor=world.staff)
    do_appraise(member, level="httnv", body="Ban Tổ chức Đảng ủy", actor=world.staff)
    do_record_vote(
        member,
        method="show_of_hands",
        body=Body.CELL,
        counts={"HTTNV": 5},
        convened=6,
        actor=world.staff,
    )
    decision = do_decide(
        member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )
    do_cancel_and_rerate(decision, level="htnv", reasons="Kiểm tra", actor=world.staff)
    do_set_comparable_group(subject_of(period, world, "m2"), "Nhóm B", actor=world.staff)
    do_record_cap_exception(period, "Nhóm B", reason="Thành tích", actor=world.staff)
    for event in (
        "evaluations.self_review_submitted",
        "evaluations.commented",
        "evaluations.appraised",
        "evaluations.vote_recorded",
        "evaluations.decided",
        "evaluations.re_rated",
        "evaluations.group_changed",
        "evaluations.cap_exception_recorded",
    ):
        entry = _last(event)
        assert entry.actor == world.staff and entry.created_at is not None, event
        assert entry.organization == world.city
    assert _last("evaluations.decided").data["level"] == "httnv"
    assert _last("evaluations.re_rated").data == {
        "old": "httnv",
        "new": "htnv",
        "decision": decision.pk + 1,
    }


def test_a_refused_step_is_not_audited(period: Period, world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuleRefusedError):
        from phieukin.evaluations.services import do_submit_self_review

        do_submit_self_review(
            subject_of(period, world, "m1"), review_366(g1="40"), actor=world.staff
        )
    assert AuditEvent.objects.count() == before
