"""The whole secret ballot in real browsers, PHIEUKIN-v2 (issue 5 item 9, issue 11).

Staff set the ballot up through the pages; the chair makes a signing key in the chair's browser;
three trustees run the key ceremony (commit, shares, check, acknowledgement: each saves its key
file once), each in its own browser context, then reload their saved key files to prove them;
the chair signs the attendance; trustee 1 issues the cards in its browser (the PDF is made
there and the codes read back from it: they exist nowhere else — the database and the logs are
searched for them) and trustee 2 confirms the list; the chair opens; seven voters open the booth
(six by the QR link, one by typing the code), one audits first; all cast interleaved and keep
their signed receipts; the chair closes; two trustees decrypt; the projector shows the counts;
``phieukin verify`` accepts the downloaded record with every receipt and rejects a tampered
copy.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from phieukin.accounts.models import Role
from phieukin.voting.models import Ballot, BallotStatus
from tests.voting.helpers import codes_from_pdf

from .conftest import ARTIFACTS, CONFIRMATIONS, Login, login, make_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
TITLE = "Xếp loại chất lượng Đảng bộ Thành phố năm 2025"
# Option index per voter (0 HTXSNV, 1 HTTNV, 2 HTNV, 3 KHTNV, 4 blank); voter 0 audits a
# ballot for option 3 first, then casts option 0.
CHOICES = [0, 0, 1, 1, 1, 2, 4]
EXPECTED = [2, 3, 1, 0, 1]
TIMEOUT = 30_000


def _set_up(page: Any, base: str) -> int:
    """Staff: new ballot on the agenda item, one rating question, the counting board, freeze."""
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
    page.click("#ceremony-start")
    page.wait_for_url("**/ceremony/")
    return int(page.url.rstrip("/").split("/")[-2])


def _wait_step(page: Any, step: str) -> None:
    """Wait for the step's button; reload as a person would after a "try again" page (the
    test database answers a reader that meets a writer's lock with 503)."""
    for _attempt in range(3):
        try:
            page.wait_for_selector(f'#trustee-panel[data-step="{step}"]', timeout=TIMEOUT // 3)
            page.wait_for_selector("#ceremony-next:not([hidden])", timeout=TIMEOUT // 3)
        except PlaywrightTimeout:
            page.reload()
        else:
            return
    raise AssertionError(f"trustee never reached {step}: {page.text_content('main')}")


def _trustee_step(page: Any, step: str) -> None:
    _wait_step(page, step)
    page.click("#ceremony-next")


def _saved(page: Any, step: str, path: Path) -> Path:
    """Run ``step``, whose result the browser saves as a file, and keep that file."""
    _wait_step(page, step)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.click("#ceremony-next")
    info.value.save_as(str(path))
    return path


def _chair_key(page: Any, base: str, pk: int) -> None:
    page.goto(f"{base}/voting/ballots/{pk}/chair/")
    page.wait_for_selector("#chair-panel[data-ready=true]", timeout=TIMEOUT)
    with page.expect_download() as info:
        page.click("#chair-key-create")
    assert info.value.suggested_filename.endswith("-chu-tri-chutri.key.json")
    page.wait_for_selector("#chair-key-registered", timeout=TIMEOUT)


def _ceremony(pages: list[Any], base: str, pk: int, chair: Any) -> None:
    for page in pages:
        page.goto(f"{base}/voting/ballots/{pk}/ceremony/")
    for page in pages:
        _trustee_step(page, "commit")
    _chair_key(chair, base, pk)
    for step in ("reveal", "check"):
        for page in pages:
            _trustee_step(page, step)
    files = [_saved(page, "ack", ARTIFACTS / f"key-{pk}-{k}.json") for k, page in enumerate(pages)]
    for page, path in zip(pages, files, strict=True):
        page.wait_for_selector('#trustee-panel[data-step="possess"]', timeout=TIMEOUT)
        page.set_input_files("#key-file", str(path))  # the saved file, not the browser's copy
        _trustee_step(page, "possess")
    for k in range(1, len(pages) + 1):
        pages[0].wait_for_selector(f'#cell-{k}-possess[data-done="true"]', timeout=TIMEOUT)


def _sign_attendance(page: Any, base: str, pk: int) -> None:
    page.goto(f"{base}/voting/ballots/{pk}/chair/")
    page.wait_for_selector("#chair-panel[data-ready=true]", timeout=TIMEOUT)
    assert page.text_content("#to-sign-present").strip() == "8"
    page.click("#attendance-sign")
    page.wait_for_selector("#attendance-on-board", timeout=TIMEOUT)


def _issue_cards(issuer: Any, confirmer: Any, pk: int) -> list[str]:
    """Trustee 1 makes the cards in its browser; trustee 2 compares the list code and confirms."""
    pdf = _saved(issuer, "cards", ARTIFACTS / f"cards-{pk}.pdf")
    issuer.wait_for_selector("#cards-info:not([hidden])", timeout=TIMEOUT)
    shown = issuer.text_content("#cards-info [data-short-code]")
    confirmer.reload()
    _wait_step(confirmer, "endorse")
    assert confirmer.text_content("#cards-info [data-short-code]") == shown
    confirmer.click("#ceremony-next")
    confirmer.wait_for_selector('#trustee-panel[data-step="done"]', timeout=TIMEOUT)
    return codes_from_pdf(pdf.read_bytes())


def _nothing_holds(codes: list[str], logs: str) -> None:
    """No table row and no captured log line holds a card's code, in any spelling."""
    from django.apps import apps

    spellings = {v for c in codes for v in (c, c.replace("-", ""), c.replace("-", " "))}
    for model in apps.get_models():
        for values in model.objects.all().values():
            text = " ".join(str(v) for v in values.values())
            assert not any(code in text for code in spellings), model._meta.label
    assert not any(code in logs for code in spellings), "a log line holds a card's code"


def _open_booth(context: Any, base: str, pk: int, code: str, typed: bool) -> Any:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if typed:
        page.goto(f"{base}/voting/booth/{pk}/")
        page.wait_for_selector("#booth[data-ready=true]", timeout=TIMEOUT)
        page.fill("#code-input", code.replace("-", " ").lower())
        page.click("#code-submit")
    else:
        page.goto(f"{base}/voting/booth/{pk}/#{code}")
    page.wait_for_selector("#step-choose:not([hidden])", timeout=TIMEOUT)
    assert "#" not in page.url, "the code must leave the address bar"
    assert errors == []
    return page


def _encrypt(page: Any, option: int) -> float:
    """Choose and press "Encrypt"; the handler encrypts synchronously, so the time spent in
    the click is the booth's in-browser encryption (plus a small DOM update)."""
    page.check(f"#q0-o{option}")
    ms = page.evaluate(
        "() => { const t0 = performance.now(); document.getElementById('encrypt').click();"
        " return performance.now() - t0; }"
    )
    page.wait_for_selector("#step-confirm:not([hidden])")
    assert page.text_content("#tracking-code").strip()
    return float(ms)


def _audit_then_choose(page: Any) -> str:
    """Benaloh: open the encrypted ballot, see the check pass, then encrypt again."""
    page.click("#audit")
    page.wait_for_selector("#step-audit:not([hidden])", timeout=TIMEOUT)
    assert "message--success" in page.get_attribute("#audit-result", "class")
    detail = page.text_content("#audit-detail")
    page.click("#audit-again")
    page.wait_for_selector("#step-choose:not([hidden])")
    return detail


def _receipt(page: Any, n: int) -> tuple[str, Path]:
    """Wait for the receipt, then keep the signed file; after a refusal the voter presses "Cast"
    again, as a person would (the test database answers concurrent writers with 503)."""
    for _attempt in range(3):
        page.wait_for_selector(
            "#step-receipt:not([hidden]), #booth-error:not([hidden])", timeout=TIMEOUT
        )
        if page.is_visible("#step-receipt"):
            assert "message--success" in page.get_attribute("#receipt-check", "class")
            with page.expect_download() as info:
                page.click("#receipt-download")
            path = ARTIFACTS / f"receipt-{n}.json"
            info.value.save_as(str(path))
            return page.text_content("#receipt-code").strip(), path
        page.click("#cast")
    raise AssertionError(page.text_content("#booth-error"))


def _voters(
    browser: Any, base: str, pk: int, codes: list[str]
) -> tuple[list[float], list[str], list[Path]]:
    contexts = [browser.new_context(locale="vi-VN") for _ in CHOICES]
    pages = [
        _open_booth(ctx, base, pk, code, typed=i == len(CHOICES) - 1)
        for i, (ctx, code) in enumerate(zip(contexts, codes, strict=False))
    ]
    timings = [_encrypt(pages[0], 3)]
    _audit_then_choose(pages[0])
    timings += [_encrypt(page, option) for page, option in zip(pages, CHOICES, strict=True)]
    pages[0].screenshot(path=str(ARTIFACTS / "booth-confirm.png"), full_page=True)
    tracking = [page.text_content("#tracking-code").strip() for page in pages]
    for page in pages:  # interleaved: every cast is in flight before any receipt is read
        page.click("#cast", no_wait_after=True)
    kept = [_receipt(page, n) for n, page in enumerate(pages)]
    pages[0].screenshot(path=str(ARTIFACTS / "booth-receipt.png"), full_page=True)
    receipts = [code for code, _path in kept]
    assert receipts == tracking
    for ctx in contexts:
        ctx.close()
    return timings, receipts, [path for _code, path in kept]


def _verify(record: Path, *receipts: Path) -> subprocess.CompletedProcess[str]:
    given = [arg for path in receipts for arg in ("--receipt", str(path))]
    return subprocess.run(
        [sys.executable, "-m", "phieukin.cli", "verify", "--quiet", str(record), *given],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tamper(record: Path, out: Path) -> None:
    """Change one cast ballot's ciphertext (one hex digit of its first alpha)."""
    lines = record.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        event = json.loads(line)
        if event["type"] == "ballot":
            choice = event["payload"]["answers"][0]["choices"][0]
            choice["alpha"] = choice["alpha"][:-1] + ("0" if choice["alpha"][-1] != "0" else "1")
            lines[i] = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
            break
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_it_runs_the_whole_ballot_in_browsers(
    browser: Any,
    live_server: Any,
    org: Any,
    agenda_item: Any,
    close_connections: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    base = live_server.url
    staff = make_login("bantochuc", org, Role.ORG_STAFF)
    chair_login = make_login("chutri", org, Role.CHAIR)
    board: list[Login] = [make_login(f"kiemphieu{i}", org, Role.TRUSTEE) for i in (1, 2, 3)]
    started = time.monotonic()

    staff_page = login(browser.new_context(locale="vi-VN"), base, staff)
    pk = _set_up(staff_page, base)
    trustee_pages = [login(browser.new_context(locale="vi-VN"), base, t) for t in board]
    chair_page = login(browser.new_context(locale="vi-VN"), base, chair_login)
    _ceremony(trustee_pages, base, pk, chair_page)
    assert Ballot.objects.get(pk=pk).status == BallotStatus.READY
    _sign_attendance(chair_page, base, pk)
    with caplog.at_level(logging.DEBUG):
        codes = _issue_cards(trustee_pages[0], trustee_pages[1], pk)
    assert len(codes) == 8  # one per official member present
    assert "tổng cộng 8 thẻ" in CONFIRMATIONS[-1]  # the issuer was asked before the list was signed
    _nothing_holds(
        codes, "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    )

    chair_page.goto(f"{base}/voting/ballots/{pk}/chair/")
    chair_page.click("#ballot-open")
    chair_page.wait_for_selector('#live[data-status="open"]')
    assert CONFIRMATIONS[-1].startswith("Bắt đầu bỏ phiếu ngay bây giờ?")
    projector = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    screen = projector.new_page()
    screen.goto(f"{base}/voting/ballots/{pk}/projector/")

    with caplog.at_level(logging.DEBUG):
        timings, receipts, signed = _voters(browser, base, pk, codes)
    # No wait_for_function: the page's CSP forbids the eval it uses.
    screen.wait_for_selector('#live-received:text-is("7")', timeout=TIMEOUT)
    assert screen.text_content("#live-issued").strip() == "8"
    screen.screenshot(path=str(ARTIFACTS / "projector-live.png"))

    chair_page.goto(f"{base}/voting/ballots/{pk}/chair/")
    chair_page.click("#ballot-close")
    chair_page.wait_for_selector('#live[data-status="closed"]')
    assert CONFIRMATIONS[-1].startswith("Kết thúc bỏ phiếu ngay bây giờ?")
    for page in trustee_pages[:2]:
        page.reload()
        _trustee_step(page, "decrypt")
        page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=TIMEOUT)

    screen.wait_for_selector("#result-q1", timeout=TIMEOUT)
    counts = [
        int(c)
        for c in screen.locator("#result-q1 td[data-count]").evaluate_all(
            "cells => cells.map(c => c.dataset.count)"
        )
    ]
    assert counts == EXPECTED
    first_row = screen.locator("#result-q1 tbody tr").first.text_content()
    assert "22,2%" in first_row and "25,0%" in first_row  # 2 of 9 convened, 2 of 8 present
    screen.screenshot(path=str(ARTIFACTS / "projector-result.png"), full_page=True)

    staff_page.goto(f"{base}/voting/ballots/{pk}/result/")
    assert staff_page.text_content("#minutes-received").strip() == "7"
    assert staff_page.text_content("#minutes-voided").strip() == "1"
    staff_page.screenshot(path=str(ARTIFACTS / "result.png"), full_page=True)
    head = staff_page.text_content("#head-hash").strip()
    with staff_page.expect_download() as info:
        staff_page.click("#record-download")
    record = ARTIFACTS / f"record-{pk}.jsonl"
    info.value.save_as(str(record))
    elapsed = time.monotonic() - started

    ok = _verify(record, *signed)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK: the record verifies" in ok.stdout and f"head: {head}" in ok.stdout
    assert "version: PHIEUKIN-v2" in ok.stdout
    _nothing_holds(
        codes, "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    )
    tampered = ARTIFACTS / f"record-{pk}-tampered.jsonl"
    _tamper(record, tampered)
    bad = _verify(tampered)
    assert bad.returncode != 0, bad.stdout
    assert "FAILED" in bad.stdout + bad.stderr
    staff_page.goto(f"{base}/voting/ballots/{pk}/board/")
    board_text = staff_page.text_content("main")
    assert all(r in board_text for r in receipts), "every receipt is on the public board"

    # timings[1] is voter 0's second encryption (after the audit): a warm page. The others are
    # each voter's first, in a fresh context (cold JIT), which is what a phone does. On a quiet
    # machine the cold median is ~75 ms. Wall time in a browser cannot be measured as CPU time,
    # so on the shared 2-core box the bounds grow with the load per core (at a load of 18 the
    # same code takes 5x longer); the targets hold on a quiet machine (bench/crypto.py).
    cold = [t for i, t in enumerate(timings) if i != 1]
    median = statistics.median(cold)
    load = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    (ARTIFACTS / "booth-encryption-ms.json").write_text(
        json.dumps(
            {"each_ms": timings, "cold_median_ms": median, "ballot_s": elapsed, "load": load}
        ),
        "utf-8",
    )
    print(f"booth encryption: {[round(t, 1) for t in timings]} ms, cold median {median:.0f}")
    assert timings[1] < 100 * load, f"warm booth encryption {timings[1]:.1f} ms at load {load}"
    assert median < 250 * load, f"cold booth encryption median {median:.1f} ms at load {load}"
