"""Opening a period: rule set and deadlines from the regulation, subjects from the tree."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.evaluations.models import CollectiveKind, Period, Subject
from phieukin.evaluations.services import (
    EvaluationError,
    RuleRefusedError,
    do_open_period,
    period_deadlines,
)
from tests.evaluations.world import REVIEW_ON, World, collective, raises, subject_of

pytestmark = pytest.mark.django_db


def test_it_picks_the_regulation_in_force_and_its_deadlines(world: World) -> None:
    p2023 = do_open_period(world.city, 2023, actor=world.staff)
    p2025 = do_open_period(world.city, 2025, actor=world.staff)
    assert (p2023.regulation, p2025.regulation) == ("reg124", "reg366")
    assert p2025.deadline == date(2025, 12, 30)  # "before 31/12", read strictly
    assert p2025.ends_on == date(2026, 1, 31)  # dossiers before 01/02
    assert period_deadlines(p2025)["report_to_politburo"].due == date(2026, 3, 1)
    assert p2023.criteria_framework == {} and "2B" in p2025.criteria_framework


def test_it_refuses_an_unknown_regulation_naming_the_rule(world: World) -> None:
    with pytest.raises(RuleRefusedError) as exc:
        do_open_period(world.city, 2025, regulation="999", actor=world.staff)
    assert exc.value.codes == ["ruleset.unknown"]
    assert not Period.objects.exists()


def test_it_refuses_a_second_annual_period(world: World) -> None:
    do_open_period(world.city, 2025, actor=world.staff)
    with raises(EvaluationError, "already has an annual period"):
        do_open_period(world.city, 2025, actor=world.staff)


def test_it_generates_collectives_and_individuals_from_the_tree(
    period: Period, world: World
) -> None:
    kinds = sorted(
        Subject.objects.filter(period=period, kind="collective").values_list(
            "collective_kind", flat=True
        )
    )
    assert kinds == sorted(
        [
            CollectiveKind.PARTY_ORGANIZATION,  # city
            CollectiveKind.PARTY_ORGANIZATION,  # ward
            CollectiveKind.CELL,  # K
            CollectiveKind.CELL,  # G
            CollectiveKind.EXECUTIVE_COMMITTEE,  # city
            CollectiveKind.STANDING_COMMITTEE,  # city
            CollectiveKind.EXECUTIVE_COMMITTEE,  # ward
            CollectiveKind.CELL_COMMITTEE,  # K
        ]
    )
    assert Subject.objects.filter(period=period, kind="individual").count() == len(world.members)


def test_it_lists_out_of_scope_members_with_the_rule_and_source(
    period: Period, world: World
) -> None:
    suspended = subject_of(period, world, "susp")
    recent = subject_of(period, world, "new")
    assert not suspended.in_scope and "đình chỉ sinh hoạt đảng" in suspended.out_of_scope_reason
    assert "Quy định 366-QĐ/TW" in suspended.out_of_scope_reason
    assert not recent.in_scope and "chưa đủ 6 tháng" in recent.out_of_scope_reason
    assert subject_of(period, world, "m1").in_scope


def test_it_flags_leaders_and_links_them_for_the_order_rules(period: Period, world: World) -> None:
    sec = subject_of(period, world, "sec")
    standing = collective(period, world.city, CollectiveKind.STANDING_COMMITTEE)
    executive = collective(period, world.city, CollectiveKind.EXECUTIVE_COMMITTEE)
    assert sec.is_leader and sec.rules_kind == "leader"
    assert sec.head_of == standing
    assert set(sec.leadership_of.all()) == {standing, executive}
    plain = subject_of(period, world, "m1")
    assert not plain.is_leader and plain.rules_kind == "member"
    assert plain.parent == collective(period, world.cell, CollectiveKind.CELL)
    assert collective(period, world.ward, CollectiveKind.PARTY_ORGANIZATION).parent == collective(
        period, world.city, CollectiveKind.PARTY_ORGANIZATION
    )


def test_it_assigns_default_comparable_groups(period: Period, world: World) -> None:
    assert subject_of(period, world, "m1").comparable_group == "Đảng viên — Đảng bộ phường Ngọc Lâm"
    assert (
        subject_of(period, world, "g1").comparable_group == "Đảng viên — Chi bộ Văn phòng Thành ủy"
    )
    ward = collective(period, world.ward, CollectiveKind.PARTY_ORGANIZATION)
    assert ward.comparable_group == "Đảng bộ cơ sở trực thuộc Đảng bộ Thành phố Hà Thành"


def test_depth_limits_the_subjects_to_what_the_organization_rates(world: World) -> None:
    period = do_open_period(world.city, 2025, depth=1, review_on=REVIEW_ON, actor=world.staff)
    orgs = set(Subject.objects.filter(period=period).values_list("organization__code", flat=True))
    assert orgs == {"HT", "W1", "G1", None}
    members = set(
        Subject.objects.filter(period=period, kind="individual").values_list(
            "member__full_name", flat=True
        )
    )
    # the cell K is two levels down: only its member sitting on an included committee is rated here
    assert "Hoàng Văn An" not in members and "Phạm Văn Hùng" in members and "Lê Thị Hoa" in members


def test_opening_is_audited(period: Period) -> None:
    event = AuditEvent.objects.get(event_type="evaluations.period_opened")
    assert event.data["regulation"] == "reg366" and event.data["subjects"]["out_of_scope"] == 2


def test_seat_kinds_choose_which_committee_members_are_rated_here(world: World) -> None:
    period = do_open_period(world.city, 2025, depth=0, seat_kinds={"standing"}, actor=world.staff)
    names = set(
        Subject.objects.filter(period=period, kind="individual").values_list(
            "member__full_name", flat=True
        )
    )
    assert names == {"Đinh Văn Dũng", "Nguyễn Thị Lan"}  # the Standing Committee, not "exe"
    kinds = set(
        Subject.objects.filter(period=period, kind="collective").values_list(
            "collective_kind", flat=True
        )
    )
    assert kinds == {"party_organization", "executive_committee", "standing_committee"}
