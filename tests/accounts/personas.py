"""A small organization tree and one user per persona, shared by the accounts, audit and API tests.

Tree:  province (P) ─┬─ commune (C) ─── cell (K)      other province (Q) ── other cell (Z)
                     └─ sibling (S)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.organizations.models import Member, Organization, OrganizationKind
from tests.clock import NOW

PASSWORD = "correct horse battery staple 42"


def make_org(code: str, kind: str, parent: Organization | None = None) -> Organization:
    """Create an organization with its materialized path (as the organizations services do)."""
    org = Organization.objects.create(code=code, name=f"Đảng bộ {code}", kind=kind, parent=parent)
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    return org


def make_member(card: str, org: Organization, name: str = "Nguyễn Văn An") -> Member:
    return Member.objects.create(
        card_number=card,
        full_name=name,
        birth_date=dt.date(1980, 1, 1),
        sex="male",
        admitted_on=dt.date(2005, 1, 1),
        official_on=dt.date(2006, 1, 1),
        organization=org,
    )


@cache
def password_hash() -> str:
    """One real Argon2 hash per test process: hashing is deliberately slow (~0.2 s here)."""
    return make_password(PASSWORD)


def make_user(username: str, *roles: tuple[Role, Organization], **extra: object) -> User:
    user = User.objects.create(username=username, password=password_hash(), **extra)
    for role, org in roles:
        RoleAssignment.objects.create(user=user, organization=org, role=role, granted_at=NOW)
    return user


@dataclass
class World:
    province: Organization
    commune: Organization
    cell: Organization
    sibling: Organization
    other_province: Organization
    other_cell: Organization
    admin: User
    staff: User  # ORG_STAFF of the commune
    chair: User  # CHAIR of the commune
    trustee: User  # TRUSTEE of the commune
    superior: User  # SUPERIOR of the province
    inspector: User  # INSPECTOR of the province
    member: User  # plain member of the cell (linked to a Member)
    outsider_staff: User  # ORG_STAFF of the other province


def build_world() -> World:
    p = make_org("P", OrganizationKind.PROVINCIAL)
    c = make_org("C", OrganizationKind.GRASSROOTS, p)
    k = make_org("K", OrganizationKind.CELL, c)
    s = make_org("S", OrganizationKind.GRASSROOTS, p)
    q = make_org("Q", OrganizationKind.PROVINCIAL)
    z = make_org("Z", OrganizationKind.GRASSROOTS_CELL, q)
    member = make_user("dangvien", member=make_member("000001", k))
    return World(
        province=p,
        commune=c,
        cell=k,
        sibling=s,
        other_province=q,
        other_cell=z,
        admin=make_user("quantri", is_staff=True, is_superuser=True),
        staff=make_user("bantochuc", (Role.ORG_STAFF, c)),
        chair=make_user("chutri", (Role.CHAIR, c)),
        trustee=make_user("kiemphieu", (Role.TRUSTEE, c)),
        superior=make_user("captren", (Role.SUPERIOR, p)),
        inspector=make_user("kiemtra", (Role.INSPECTOR, p)),
        member=member,
        outsider_staff=make_user("ngoai", (Role.ORG_STAFF, q)),
    )
