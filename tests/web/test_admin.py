"""The Django admin is in Vietnamese, behind the second factor, and CSP-clean as rendered."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from tests.web.site import Site
from tests.web.test_csp_clean_templates import _violations


def _verified_admin() -> Client:
    """A superuser whose session passed the second factor (as the login flow leaves it)."""
    user = User.objects.create_superuser("quantri", password=None)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_it_renders_the_admin_in_vietnamese_without_inline_code(site: Site) -> None:
    client = _verified_admin()
    pages = [
        reverse("admin:index"),
        reverse("admin:organizations_member_changelist"),
        reverse("admin:organizations_member_change", args=[site.hostile.pk]),
        reverse("admin:meetings_conference_change", args=[site.conference.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert '<html lang="vi"' in body, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert _violations(body) == [], url
    index = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị dữ liệu" in index  # index_title (web/admin.py)
    assert "Đăng xuất" in index or "đăng xuất" in index


def test_it_keeps_the_admin_from_users_without_staff_rights(site: Site) -> None:
    client = Client()
    client.force_login(site.staff)  # organization staff role, not a Django staff user
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
