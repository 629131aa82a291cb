"""A 390 px phone (iPhone 12-14 width): the board, verify, result and audit pages stay inside the
screen (long hashes break, the result table scrolls inside its own box, the audit log becomes cards)
and the header menu folds behind one button, so the header no longer takes a third of the screen.

Why a published ballot built in Python and not through the pages: this test is about layout; the
journey to a published result has its own browser tests (test_secret_ballot, test_conference_16).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import login, make_login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
PHONE = {"width": 390, "height": 844}


def _published(agenda_item: Any, staff: Any) -> Any:
    from phieukin.accounts.models import User
    from phieukin.voting import services, tally
    from phieukin.voting.cast import do_cast
    from phieukin.voting.models import Trustee
    from tests.voting.helpers import build_ballot, open_ballot, partial_for, prepare, run_ceremony

    org = agenda_item.conference.organization
    trustees = [make_login(name, org, "trustee") for name in ("bob", "bea", "ben")]
    chair = User.objects.get(username=make_login("charles", org, "chair").username)
    ballot = services.do_create_ballot(
        agenda_item, title="Xếp loại chất lượng năm 2025", actor=staff
    )
    services.do_add_question(
        ballot, kind="rating", prompt=org.name, subject_ref="evaluations.Subject:1", actor=staff
    )
    services.do_set_trustees(
        ballot, [User.objects.get(username=t.username) for t in trustees], actor=staff
    )
    ballot = services.do_start_ceremony(ballot, actor=staff)
    shares = run_ceremony(ballot, chair)
    codes = prepare(ballot, shares, chair)
    open_ballot(ballot, chair)
    for code in codes[:5]:
        do_cast(ballot.pk, build_ballot(ballot, code, [[1, 0, 0, 0, 0]])[0])
    tally.do_close(ballot, actor=chair)
    ballot.refresh_from_db()
    for i in (1, 2):
        seat = Trustee.objects.get(ballot=ballot, index=i)
        tally.do_submit_partial(ballot, seat, partial_for(ballot, i, shares[i][1], shares[i][0]))
    ballot.refresh_from_db()
    return ballot


def _width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


WIDEST = """() => [...document.querySelectorAll('main *')]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5)
  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_every_page_fits_a_390px_phone_and_the_menu_folds(
    browser: Any, live_server: Any, agenda_item: Any, close_connections: None
) -> None:
    from phieukin.accounts.models import User

    org = agenda_item.conference.organization
    who = make_login("alice", org, "org_staff")
    ballot = _published(agenda_item, User.objects.get(username="alice"))
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = login(context, live_server.url, who)
    base = f"{live_server.url}"
    pages = [
        "/",
        f"/voting/ballots/{ballot.pk}/board/",
        f"/voting/ballots/{ballot.pk}/verify/",
        f"/voting/ballots/{ballot.pk}/result/",
        "/audit/",
    ]
    for path in pages:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        assert _width(page) <= PHONE["width"], f"{path}: {_width(page)} px, {page.evaluate(WIDEST)}"
        header = page.locator(".site-header").bounding_box()
        assert header is not None and header["height"] < 120, f"{path}: header {header}"
        assert not page.locator(".site-nav").is_visible()
    # The folded menu opens with its button and shows every link, then closes again.
    toggle = page.get_by_role("button", name="Trình đơn")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.locator(".site-nav").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert _width(page) <= PHONE["width"]
    page.keyboard.press("Escape")
    assert not page.locator(".site-nav").is_visible()
    # The head hash breaks instead of running off the screen.
    page.goto(f"{base}/voting/ballots/{ballot.pk}/board/")
    box = page.locator("#head-hash").bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    # The audit log is a list of cards on the phone and stays inside the screen at 1280 px.
    page.goto(f"{base}/audit/")
    assert page.locator("table.audit thead").bounding_box()["height"] <= 1  # type: ignore[index]
    wide = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    desk = login(wide, live_server.url, who)
    desk.goto(f"{base}/audit/")
    assert _width(desk) <= 1280, f"/audit/ is {_width(desk)} px wide at 1280 px"
    assert desk.locator(".site-nav").is_visible()
    assert not desk.locator(".site-menu-toggle").is_visible()
    wide.close()
    context.close()
