from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.demo import DEMO_DEVICE_NAME, attach_demo_access
from phieukin.accounts.models import Role, RoleAssignment
from phieukin.audit.models import AuditEvent
from tests.accounts.personas import PASSWORD, make_user


def test_it_grants_the_role_and_a_demo_device(world, client, capsys):
    user = make_user("demo_chair")
    attach_demo_access(user, "chair", world.commune)
    assert RoleAssignment.objects.filter(user=user, role=Role.CHAIR).exists()
    assert AuditEvent.objects.filter(event_type="role.granted").exists()
    assert TOTPDevice.objects.get(user=user).name == DEMO_DEVICE_NAME
    client.post(reverse("accounts:login"), {"username": "demo_chair", "password": PASSWORD})
    page = client.get(reverse("accounts:otp_verify")).content.decode()
    assert "phieukin otp_code demo_chair" in page
    call_command("otp_code", "demo_chair")
    code = capsys.readouterr().out.split()[0]
    response = client.post(reverse("accounts:otp_verify"), {"token": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_gives_members_no_device(world):
    user = make_user("demo_member")
    attach_demo_access(user, "member", world.cell)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_it_never_prints_a_real_users_code(world):
    TOTPDevice.objects.create(user=world.chair, name="phone", confirmed=True)
    with pytest.raises(CommandError, match="no demo device"):
        call_command("otp_code", "chutri")


def test_it_shows_no_hint_for_a_real_device(world, client):
    TOTPDevice.objects.create(user=world.chair, name="phone", confirmed=True)
    client.post(reverse("accounts:login"), {"username": "chutri", "password": PASSWORD})
    assert "otp_code" not in client.get(reverse("accounts:otp_verify")).content.decode()
