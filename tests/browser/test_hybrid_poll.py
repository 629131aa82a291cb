"""A hybrid poll in real browsers (issue 13 item 2, docs/paper.md): staff set 3 of the 8 members
present on paper (and one spare sheet) and print the numbered sheets; the counting board runs the
ceremony, trustee 1 issues the 5 cards, 5 voters cast in the booth; after close two trustees
decrypt, then two members enter the paper count (a mismatch shows its cell until corrected),
two trustees sign it in their browsers, and the projector, the result page and ``phieukin
verify`` show the electronic part, the paper part and the total. Only visible buttons."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from phieukin.accounts.models import Role
from phieukin.voting.models import Ballot, BallotStatus

from .conftest import ARTIFACTS, CONFIRMATIONS, login, make_login
from .test_secret_ballot import (
    TIMEOUT,
    _ceremony,
    _encrypt,
    _issue_cards,
    _open_booth,
    _receipt,
    _sign_attendance,
    _trustee_step,
    _verify,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
TITLE = "Xếp loại chất lượng Đảng bộ Thành phố năm 2025 (phiếu điện tử và phiếu giấy)"
CHOICES = [0, 0, 1, 1, 4]  # the five voters in the booth
SHEETS = {"issued": 4, "returned": 3, "spoiled": 0, "unused": 1, "valid": 3, "invalid": 0}
PAPER = [1, 2, 0, 0, 0]
EXPECTED = [3, 4, 0, 0, 1]  # electronic [2, 2, 0, 0, 1] + paper [1, 2, 0, 0, 0]


def _set_up(page: Any, base: str) -> int:
    """Staff: the ballot, one rating question, the counting board, 3 members on paper + 1 spare."""
    page.goto(f"{base}/voting/")
    page.get_by_role("link", name="Xếp loại chất lượng", exact=False).last.click()
    page.fill("#ballot-new-form input[name=title]", TITLE)
    page.click("#ballot-create")
    page.wait_for_selector("#question-form")
    page.select_option("#question-form select[name=kind]", "rating")
    page.fill("#question-form input[name=prompt]", "Đảng bộ Thành phố Hà Nội")
    page.click("#question-add")
    page.wait_for_selector("#question-list")
    page.fill("#trustees-form textarea[name=trustees]", "kiemphieu1\nkiemphieu2\nkiemphieu3")
    page.click("#trustees-save")
    page.wait_for_selector("#trustee-list")
    page.fill("#paper-members-input", "3")
    page.fill("#paper-spares-input", "1")
    page.click("#paper-save")
    page.wait_for_selector("#paper-link")
    pk = int(page.url.rstrip("/").split("/")[-1])
    page.click("#paper-link")
    with page.expect_download() as info:
        page.click("#paper-sheets-pdf")
    sheets = ARTIFACTS / f"paper-sheets-{pk}.pdf"
    info.value.save_as(str(sheets))
    reader = PdfReader(io.BytesIO(sheets.read_bytes()))
    assert len(reader.pages) == 4
    assert "Số: 4/4" in (reader.pages[3].extract_text() or "")
    page.goto(f"{base}/voting/ballots/{pk}/")
    page.click("#ceremony-start")
    page.wait_for_url("**/ceremony/")
    return pk


def _enter(page: Any, base: str, pk: int, paper: list[int]) -> None:
    page.goto(f"{base}/voting/ballots/{pk}/paper/")
    page.wait_for_selector("#paper-form")
    for name, value in SHEETS.items():
        page.fill(f"#sheet-{name}", str(value))
    for o, value in enumerate(paper):
        page.fill(f"#count-0-{o}", str(value))
    page.click("#paper-submit")
    page.wait_for_selector("#paper-status")


def _cast(browser: Any, base: str, pk: int, codes: list[str]) -> list[Path]:
    contexts = [browser.new_context(locale="vi-VN") for _ in CHOICES]
    pages = [
        _open_booth(c, base, pk, code, typed=False) for c, code in zip(contexts, codes, strict=True)
    ]
    for page, option in zip(pages, CHOICES, strict=True):
        _encrypt(page, option)
        page.click("#cast")
    kept = [_receipt(page, 100 + n)[1] for n, page in enumerate(pages)]
    for ctx in contexts:
        ctx.close()
    return kept


def test_a_hybrid_poll_runs_by_visible_buttons(
    browser: Any, live_server: Any, org: Any, agenda_item: Any, close_connections: None
) -> None:
    base = live_server.url
    staff_login = make_login("bantochuc", org, Role.ORG_STAFF)
    chair_login = make_login("chutri", org, Role.CHAIR)
    logins = [make_login(f"kiemphieu{i}", org, Role.TRUSTEE) for i in (1, 2, 3)]
    staff = login(browser.new_context(locale="vi-VN"), base, staff_login)
    pk = _set_up(staff, base)
    board = [login(browser.new_context(locale="vi-VN"), base, who) for who in logins]
    chair = login(browser.new_context(locale="vi-VN"), base, chair_login)
    _ceremony(board, base, pk, chair)
    _sign_attendance(chair, base, pk)
    codes = _issue_cards(board[0], board[1], pk)
    assert len(codes) == 5  # 8 present, 3 on paper
    assert "tổng cộng 5 thẻ" in CONFIRMATIONS[-1]

    chair.goto(f"{base}/voting/ballots/{pk}/chair/")
    chair.click("#ballot-open")
    chair.wait_for_selector('#live[data-status="open"]')
    receipts = _cast(browser, base, pk, codes)
    chair.goto(f"{base}/voting/ballots/{pk}/chair/")
    chair.click("#ballot-close")
    chair.wait_for_selector('#live[data-status="closed"]')
    for page in board[:2]:
        page.reload()
        _trustee_step(page, "decrypt")
        page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=TIMEOUT)
    assert Ballot.objects.get(pk=pk).status == BallotStatus.CLOSED  # waits for the paper count

    _enter(board[0], base, pk, PAPER)
    _enter(board[1], base, pk, [1, 1, 1, 0, 0])  # a slip on the second entry
    mismatch = board[1].text_content("#paper-mismatch")
    assert "Đảng bộ Thành phố Hà Nội: Hoàn thành tốt nhiệm vụ" in mismatch
    assert "Đảng bộ Thành phố Hà Nội: Hoàn thành nhiệm vụ" in mismatch
    _enter(board[1], base, pk, PAPER)
    board[1].wait_for_selector("#paper-agreed")

    for page in board[:2]:
        page.goto(f"{base}/voting/ballots/{pk}/ceremony/")
        _trustee_step(page, "paper")
        page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=TIMEOUT)

    screen = browser.new_context(locale="vi-VN").new_page()
    screen.goto(f"{base}/voting/ballots/{pk}/projector/")
    screen.wait_for_selector("#result-q1", timeout=TIMEOUT)

    def cells(attr: str) -> list[int]:
        found = screen.locator(f"#result-q1 td[data-{attr}]").evaluate_all(
            f"cells => cells.map(c => c.dataset.{attr})"
        )
        return [int(v) for v in found]

    assert cells("electronic") == [2, 2, 0, 0, 1] and cells("paper") == PAPER
    assert cells("count") == EXPECTED
    screen.screenshot(path=str(ARTIFACTS / "projector-hybrid.png"), full_page=True)

    staff.goto(f"{base}/voting/ballots/{pk}/result/")
    assert staff.text_content("#paper-returned").strip() == "3"
    with staff.expect_download() as info:
        staff.click("#record-download")
    record = ARTIFACTS / f"record-hybrid-{pk}.jsonl"
    info.value.save_as(str(record))
    ok = _verify(record, *receipts)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "total = electronic + paper" in ok.stdout and "paper sheets: issued=4" in ok.stdout
