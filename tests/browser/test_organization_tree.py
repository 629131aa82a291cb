"""Journey: open the organization tree level by level, then find a member typed without
diacritics ("tran thi binh" finds "Trần Thị Bình")."""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.organizations.importing import run_import
from tests.organizations.fixtures.importing import members_csv, orgs_csv

from .conftest import Login, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_browses_the_tree_and_finds_a_member_without_diacritics(
    browser: Any, live_server: Any, admin_login: Login, close_connections: None
) -> None:
    run_import([("to-chuc.csv", orgs_csv()), ("dang-vien.csv", members_csv())])
    page = login(browser.new_context(locale="vi-VN"), live_server.url, admin_login)
    page.goto(f"{live_server.url}/organizations/")
    page.locator("summary", has_text="Đảng bộ thành phố Hà Nội").click()
    page.locator("summary", has_text="Đảng bộ quận Ba Đình").click()  # loaded on opening
    page.locator("summary", has_text="Đảng bộ phường Phúc Xá").click()
    page.get_by_role("link", name="Chi bộ khu dân cư số 1").wait_for()
    page.goto(f"{live_server.url}/organizations/members/")
    page.fill("#id_q", "tran thi binh")
    page.wait_for_url("**q=tran%20thi%20binh*")  # the search ran (htmx pushes the query)
    page.wait_for_selector("#member-results :text('Trần Thị Bình')")
    assert "Nguyễn Văn An" not in page.text_content("#member-results")
    page.context.close()
