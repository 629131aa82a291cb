"""The counting board runs the key ceremony and the decryption in three browsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from phieukin.voting import services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import Ballot, BallotStatus

from .helpers import build_ballot, issue_cards, open_ballot

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
    return context.new_page()


def _step(page, expected):
    page.wait_for_selector(f'#trustee-panel[data-step="{expected}"]', timeout=60_000)
    page.click("#ceremony-next")


def test_it_runs_ceremony_and_decryption_in_the_browser(
    live_server, draft_ballot, alice, charles, board_users, monkeypatch
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
        for step in ("commit", "reveal", "ack"):
            for page in pages:
                _step(page, step)
        for page in pages:
            page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=60_000)
        ballot.refresh_from_db()
        assert ballot.status == BallotStatus.READY
        codes = issue_cards(ballot, alice)
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
