"""Error pages: what happened and where to go, in the site's layout and the reader's language.

Each status is reached the way a person reaches it (an unknown address, a page of another
role, a link to a button's address, a too-large upload, a form whose page expired, a crash),
and the page is read: Vietnamese by default, English after the switcher, the menu, a way home.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.test import Client
from django.urls import include, path
from django.views.decorators.csrf import csrf_protect

from phieukin.web import urls as web_urls
from tests.web.site import Site, logged_in


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _bare_405(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotAllowed(["POST"])


def _json_409(request: HttpRequest) -> HttpResponse:
    return HttpResponse('{"code": "x"}', status=409, content_type="application/json")


def _upload(request: HttpRequest) -> HttpResponse:
    request.POST  # noqa: B018 - reading the body is what raises RequestDataTooBig
    return HttpResponse("read")


urlpatterns = [
    path("t/forbidden/", _forbidden),
    path("t/crash/", _crash),
    path("t/405/", _bare_405),
    path("t/json-409/", _json_409),
    path("t/upload/", csrf_protect(_upload)),
    path("", include(web_urls.urlpatterns)),
]
handler400 = web_urls.handler400
handler403 = web_urls.handler403
handler404 = web_urls.handler404
handler500 = web_urls.handler500

pytestmark = pytest.mark.urls(__name__)


def _page(response: HttpResponse) -> str:
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert 'id="error-page"' in body
    assert 'href="/"' in body  # a way home, always
    return body


def test_an_unknown_address_is_a_vietnamese_404_with_the_menu(site: Site) -> None:
    response = logged_in(site.staff).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = _page(response)
    assert '<html lang="vi">' in body
    assert "Không tìm thấy trang" in body
    assert "Lỗi 404" in body
    assert 'class="site-nav"' in body  # inside the layout: the menu is there
    assert "Not Found" not in body


def test_an_anonymous_404_offers_the_login(db: None) -> None:
    body = _page(Client().get("/khong-co-trang-nay/"))
    assert 'href="/accounts/login/"' in body


def test_a_page_of_another_role_is_a_403_that_says_what_to_do(site: Site) -> None:
    response = logged_in(site.staff).get("/t/forbidden/")
    assert response.status_code == 403
    body = _page(response)
    assert "Bạn không được mở trang này" in body
    assert "Ban Tổ chức" in body


def test_the_back_link_only_leads_back_into_the_site(site: Site) -> None:
    client = logged_in(site.staff)
    inside = client.get("/t/forbidden/", HTTP_REFERER="http://testserver/organizations/")
    assert 'href="http://testserver/organizations/"' in inside.content.decode()
    outside = client.get("/t/forbidden/", HTTP_REFERER="https://example.com/phish/")
    assert "example.com" not in outside.content.decode()
    assert "Quay lại trang trước" not in outside.content.decode()


def test_a_link_to_a_buttons_address_is_a_styled_405(site: Site) -> None:
    item = site.conference.agenda_items.first()
    assert item is not None
    response = logged_in(site.staff).get(f"/meetings/items/{item.pk}/discussion/speaker/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    body = _page(response)
    assert "Không thể thực hiện thao tác theo cách này" in body
    assert "Content-Security-Policy" in response.headers  # the substituted page keeps the headers


def test_the_bare_405_of_a_view_is_styled_too(site: Site) -> None:
    response = logged_in(site.staff).get("/t/405/")
    assert response.status_code == 405
    assert "bấm nút" in _page(response)


def test_a_json_answer_is_left_alone(site: Site) -> None:
    response = logged_in(site.staff).get("/t/json-409/")
    assert response.status_code == 409
    assert response.content == b'{"code": "x"}'


def test_the_api_keeps_its_own_error_shape(db: None) -> None:
    response = Client().get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found."}


def test_a_too_large_upload_is_a_413_that_names_the_limit(site: Site, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = logged_in(site.staff).post("/t/upload/", {"x": "y" * 2000})
    assert response.status_code == 413
    body = _page(response)
    assert "Tệp hoặc biểu mẫu quá lớn" in body
    assert "5 MB" in body


def test_an_expired_form_is_a_403_that_says_to_reload(site: Site) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.staff)
    response = client.post("/t/upload/", {"x": "y"})
    assert response.status_code == 403
    assert "tải lại trang rồi gửi lại" in _page(response)


def test_a_crash_is_a_500_that_says_nothing_was_saved(site: Site) -> None:
    client = logged_in(site.staff)
    client.raise_request_exception = False
    response = client.get("/t/crash/")
    assert response.status_code == 500
    body = _page(response)
    assert "Máy chủ gặp lỗi" in body
    assert "chưa có phần nào được lưu" in body
    assert "a bug" not in body and "Traceback" not in body


def test_english_after_the_switcher(site: Site) -> None:
    client = logged_in(site.staff)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/khong-co-trang-nay/")
    body = _page(response)
    assert '<html lang="en">' in body
    assert "Page not found" in body and "Error 404" in body


def test_the_favicon_is_served_locally(db: None) -> None:
    response = Client().get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("/static/web/favicon.svg")
    assert b"<svg" in b"".join(response.streaming_content)
