from __future__ import annotations

from django.urls import reverse

from phieukin.accounts.models import Role, RoleAssignment
from phieukin.audit.models import AuditEvent


def test_it_lets_staff_grant_a_role_in_their_subtree(client, world):
    client.force_login(world.staff)
    url = reverse("accounts:roles", args=[world.cell.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"username": "dangvien", "role": Role.TRUSTEE})
    assert response.status_code == 302
    grant = RoleAssignment.objects.get(user=world.member, role=Role.TRUSTEE)
    assert (grant.organization, grant.granted_by) == (world.cell, world.staff)
    event = AuditEvent.objects.get(event_type="role.granted")
    assert event.actor == world.staff
    assert event.data == {"user": "dangvien", "role": "trustee"}


def test_it_explains_a_refused_grant_in_vietnamese(client, world):
    client.force_login(world.staff)
    url = reverse("accounts:roles", args=[world.commune.pk])
    body = client.post(url, {"username": "khongco", "role": Role.CHAIR}).content.decode()
    assert "Không có người dùng" in body
    body = client.post(url, {"username": "chutri", "role": Role.CHAIR}).content.decode()
    assert "đã có vai trò này" in body
    assert RoleAssignment.objects.filter(user=world.chair).count() == 1


def test_it_keeps_others_out(client, world):
    url = reverse("accounts:roles", args=[world.commune.pk])
    client.force_login(world.chair)
    assert client.get(url).status_code == 403
    assert client.post(url, {"username": "chutri", "role": Role.ORG_STAFF}).status_code == 403
    client.force_login(world.outsider_staff)
    assert client.get(url).status_code == 404
    client.force_login(world.staff)
    assert client.get(reverse("accounts:roles", args=[world.province.pk])).status_code == 404
    assert not RoleAssignment.objects.filter(user=world.chair, role=Role.ORG_STAFF).exists()


def test_it_revokes_within_the_subtree_only(client, world):
    grant = RoleAssignment.objects.get(user=world.chair)
    url = reverse("accounts:role_revoke", args=[grant.pk])
    client.force_login(world.outsider_staff)
    assert client.post(url).status_code == 404
    client.force_login(world.chair)
    assert client.post(url).status_code == 403
    client.force_login(world.staff)
    assert client.post(url).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert AuditEvent.objects.filter(event_type="role.revoked", actor=world.staff).exists()
    assert client.post(url).status_code == 404  # already revoked: no longer a live grant
