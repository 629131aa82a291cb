"""Conferences: creation with agenda, the convened list, check-in, absences and quorum numbers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from django.utils import translation

from phieukin.meetings.models import AgendaDocument, AttendeeRole, Conference
from phieukin.meetings.services import (
    AgendaSpec,
    DocumentSpec,
    MeetingError,
    check_in,
    convene,
    create_conference,
    quorum,
    record_absence,
    set_conference_status,
)
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.models import Committee, Member, Organization, OrganizationKind
from phieukin.organizations.services.committees import do_add_seat, do_create_committee
from phieukin.organizations.services.members import do_add_member, do_set_member_status
from phieukin.organizations.services.tree import do_create_organization

K = OrganizationKind
pytestmark = pytest.mark.django_db
HELD_ON = date(2024, 1, 9)


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture
def body() -> tuple[Organization, Committee, list[Member]]:
    """A city with a 6-seat executive committee: 5 official members, 1 later suspended."""
    city = do_create_organization(
        code="HT", name="Thành phố", kind=K.PROVINCIAL, parent=None, actor=None
    )
    office = do_create_organization(
        code="VP", name="Chi bộ Văn phòng", kind=K.GRASSROOTS_CELL, parent=city, actor=None
    )
    committee = do_create_committee(
        organization=city, kind="executive", term="XVII", term_start=date(2020, 10, 1), actor=None
    )
    members = []
    for i, name in enumerate(["An", "Bình", "Cường", "Dũng", "Giang", "Hà"]):
        m = do_add_member(
            MemberRecord(
                card_number=f"01.{i}",
                full_name=f"Nguyễn Văn {name}",
                birth_date=date(1970, 1, 1),
                sex="male",
                admitted_on=date(1995, 1, 1),
                official_on=date(1996, 1, 1),
            ),
            organization=office,
            actor=None,
        )
        do_add_seat(
            committee,
            m,
            "executive_member" if i else "secretary",
            start_on=date(2020, 10, 1),
            actor=None,
        )
        members.append(m)
    do_set_member_status(members[5], "suspended", on=date(2023, 6, 1), actor=None)
    return city, committee, members


def _conference(city: Organization, committee: Committee) -> Conference:
    return create_conference(
        organization=city,
        committee=committee,
        number=16,
        title="Hội nghị lần thứ 16",
        held_on=HELD_ON,
        agenda=[
            AgendaSpec("Báo cáo", documents=[DocumentSpec("Báo cáo công tác", number="01-BC/TU")]),
            AgendaSpec("Biểu quyết xếp loại", kind="rating"),
        ],
    )


def test_it_creates_a_conference_with_its_agenda(body: tuple) -> None:
    city, committee, _ = body
    conf = _conference(city, committee)
    assert [(i.order, i.kind) for i in conf.agenda_items.all()] == [(1, "report"), (2, "rating")]
    assert AgendaDocument.objects.get().number == "01-BC/TU"
    with pytest.raises(MeetingError, match="already has a conference number 16"):
        _conference(city, committee)
    assert Conference.objects.count() == 1


def test_it_refuses_a_committee_of_another_organization(body: tuple) -> None:
    _, committee, _ = body
    other = do_create_organization(
        code="X", name="Tỉnh khác", kind=K.PROVINCIAL, parent=None, actor=None
    )
    with pytest.raises(MeetingError, match="does not belong"):
        create_conference(organization=other, committee=committee, title="X", held_on=HELD_ON)


def test_it_convenes_the_sitting_members(body: tuple) -> None:
    city, committee, members = body
    conf = _conference(city, committee)
    rows = convene(conf, guests=["Đại diện Ban Tổ chức Trung ương"])
    roles = {(r.member_id, r.guest_name): r.role for r in rows}
    assert len(rows) == 6  # 5 sitting official members + 1 guest; the suspended one is left out
    assert roles[(members[0].pk, "")] == AttendeeRole.MEMBER
    assert roles[(None, "Đại diện Ban Tổ chức Trung ương")] == AttendeeRole.GUEST
    assert (members[5].pk, "") not in roles
    with pytest.raises(MeetingError, match="already exists"):
        convene(conf)


def test_it_convenes_probationary_members_without_a_vote() -> None:
    city = do_create_organization(
        code="HT", name="Thành phố", kind=K.PROVINCIAL, parent=None, actor=None
    )
    cell = do_create_organization(
        code="C", name="Chi bộ", kind=K.GRASSROOTS_CELL, parent=city, actor=None
    )
    common: dict[str, Any] = {"birth_date": date(1990, 1, 1), "sex": "female"}
    lan = MemberRecord(
        card_number="1",
        full_name="Lê Thị Lan",
        admitted_on=date(2015, 1, 1),
        official_on=date(2016, 1, 1),
        **common,
    )
    mai = MemberRecord(
        card_number="2",
        full_name="Lê Thị Mai",
        admitted_on=date(2023, 3, 1),
        status="probationary",
        **common,
    )
    for record in (lan, mai):
        do_add_member(record, organization=cell, actor=None)
    conf = create_conference(organization=cell, title="Sinh hoạt chi bộ", held_on=HELD_ON)
    rows = sorted(convene(conf), key=lambda r: r.member.full_name)
    assert [r.role for r in rows] == [AttendeeRole.MEMBER, AttendeeRole.NON_VOTING]
    assert quorum(conf).convened_voting == 1


def test_it_counts_the_quorum(body: tuple) -> None:
    city, committee, _ = body
    conf = _conference(city, committee)
    rows = [r for r in convene(conf, guests=["Khách"]) if r.member_id]
    assert quorum(conf).convened_voting == 5
    for row in rows[:3]:
        check_in(row)
    check_in(rows[0])  # idempotent
    record_absence(rows[3], reason="Đi công tác")
    q = quorum(conf)
    assert (q.convened_voting, q.present_voting, q.convened_total, q.present_total) == (5, 3, 6, 3)
    assert not q.meets(Fraction(2, 3))
    check_in(rows[3])
    assert quorum(conf).meets(Fraction(2, 3))  # 4/5 >= 2/3
    with pytest.raises(MeetingError, match="reason"):
        record_absence(rows[4], reason=" ")


def test_it_freezes_attendance_when_closed(body: tuple) -> None:
    city, committee, _ = body
    conf = _conference(city, committee)
    row = convene(conf)[0]
    set_conference_status(conf, "in_progress")
    with pytest.raises(MeetingError, match="before the conference"):
        convene(conf)
    set_conference_status(conf, "closed")
    with pytest.raises(MeetingError, match="closed"):
        check_in(row)
    with pytest.raises(MeetingError, match="cannot go from"):
        set_conference_status(conf, "planned")


def test_it_writes_each_change_to_the_audit_log(body: tuple) -> None:
    from phieukin.audit.models import AuditEvent

    city, committee, _ = body
    before = AuditEvent.objects.count()
    conf = _conference(city, committee)
    rows = convene(conf)
    check_in(rows[0])
    check_in(rows[0])  # idempotent: no second entry
    record_absence(rows[1], reason="Ốm")
    set_conference_status(conf, "in_progress")
    types = list(AuditEvent.objects.order_by("seq").values_list("event_type", flat=True)[before:])
    assert [t for t in types if t.startswith("meetings.")] == [
        "meetings.conference_created",
        "meetings.convened",
        "meetings.checked_in",
        "meetings.absence_recorded",
        "meetings.conference_status",
    ]
