"""Journey: staff upload a small CSV of organizations and members and see the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phieukin.organizations.models import Member, Organization
from tests.organizations.fixtures.importing import members_csv, orgs_csv

from .conftest import ARTIFACTS, Login, import_file, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_it_imports_a_csv_through_the_upload_page(
    browser: Any,
    live_server: Any,
    admin_login: Login,
    settings: Any,
    tmp_path: Path,
    close_connections: None,
) -> None:
    settings.DATA_DIR = tmp_path  # import jobs keep their state under the data directory
    (tmp_path / "to-chuc.csv").write_bytes(orgs_csv())
    (tmp_path / "dang-vien.csv").write_bytes(members_csv())
    page = login(browser.new_context(locale="vi-VN"), live_server.url, admin_login)
    assert "Đã nhập xong" in import_file(page, live_server.url, tmp_path / "to-chuc.csv")
    assert "Đã nhập xong" in import_file(page, live_server.url, tmp_path / "dang-vien.csv")
    page.screenshot(path=str(ARTIFACTS / "import-result.png"), full_page=True)
    assert Organization.objects.count() == 5
    assert Member.objects.count() == 3
    page.context.close()
