"""Organization tree browser and detail page: lazy children, counts, breadcrumbs, scope."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from phieukin.organizations.models import OrganizationKind
from phieukin.organizations.services.tree import do_create_organization
from tests.web.site import Site, htmx, logged_in, site_at_now


@pytest.fixture
def site(db: None) -> Iterator[Site]:
    yield from site_at_now()


def test_it_shows_the_roots_the_user_may_see_with_counts(site: Site) -> None:
    body = logged_in(site.staff).get(reverse("organizations:tree")).content.decode()
    assert site.city.name in body
    assert "Đảng bộ tỉnh khác" not in body
    # 1 sub-organization (the ward), 7 members (6 official + 1 probationary) below the city.
    assert "1 tổ chức trực thuộc · 7 đảng viên" in body
    assert reverse("organizations:children", args=[site.city.pk]) in body
    assert 'hx-trigger="toggle once"' in body


def test_it_returns_the_children_of_a_node_as_a_fragment(site: Site) -> None:
    url = reverse("organizations:children", args=[site.city.pk])
    response = htmx(logged_in(site.staff), url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert site.ward.name in body
    assert "1 tổ chức trực thuộc · 7 đảng viên" in body


def test_it_sends_a_plain_request_for_children_to_the_detail_page(site: Site) -> None:
    url = reverse("organizations:children", args=[site.city.pk])
    response = logged_in(site.staff).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[site.city.pk])


def test_it_builds_breadcrumbs_from_the_path(site: Site) -> None:
    body = logged_in(site.staff).get(reverse("organizations:detail", args=[site.cell.pk]))
    html = body.content.decode()
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index("breadcrumbs"))
    ]
    positions = [crumbs.index(name) for name in (site.city.name, site.ward.name, site.cell.name)]
    assert positions == sorted(positions)
    assert 'aria-current="page">Chi bộ khu dân cư số 1' in crumbs


def test_it_shows_committees_with_the_secretary_first(site: Site) -> None:
    html = logged_in(site.staff).get(reverse("organizations:detail", args=[site.city.pk]))
    body = html.content.decode()
    seats = body[body.index("committees-heading") : body.index("suborgs-heading")]
    assert "Ban Chấp hành" in seats and "Bí thư" in seats
    # Vũ Thị Yến is the secretary: first, although last in name order.
    assert seats.index("Vũ Thị Yến") < seats.index("Nguyễn Văn An") < seats.index("Lê Thị Ân")


def test_it_lists_sub_organizations_in_vietnamese_order(site: Site) -> None:
    for code, name in [("W2", "Đảng bộ phường Đống Đa"), ("W3", "Đảng bộ phường Hoàn Kiếm")]:
        do_create_organization(
            code=code, name=name, kind=OrganizationKind.GRASSROOTS, parent=site.city, actor=None
        )
    body = htmx(logged_in(site.staff), reverse("organizations:children", args=[site.city.pk]))
    html = body.content.decode()
    names = ["phường Ba Đình", "phường Đống Đa", "phường Hoàn Kiếm"]
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)


def test_it_checks_ownership(site: Site) -> None:
    client = logged_in(site.outsider)
    member = site.members["Nguyễn Văn An"]
    for url in [
        reverse("organizations:detail", args=[site.city.pk]),
        reverse("organizations:members", args=[site.cell.pk]),
        reverse("organizations:member_detail", args=[member.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert htmx(client, reverse("organizations:children", args=[site.city.pk])).status_code == 404
    assert (
        logged_in(site.staff).get(reverse("organizations:detail", args=[999999])).status_code == 404
    )


def test_it_counts_each_sibling_subtree_separately(site: Site) -> None:
    other = do_create_organization(
        code="W9",
        name="Đảng bộ phường Kim Mã",
        kind=OrganizationKind.GRASSROOTS,
        parent=site.city,
        actor=None,
    )
    url = reverse("organizations:children", args=[site.city.pk])
    html = htmx(logged_in(site.staff), url).content.decode()
    ward = html[html.index(site.ward.name) :]
    assert "7 đảng viên" in ward[: ward.index("</li>")]
    kim_ma = html[html.index(other.name) :]
    assert "0 đảng viên" in kim_ma[: kim_ma.index("</li>")]
