"""Vietnamese by default; the switcher posts to /i18n/setlang/ and English follows."""

from __future__ import annotations

from django.urls import reverse

from tests.web.site import Site, logged_in


def test_it_switches_to_english_and_back(site: Site) -> None:
    client = logged_in(site.staff)
    tree = reverse("organizations:tree")
    body = client.get(tree).content.decode()
    assert '<html lang="vi">' in body and "Tổ chức đảng" in body
    assert f'action="{reverse("set_language")}"' in body and 'value="en"' in body

    response = client.post(reverse("set_language"), {"language": "en", "next": tree})
    assert response.status_code == 302 and response["Location"] == tree
    body = client.get(tree).content.decode()
    assert '<html lang="en">' in body
    assert "Organization tree" in body and "Log out" in body

    client.post(reverse("set_language"), {"language": "vi", "next": tree})
    assert "Đăng xuất" in client.get(tree).content.decode()


def test_it_ignores_an_unknown_language(site: Site) -> None:
    client = logged_in(site.staff)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert '<html lang="vi">' in client.get(reverse("web:home")).content.decode()
