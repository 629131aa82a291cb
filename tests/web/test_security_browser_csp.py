"""In a real browser, the CSP blocks nothing on the API docs, the login and the enrolment page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.personas import PASSWORD, build_world

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_runs_swagger_ui_and_the_two_step_login_without_csp_violations(live_server):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    build_world()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(locale="vi-VN")
        problems: list[str] = []
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        page.on(
            "request",
            lambda r: (
                problems.append(f"off-site {r.url}")
                if not r.url.startswith((live_server.url, "data:"))
                else None
            ),
        )
        page.goto(f"{live_server.url}/api/docs")
        page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
        assert page.locator(".opblock").count() >= 3
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "bantochuc")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_selector("img[src^='data:image/svg+xml']", timeout=10000)
        assert page.locator("img[src^='data:image/svg+xml']").evaluate("i => i.naturalWidth") > 0
        browser.close()
    assert problems == []
