from __future__ import annotations

import pytest
from django.urls import reverse

from phieukin.web.middleware import CSP, CSP_SECURE


@pytest.fixture
def world(db):
    from tests.accounts.personas import build_world

    return build_world()


def test_it_sends_a_strict_csp_and_related_headers(client, db):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert csp == CSP
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "microphone=()" in response["Permissions-Policy"]


def test_it_upgrades_insecure_requests_only_behind_tls(client, db, settings):
    settings.SECURE = True
    assert client.get(reverse("accounts:login"))["Content-Security-Policy"] == CSP_SECURE
    assert CSP_SECURE.endswith("upgrade-insecure-requests")


def test_it_marks_session_and_csrf_cookies(client, world):
    from tests.accounts.personas import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": "dangvien", "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 8 * 3600
