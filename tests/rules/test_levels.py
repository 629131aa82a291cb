from __future__ import annotations

import pytest

from phieukin.rules import CriterionRating, Level, SubjectClass, SubjectKind


def test_it_orders_the_four_levels() -> None:
    assert Level.KHTNV < Level.HTNV < Level.HTTNV < Level.HTXSNV
    assert max(Level) is Level.HTXSNV


@pytest.mark.parametrize(
    ("level", "label"),
    [
        (Level.HTXSNV, "Hoàn thành xuất sắc nhiệm vụ"),
        (Level.HTTNV, "Hoàn thành tốt nhiệm vụ"),
        (Level.HTNV, "Hoàn thành nhiệm vụ"),
        (Level.KHTNV, "Không hoàn thành nhiệm vụ"),
    ],
)
def test_it_labels_levels_in_vietnamese(level: Level, label: str) -> None:
    assert level.label_vi == label
    assert Level.from_abbr(level.abbr.lower()) is level


def test_it_refuses_an_unknown_abbreviation() -> None:
    with pytest.raises(ValueError, match="HTXSNV"):
        Level.from_abbr("XS")


def test_it_orders_criterion_ratings() -> None:
    assert CriterionRating.KEM < CriterionRating.TRUNG_BINH < CriterionRating.TOT
    assert CriterionRating.XUAT_SAC.label_vi == "Xuất sắc"


@pytest.mark.parametrize(
    ("kind", "cls", "form"),
    [
        (SubjectKind.PARTY_ORGANIZATION, SubjectClass.COLLECTIVE, "01"),
        (SubjectKind.STANDING_COMMITTEE, SubjectClass.COLLECTIVE, "01"),
        (SubjectKind.LEADERSHIP_COLLECTIVE, SubjectClass.COLLECTIVE, "01"),
        (SubjectKind.LEADER, SubjectClass.LEADER, "2A"),
        (SubjectKind.LEADER_CENTRAL, SubjectClass.LEADER, "2A"),
        (SubjectKind.MEMBER, SubjectClass.NON_LEADER, "2B"),
        (SubjectKind.MEMBER_OUTSIDE_SYSTEM, SubjectClass.NON_LEADER, "2C"),
    ],
)
def test_it_classifies_subjects_and_their_forms(
    kind: SubjectKind, cls: SubjectClass, form: str
) -> None:
    assert kind.subject_class is cls
    assert kind.form == form
    assert kind.label_vi
