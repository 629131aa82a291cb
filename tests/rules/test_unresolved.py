"""No silent default between HTNV and KHTNV (QĐ 366 Điều 11 k3, k4): a subject that meets
neither HTNV's conditions nor any KHTNV case is flagged for the competent level, who decides
either level with its reasons."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import REG124, REG366, CriterionRating, Level, SubjectKind, TaskResults, assess

from .factories import inputs_124, inputs_366


def test_it_flags_95_points_with_one_task_in_twenty_not_completed() -> None:
    tasks = TaskResults(planned=20, completed=19, on_time=19, exceeding=8)
    result = assess(REG366, inputs_366(tasks=tasks))
    assert result.highest_level is Level.KHTNV and result.forced == ()
    (flag,) = result.unresolved
    assert flag.code == "assessment.unresolved"
    assert "hoàn thành 19/20" in flag.message_vi and "ghi rõ lý do" in flag.message_vi
    assert flag.source.uncertain
    assert result.refusal(Level.KHTNV) == flag  # not rated KHTNV silently either
    assert result.refusal(Level.HTNV) == flag
    assert result.refusal(Level.HTNV, with_reasons=True) is None
    assert result.refusal(Level.KHTNV, with_reasons=True) is None
    assert result.refusal(Level.HTTNV, with_reasons=True) is not None


def test_it_flags_a_leader_whose_led_units_completed_exactly_70_percent() -> None:
    led = TaskResults(planned=10, completed=7, on_time=7, exceeding=0)
    result = assess(REG366, inputs_366(SubjectKind.LEADER, led_unit_tasks=led))
    assert result.forced == ()  # < 70 % fires; exactly 70 % does not
    assert [f.code for f in result.unresolved] == ["assessment.unresolved"]


def test_it_does_not_flag_a_case_the_rules_settle() -> None:
    under_half = TaskResults(planned=10, completed=4, on_time=4, exceeding=0)
    forced = assess(REG366, inputs_366(tasks=under_half))  # > 50 % not done: a KHTNV case
    assert forced.forced and forced.unresolved == ()
    low = assess(REG366, inputs_366(group_scores={"I": 20, "II": 25}))  # 45 points
    assert low.highest_level is Level.KHTNV and low.unresolved == ()
    assert assess(REG366, inputs_366()).unresolved == ()
    kem = assess(REG124, inputs_124(task_rating=CriterionRating.KEM))
    assert kem.highest_level is Level.KHTNV and kem.unresolved == ()


@given(st.integers(1, 30), st.integers(0, 30), st.integers(50, 100))
def test_an_unresolved_subject_never_gets_htnv_or_khtnv_without_reasons(
    planned: int, completed: int, score: int
) -> None:
    done = min(completed, planned)
    tasks = TaskResults(planned=planned, completed=done, on_time=done, exceeding=0)
    result = assess(REG366, inputs_366(tasks=tasks, group_scores={"I": 30, "II": score - 30}))
    if result.unresolved:
        assert result.forced == () and done < planned
        assert all(result.refusal(lv) is not None for lv in Level)
    else:
        assert result.refusal(result.highest_level) is None
