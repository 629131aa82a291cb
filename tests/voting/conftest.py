"""Personas and a conference ready for a secret ballot.

alice: organization staff (sets up ballots, issues cards); charles: chair; bob, bea, ben:
the counting board; mallory: an outsider with a login and no role. Twelve official members are
convened, ten present.
"""

from __future__ import annotations

import datetime as dt

import pytest

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.meetings.models import AgendaItem, AgendaKind, Attendance, AttendeeRole, Conference
from phieukin.organizations.models import Member, MemberStatus, Organization, OrganizationKind
from phieukin.organizations.services.tree import do_create_organization
from phieukin.voting import services
from phieukin.voting.models import Ballot
from tests.clock import NOW


@pytest.fixture
def org(db: None) -> Organization:
    return do_create_organization(
        code="HN",
        name="Đảng bộ Thành phố Hà Nội",
        kind=OrganizationKind.PROVINCIAL,
        parent=None,
        actor=None,
    )


@pytest.fixture
def members(org: Organization) -> list[Member]:
    return [
        Member.objects.create(
            card_number=f"0100{i:04d}",
            full_name=f"Nguyễn Văn {chr(65 + i)}",
            birth_date=dt.date(1970, 1, 1),
            sex="male",
            admitted_on=dt.date(1995, 1, 1),
            official_on=dt.date(1996, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=org,
        )
        for i in range(12)
    ]


def _user(username: str, org: Organization, role: str | None) -> User:
    user = User.objects.create_user(username=username, password=None, full_name=username.title())
    if role:
        RoleAssignment.objects.create(user=user, organization=org, role=role, granted_at=NOW)
    return user


@pytest.fixture
def alice(org: Organization) -> User:
    return _user("alice", org, Role.ORG_STAFF)


@pytest.fixture
def charles(org: Organization) -> User:
    return _user("charles", org, Role.CHAIR)


@pytest.fixture
def board_users(org: Organization) -> list[User]:
    return [_user(name, org, Role.TRUSTEE) for name in ("bob", "bea", "ben")]


@pytest.fixture
def mallory(org: Organization) -> User:
    return _user("mallory", org, None)


@pytest.fixture
def conference(org: Organization, members: list[Member]) -> Conference:
    conf = Conference.objects.create(
        organization=org, title="Hội nghị lần thứ 16 BCH", held_on=dt.date(2025, 12, 20)
    )
    for i, member in enumerate(members):
        Attendance.objects.create(
            conference=conf, member=member, role=AttendeeRole.MEMBER, present=i < 10
        )
    Attendance.objects.create(
        conference=conf, guest_name="Khách mời", role=AttendeeRole.GUEST, present=True
    )
    return conf


@pytest.fixture
def agenda_item(conference: Conference) -> AgendaItem:
    return AgendaItem.objects.create(
        conference=conference, order=1, title="Xếp loại chất lượng", kind=AgendaKind.RATING
    )


@pytest.fixture
def draft_ballot(agenda_item: AgendaItem, alice: User, board_users: list[User]) -> Ballot:
    ballot = services.do_create_ballot(
        agenda_item, title="Xếp loại chất lượng Đảng bộ Thành phố năm 2025", actor=alice
    )
    services.do_add_question(
        ballot,
        kind="rating",
        prompt="Đảng bộ Thành phố Hà Nội",
        subject_ref="evaluations.Subject:1",
        actor=alice,
    )
    services.do_set_trustees(ballot, board_users, actor=alice)
    return ballot


@pytest.fixture
def ready_ballot(draft_ballot: Ballot, alice: User, charles: User) -> Ballot:
    """Ceremony done (real DKG, charles's chair key), keys not yet proven, no cards yet.

    ``ballot.test_shares``: index -> (trustee secret, key share), as the trustees' key files.
    """
    from .helpers import run_ceremony

    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    ballot.test_shares = run_ceremony(ballot, charles)  # type: ignore[attr-defined]
    return ballot


@pytest.fixture
def open_ballot(ready_ballot: Ballot, charles: User) -> tuple[Ballot, list[str]]:
    """Open, with the ten printed codes."""
    from .helpers import open_ballot, prepare

    shares = ready_ballot.test_shares  # type: ignore[attr-defined]
    codes = prepare(ready_ballot, shares, charles)
    open_ballot(ready_ballot, charles)
    ready_ballot.test_shares = shares  # type: ignore[attr-defined]
    return ready_ballot, codes
