from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from phieukin.accounts.models import Role, RoleAssignment
from phieukin.accounts.permissions import (
    get_object_for_user,
    get_organization_for_user,
    has_role,
    member_for_user,
    organizations_for_user,
    require_role,
)
from phieukin.organizations.models import Member
from tests.clock import NOW


def codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


def test_it_scopes_staff_to_their_subtree(world):
    assert codes(organizations_for_user(world.staff)) == {"C", "K"}
    assert codes(organizations_for_user(world.staff, role=Role.ORG_STAFF)) == {"C", "K"}
    assert codes(organizations_for_user(world.staff, role=Role.CHAIR)) == set()


def test_it_gives_superiors_the_whole_subtree(world):
    assert codes(organizations_for_user(world.superior)) == {"P", "C", "K", "S"}


def test_it_lets_staff_read_as_superior(world):
    assert codes(organizations_for_user(world.staff, role=Role.SUPERIOR)) == {"C", "K"}


def test_it_gives_a_linked_member_their_cell_only(world):
    assert codes(organizations_for_user(world.member)) == {"K"}
    assert member_for_user(world.member).card_number == "000001"
    assert member_for_user(world.staff) is None


def test_it_gives_anonymous_nothing(world):
    assert codes(organizations_for_user(AnonymousUser())) == set()
    assert member_for_user(AnonymousUser()) is None


def test_it_gives_admin_everything(world):
    assert codes(organizations_for_user(world.admin, role=Role.TRUSTEE)) == {
        "P",
        "C",
        "K",
        "S",
        "Q",
        "Z",
    }


def test_it_raises_404_when_not_visible(world):
    with pytest.raises(Http404):
        get_organization_for_user(world.outsider_staff, world.commune.pk)
    with pytest.raises(Http404):
        get_organization_for_user(world.staff, world.sibling.pk, role=Role.ORG_STAFF)
    with pytest.raises(Http404):
        get_organization_for_user(world.staff, "not-a-number")
    with pytest.raises(Http404):
        get_organization_for_user(world.staff, 999999)


def test_it_raises_403_when_visible_but_role_lacking(world):
    with pytest.raises(PermissionDenied):
        get_organization_for_user(world.chair, world.commune.pk, role=Role.ORG_STAFF)
    with pytest.raises(PermissionDenied):
        get_organization_for_user(world.member, world.cell.pk, role=Role.ORG_STAFF)
    assert get_organization_for_user(world.chair, world.cell.pk, role=Role.CHAIR) == world.cell


def test_it_accepts_any_of_several_roles(world):
    org = get_organization_for_user(
        world.trustee, world.commune.pk, role=[Role.CHAIR, Role.TRUSTEE]
    )
    assert org == world.commune


def test_it_ignores_revoked_roles(world):
    RoleAssignment.objects.filter(user=world.staff).update(revoked_at=NOW)
    assert not has_role(world.staff, world.commune, Role.ORG_STAFF)
    with pytest.raises(PermissionDenied):
        require_role(world.staff, world.commune, Role.ORG_STAFF)


def test_it_ignores_inactive_users(world):
    world.staff.is_active = False
    world.staff.save()
    assert codes(organizations_for_user(world.staff)) == set()


def test_it_authorizes_objects_through_their_organization(world):
    member = Member.objects.get(card_number="000001")
    qs = Member.objects.all()
    assert get_object_for_user(world.staff, qs, member.pk, role=Role.ORG_STAFF) == member
    with pytest.raises(Http404):
        get_object_for_user(world.outsider_staff, qs, member.pk)
    with pytest.raises(PermissionDenied):
        get_object_for_user(world.member, qs, member.pk, role=Role.ORG_STAFF)
    with pytest.raises(Http404):
        get_object_for_user(world.staff, qs, "x")


def test_it_rejects_unknown_roles(world):
    with pytest.raises(ValueError, match="unknown role"):
        organizations_for_user(world.staff, role="king")
