"""Every page of the web shell renders for a logged-in user and sends anonymous users to log in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.site import Site, logged_in


def _pages(site: Site) -> list[str]:
    member = site.members["Nguyễn Văn An"]
    return [
        reverse("web:home"),
        reverse("organizations:tree"),
        reverse("organizations:detail", args=[site.city.pk]),
        reverse("organizations:detail", args=[site.cell.pk]),
        reverse("organizations:members", args=[site.city.pk]),
        reverse("organizations:member_search"),
        reverse("organizations:member_detail", args=[member.pk]),
        reverse("meetings:conference_list"),
        reverse("meetings:conference_detail", args=[site.conference.pk]),
    ]


def test_it_renders_every_page_for_a_logged_in_user(site: Site) -> None:
    client = logged_in(site.staff)
    for url in _pages(site):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        assert b'<main id="main"' in response.content, url


def test_it_redirects_anonymous_users_to_the_login_page(site: Site) -> None:
    client = Client()
    login = reverse("accounts:login")
    for url in _pages(site):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{login}?next="), url


@pytest.mark.django_db
def test_it_renders_the_login_page_in_vietnamese() -> None:
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()
