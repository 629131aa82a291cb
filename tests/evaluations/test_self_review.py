"""Self-review validation: score ranges, the level the scores allow, task counts, 124 ratings."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import Period, SelfReview, Shortcoming
from phieukin.evaluations.services import (
    EvaluationError,
    RuleRefusedError,
    SelfReviewData,
    ShortcomingSpec,
    do_appraise,
    do_open_period,
    do_submit_self_review,
)
from tests.evaluations.world import World, raises, review_366, subject_of

pytestmark = pytest.mark.django_db


def test_it_records_the_review_with_its_form_and_scores(period: Period, world: World) -> None:
    subject = subject_of(period, world, "m1")
    review = do_submit_self_review(subject, review_366("httnv"), actor=world.staff)
    assert review.form == "2B" and str(review.total) == "87.00"
    subject.refresh_from_db()
    assert subject.self_level == "httnv"


@pytest.mark.parametrize(("g1", "g2"), [("31", "60"), ("-1", "60"), ("20", "70.5")])
def test_it_refuses_a_group_score_out_of_range_with_the_source(
    period: Period, world: World, g1: str, g2: str
) -> None:
    subject = subject_of(period, world, "m1")
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(subject, review_366(g1=g1, g2=g2), actor=world.staff)
    assert exc.value.codes == ["score.out_of_range"]
    assert "Quy định 366-QĐ/TW" in str(exc.value)
    assert not SelfReview.objects.exists()


def test_it_refuses_a_score_that_is_not_a_number(period: Period, world: World) -> None:
    with raises(EvaluationError, "not a number"):
        do_submit_self_review(
            subject_of(period, world, "m1"), review_366(g1="abc"), actor=world.staff
        )


def test_it_refuses_a_level_above_the_score_band(period: Period, world: World) -> None:
    subject = subject_of(period, world, "m1")
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(subject, review_366("htxsnv", g1="27", g2="60"), actor=world.staff)
    assert exc.value.codes == ["score.band"]
    assert "Tổng điểm 87 dưới mức 90" in str(exc.value) and "Điều 11, khoản 1" in str(exc.value)
    assert not SelfReview.objects.exists()


def test_it_refuses_inconsistent_task_counts(period: Period, world: World) -> None:
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(
            subject_of(period, world, "m1"), review_366(tasks=(10, 11, 10, 0)), actor=world.staff
        )
    assert exc.value.codes == ["input.tasks"]


def test_a_leader_needs_the_tasks_of_the_unit_they_lead(period: Period, world: World) -> None:
    leader = subject_of(period, world, "dep")
    data = review_366("httnv", leader=False)
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(leader, data, actor=world.staff)
    assert exc.value.codes == ["input.tasks.led_unit_missing"]
    assert (
        do_submit_self_review(leader, review_366("httnv", leader=True), actor=world.staff).form
        == "2A"
    )


def test_local_framework_scores_each_criterion(world: World) -> None:
    period = do_open_period(world.city, 2025, actor=world.staff)
    subject = subject_of(period, world, "m1")
    scores = {"I.1": "9", "I.2": "9.5", "I.3": "8", "II.1": "60"}
    review = do_submit_self_review(
        subject,
        SelfReviewData(proposed_level="httnv", criterion_scores=scores, tasks=(5, 5, 5, 0)),
        actor=world.staff,
    )
    assert (str(review.group_i), str(review.group_ii)) == ("26.50", "60.00")
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(
            subject,
            SelfReviewData(
                proposed_level="httnv", criterion_scores={**scores, "I.1": "11"}, tasks=(5, 5, 5, 0)
            ),
            actor=world.staff,
        )
    assert exc.value.codes == ["score.out_of_range"] and "I.1" in str(exc.value)


def test_regulation_124_needs_criterion_ratings(world: World) -> None:
    period = do_open_period(world.city, 2023, actor=world.staff)
    subject = subject_of(period, world, "m1")
    with raises(EvaluationError, "Rate every criterion"):
        do_submit_self_review(subject, SelfReviewData(proposed_level="httnv"), actor=world.staff)
    with raises(EvaluationError, "Unknown criterion rating"):
        do_submit_self_review(
            subject,
            SelfReviewData(
                proposed_level="httnv", criteria_ratings={"c1": "GREAT"}, task_rating="TOT"
            ),
            actor=world.staff,
        )
    good = SelfReviewData(
        proposed_level="httnv",
        criteria_ratings={"c1": "TOT", "c2": "TRUNG_BINH"},
        task_rating="TOT",
    )
    assert do_submit_self_review(subject, good, actor=world.staff).task_rating == "TOT"
    with pytest.raises(RuleRefusedError) as exc:
        do_submit_self_review(
            subject,
            SelfReviewData(
                proposed_level="htxsnv", criteria_ratings={"c1": "TOT"}, task_rating="TOT"
            ),
            actor=world.staff,
        )
    assert exc.value.codes == ["criteria.rating"] and "Quy định 124-QĐ/TW" in str(exc.value)


def test_out_of_scope_subjects_write_no_review(period: Period, world: World) -> None:
    with raises(EvaluationError, "not reviewed or rated"):
        do_submit_self_review(subject_of(period, world, "susp"), review_366(), actor=world.staff)


def test_it_can_be_replaced_until_the_appraisal(period: Period, world: World) -> None:
    subject = subject_of(period, world, "m1")
    spec = ShortcomingSpec("Chậm nộp báo cáo", "Lập kế hoạch tuần", "Hoàng Văn An")
    do_submit_self_review(subject, review_366(shortcomings=[spec, spec]), actor=world.staff)
    do_submit_self_review(
        subject, review_366("htnv", g2="40", shortcomings=[spec]), actor=world.staff
    )
    assert Shortcoming.objects.filter(subject=subject).count() == 1
    do_appraise(subject, level="htnv", body="Ban Tổ chức", actor=world.staff)
    with raises(EvaluationError, "already appraised"):
        do_submit_self_review(subject, review_366(), actor=world.staff)


def test_a_shortcoming_needs_its_remedy_and_owner(period: Period, world: World) -> None:
    with raises(EvaluationError, "its remedy"):
        do_submit_self_review(
            subject_of(period, world, "m1"),
            review_366(shortcomings=[ShortcomingSpec("Chậm", "", "")]),
            actor=world.staff,
        )
