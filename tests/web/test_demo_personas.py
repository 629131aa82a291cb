"""Every demo login can walk the menu: the home page and each link of the main menu (and the
conference, ballot and period pages they lead to) answer without a server error."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.web.demo import load_demo
from phieukin.web.demo.users import LOGINS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ALLOWED = {200, 302, 403, 404}
NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.DOTALL)
HREF = re.compile(r'href="(/[^"]*)"')
# Pages one step below the menu that every persona is likely to open from it.
DETAIL = re.compile(r'href="(/(?:meetings|evaluations|voting/ballots)/\d+/[^"]*)"')


def _client(user: User) -> Client:
    """Logged in with a verified second factor, as the login flow leaves a session."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "walk", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _walk(client: Client, visited: list[str]) -> list[str]:
    home = client.get(reverse("web:home"))
    problems = [] if home.status_code == 200 else [f"home: {home.status_code}"]
    html = home.content.decode()
    nav = NAV.search(html)
    links = HREF.findall(nav.group(0)) if nav else []
    seen: set[str] = set()
    for url in links:
        visited.append(url)
        page = client.get(url)
        if page.status_code not in ALLOWED:
            problems.append(f"{url}: {page.status_code}")
        if page.status_code == 200:
            html += page.content.decode()
    for url in dict.fromkeys(DETAIL.findall(html)):
        if url not in seen and len(seen) < 12:
            seen.add(url)
            visited.append(url)
            status = client.get(url).status_code
            if status not in ALLOWED:
                problems.append(f"{url}: {status}")
    return problems


def test_it_serves_every_menu_page_to_every_demo_login(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    load_demo()
    problems: list[str] = []
    visited: dict[str, list[str]] = {}
    for login in LOGINS:
        user = User.objects.get(username=login.username)
        visited[login.username] = []
        problems += [f"{login.username} {p}" for p in _walk(_client(user), visited[login.username])]
    assert problems == []
    staff = visited["bantochuc"]  # the menu and the pages below it were really walked
    assert {reverse("organizations:import"), reverse("audit:list")} <= set(staff)
    assert any(url.startswith("/meetings/") and url[10:11].isdigit() for url in staff)
