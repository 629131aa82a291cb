"""Every database constraint of the meetings models refuses a row that violates it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from phieukin.meetings.models import AgendaItem, Attendance, Conference
from phieukin.organizations.models import Committee, Member, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def conf() -> Conference:
    city = Organization.objects.create(code="HT", name="Thành phố", kind="provincial")
    committee = Committee.objects.create(
        organization=city, kind="executive", term="XVII", term_start=date(2020, 10, 1)
    )
    return Conference.objects.create(
        organization=city,
        committee=committee,
        number=16,
        title="Hội nghị 16",
        held_on=date(2024, 1, 9),
    )


def test_it_refuses_a_duplicate_conference_number(conf: Conference) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.create(
            organization=conf.organization,
            committee=conf.committee,
            number=16,
            title="Khác",
            held_on=date(2024, 2, 1),
        )
    # Without a committee (a cell's general meeting) numbers are free.
    for _ in range(2):
        Conference.objects.create(
            organization=conf.organization, number=1, title="x", held_on=date(2024, 2, 1)
        )


def test_it_refuses_a_duplicate_agenda_order(conf: Conference) -> None:
    AgendaItem.objects.create(conference=conf, order=1, title="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(conference=conf, order=1, title="B")


def test_it_refuses_a_member_listed_twice(conf: Conference) -> None:
    member = Member.objects.create(
        card_number="1",
        full_name="Hoàng Văn Nam",
        birth_date=date(1970, 1, 1),
        sex="male",
        admitted_on=date(1990, 1, 1),
        organization=conf.organization,
    )
    Attendance.objects.create(conference=conf, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(conference=conf, member=member)


def test_it_refuses_a_row_with_neither_member_nor_guest(conf: Conference) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(conference=conf, role="guest")
