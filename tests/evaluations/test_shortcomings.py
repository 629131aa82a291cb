"""Shortcomings named in one year's review are tracked into the next; QĐ 366 requires 100% of
them remedied for HTXSNV (Điều 11 k1.4)."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.evaluations.models import Period, Shortcoming
from phieukin.evaluations.services import (
    EvaluationError,
    RuleRefusedError,
    ShortcomingSpec,
    assessment_inputs,
    do_open_period,
    do_submit_self_review,
    earlier_shortcomings,
)
from tests.evaluations.world import World, excellent, raises, review_366, subject_of

pytestmark = pytest.mark.django_db


def _next_year(world: World) -> Period:
    period = do_open_period(world.city, 2026, actor=world.staff)
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    return period


@pytest.fixture
def named(period: Period, world: World) -> list[Shortcoming]:
    subject = subject_of(period, world, "m1")
    specs = [
        ShortcomingSpec(
            "Chậm nộp báo cáo", "Lập lịch nộp hằng tuần", "Hoàng Văn An", deadline=date(2026, 6, 30)
        ),
        ShortcomingSpec(
            "Ít phát biểu xây dựng chi bộ", "Chuẩn bị ý kiến trước họp", "Hoàng Văn An"
        ),
    ]
    do_submit_self_review(subject, review_366(shortcomings=specs), actor=world.staff)
    return list(Shortcoming.objects.filter(subject=subject))


def test_each_named_limitation_becomes_a_tracked_item(
    named: list[Shortcoming], world: World
) -> None:
    assert [s.status for s in named] == ["open", "open"]
    assert named[0].member == world.members["m1"] and named[0].deadline == date(2026, 6, 30)


def test_next_years_review_shows_them_and_htxsnv_waits_for_all(
    named: list[Shortcoming], world: World
) -> None:
    subject = subject_of(_next_year(world), world, "m1")
    assert earlier_shortcomings(subject) == named
    inputs = assessment_inputs(subject)
    assert (inputs.shortcomings_identified, inputs.shortcomings_remedied) == (2, 0)
    partly = {named[0].pk: ("remedied", "Đã nộp đúng hạn cả năm"), named[1].pk: ("in_progress", "")}
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(
            subject, review_366("htxsnv", **excellent(earlier=partly)), actor=world.staff
        )
    assert exc.value.codes == ["tasks.condition"] and "khắc phục hạn chế 1/2" in str(exc.value)
    named[0].refresh_from_db()
    assert named[0].status == "open"  # the refused review changed nothing
    done = {s.pk: ("remedied", "Đã khắc phục") for s in named}
    do_submit_self_review(
        subject, review_366("htxsnv", **excellent(earlier=done)), actor=world.staff
    )
    assert {s.status for s in Shortcoming.objects.filter(pk__in=[s.pk for s in named])} == {
        "remedied"
    }
    assert Shortcoming.objects.get(pk=named[0].pk).reviewed_in == subject


def test_only_the_owners_items_can_be_reported_on(named: list[Shortcoming], world: World) -> None:
    other = subject_of(_next_year(world), world, "m2")
    with raises(EvaluationError, "not one of this subject"):
        do_submit_self_review(
            other, review_366(earlier={named[0].pk: ("remedied", "")}), actor=world.staff
        )


def test_progress_is_recorded_between_reviews(named: list[Shortcoming], world: World) -> None:
    from phieukin.evaluations.services import do_update_shortcoming

    with raises(EvaluationError, "Say how"):
        do_update_shortcoming(named[0], status="remedied", note=" ", actor=world.staff)
    item = do_update_shortcoming(
        named[0], status="in_progress", note="Đã lập lịch", actor=world.staff
    )
    assert item.status == "in_progress"
    next_year = subject_of(_next_year(world), world, "m1")
    assert assessment_inputs(next_year).shortcomings_remedied == 0
    do_update_shortcoming(named[0], status="remedied", note="Nộp đúng hạn", actor=world.staff)
    assert assessment_inputs(next_year).shortcomings_remedied == 1
