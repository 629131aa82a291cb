"""Forced KHTNV (QĐ 366 Điều 11 k4) and discretionary mitigations."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import (
    REG124,
    REG366,
    Discipline,
    DisciplineForm,
    Level,
    Mitigation,
    SubjectKind,
    TaskResults,
    assess,
)

from .factories import inputs_124, inputs_366

REPRIMAND = Discipline(DisciplineForm.KHIEN_TRACH, 2025)

CASES: list[tuple[SubjectKind, dict[str, Any], str]] = [
    (SubjectKind.LEADER, {"led_unit_tasks": TaskResults(10, 6, 6)}, "led_units_tasks_below_70"),
    (SubjectKind.LEADER, {"missed_basic_targets": True}, "missed_basic_targets"),
    (SubjectKind.LEADER, {"led_units_total": 4, "led_units_khtnv": 3}, "led_units_khtnv_over_half"),
    (
        SubjectKind.LEADER,
        {"confidence_votes_total": 40, "confidence_votes_low": 21},
        "low_confidence_over_half",
    ),
    (SubjectKind.LEADER, {"disciplines": (REPRIMAND,)}, "leader_disciplined"),
    (SubjectKind.LEADER_CENTRAL, {"concluded_degraded": True}, "leader_degraded"),
    (SubjectKind.LEADER, {"corruption_in_managed_units": True}, "corruption_in_managed_units"),
    (SubjectKind.MEMBER, {"concluded_degraded": True}, "member_degraded_self"),
    (SubjectKind.MEMBER, {"disciplines": (REPRIMAND,)}, "member_disciplined"),
    (SubjectKind.MEMBER_OUTSIDE_SYSTEM, {"violated_prohibitions": True}, "violated_prohibitions"),
    (SubjectKind.MEMBER, {"violated_exemplary_duty": True}, "violated_exemplary_duty"),
    (
        SubjectKind.MEMBER,
        {"tasks": TaskResults(10, 4, 4), "group_scores": {"I": 28, "II": 67}},
        "tasks_not_done_over_half",
    ),
    (
        SubjectKind.STANDING_COMMITTEE,
        {"personnel_wrongdoing_or_disunity": True},
        "personnel_wrongdoing",
    ),
    (
        SubjectKind.LEADERSHIP_COLLECTIVE,
        {"member_disciplines": (REPRIMAND,)},
        "collective_member_disciplined",
    ),
    (SubjectKind.PARTY_COMMITTEE, {"member_degraded": True}, "collective_member_degraded"),
    (SubjectKind.PARTY_ORGANIZATION, {"tasks": TaskResults(10, 6, 6)}, "unit_tasks_below_70"),
    (SubjectKind.PARTY_ORGANIZATION, {"missed_basic_targets": True}, "unit_missed_basic_targets"),
]


@pytest.mark.parametrize(("kind", "facts", "code"), CASES, ids=[c[2] for c in CASES])
def test_it_forces_khtnv(kind: SubjectKind, facts: dict[str, Any], code: str) -> None:
    result = assess(REG366, inputs_366(kind, **facts))
    assert result.highest_level is Level.KHTNV
    assert f"trigger.{code}" in [v.code for v in result.forced]
    forced = next(v for v in result.forced if v.code == f"trigger.{code}")
    assert forced.source.cite().startswith("Quy định 366-QĐ/TW, Điều 11, khoản 4")


@pytest.mark.parametrize(
    ("kind", "facts"),
    [
        (SubjectKind.LEADER, {"led_unit_tasks": TaskResults(10, 7, 7)}),  # exactly 70%: not below
        (SubjectKind.LEADER, {"led_units_total": 4, "led_units_khtnv": 2}),  # exactly half
        (SubjectKind.LEADER, {"confidence_votes_total": 40, "confidence_votes_low": 20}),
        (SubjectKind.MEMBER, {"disciplines": (Discipline(DisciplineForm.CANH_CAO, 2025, False),)}),
        (SubjectKind.MEMBER, {"led_units_total": 4, "led_units_khtnv": 4}),  # not a leader
    ],
)
def test_it_does_not_fire_at_or_below_the_threshold(
    kind: SubjectKind, facts: dict[str, Any]
) -> None:
    assert assess(REG366, inputs_366(kind, **facts)).forced == ()


def test_it_turns_a_claimed_mitigation_into_a_decision_for_the_competent_level() -> None:
    inputs = inputs_366(
        SubjectKind.LEADER,
        corruption_in_managed_units=True,
        mitigations_claimed=frozenset({Mitigation.PROACTIVELY_REPORTED}),
    )
    result = assess(REG366, inputs)
    assert result.highest_level is Level.KHTNV
    (item,) = result.needs_decision
    assert item.code == "trigger.corruption_in_managed_units"
    assert item.level_if_granted is Level.HTXSNV
    assert "Cấp có thẩm quyền xem xét" in item.message_vi
    assert assess(REG366, inputs, granted={item.code}).highest_level is Level.HTXSNV


def test_it_ignores_a_mitigation_the_regulation_does_not_allow_for_that_subject() -> None:
    inputs = inputs_366(
        SubjectKind.MEMBER,
        violated_prohibitions=True,
        mitigations_claimed=frozenset({Mitigation.FORCE_MAJEURE}),
    )
    result = assess(REG366, inputs)
    assert result.needs_decision == ()
    assert assess(REG366, inputs, granted={"trigger.violated_prohibitions"}).highest_level is (
        Level.KHTNV
    )


def test_it_keeps_the_level_low_when_only_one_of_two_triggers_is_granted() -> None:
    fixed = Discipline(DisciplineForm.KHIEN_TRACH, 2025, self_found_and_remedied=True)
    inputs = inputs_366(disciplines=(fixed,), violated_exemplary_duty=True)
    result = assess(REG366, inputs, granted={"trigger.member_disciplined"})
    assert result.highest_level is Level.KHTNV


_FLAGS = st.fixed_dictionaries(
    {
        "concluded_degraded": st.booleans(),
        "violated_prohibitions": st.booleans(),
        "missed_basic_targets": st.booleans(),
        "corruption_in_managed_units": st.booleans(),
        "personnel_wrongdoing_or_disunity": st.booleans(),
        "member_degraded": st.booleans(),
        "led_units_total": st.integers(0, 10),
        "led_units_khtnv": st.integers(0, 10),
        "disciplines": st.lists(
            st.builds(
                Discipline,
                st.sampled_from(DisciplineForm),
                st.sampled_from([2024, 2025]),
                st.booleans(),
                st.booleans(),
            ),
            max_size=2,
        ).map(tuple),
        "mitigations_claimed": st.frozensets(st.sampled_from(Mitigation)),
    }
)


@given(st.sampled_from(SubjectKind), _FLAGS, st.integers(0, 30), st.integers(0, 70))
def test_it_never_rates_a_subject_with_a_forced_trigger_above_khtnv(
    kind: SubjectKind, facts: dict[str, Any], g1: int, g2: int
) -> None:
    result = assess(REG366, inputs_366(kind, group_scores={"I": g1, "II": g2}, **facts))
    if result.forced:
        assert result.highest_level is Level.KHTNV
        assert all(result.refusal(lv) is not None for lv in Level if lv > Level.KHTNV)
    for item in result.needs_decision:
        assert item.level_if_granted >= result.highest_level


@given(st.sampled_from([SubjectKind.MEMBER, SubjectKind.LEADER]), st.booleans(), st.booleans())
def test_it_forces_khtnv_under_124_for_any_discipline_in_the_year_not_self_found(
    kind: SubjectKind, duty: bool, self_found: bool
) -> None:
    """Any form, duty-related or not, forces KHTNV, except what the text itself excepts."""
    d = Discipline(DisciplineForm.KHIEN_TRACH, 2024, duty, self_found)
    level = assess(REG124, inputs_124(kind, disciplines=(d,))).highest_level
    assert level is (Level.HTXSNV if self_found else Level.KHTNV)


def test_it_shows_discipline_unrelated_to_duties_without_forcing() -> None:
    other = Discipline(DisciplineForm.KHIEN_TRACH, 2025, duty_related=False)
    result = assess(REG366, inputs_366(disciplines=(other,)))
    assert result.highest_level is Level.HTXSNV
    (note,) = result.notes
    assert note.code == "discipline.not_duty_related"
    assert note.source.cite() == "Quy định 366-QĐ/TW, Điều 11, khoản 4, tiết 4.3"


def test_it_lets_a_collective_claim_force_majeure_for_missed_targets() -> None:
    inputs = inputs_366(
        SubjectKind.PARTY_ORGANIZATION,
        missed_basic_targets=True,
        mitigations_claimed=frozenset({Mitigation.FORCE_MAJEURE}),
    )
    (item,) = assess(REG366, inputs).needs_decision
    assert item.mitigation is Mitigation.FORCE_MAJEURE
