"""The main menu: every app's list page, role-gated entries by the permission layer, the
current page marked with aria-current."""

from __future__ import annotations

import re

from django.urls import reverse

from phieukin.accounts.models import Role, RoleAssignment, User
from tests.clock import NOW
from tests.web.site import Site, logged_in

NAV = re.compile(r'<nav class="site-nav".*?</nav>', re.DOTALL)


def _nav(site_user: User, url: str) -> str:
    response = logged_in(site_user).get(url)
    assert response.status_code == 200, url
    match = NAV.search(response.content.decode())
    assert match is not None
    return match.group(0)


def _member_user(site: Site) -> User:
    user = User.objects.create_user(username="dangvien", full_name="dangvien")
    RoleAssignment.objects.create(
        user=user, organization=site.cell, role=Role.MEMBER, granted_at=NOW
    )
    return user


def test_it_links_every_app_for_staff(site: Site) -> None:
    nav = _nav(site.staff, reverse("web:home"))
    for name in (
        "organizations:tree",
        "organizations:member_search",
        "meetings:conference_list",
        "evaluations:period_list",
        "voting:ballot_list",
        "organizations:import",
        "audit:list",
    ):
        assert f'href="{reverse(name)}"' in nav, name
    assert f'href="{reverse("reports:rollup", args=[site.city.pk])}"' in nav


def test_it_hides_import_audit_and_rollup_from_a_plain_member(site: Site) -> None:
    nav = _nav(_member_user(site), reverse("web:home"))
    assert reverse("evaluations:period_list") in nav
    assert reverse("organizations:import") not in nav
    assert reverse("audit:list") not in nav
    assert "/reports/" not in nav


def test_it_marks_the_current_page_only(site: Site) -> None:
    nav = _nav(site.staff, reverse("meetings:conference_detail", args=[site.conference.pk]))
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    assert current == [reverse("meetings:conference_list")]
    nav = _nav(site.staff, reverse("organizations:member_search"))
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == [
        reverse("organizations:member_search")
    ]
