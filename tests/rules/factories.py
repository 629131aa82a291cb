"""Builders for rule inputs: a subject that qualifies for everything unless told otherwise."""

from __future__ import annotations

from typing import Any

from phieukin.rules import AssessmentInputs, CriterionRating, SubjectKind, TaskResults


def inputs_366(kind: SubjectKind = SubjectKind.MEMBER, **changes: Any) -> AssessmentInputs:
    """Scores 95, all tasks on time, 40% exceeding: HTXSNV unless something is changed."""
    base: dict[str, Any] = {
        "kind": kind,
        "year": 2025,
        "group_scores": {"I": 28, "II": 67},
        "tasks": TaskResults(planned=10, completed=10, on_time=10, exceeding=4),
    }
    if kind in (SubjectKind.LEADER, SubjectKind.LEADER_CENTRAL):
        base["led_unit_tasks"] = TaskResults(planned=20, completed=20, on_time=20, exceeding=8)
    base.update(changes)
    return AssessmentInputs(**base)


def inputs_124(kind: SubjectKind = SubjectKind.MEMBER, **changes: Any) -> AssessmentInputs:
    """All criteria Tốt, task results Xuất sắc: HTXSNV unless something is changed."""
    base: dict[str, Any] = {
        "kind": kind,
        "year": 2024,
        "criteria": {
            "chinh_tri_tu_tuong": CriterionRating.TOT,
            "dao_duc_loi_song": CriterionRating.XUAT_SAC,
            "to_chuc_ky_luat": CriterionRating.TOT,
        },
        "task_rating": CriterionRating.XUAT_SAC,
    }
    base.update(changes)
    return AssessmentInputs(**base)
