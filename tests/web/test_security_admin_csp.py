"""Django's admin must work under our CSP (no unsafe-inline): no inline script or style."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle=", re.IGNORECASE)
EVENT_ATTR = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    return urls


@pytest.mark.django_db
def test_it_renders_every_admin_page_without_inline_code(client):
    from tests.accounts.personas import build_world

    world = build_world()
    client.force_login(world.admin)
    # The admin requires a verified second factor: verify this session with a real device.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.admin, name="t", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    problems = []
    pages = [*admin_urls(), reverse("admin:accounts_user_change", args=[world.staff.pk])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for pattern in (INLINE_SCRIPT, STYLE_ATTR, EVENT_ATTR):
            problems += [(url, m.group(0)[:80]) for m in pattern.finditer(html)]
        assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert problems == []
