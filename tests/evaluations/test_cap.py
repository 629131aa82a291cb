"""The HTXSNV cap of a comparable group: shown before confirming; the 25% exception under 366."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.evaluations.models import Decision, Period, Subject
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.evaluations.services import (
    CapConfirmationError,
    RuleRefusedError,
    check_decision,
    do_decide,
    do_open_period,
    do_record_cap_exception,
    do_set_comparable_group,
    generate_subjects,
)
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.services.members import do_add_member
from phieukin.rules import Body
from tests.evaluations.world import World, excellent, raises, self_review, subject_of

pytestmark = pytest.mark.django_db
GROUP = "Đảng viên — nhóm thử"
GC = Body.GRASSROOTS_COMMITTEE


def _group(period: Period, world: World, n: int) -> list[Subject]:
    """``n`` plain members of cell K in one group, each self-reviewed."""
    for i in range(n - 2):
        do_add_member(
            MemberRecord(
                card_number=f"X{i}",
                full_name=f"Đảng viên {i}",
                birth_date=date(1980, 1, 1),
                sex="female",
                admitted_on=date(2005, 1, 1),
                official_on=date(2006, 1, 1),
            ),
            organization=world.cell,
            actor=None,
        )
    Subject.objects.filter(period=period).delete()
    generate_subjects(period)
    refresh_rollup(period)
    subjects = list(
        Subject.objects.filter(
            period=period, member__organization=world.cell, is_leader=False, in_scope=True
        )
    )
    assert len(subjects) == n
    subjects = [do_set_comparable_group(s, GROUP, actor=world.staff) for s in subjects]
    for s in subjects:
        self_review(s, world, "htxsnv", **excellent())
    return subjects


def _httnv(subjects: list[Subject], world: World) -> None:
    for s in subjects:
        do_decide(s, "httnv", body=GC, method="superior", actor=world.staff)


def test_exceeding_the_cap_needs_confirmation_listing_the_rule(
    period: Period, world: World
) -> None:
    *rest, last = _group(period, world, 5)
    _httnv(rest, world)  # 4 HTTNV: 20% of 4 = 0.8, rounded down: 0 HTXSNV allowed
    check = check_decision(last, "htxsnv", body=GC)
    assert not check.blocks and [v.code for v in check.cap_warnings] == ["cap.exceeded"]
    with pytest.raises(CapConfirmationError) as exc:
        do_decide(last, "htxsnv", body=GC, method="superior", actor=world.staff)
    assert "vượt quá 20%" in str(exc.value) and "Điều 11" in str(exc.value)
    assert not Decision.objects.filter(subject=last).exists()
    decision = do_decide(
        last, "htxsnv", body=GC, method="superior", confirm_cap=True, actor=world.staff
    )
    assert decision.warnings and "cap" not in decision.warnings[0]  # the Vietnamese text is kept


def test_within_the_cap_no_confirmation_is_needed(period: Period, world: World) -> None:
    *rest, last = _group(period, world, 6)
    _httnv(rest, world)  # 5 HTTNV: 1 HTXSNV allowed
    assert do_decide(last, "htxsnv", body=GC, method="superior", actor=world.staff).warnings == []


def test_the_recorded_exception_allows_25_percent_under_366(period: Period, world: World) -> None:
    *rest, last = _group(period, world, 5)
    _httnv(rest, world)
    exception = do_record_cap_exception(
        period, GROUP, reason="Thành tích đặc biệt xuất sắc", actor=world.staff
    )
    assert exception.reason
    check = check_decision(last, "htxsnv", body=GC)
    assert check.exception and not check.cap_warnings  # 25% of 4 = 1
    assert do_decide(last, "htxsnv", body=GC, method="superior", actor=world.staff).cap_exception


def test_there_is_no_exception_under_124(world: World) -> None:
    period = do_open_period(world.city, 2023, actor=world.staff)
    with pytest.raises(RuleRefusedError) as exc:
        do_record_cap_exception(period, GROUP, reason="Lý do", actor=world.staff)
    assert exc.value.codes == ["cap.no_exception"]


def test_an_exception_needs_its_reason(period: Period, world: World) -> None:
    from phieukin.evaluations.services import EvaluationError

    with raises(EvaluationError, "reason"):
        do_record_cap_exception(period, GROUP, reason="  ", actor=world.staff)


def test_moving_a_rated_subject_between_groups_is_refused(period: Period, world: World) -> None:
    from phieukin.evaluations.services import EvaluationError

    member = subject_of(period, world, "m1")
    self_review(member, world)
    do_decide(member, "httnv", body=GC, method="superior", actor=world.staff)
    with raises(EvaluationError, "keeps its group"):
        do_set_comparable_group(member, "Khác", actor=world.staff)
