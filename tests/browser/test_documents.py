"""Journey: after the demo's conference No. 16 voted and the city's rating was decided, the
Organization Committee's officer downloads the Tờ trình, both minutes and the Quyết định by
clicking the buttons where each belongs, and reads them back.

The ballot is run with the services (ceremony, cards, 40 ballots cast, close, two partial
decryptions — the same code the browsers call; ``test_secret_ballot.py`` clicks through the
ballot itself), so the board holds the real attendance and counts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from phieukin.accounts.models import Role
from phieukin.reports.register_models import DocumentNumber
from tests.demo_ballot import HTTNV, HTXSNV, run_demo_ballot
from tests.reports.readback import docx_text

from .conftest import ARTIFACTS, login, make_login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.slow]


def _download(page: Any, name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("link", name=name, exact=True).click()
    path = info.value.path()
    return " ".join(docx_text(Path(path).read_bytes()).split())


def _statement(text: str) -> tuple[list[str], list[str]]:
    return re.findall(r"Mẫu số để tính tỷ lệ: [^.]*\.[^.]*\.", text), re.findall(
        r"Kết quả: [^.]*\.", text
    )


def test_staff_download_the_seed_documents_by_their_buttons(
    browser: Any, live_server: Any, transactional_db: None, close_connections: None,
    settings: Any,
) -> None:  # fmt: skip
    from phieukin.web.demo import load_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    summary = load_demo()
    conference = summary.conference
    # 40 of the 69 present vote, 2 of them HTTNV: the minutes' figures are not all "69/69".
    ballot = run_demo_ballot(summary, votes=lambda n: [HTTNV if n < 2 else HTXSNV], cast=40)
    staff = make_login("vanthu", conference.organization, Role.ORG_STAFF)
    page = login(browser.new_context(locale="vi-VN"), live_server.url, staff)

    # The conference page: the Tờ trình is numbered in the register, then downloaded.
    page.goto(f"{live_server.url}/meetings/{conference.pk}/")
    page.get_by_role("link", name=re.compile("^Tờ trình: ")).click()
    assert "Ban Thường vụ Thành ủy Hà Thành" in page.text_content("#submission-issuer")
    page.get_by_role("button", name="Vào sổ đăng ký").click()
    assert "58-TTr/TU" in page.text_content("#submission-number")
    submission = _download(page, "Tờ trình (DOCX)")
    for needle in (
        "THÀNH ỦY HÀ THÀNH",
        "Số 58-TTr/TU",
        "Kính gửi: Ban Chấp hành Đảng bộ Thành phố Hà Thành",
        "Tổng số 6 tổ chức đảng trực thuộc; đã đánh giá, xếp loại 6",
        "Hoàn thành và hoàn thành vượt mức 6/6 chỉ tiêu chủ yếu",
        "T/M BAN THƯỜNG VỤ BÍ THƯ Phan Hoàng Tuấn",
    ):
        assert needle in submission, needle

    # The minutes: the secretary's end time, then the conference minutes.
    page.goto(f"{live_server.url}/meetings/{conference.pk}/")
    page.get_by_role("link", name="Biên bản hội nghị", exact=True).click()
    page.fill("input[name=ends_at]", "11:30")
    page.get_by_role("button", name="Ghi giờ kết thúc").click()
    assert "11:30" in page.text_content("#minutes-end")
    minutes = _download(page, "Biên bản hội nghị (DOCX)")
    assert "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày" in minutes and "Dự thảo" not in minutes

    # The ballot's result page: the counting minutes.
    page.goto(f"{live_server.url}/meetings/{conference.pk}/")
    page.get_by_role("link", name="Kết quả", exact=True).click()
    page.wait_for_selector("#tally-documents")
    counting = _download(page, "Biên bản kiểm phiếu (DOCX)")
    for needle in (
        "BAN KIỂM PHIẾU",
        "Tổng số ủy viên chính thức được triệu tập: 71 đồng chí",
        "số phiếu thu về: 40",
        "còn 69 đồng chí",
        "38/69 phiếu (55,1%)",
        "là quyết định xếp loại của Ban Chấp hành Đảng bộ Thành phố Hà Thành",
        "T/M BAN KIỂM PHIẾU",
    ):
        assert needle in counting, needle
    assert _statement(counting) == _statement(minutes)  # one denominator, one outcome
    assert ballot.result["head"][:8] in counting.replace(" ", "")

    # The subject page: the Quyết định of the body that decided (the Executive Committee).
    page.goto(f"{live_server.url}/evaluations/")
    page.get_by_role("link", name=re.compile("năm 2023")).first.click()
    page.get_by_role(
        "link", name="Tổ chức đảng — Đảng bộ Thành phố Hà Thành", exact=True
    ).first.click()
    page.get_by_role("link", name="Quyết định xếp loại", exact=True).click()
    assert "Ban Chấp hành Đảng bộ Thành phố Hà Thành" in page.text_content("#decision-issuer")
    assert page.input_value("input[name=signed_on]") == "2024-01-09"  # the conference's day
    page.get_by_role("button", name="Cấp số và ban hành").click()
    page.wait_for_selector("#issued")
    decision = _download(page, "01-QĐ/TU (DOCX)")
    for needle in (
        "THÀNH ỦY HÀ THÀNH",
        "Số 01-QĐ/TU",
        "Hà Thành, ngày 09 tháng 01 năm 2024",
        "BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ HÀ THÀNH",
        "Xét Tờ trình số 58-TTr/TU, ngày 03/01/2024 của Ban Thường vụ Thành ủy Hà Thành",
        "Đảng bộ Thành phố Hà Thành Hoàn thành xuất sắc nhiệm vụ",
        "T/M THÀNH ỦY BÍ THƯ Phan Hoàng Tuấn",
    ):
        assert needle in decision, needle
    assert DocumentNumber.objects.filter(doc_type="QĐ").count() == 1
    page.screenshot(path=str(ARTIFACTS / "documents-decision.png"), full_page=True)
    page.context.close()
