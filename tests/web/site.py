"""A small city organization with a cell, members, a committee and a conference, built through
the services, and the personas who browse it. Shared by the web, organizations and meetings
page tests.

Tree:  city (T) ─── ward (W) ─── cell (K)        other province (Q) ── other cell (Z)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.test import Client

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.meetings.models import Conference
from phieukin.meetings.services import (
    AgendaSpec,
    DocumentSpec,
    check_in,
    convene,
    create_conference,
)
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.models import (
    CommitteeKind,
    Member,
    MemberStatus,
    Organization,
    OrganizationKind,
    SeatRole,
)
from phieukin.organizations.services.committees import do_add_seat, do_create_committee
from phieukin.organizations.services.members import do_add_member
from phieukin.organizations.services.tree import do_create_organization
from tests.clock import NOW, TODAY, frozen

PASSWORD = "correct horse battery staple 42"
HOSTILE = "<script>alert(1)</script>"
# Given names in Vietnamese order (a < â, d < đ); Python's code-point order differs.
NAMES_IN_ORDER = [
    "Nguyễn Văn An",
    "Lê Thị Ân",
    "Trần Thị Bình",
    "Hoàng Văn Dũng",
    "Phạm Minh Đức",
    "Vũ Thị Yến",
]


@dataclass
class Site:
    city: Organization
    ward: Organization
    cell: Organization
    other_cell: Organization
    members: dict[str, Member]
    hostile: Member
    conference: Conference
    staff: User  # ORG_STAFF of the city: sees everything above
    outsider: User  # ORG_STAFF of the other province: sees nothing above


def _member(cell: Organization, card: str, name: str, **extra: object) -> Member:
    fields: dict[str, object] = {
        "birth_date": dt.date(1975, 5, 19),
        "sex": "male",
        "admitted_on": dt.date(2000, 2, 3),
        "official_on": dt.date(2001, 2, 3),
    }
    record = MemberRecord(card_number=card, full_name=name, **(fields | extra))  # type: ignore[arg-type]
    return do_add_member(record, organization=cell, actor=None)


def _user(username: str, org: Organization) -> User:
    user = User.objects.create_user(username=username, full_name=username)  # force_login: no hash
    RoleAssignment.objects.create(user=user, organization=org, role=Role.ORG_STAFF, granted_at=NOW)
    return user


def _conference(city: Organization, members: dict[str, Member]) -> Conference:
    committee = do_create_committee(
        organization=city,
        kind=CommitteeKind.EXECUTIVE,
        term="XVII, 2020–2025",
        term_start=dt.date(2020, 10, 1),
        actor=None,
    )
    for i, member in enumerate(members.values()):
        role = SeatRole.SECRETARY if i == 0 else SeatRole.EXECUTIVE_MEMBER
        do_add_seat(committee, member, role, start_on=dt.date(2020, 10, 1), actor=None)
    documents = (DocumentSpec("Báo cáo công tác xây dựng Đảng năm 2023", number="12-BC/TU"),)
    conference = create_conference(
        organization=city,
        committee=committee,
        number=16,
        title="Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ thành phố",
        held_on=TODAY + dt.timedelta(days=3),  # upcoming: the site's tests run frozen()
        place="Hội trường Thành ủy",
        agenda=[AgendaSpec("Kiểm điểm tập thể Ban Thường vụ năm 2023", documents=documents)],
    )
    rows = convene(conference, guests=["Khách mời Tô Văn Khách"])
    for row in rows[:4]:
        check_in(row)
    return conference


def site_at_now() -> Iterator[Site]:
    """``build_site()``, with the clock at ``tests.clock.NOW`` for the test that uses it (the
    conference is "upcoming" relative to that day, whatever day the suite runs)."""
    with frozen():
        yield build_site()


def build_site() -> Site:
    city = do_create_organization(
        code="T",
        name="Đảng bộ thành phố Hà Nội",
        kind=OrganizationKind.PROVINCIAL,
        parent=None,
        actor=None,
    )
    ward = do_create_organization(
        code="W",
        name="Đảng bộ phường Ba Đình",
        kind=OrganizationKind.GRASSROOTS,
        parent=city,
        actor=None,
    )
    cell = do_create_organization(
        code="K", name="Chi bộ khu dân cư số 1", kind=OrganizationKind.CELL, parent=ward, actor=None
    )
    other = do_create_organization(
        code="Q",
        name="Đảng bộ tỉnh khác",
        kind=OrganizationKind.PROVINCIAL,
        parent=None,
        actor=None,
    )
    other_cell = do_create_organization(
        code="Z",
        name="Chi bộ cơ sở khác",
        kind=OrganizationKind.GRASSROOTS_CELL,
        parent=other,
        actor=None,
    )
    members = {
        name: _member(cell, f"{i:06d}", name) for i, name in enumerate(reversed(NAMES_IN_ORDER))
    }
    hostile = _member(cell, "999999", HOSTILE, status=MemberStatus.PROBATIONARY, official_on=None)
    _member(other_cell, "888888", "Nguyễn Văn Anh")
    return Site(
        city=city,
        ward=ward,
        cell=cell,
        other_cell=other_cell,
        members=members,
        hostile=hostile,
        conference=_conference(city, members),
        staff=_user("canbo", city),
        outsider=_user("ngoai", other),
    )


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def htmx(client: Client, url: str, target: str = "", **params: str) -> object:
    """GET ``url`` as htmx does (HX-Request, and HX-Target when ``target`` is given)."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return client.get(url, params, headers=headers)
