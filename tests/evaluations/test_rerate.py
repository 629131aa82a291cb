"""Mẫu 03: the superior cancels a decision and re-rates; the original stays in the history."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import Decision, Period
from phieukin.evaluations.services import (
    EvaluationError,
    RuleRefusedError,
    do_cancel_and_rerate,
    do_decide,
)
from phieukin.rules import Body
from tests.evaluations.world import World, raises, self_review, subject_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(period: Period, world: World) -> Decision:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    return do_decide(
        member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )


def test_it_cancels_and_re_rates_keeping_the_original(decided: Decision, world: World) -> None:
    new = do_cancel_and_rerate(
        decided, level="htnv", reasons="Kết luận kiểm tra", number="03-QĐ/ĐU", actor=world.staff
    )
    decided.refresh_from_db()
    assert decided.cancelled_at is not None and decided.cancel_reason == "Kết luận kiểm tra"
    assert new.replaces == decided and new.method == "re_rate" and new.number == "03-QĐ/ĐU"
    assert [d.level for d in Decision.objects.filter(subject=decided.subject)] == ["httnv", "htnv"]
    decided.subject.refresh_from_db()
    assert decided.subject.decided_level == "htnv"


def test_re_rating_needs_reasons(decided: Decision, world: World) -> None:
    with raises(EvaluationError, "reasons"):
        do_cancel_and_rerate(decided, level="htnv", reasons=" ", actor=world.staff)
    decided.refresh_from_db()
    assert decided.cancelled_at is None


def test_re_rating_is_held_to_the_rules(decided: Decision, world: World) -> None:
    with pytest.raises(RuleRefusedError) as exc:
        do_cancel_and_rerate(decided, level="htxsnv", reasons="Đề nghị nâng", actor=world.staff)
    assert exc.value.codes == ["score.band"]
    decided.refresh_from_db()
    assert decided.cancelled_at is None


def test_a_cancelled_decision_cannot_be_cancelled_again(decided: Decision, world: World) -> None:
    do_cancel_and_rerate(decided, level="htnv", reasons="Lần 1", actor=world.staff)
    with raises(EvaluationError, "already cancelled"):
        do_cancel_and_rerate(decided, level="khtnv", reasons="Lần 2", actor=world.staff)
