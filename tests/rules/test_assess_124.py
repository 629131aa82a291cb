"""QĐ 124 Điều 12: per-criterion ratings, no points; discipline in the year forces KHTNV."""

from __future__ import annotations

import pytest

from phieukin.rules import (
    REG124,
    CriterionRating,
    Discipline,
    DisciplineForm,
    Level,
    RuleError,
    SubjectKind,
    assess,
)

from .factories import inputs_124

R = CriterionRating


@pytest.mark.parametrize(
    ("general", "tasks", "level"),
    [
        (R.TOT, R.XUAT_SAC, Level.HTXSNV),
        (R.TRUNG_BINH, R.XUAT_SAC, Level.HTTNV),
        (R.TOT, R.TOT, Level.HTTNV),
        (R.TRUNG_BINH, R.TRUNG_BINH, Level.HTNV),
        (R.KEM, R.XUAT_SAC, Level.KHTNV),
        (R.TOT, R.KEM, Level.KHTNV),
    ],
)
def test_it_rates_from_criteria(general: R, tasks: R, level: Level) -> None:
    inputs = inputs_124(criteria={"a": R.XUAT_SAC, "b": general}, task_rating=tasks)
    assert assess(REG124, inputs).highest_level is level


def test_it_has_no_score_under_124() -> None:
    assert REG124.score is None
    assert assess(REG124, inputs_124()).score is None


def test_it_refuses_missing_criteria() -> None:
    with pytest.raises(RuleError) as exc:
        assess(REG124, inputs_124(criteria=None))
    assert exc.value.code == "input.criteria.missing"


def test_it_forces_khtnv_for_any_discipline_in_the_year() -> None:
    inputs = inputs_124(
        disciplines=(Discipline(DisciplineForm.KHIEN_TRACH, 2024, duty_related=False),)
    )
    result = assess(REG124, inputs)
    assert result.highest_level is Level.KHTNV
    (forced,) = result.forced
    assert forced.code == "trigger.disciplined_in_year"
    assert forced.source.cite() == "Quy định 124-QĐ/TW, Điều 12, khoản 4, tiết 4.3, điểm d"
    assert result.needs_decision == ()


def test_it_excepts_discipline_the_member_found_and_remedied_as_the_text_does() -> None:
    """QĐ 124 Điều 12 k4 tiết 4.3 điểm d excepts it in the text: no trigger, no decision to
    take, and a note that names who attested the fact."""
    fixed = Discipline(
        DisciplineForm.KHIEN_TRACH, 2024, self_found_and_remedied=True, attested_by="Ban Tổ chức"
    )
    result = assess(REG124, inputs_124(disciplines=(fixed,)))
    assert result.highest_level is Level.HTXSNV
    assert result.forced == () and result.needs_decision == ()
    (note,) = result.notes
    assert note.code == "trigger.disciplined_in_year.excepted"
    assert "xác nhận: Ban Tổ chức" in note.message_vi
    assert note.source.cite() == "Quy định 124-QĐ/TW, Điều 12, khoản 4, tiết 4.3, điểm d"


def test_it_still_forces_khtnv_when_one_record_was_not_self_found() -> None:
    fixed = Discipline(DisciplineForm.KHIEN_TRACH, 2024, self_found_and_remedied=True)
    other = Discipline(DisciplineForm.CANH_CAO, 2024)
    result = assess(REG124, inputs_124(disciplines=(fixed, other)))
    assert result.highest_level is Level.KHTNV
    assert [v.code for v in result.forced] == ["trigger.disciplined_in_year"]
    assert result.needs_decision == ()


def test_it_ignores_discipline_of_the_previous_year() -> None:
    old = Discipline(DisciplineForm.CANH_CAO, 2023)
    assert assess(REG124, inputs_124(disciplines=(old,))).highest_level is Level.HTXSNV


def test_it_blocks_a_collective_when_a_leadership_member_was_disciplined() -> None:
    member = Discipline(DisciplineForm.KHIEN_TRACH, 2024)
    kind = SubjectKind.PARTY_COMMITTEE
    result = assess(REG124, inputs_124(kind, member_disciplines=(member,)))
    assert result.highest_level is Level.HTNV
    assert result.needs_decision == ()


def test_it_lets_the_competent_level_weigh_a_self_found_collective_case() -> None:
    member = Discipline(DisciplineForm.KHIEN_TRACH, 2024, self_found_and_remedied=True)
    kind = SubjectKind.PARTY_COMMITTEE
    result = assess(REG124, inputs_124(kind, member_disciplines=(member,)))
    assert result.highest_level is Level.HTNV
    (item,) = result.needs_decision
    assert item.level_if_granted is Level.HTTNV  # HTXSNV has no exception
    granted = assess(REG124, inputs_124(kind, member_disciplines=(member,)), granted={item.code})
    assert granted.highest_level is Level.HTTNV
