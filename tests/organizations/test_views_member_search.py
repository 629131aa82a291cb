"""Member list: diacritic-insensitive search, Vietnamese order, htmx fragments, scope."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import reverse

from tests.web.site import HOSTILE, NAMES_IN_ORDER, Site, htmx, logged_in, site_at_now


@pytest.fixture
def site(db: None) -> Iterator[Site]:
    yield from site_at_now()


def _names(html: str) -> list[str]:
    """Member names in table order (the links to member pages)."""
    return re.findall(r'href="/organizations/members/\d+/">([^<]+)</a>', html)


def test_it_finds_a_member_without_diacritics_or_in_capitals(site: Site) -> None:
    client = logged_in(site.staff)
    url = reverse("organizations:members", args=[site.city.pk])
    for query in ["nguyen van an", "NGUYỄN", "Nguyễn Văn An", "  van   AN "]:
        names = _names(client.get(url, {"q": query}).content.decode())
        assert "Nguyễn Văn An" in names, query
    assert _names(client.get(url, {"q": "nguyen"}).content.decode()) == ["Nguyễn Văn An"]
    assert _names(client.get(url, {"q": "binh"}).content.decode()) == ["Trần Thị Bình"]


def test_it_finds_a_member_by_card_number(site: Site) -> None:
    card = site.members["Vũ Thị Yến"].card_number
    response = logged_in(site.staff).get(reverse("organizations:member_search"), {"q": card})
    assert _names(response.content.decode()) == ["Vũ Thị Yến"]


def test_it_lists_members_in_vietnamese_order_by_given_name(site: Site) -> None:
    url = reverse("organizations:members", args=[site.city.pk])
    names = _names(logged_in(site.staff).get(url, {"status": "official"}).content.decode())
    assert names == NAMES_IN_ORDER
    assert names != sorted(names, key=lambda n: n.split()[-1])  # not code-point order


def test_it_returns_only_the_results_fragment_to_htmx(site: Site) -> None:
    url = reverse("organizations:members", args=[site.city.pk])
    response = htmx(logged_in(site.staff), url, "member-results", q="yen")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "<main" not in body
    assert _names(body) == ["Vũ Thị Yến"]
    assert "HX-Request" in response["Vary"]


def test_it_paginates_and_keeps_the_query(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("phieukin.organizations.views.MEMBERS_PER_PAGE", 2)
    url = reverse("organizations:members", args=[site.city.pk])
    client = logged_in(site.staff)
    first = client.get(url, {"q": "thi"}).content.decode()
    assert _names(first) == ["Lê Thị Ân", "Trần Thị Bình"]
    assert "q=thi&amp;page=2" in first
    assert _names(client.get(url, {"q": "thi", "page": 2}).content.decode()) == ["Vũ Thị Yến"]


def test_it_rejects_an_overlong_query_with_a_message(site: Site) -> None:
    url = reverse("organizations:member_search")
    response = logged_in(site.staff).get(url, {"q": "a" * 500})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert _names(response.content.decode()) == []


def test_it_searches_only_organizations_the_user_may_see(site: Site) -> None:
    url = reverse("organizations:member_search")
    staff_names = _names(logged_in(site.staff).get(url, {"q": "nguyen"}).content.decode())
    outsider_names = _names(logged_in(site.outsider).get(url, {"q": "nguyen"}).content.decode())
    assert staff_names == ["Nguyễn Văn An"]
    assert outsider_names == ["Nguyễn Văn Anh"]


def test_it_escapes_a_hostile_member_name(site: Site) -> None:
    client = logged_in(site.staff)
    for url in [
        reverse("organizations:members", args=[site.cell.pk]),
        reverse("organizations:detail", args=[site.cell.pk]),
        reverse("organizations:member_detail", args=[site.hostile.pk]),
    ]:
        body = client.get(url).content.decode()
        assert HOSTILE not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, url
