"""QĐ 366 Điều 11: a level needs its score band AND its task conditions."""

from __future__ import annotations

import pytest

from phieukin.rules import (
    REG366,
    Discipline,
    DisciplineForm,
    Level,
    RuleError,
    SubjectKind,
    TaskResults,
    assess,
)
from phieukin.rules.ruleset import HeadConstraint, HeadMode
from phieukin.rules.sources import DESIGN, Source

from .factories import inputs_366

DESIGN_SOURCE = Source(DESIGN, "test")


def test_it_allows_htxsnv_when_everything_qualifies() -> None:
    result = assess(REG366, inputs_366())
    assert result.highest_level is Level.HTXSNV
    assert result.score == 95
    assert result.blocks == ()
    assert result.needs_decision == ()


def test_it_caps_the_level_by_the_score_band() -> None:
    result = assess(REG366, inputs_366(group_scores={"I": 25, "II": 60}))
    assert result.highest_level is Level.HTTNV
    refusal = result.refusal(Level.HTXSNV)
    assert refusal is not None
    assert refusal.code == "score.band"
    assert refusal.source.cite() == "Quy định 366-QĐ/TW, Điều 11, khoản 1"


def test_it_needs_30_percent_exceeding_for_htxsnv() -> None:
    tasks = TaskResults(planned=10, completed=10, on_time=10, exceeding=2)
    result = assess(REG366, inputs_366(tasks=tasks))
    assert result.highest_level is Level.HTTNV
    assert result.refusal(Level.HTXSNV).code == "tasks.condition"  # type: ignore[union-attr]
    assert "vượt yêu cầu 2/10" in result.refusal(Level.HTXSNV).message_vi  # type: ignore[union-attr]


def test_it_needs_all_shortcomings_remedied_for_htxsnv() -> None:
    result = assess(REG366, inputs_366(shortcomings_identified=3, shortcomings_remedied=2))
    assert result.highest_level is Level.HTTNV
    assert "khắc phục hạn chế 2/3" in result.refusal(Level.HTXSNV).message_vi  # type: ignore[union-attr]


def test_it_drops_to_htnv_when_a_task_is_late_but_at_most_20_percent() -> None:
    late2 = TaskResults(planned=10, completed=10, on_time=8, exceeding=4)
    assert assess(REG366, inputs_366(tasks=late2)).highest_level is Level.HTNV
    late3 = TaskResults(planned=10, completed=10, on_time=7, exceeding=4)
    assert assess(REG366, inputs_366(tasks=late3)).highest_level is Level.KHTNV


def test_it_needs_every_task_completed_for_htnv() -> None:
    tasks = TaskResults(planned=10, completed=9, on_time=9)
    assert assess(REG366, inputs_366(tasks=tasks)).highest_level is Level.KHTNV


def test_it_checks_a_leaders_led_units_too() -> None:
    led = TaskResults(planned=20, completed=20, on_time=20, exceeding=2)
    result = assess(REG366, inputs_366(SubjectKind.LEADER, led_unit_tasks=led))
    assert result.highest_level is Level.HTTNV
    assert "đơn vị: vượt yêu cầu" in result.refusal(Level.HTXSNV).message_vi  # type: ignore[union-attr]


def test_it_refuses_a_leader_without_led_unit_results() -> None:
    with pytest.raises(RuleError) as exc:
        assess(REG366, inputs_366(SubjectKind.LEADER, led_unit_tasks=None))
    assert exc.value.code == "input.tasks.led_unit_missing"


def test_it_refuses_missing_scores_and_bad_task_counts() -> None:
    with pytest.raises(RuleError):
        assess(REG366, inputs_366(group_scores=None))
    with pytest.raises(RuleError) as exc:
        TaskResults(planned=10, completed=11, on_time=10)
    assert exc.value.code == "input.tasks"


def test_it_blocks_collective_htxsnv_when_a_subordinate_was_disciplined() -> None:
    reprimand = Discipline(DisciplineForm.KHIEN_TRACH, 2025, duty_related=False)
    result = assess(
        REG366,
        inputs_366(SubjectKind.PARTY_ORGANIZATION, subordinate_disciplines=(reprimand,)),
    )
    assert result.highest_level is Level.HTTNV
    refusal = result.refusal(Level.HTXSNV)
    assert refusal is not None
    assert refusal.code == "collective_discipline.htxsnv"
    assert refusal.source.article == "Điều 11, khoản 1, tiết 1.1"


def test_it_ignores_discipline_of_other_years_and_previous_units() -> None:
    old = Discipline(DisciplineForm.CANH_CAO, 2024)
    moved = Discipline(DisciplineForm.CANH_CAO, 2025, at_previous_unit=True)
    kind = SubjectKind.LEADERSHIP_COLLECTIVE
    result = assess(REG366, inputs_366(kind, member_disciplines=(old, moved)))
    assert result.highest_level is Level.HTXSNV


def test_it_names_the_head_rule_as_led_unit_conditions() -> None:
    assert REG366.head.mode == "led_unit_conditions"
    boss = inputs_366(SubjectKind.LEADER, headed_collective_level=Level.HTNV)
    assert assess(REG366, boss).highest_level is Level.HTXSNV
    strict = REG366.configured(head=HeadConstraint(HeadMode.NOT_ABOVE_COLLECTIVE, DESIGN_SOURCE))
    result = assess(strict, boss)
    assert result.highest_level is Level.HTNV
    assert result.refusal(Level.HTTNV).code == "head.above_collective"  # type: ignore[union-attr]
