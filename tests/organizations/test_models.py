"""Every database constraint of the organizations models refuses a row that violates it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from phieukin.organizations.models import (
    Committee,
    CommitteeSeat,
    Member,
    Membership,
    Organization,
    OrganizationKind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell() -> Organization:
    return Organization.objects.create(code="C1", name="Chi bộ 1", kind=OrganizationKind.CELL)


@pytest.fixture
def member(cell: Organization) -> Member:
    return Member.objects.create(
        card_number="01.000001",
        full_name="Trần Thị Bình",
        birth_date=date(1980, 5, 6),
        sex="female",
        admitted_on=date(2004, 1, 1),
        official_on=date(2005, 1, 1),
        organization=cell,
    )


@pytest.fixture
def committee(cell: Organization) -> Committee:
    return Committee.objects.create(
        organization=cell, kind="cell", term="2020–2025", term_start=date(2020, 6, 1)
    )


def _violates(**kwargs: object) -> None:
    model = kwargs.pop("model")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**kwargs)  # type: ignore[attr-defined]


def test_it_refuses_an_organization_that_is_its_own_parent(cell: Organization) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=cell.pk).update(parent=cell)


def test_it_refuses_a_duplicate_organization_code(cell: Organization) -> None:
    _violates(model=Organization, code="C1", name="Khác", kind=OrganizationKind.CELL)


def test_it_stores_search_and_sort_keys(member: Member) -> None:
    assert member.search_name == "tran thi binh"
    assert member.sort_key


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("official_on", date(2003, 12, 31)),  # member_official_after_admitted
        ("birth_date", date(2004, 1, 1)),  # member_admitted_after_birth
    ],
)
def test_it_refuses_member_dates_out_of_order(member: Member, field: str, value: date) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**{field: value})


def test_it_refuses_a_duplicate_card_number(member: Member, cell: Organization) -> None:
    _violates(
        model=Member,
        card_number="01.000001",
        full_name="Lê Văn Cường",
        birth_date=date(1970, 1, 1),
        sex="male",
        admitted_on=date(1995, 1, 1),
        organization=cell,
    )


def test_it_refuses_a_membership_ending_before_it_starts(
    member: Member, cell: Organization
) -> None:
    _violates(
        model=Membership,
        member=member,
        organization=cell,
        start_on=date(2010, 1, 1),
        end_on=date(2009, 1, 1),
    )


def test_it_refuses_two_open_memberships(member: Member, cell: Organization) -> None:
    Membership.objects.create(member=member, organization=cell, start_on=date(2004, 1, 1))
    _violates(model=Membership, member=member, organization=cell, start_on=date(2010, 1, 1))
    Membership.objects.create(
        member=member, organization=cell, start_on=date(2001, 1, 1), end_on=date(2003, 1, 1)
    )


def test_it_refuses_a_duplicate_committee_term(committee: Committee, cell: Organization) -> None:
    _violates(
        model=Committee,
        organization=cell,
        kind="cell",
        term="2020–2025",
        term_start=date(2021, 1, 1),
    )


def test_it_refuses_a_term_ending_before_it_starts(cell: Organization) -> None:
    _violates(
        model=Committee,
        organization=cell,
        kind="cell",
        term="2025–2030",
        term_start=date(2025, 6, 1),
        term_end=date(2025, 6, 1),
    )


def test_it_refuses_two_open_seats_for_one_member(committee: Committee, member: Member) -> None:
    CommitteeSeat.objects.create(
        committee=committee, member=member, role="secretary", start_on=date(2020, 6, 1)
    )
    _violates(
        model=CommitteeSeat,
        committee=committee,
        member=member,
        role="cell_member",
        start_on=date(2021, 1, 1),
    )


def test_it_refuses_a_seat_ending_before_it_starts(committee: Committee, member: Member) -> None:
    _violates(
        model=CommitteeSeat,
        committee=committee,
        member=member,
        role="secretary",
        start_on=date(2020, 6, 1),
        end_on=date(2020, 5, 1),
    )
