"""Every database constraint of the evaluations models refuses a row that violates it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction

from phieukin.evaluations.models import Level, Period, Subject
from phieukin.organizations.models import Member, Organization

pytestmark = pytest.mark.django_db
DECIDED_AT = datetime(2024, 1, 9, 10, 0, tzinfo=UTC)


@pytest.fixture
def city() -> Organization:
    return Organization.objects.create(code="HT", name="Thành phố", kind="provincial")


@pytest.fixture
def member(city: Organization) -> Member:
    return Member.objects.create(
        card_number="1",
        full_name="Vũ Thị Hạnh",
        birth_date=date(1970, 1, 1),
        sex="female",
        admitted_on=date(1990, 1, 1),
        official_on=date(1991, 1, 1),
        organization=city,
    )


@pytest.fixture
def period(city: Organization) -> Period:
    return Period.objects.create(
        organization=city,
        title="Năm 2023",
        year=2023,
        regulation="reg124",
        starts_on=date(2023, 11, 15),
        ends_on=date(2024, 1, 31),
        deadline=date(2024, 1, 15),
    )


def _refused(model: type, **fields: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)  # type: ignore[attr-defined]


def _period_fields(city: Organization, **extra: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "organization": city,
        "title": "P",
        "year": 2024,
        "regulation": "reg124",
        "starts_on": date(2024, 11, 1),
        "ends_on": date(2024, 12, 31),
    }
    fields.update(extra)
    return fields


@pytest.mark.parametrize(
    "extra",
    [
        {"ends_on": date(2024, 10, 1)},  # period_ends_after_start
        {"deadline": date(2024, 10, 1)},  # period_deadline_after_start
        {"year": 1900},  # period_year_plausible
        {"regulation": "reg999"},  # period_known_regulation
        {"status": "archived"},  # period_known_status
        {"year": 2023},  # period_one_annual_per_year
        {"cycle": "weekly"},  # period_known_cycle
        {"cycle": "quarterly", "regulation": "reg366"},  # period_quarter_iff_quarterly
        {"quarter": 2},  # period_quarter_iff_quarterly (annual with a quarter)
        {"cycle": "ad_hoc", "regulation": "reg366"},  # period_ad_hoc_has_reason
        {"cycle": "term"},  # period_cycles_only_under_366
    ],
)
def test_it_refuses_bad_periods(period: Period, city: Organization, extra: dict) -> None:
    _refused(Period, **_period_fields(city, **extra))


def test_it_allows_several_non_annual_periods_in_a_year(period: Period, city: Organization) -> None:
    for quarter in (1, 2):
        Period.objects.create(
            **_period_fields(
                city, year=2023, cycle="quarterly", quarter=quarter, regulation="reg366"
            )
        )
    _refused(  # period_one_per_quarter
        Period,
        **_period_fields(city, year=2023, cycle="quarterly", quarter=2, regulation="reg366"),
    )


def test_it_accepts_valid_subjects(period: Period, city: Organization, member: Member) -> None:
    Subject.objects.create(
        period=period,
        kind="collective",
        collective_kind="standing_committee",
        organization=city,
        proposed_level=Level.HTXSNV,
    )
    Subject.objects.create(
        period=period,
        kind="individual",
        member=member,
        decided_level="httnv",
        decided_at=DECIDED_AT,
        decided_by="Ban Chấp hành",
    )
    assert period.subjects.count() == 2


@pytest.mark.parametrize(
    "fields",
    [
        # subject_collective_xor_individual
        {"kind": "collective", "collective_kind": "standing_committee"},
        {"kind": "collective", "collective_kind": "", "organization": "city"},
        {"kind": "collective", "collective_kind": "cell", "organization": "city", "member": "m"},
        {"kind": "individual", "member": "m", "organization": "city"},
        {"kind": "individual", "member": "m", "collective_kind": "cell"},
        {"kind": "individual"},
        # subject_out_of_scope_has_reason
        {"kind": "individual", "member": "m", "in_scope": False},
        # subject_decision_dated
        {"kind": "individual", "member": "m", "decided_level": "htnv"},
        {"kind": "individual", "member": "m", "decided_at": DECIDED_AT},
        # subject_out_of_scope_not_rated
        {
            "kind": "individual",
            "member": "m",
            "in_scope": False,
            "out_of_scope_reason": "Dự bị",
            "decided_level": "htnv",
            "decided_at": DECIDED_AT,
        },
        # subject_known_levels
        {"kind": "individual", "member": "m", "self_level": "great"},
        {"kind": "individual", "member": "m", "proposed_level": ""},
    ],
)
def test_it_refuses_bad_subjects(
    period: Period, city: Organization, member: Member, fields: dict
) -> None:
    resolved = {
        k: {"city": city, "m": member}.get(v, v) if isinstance(v, str) else v
        for k, v in fields.items()
    }
    _refused(Subject, period=period, **resolved)


def test_it_refuses_a_member_twice_in_a_period(period: Period, member: Member) -> None:
    Subject.objects.create(period=period, kind="individual", member=member)
    _refused(Subject, period=period, kind="individual", member=member)


def test_it_refuses_a_collective_twice_in_a_period(period: Period, city: Organization) -> None:
    Subject.objects.create(
        period=period, kind="collective", collective_kind="standing_committee", organization=city
    )
    _refused(
        Subject,
        period=period,
        kind="collective",
        collective_kind="standing_committee",
        organization=city,
    )
    Subject.objects.create(
        period=period, kind="collective", collective_kind="party_organization", organization=city
    )
