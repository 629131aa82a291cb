"""QĐ 366's cycles through the services: quarterly and ad hoc periods opened (refused under
QĐ 124, at the service, the model and the database), a quarter's self-ratings feeding the
year's review, a shortcoming carried from a quarter into the year, and the annual history."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from phieukin.evaluations.models import Cycle, Level, Period
from phieukin.evaluations.services import (
    RuleRefusedError,
    ShortcomingSpec,
    assessment_inputs,
    carried_over,
    do_decide,
    do_open_period,
    do_submit_self_review,
    quarterly_ratings,
)
from phieukin.evaluations.services.history import member_history, organization_history, streak
from phieukin.rules import Body
from tests.evaluations.world import World, excellent, raises, review_366, subject_of

pytestmark = pytest.mark.django_db


def _open(world: World, year: int = 2025, **kw: object) -> Period:
    period = do_open_period(world.city, year, actor=world.staff, **kw)  # type: ignore[arg-type]
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    return period


def test_a_quarterly_period_has_its_quarter_s_dates_and_subjects(world: World) -> None:
    q2 = _open(world, cycle="quarterly", quarter=2)
    assert (q2.cycle, q2.quarter, q2.regulation) == ("quarterly", 2, "reg366")
    assert (q2.starts_on, q2.review_on, q2.ends_on) == (
        date(2025, 4, 1),
        date(2025, 6, 30),
        date(2025, 7, 15),
    )
    assert "quý 2 năm 2025" in q2.title
    assert subject_of(q2, world, "m1").in_scope
    # The quarter does not take the year's place: the annual period still opens.
    annual = _open(world)
    assert annual.cycle == Cycle.ANNUAL and annual.starts_on == date(2025, 1, 1)


def test_a_second_period_for_the_same_quarter_is_refused(world: World) -> None:
    _open(world, cycle="quarterly", quarter=1)
    with raises(Exception, "already has a period for quarter 1 of 2025"):
        _open(world, cycle="quarterly", quarter=1)
    assert Period.objects.filter(cycle="quarterly").count() == 1


def test_an_ad_hoc_period_needs_its_reason(world: World) -> None:
    with pytest.raises(RuleRefusedError) as exc:
        _open(world, cycle="ad_hoc")
    assert exc.value.codes == ["cycle.reason_required"]
    period = _open(world, cycle="ad_hoc", reason="Sau kết luận của Ủy ban Kiểm tra")
    assert period.cycle_reason == "Sau kết luận của Ủy ban Kiểm tra"


@pytest.mark.parametrize(("kind", "quarter"), [("quarterly", 1), ("term", None), ("ad_hoc", None)])
def test_366_only_kinds_are_refused_under_124(world: World, kind: str, quarter: int | None) -> None:
    with pytest.raises(RuleRefusedError) as exc:
        do_open_period(
            world.city, 2024, cycle=kind, quarter=quarter, reason="Lý do", actor=world.staff
        )
    assert exc.value.codes == ["cycle.kind_not_allowed"]
    assert "124-QĐ/TW" in str(exc.value)
    assert not Period.objects.exists()  # nothing half-written


def test_the_model_and_the_database_refuse_them_too(world: World) -> None:
    period = Period(
        organization=world.city,
        title="Quý 1/2024",
        year=2024,
        cycle="quarterly",
        quarter=1,
        regulation="reg124",
        starts_on=date(2024, 1, 1),
        ends_on=date(2024, 3, 31),
    )
    with pytest.raises(ValidationError) as exc:
        period.clean()
    assert "124-QĐ/TW" in str(exc.value.message_dict["cycle"])
    period.regulation = "reg366"
    period.quarter = None
    with pytest.raises(ValidationError) as exc:
        period.clean()
    assert "quarter" in exc.value.message_dict
    for regulation, quarter in (("reg124", 1), ("reg366", None), ("reg366", 7)):
        period.regulation, period.quarter = regulation, quarter
        with pytest.raises(IntegrityError), transaction.atomic():
            period.save()


def test_quarterly_self_ratings_feed_the_annual_review(world: World) -> None:
    levels = {1: Level.HTTNV, 2: Level.HTXSNV}
    for quarter, level in levels.items():
        q = _open(world, cycle="quarterly", quarter=quarter)
        subject = subject_of(q, world, "m1")
        do_submit_self_review(subject, review_366(level, **excellent()), actor=world.staff)
        if quarter == 1:
            do_decide(
                subject, level, body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
            )
    annual = subject_of(_open(world), world, "m1")
    ratings = quarterly_ratings(annual)
    assert [(r.quarter, r.self_level, r.decided_level) for r in ratings] == [
        (1, "httnv", "httnv"),
        (2, "htxsnv", None),
    ]
    assert quarterly_ratings(subject_of(Period.objects.get(quarter=1), world, "m1")) == []
    m2 = quarterly_ratings(subject_of(annual.period, world, "m2"))
    assert [(r.quarter, r.self_level, r.decided_level) for r in m2] == [
        (1, None, None),
        (2, None, None),
    ]


def test_a_shortcoming_named_in_a_quarter_is_carried_into_the_year(world: World) -> None:
    q1 = subject_of(_open(world, cycle="quarterly", quarter=1), world, "m1")
    spec = ShortcomingSpec("Chậm nộp đảng phí", "Nộp đúng ngày 5 hằng tháng", "Hoàng Văn An")
    do_submit_self_review(q1, review_366(shortcomings=[spec]), actor=world.staff)
    q2 = subject_of(_open(world, cycle="quarterly", quarter=2), world, "m1")
    carried = carried_over(q2)
    assert [(c.item.text, c.status_vi, c.remedied) for c in carried] == [
        ("Chậm nộp đảng phí", "chưa khắc phục", False)
    ]
    assert "quý 1 năm 2025" in carried[0].named_in
    annual = subject_of(_open(world), world, "m1")
    item = carried_over(annual)[0].item
    do_submit_self_review(
        annual,
        review_366(earlier={item.pk: ("remedied", "Đã nộp đủ từ tháng 4")}),
        actor=world.staff,
    )
    after = carried_over(annual)
    assert [(c.status_vi, c.remedied) for c in after] == [("đã khắc phục", True)]
    assert after[0].item.reviewed_in_id == annual.pk
    inputs = assessment_inputs(annual)
    assert (inputs.shortcomings_identified, inputs.shortcomings_remedied) == (1, 1)
    # Nothing flows backwards: the first quarter has nothing carried into it.
    assert carried_over(q1) == []


def test_the_history_is_the_annual_series_with_the_run_of_htxsnv(world: World) -> None:
    member = world.members["m1"]
    for year, level in ((2023, Level.HTTNV), (2024, Level.HTXSNV)):
        period = do_open_period(world.city, year, actor=world.staff)
        subject = subject_of(period, world, "m1")
        subject.decided_level, subject.decided_at = level, period.created_at
        subject.save(update_fields=["decided_level", "decided_at"])
    q1 = subject_of(_open(world, cycle="quarterly", quarter=1), world, "m1")
    q1.decided_level, q1.decided_at = Level.KHTNV, q1.created_at
    q1.save(update_fields=["decided_level", "decided_at"])
    annual = subject_of(_open(world), world, "m1")
    annual.decided_level, annual.decided_at = Level.HTXSNV, annual.created_at
    annual.save(update_fields=["decided_level", "decided_at"])
    history = member_history(member)
    assert [(h.year, h.level) for h in history] == [
        (2023, "httnv"),
        (2024, "htxsnv"),
        (2025, "htxsnv"),
    ]
    assert streak(history) == 2
    city = organization_history(world.city)
    assert [h.year for h in city] == [2023, 2024, 2025]
    assert streak(city) == 0
