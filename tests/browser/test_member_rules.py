"""Journey: the member rules say the same thing on the import page and in the admin.

Staff import a cell's members, then a second file that turns an official member back into a
probationary one: the import page lists the row error and imports nothing. In the admin the
same change is refused with the same sentence; a transfer out is accepted and ends the
member's membership, which the member's page then shows; an admission at ten is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phieukin.organizations.models import Member, MemberStatus
from tests.organizations.fixtures.importing import MEMBERS, members_csv, orgs_csv

from .conftest import ARTIFACTS, Login, import_file, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
REFUSED = "Không thể chuyển đảng viên từ trạng thái Đảng viên chính thức sang Đảng viên dự bị."
TOO_YOUNG = "Đảng viên mới 10 tuổi khi được kết nạp; tuổi tối thiểu là 18."


def _change_page(page: Any, base: str, member: Member) -> None:
    page.goto(f"{base}/admin/organizations/member/{member.pk}/change/")
    page.wait_for_selector("select[name=status]")


def test_the_rules_answer_alike_on_the_import_page_and_in_the_admin(
    browser: Any,
    live_server: Any,
    admin_login: Login,
    settings: Any,
    tmp_path: Path,
    close_connections: None,
) -> None:
    settings.DATA_DIR = tmp_path
    (tmp_path / "to-chuc.csv").write_bytes(orgs_csv())
    (tmp_path / "dang-vien.csv").write_bytes(members_csv())
    back = MEMBERS[0].replace("19/05/2001,Chính thức", ",Dự bị")
    (tmp_path / "du-bi.csv").write_bytes(members_csv([back]))
    page = login(browser.new_context(locale="vi-VN"), live_server.url, admin_login)
    assert "Đã nhập xong" in import_file(page, live_server.url, tmp_path / "to-chuc.csv")
    assert "Đã nhập xong" in import_file(page, live_server.url, tmp_path / "dang-vien.csv")

    text = import_file(page, live_server.url, tmp_path / "du-bi.csv")
    assert "Tệp có 1 lỗi: không có gì được nhập" in text and REFUSED in text
    page.screenshot(path=str(ARTIFACTS / "member-rules-import.png"), full_page=True)
    an = Member.objects.get(card_number="01000001")
    assert an.status == MemberStatus.OFFICIAL

    _change_page(page, live_server.url, an)
    page.select_option("select[name=status]", "probationary")
    page.fill("input[name=official_on]", "")
    page.click("input[name=_save]")
    assert REFUSED in page.text_content("#content")
    page.screenshot(path=str(ARTIFACTS / "member-rules-admin.png"), full_page=True)

    _change_page(page, live_server.url, an)
    page.fill("input[name=birth_date]", "01/01/1990")
    page.click("input[name=_save]")
    assert TOO_YOUNG in page.text_content("#content")

    _change_page(page, live_server.url, an)
    page.select_option("select[name=status]", "transferred")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    an.refresh_from_db()
    assert an.status == MemberStatus.TRANSFERRED
    page.goto(f"{live_server.url}/organizations/members/{an.pk}/")
    assert "Đã chuyển đi" in (page.text_content(".subtitle") or "")
    history = page.locator("section[aria-labelledby=history-heading]")
    assert not an.memberships.filter(end_on=None).exists()
    ended = an.memberships.get().end_on
    assert ended is not None and ended.strftime("%d/%m/%Y") in (history.text_content() or "")
    assert history.locator(".badge--ok").count() == 0  # no membership is current any more
    page.context.close()
