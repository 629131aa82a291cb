"""Journey: log in with a password and a TOTP code; a wrong code is refused in Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_logs_in_with_password_and_totp(
    browser: Any, live_server: Any, admin_login: Login, close_connections: None
) -> None:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/voting/")  # a protected page sends the visitor to log in
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", admin_login.username)
    page.fill("input[name=password]", admin_login.password)
    page.click("form button[type=submit]")
    page.wait_for_selector("input[name=token]")
    wrong = "000000" if admin_login.totp() != "000000" else "111111"
    page.fill("input[name=token]", wrong)
    page.click("form button[type=submit]")
    page.wait_for_selector("input[name=token]")
    assert page.locator(".message--error, .errorlist").count() > 0
    page.wait_for_timeout(2_100)  # django-otp delays the next try 1 s after a failure
    page.fill("input[name=token]", admin_login.totp())
    page.click("form button[type=submit]")
    page.wait_for_url("**/voting/")
    assert page.get_by_role("heading", name="Phiếu kín").count() == 1 or "Phiếu" in page.title()
    context.close()
