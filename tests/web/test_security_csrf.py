"""CSRF everywhere: no view opts out except where no cookie carries any authority."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts.personas import PASSWORD

# name -> why it may skip CSRF. The JSON API (token-authenticated, ninja) is allowed as a whole.
ALLOWED_EXEMPT = {
    "voting:api_cast": "booth: no session; the credential's signature authorizes the ballot",
    "voting:api_audit": "booth: no session; the credential's signature authorizes the ballot",
}


@pytest.fixture
def world(db):
    from tests.accounts.personas import build_world

    return build_world()


def _patterns(resolver: URLResolver, prefix: str = "", ns: str = ""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            sub = f"{ns}:{p.namespace}".strip(":") if p.namespace else ns
            yield from _patterns(p, prefix + str(p.pattern), sub)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{ns}:{p.name}".strip(":"), p.callback


def test_it_exempts_no_cookie_authenticated_view_from_csrf():
    offenders = [
        (route, name)
        for route, name, callback in _patterns(get_resolver())
        if getattr(callback, "csrf_exempt", False)
        and not route.startswith("api/")
        and name not in ALLOWED_EXEMPT
    ]
    assert offenders == []


def test_it_refuses_a_login_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "dangvien", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_it_refuses_a_logout_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    assert client.post(reverse("accounts:logout")).status_code == 403
    assert "_auth_user_id" in client.session
