from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.services import do_reset_otp
from phieukin.audit.models import AuditEvent
from tests.accounts.personas import PASSWORD
from tests.clock import frozen


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """The codes are computed and checked at one known instant, moving on as a clock does."""
    with frozen():
        yield


def token_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def password(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def test_it_sends_staff_without_a_device_to_enrolment(client, world):
    response = password(client, "bantochuc")
    assert response["Location"] == reverse("accounts:otp_enrol")
    assert "_auth_user_id" not in client.session  # not logged in after the password alone
    page = client.get(reverse("accounts:otp_enrol"))
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert "Thiết lập xác thực hai bước" in html
    device = TOTPDevice.objects.get(user=world.staff)
    assert not device.confirmed
    response = client.post(reverse("accounts:otp_enrol"), {"token": token_for(device)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.staff.pk)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.get(event_type="auth.login").data["second_factor"] is True


def test_it_requires_the_code_for_chairs_and_trustees_with_a_device(client, world):
    for user in (world.chair, world.trustee):
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        assert password(client, user.username)["Location"] == reverse("accounts:otp_verify")
        response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
        assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
        assert "_auth_user_id" not in client.session
        device.refresh_from_db()
        device.throttling_failure_count = 0  # django-otp's own back-off; ours is tested apart
        device.throttling_failure_timestamp = None
        device.save()
        response = client.post(reverse("accounts:otp_verify"), {"token": token_for(device)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


def test_it_does_not_ask_members_for_a_second_factor(client, world):
    assert password(client, "dangvien")["Location"] == reverse("web:home")


def test_it_expires_the_pending_step(client, world):
    TOTPDevice.objects.create(user=world.chair, name="phone", confirmed=True)
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC), tick=False) as t:
        password(client, "chutri")
        t.shift(dt.timedelta(minutes=6))
        response = client.get(reverse("accounts:otp_verify"))
        assert response["Location"] == reverse("accounts:login")


def test_it_refuses_the_code_step_without_a_password_step(client, world):
    response = client.post(reverse("accounts:otp_verify"), {"token": "123456"})
    assert response["Location"] == reverse("accounts:login")


def test_it_counts_wrong_codes_towards_the_lockout(client, world):
    TOTPDevice.objects.create(user=world.chair, name="phone", confirmed=True)
    password(client, "chutri")
    for _ in range(5):
        response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()


def test_it_resets_a_device(client, world):
    TOTPDevice.objects.create(user=world.chair, name="phone", confirmed=True)
    assert do_reset_otp(world.chair, actor=world.admin) == 1
    assert password(client, "chutri")["Location"] == reverse("accounts:otp_enrol")
    assert AuditEvent.objects.filter(event_type="auth.otp_reset").exists()


def test_it_keeps_the_admin_behind_the_two_step_login(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.admin)  # a session without a verified second factor
    response = client.get("/admin/")
    assert response.status_code == 302
