"""Decisions out of order, by the wrong body, before the self-review, out of scope or above
what the facts allow: each refused, naming the rule and its source, with nothing written."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import CollectiveKind, Decision, Period
from phieukin.evaluations.services import RuleRefusedError, check_decision, do_decide
from phieukin.rules import Body
from tests.evaluations.world import World, collective, raises, self_review, subject_of

pytestmark = pytest.mark.django_db
GC = Body.GRASSROOTS_COMMITTEE


def _refused(subject, level: str, body: Body, world: World) -> RuleRefusedError:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleRefusedError) as exc:
        do_decide(subject, level, body=body, method="superior", actor=world.staff)
    assert not Decision.objects.filter(subject=subject).exists()
    return exc.value


def test_the_organization_waits_for_its_members_and_committee(period: Period, world: World) -> None:
    cell = collective(period, world.cell, CollectiveKind.CELL)
    self_review(cell, world)
    error = _refused(cell, "httnv", GC, world)
    assert set(error.codes) == {"order.contents_before_organization"}
    assert "«Hoàng Văn An (C-m1)»" in str(error) and "Điều 12, khoản 2" in str(error)
    assert "Đỗ Văn Cường" not in str(error)  # out of scope: never rated, never waited for


def test_a_member_of_the_leadership_waits_for_the_collective(period: Period, world: World) -> None:
    head = subject_of(period, world, "ksec")
    self_review(head, world)
    error = _refused(head, "httnv", Body.MANAGING_BODY, world)
    assert error.codes == ["order.collective_before_head"]  # one violation per prerequisite
    assert "Chi ủy" in str(error) or "Cell committee" in str(error)
    committee = collective(period, world.cell, CollectiveKind.CELL_COMMITTEE)
    self_review(committee, world)
    do_decide(committee, "httnv", body=Body.MANAGING_BODY, method="superior", actor=world.staff)
    assert (
        do_decide(
            head, "httnv", body=Body.MANAGING_BODY, method="superior", actor=world.staff
        ).level
        == "httnv"
    )


def test_the_wrong_body_is_refused_with_the_competent_one_named(
    period: Period, world: World
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    error = _refused(member, "httnv", Body.PROVINCIAL_STANDING_COMMITTEE, world)
    assert error.codes == ["authority.wrong_body"]
    assert "grassroots_committee" in str(error)
    assert do_decide(member, "httnv", body=GC, method="superior", actor=world.staff).body == GC


def test_the_provincial_organization_is_decided_by_the_politburo_under_366(
    period: Period, world: World
) -> None:
    city = collective(period, world.city, CollectiveKind.PARTY_ORGANIZATION)
    check = check_decision(city, "httnv", body=Body.PROVINCIAL_EXECUTIVE_COMMITTEE)
    assert "authority.wrong_body" in [v.code for v in check.blocks]
    assert (
        "Hướng dẫn 43-HD/BTCTW"
        in next(v for v in check.blocks if v.code == "authority.wrong_body").explain_vi()
    )


def test_no_decision_before_the_self_review(period: Period, world: World) -> None:
    error = _refused(subject_of(period, world, "m1"), "httnv", GC, world)
    assert "workflow.step_order" in error.codes and "Bước 1" in str(error)


def test_no_decision_on_an_out_of_scope_member(period: Period, world: World) -> None:
    error = _refused(subject_of(period, world, "susp"), "htnv", GC, world)
    assert "scope.suspended" in error.codes and "Quy định 366-QĐ/TW, Điều 5" in str(error)


def test_no_level_above_what_the_score_allows(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world, "htnv", g1="20", g2="35")
    error = _refused(member, "httnv", GC, world)
    assert error.codes == ["score.band"]


def test_a_trigger_forces_khtnv_until_the_mitigation_is_granted_with_reasons(
    period: Period, world: World
) -> None:
    from phieukin.evaluations.services import EvaluationError, do_appraise

    member = subject_of(period, world, "m1")
    self_review(member, world)
    discipline = {"form": "KHIEN_TRACH", "year": 2025, "self_found_and_remedied": True}
    do_appraise(
        member,
        level="khtnv",
        body="Ban Tổ chức",
        facts={"disciplines": [discipline]},
        actor=world.staff,
    )
    error = _refused(member, "htnv", GC, world)
    assert error.codes == ["trigger.member_disciplined"]
    code = "trigger.member_disciplined"
    with raises(EvaluationError, "needs the reasons"):
        do_decide(member, "htnv", body=GC, method="superior", granted=[code], actor=world.staff)
    decision = do_decide(
        member,
        "htnv",
        body=GC,
        method="superior",
        granted=[code],
        reasons="Tự phát hiện, đã khắc phục",
        actor=world.staff,
    )
    assert decision.granted == [code]


def test_a_second_decision_is_refused(period: Period, world: World) -> None:
    from phieukin.evaluations.services import EvaluationError

    member = subject_of(period, world, "m1")
    self_review(member, world)
    do_decide(member, "httnv", body=GC, method="superior", actor=world.staff)
    with raises(EvaluationError, "only the superior may cancel"):
        do_decide(member, "htnv", body=GC, method="superior", actor=world.staff)


def test_a_committee_member_waits_for_every_collective_they_sit_on(
    period: Period, world: World
) -> None:
    deputy = subject_of(period, world, "dep")
    self_review(deputy, world)
    error = _refused(deputy, "httnv", Body.MANAGING_BODY, world)
    assert error.codes == ["order.leadership_before_members"] * 2
