"""The admin header and titles are phieukin's, in Vietnamese."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from tests.web.site import Site
from tests.web.test_admin import _verified_admin


def test_it_names_the_admin_in_vietnamese(site: Site) -> None:
    with translation.override("vi"):
        assert str(admin.site.site_header) == "phiếu kín — quản trị hệ thống"
        assert str(admin.site.index_title) == "Quản trị dữ liệu"
    html = _verified_admin().get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi")
    assert html.status_code == 200
    assert "phiếu kín — quản trị hệ thống" in html.content.decode()
    assert "Django" not in html.content.decode().split("<body", 1)[1].split("</header>")[0]
