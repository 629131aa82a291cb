"""The counting board runs the key ceremony, proves its key files, issues and confirms the cards
and decrypts, in three browsers; the chair's key comes from a fourth."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from phieukin.voting import services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import Ballot, BallotStatus

from .helpers import build_ballot, codes_from_pdf, open_ballot

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="vi-VN")
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "domain": host,
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # agree to "issue the cards?"
    return page


def _step(page, expected):
    page.wait_for_selector(f'#trustee-panel[data-step="{expected}"]', timeout=60_000)
    page.wait_for_selector("#ceremony-next:not([hidden])", timeout=60_000)
    page.click("#ceremony-next")


def _step_with_download(page, expected, tmp_path, name):
    page.wait_for_selector(f'#trustee-panel[data-step="{expected}"]', timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        page.click("#ceremony-next")
    path = tmp_path / name
    info.value.save_as(str(path))
    return path, info.value.suggested_filename


def test_it_runs_ceremony_and_decryption_in_the_browser(
    live_server, draft_ballot, alice, charles, board_users, monkeypatch, tmp_path
):
    # Playwright's sync API runs an event loop in this thread; the ORM calls in between are
    # still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        pages = [_login(browser, live_server, u) for u in board_users]
        for page in pages:
            page.goto(f"{live_server.url}/voting/ballots/{ballot.pk}/ceremony/")
        chair = _login(browser, live_server, charles)
        chair.goto(f"{live_server.url}/voting/ballots/{ballot.pk}/chair/")
        chair.wait_for_selector("#chair-panel[data-ready=true]")
        with chair.expect_download() as info:
            chair.click("#chair-key-create")
        assert (
            info.value.suggested_filename
            == f"phieukin-bo-phieu-{ballot.pk}-chu-tri-charles.key.json"
        )
        for step in ("commit", "reveal", "check"):
            for page in pages:
                _step(page, step)
        # A trustee's ✓ appears on the others' pages without a reload.
        pages[0].wait_for_selector('#cell-3-check[data-done="true"]', timeout=30_000)
        files = []
        for i, page in enumerate(pages, start=1):
            path, name = _step_with_download(page, "ack", tmp_path, f"k{i}.json")
            who = board_users[i - 1].username
            assert name == f"phieukin-bo-phieu-{ballot.pk}-thanh-vien-{i}-{who}.key.json"
            files.append(path)
        for page in pages:
            assert page.locator("#key-download").count() == 1  # saved once, not at every step
        for page, path in zip(pages, files, strict=True):
            page.wait_for_selector('#trustee-panel[data-step="possess"]', timeout=60_000)
            assert page.is_hidden("#ceremony-next")  # the saved file must be loaded first
            page.set_input_files("#key-file", str(path))
            _step(page, "possess")
        for i in (1, 2, 3):
            pages[0].wait_for_selector(f'#cell-{i}-possess[data-done="true"]', timeout=60_000)
        ballot.refresh_from_db()
        assert ballot.status == BallotStatus.READY
        chair.goto(f"{live_server.url}/voting/ballots/{ballot.pk}/chair/")
        chair.wait_for_selector("#chair-panel[data-ready=true]")
        assert chair.text_content("#to-sign-present").strip() == "10"
        chair.click("#attendance-sign")
        chair.wait_for_selector("#attendance-on-board", timeout=60_000)
        pdf, _name = _step_with_download(pages[0], "cards", tmp_path, "cards.pdf")
        codes = codes_from_pdf(pdf.read_bytes())
        assert len(codes) == 10
        _step(pages[1], "endorse")
        pages[1].wait_for_selector('#trustee-panel[data-step="done"]', timeout=60_000)
        open_ballot(ballot, charles)
        for code in codes[:3]:
            do_cast(ballot.pk, build_ballot(ballot, code, [[0, 1, 0, 0, 0]])[0])
        tally.do_close(ballot, actor=charles)
        for page in pages[1:]:
            page.reload()
            _step(page, "decrypt")
            page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=60_000)
        browser.close()
        # ORM calls made while Playwright's loop runs use their own (context-local)
        # connection: close it here, or PostgreSQL keeps the test database busy.
        connections.close_all()
    ballot = Ballot.objects.get(pk=ballot.pk)
    assert ballot.status == BallotStatus.PUBLISHED and ballot.result["counts"] == [[0, 3, 0, 0, 0]]
    assert ballot.result["trustees"] == [2, 3]
