"""The seed's day end to end: conference No. 16 of the freshly loaded demo, from its rating
agenda item to the city's rating in the Quyết định, through visible buttons only.

The demo is loaded into the test database exactly as ``phieukin demo`` loads it (``load_demo``).
Each persona logs in through the login page with its demo password and second factor, starts
from its home page ("what to do next") and clicks only what it sees: staff create the secret
ballot from the rating item and start the key ceremony, the three trustees run it in their own
browsers, staff issue the cards (the PDF is read back for the codes), the chair opens the vote,
every member present votes, the chair closes, two trustees decrypt. Three members vote through
the real booth page (the JS twin encrypts); the other 66 ballots are encrypted by the Python
implementation and posted to the booth's own cast endpoint (what the booth page sends), so the
test stays within a few minutes on a loaded 2-core machine. The published result is recorded
as the Executive Committee's decision with no manual re-entry; staff then download the counting
minutes, the conference minutes and the Quyết định through their buttons (their text asserted),
and the roll-up shows the rating at once. The clicks from «Bắt đầu bỏ phiếu» to the downloaded
Quyết định are counted and written to test-artifacts/conference-16.json.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from phieukin.accounts.demo import demo_key
from phieukin.evaluations.models import CollectiveKind, Decision, Subject, VoteRecord
from phieukin.meetings.models import AgendaKind
from phieukin.voting.models import Ballot, BallotStatus
from phieukin.web.demo import load_demo
from phieukin.web.demo.users import LOGINS
from tests.reports.readback import docx_text
from tests.voting.helpers import build_ballot

from .conftest import ARTIFACTS, Login, login
from .test_secret_ballot import (
    TIMEOUT,
    _ceremony,
    _encrypt,
    _issue_cards,
    _open_booth,
    _receipt,
    _trustee_step,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
IN_BOOTH = 3  # members who vote through the real booth page
HTXSNV = "Hoàn thành xuất sắc nhiệm vụ"


class Clicks:
    """Counts the clicks of the officials (chair, trustees, staff) once the vote is opened."""

    def __init__(self) -> None:
        self.counting = False
        self.n = 0

    def click(self, page: Any, selector: str, **kwargs: Any) -> None:
        page.click(selector, **kwargs)
        self.n += self.counting

    def download(self, page: Any, selector: str) -> bytes:
        with page.expect_download() as info:
            self.click(page, selector)
        return Path(info.value.path()).read_bytes()


def _login(browser: Any, base: str, username: str) -> Any:
    password = next(entry.password for entry in LOGINS if entry.username == username)
    who = Login(username, password, demo_key(username))
    return login(browser.new_context(locale="vi-VN", accept_downloads=True), base, who)


def _next_step(page: Any, base: str, href: str, clicks: Clicks) -> None:
    """From the home page, press the button of the step that leads to ``href``."""
    page.goto(f"{base}/")
    clicks.click(page, f'#next-steps a[href="{href}"]')
    page.wait_for_load_state()


def _sign_attendance(page: Any, base: str, pk: int, present: int) -> None:
    """The chair checks the numbers against the room and signs them in its browser."""
    page.goto(f"{base}/voting/ballots/{pk}/chair/")
    page.wait_for_selector("#chair-panel[data-ready=true]", timeout=TIMEOUT)
    assert page.text_content("#to-sign-present").strip() == str(present)
    page.click("#attendance-sign")
    page.wait_for_selector("#attendance-on-board", timeout=TIMEOUT)


def _post_ballot(base: str, pk: int, body: bytes) -> None:
    """What the booth page's script sends; a 503 (SQLite writer busy) is tried again."""
    request = urllib.request.Request(
        f"{base}/voting/api/ballots/{pk}/cast",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    for _attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 201
                return
        except urllib.error.HTTPError as exc:
            if exc.code != 503:
                raise
            time.sleep(0.5)
    raise AssertionError("the cast endpoint stayed busy")


def _vote(browser: Any, base: str, pk: int, codes: list[str]) -> None:
    """Every member present votes «Hoàn thành xuất sắc nhiệm vụ»: three in the booth page."""
    contexts = [browser.new_context(locale="vi-VN") for _ in range(IN_BOOTH)]
    pages = [
        _open_booth(ctx, base, pk, code, typed=n == 0)
        for n, (ctx, code) in enumerate(zip(contexts, codes, strict=False))
    ]
    for n, page in enumerate(pages):
        _encrypt(page, 0)
        page.click("#cast")
        _receipt(page, n)
    for ctx in contexts:
        ctx.close()
    ballot = Ballot.objects.get(pk=pk)
    for code in codes[IN_BOOTH:]:
        data, _secrets = build_ballot(ballot, code, [[1, 0, 0, 0, 0]])
        _post_ballot(base, pk, json.dumps(data).encode())


def test_conference_16_runs_from_the_loaded_demo_to_the_citys_rating(
    browser: Any, live_server: Any, settings: Any, close_connections: None
) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    started = time.monotonic()
    summary = load_demo()
    base = live_server.url
    item = summary.conference.agenda_items.get(kind=AgendaKind.RATING)
    city = Subject.objects.get(
        organization=summary.conference.organization,
        collective_kind=CollectiveKind.PARTY_ORGANIZATION,
    )
    clicks = Clicks()

    # Staff: the home page's step → the rating item → one button creates the ballot.
    staff = _login(browser, base, "bantochuc")
    _next_step(staff, base, f"/evaluations/items/{item.pk}/", clicks)
    assert city.organization.name in staff.text_content("#item-subjects")
    clicks.click(staff, "#rating-ballot-create")
    staff.wait_for_selector("#ceremony-start")
    pk = int(staff.url.rstrip("/").split("/")[-1])
    assert "Quyết định cho" not in staff.content()  # no form asks for a reference
    clicks.click(staff, "#ceremony-start")
    staff.wait_for_url("**/ceremony/")

    # The counting board runs the key ceremony in its browsers; the chair makes its signing key.
    trustees = [_login(browser, base, f"kiemphieu{i}") for i in (1, 2, 3)]
    for page in trustees:
        _next_step(page, base, f"/voting/ballots/{pk}/ceremony/", clicks)
    chair = _login(browser, base, "chutri")
    _ceremony(trustees, base, pk, chair)
    assert Ballot.objects.get(pk=pk).status == BallotStatus.READY

    # The chair signs the attendance; one trustee makes the cards, another confirms the list.
    _sign_attendance(chair, base, pk, 69)  # 71 convened, two excused
    codes = _issue_cards(trustees[0], trustees[1], pk)
    assert len(codes) == 69

    _next_step(chair, base, f"/voting/ballots/{pk}/chair/", clicks)
    clicks.counting = True  # from «Bắt đầu bỏ phiếu» to the downloaded Quyết định
    clicks.click(chair, "#ballot-open")
    chair.wait_for_selector('#live[data-status="open"]')

    _vote(browser, base, pk, codes)
    chair.reload()
    chair.wait_for_selector('#live-received:text-is("69")', timeout=TIMEOUT)
    clicks.click(chair, "#ballot-close")
    chair.wait_for_selector('#live[data-status="closed"]')
    for page in trustees[:2]:
        page.reload()
        _trustee_step(page, "decrypt")
        clicks.n += 1  # _trustee_step pressed «Thực hiện bước tiếp theo»
        page.wait_for_selector('#trustee-panel[data-step="done"]', timeout=TIMEOUT)

    # The published result is the Executive Committee's decision, recorded automatically.
    deadline = time.monotonic() + 30
    while not Decision.objects.filter(subject=city).exists():
        assert time.monotonic() < deadline, "the result was never recorded as the decision"
        time.sleep(0.2)
    vote = VoteRecord.objects.get(subject=city)
    assert vote.is_decision and (vote.counts["HTXSNV"], vote.denominator) == (69, 69)

    clicks.click(staff, 'nav a[href="/meetings/"]')
    clicks.click(staff, f'a[href="/meetings/{summary.conference.pk}/"]')
    clicks.click(staff, f"#rating-item-{item.pk}")
    staff.wait_for_selector("#outcome-1")
    assert HTXSNV in staff.text_content("#outcome-1")
    assert HTXSNV in staff.text_content(f"#decided-{city.pk}")
    tally = docx_text(clicks.download(staff, "#doc-tally"))
    # The conference minutes: the secretary's end time, then the download.
    clicks.click(staff, "#doc-minutes")
    staff.fill("input[name=ends_at]", "11:30")
    clicks.click(staff, 'role=button[name="Ghi giờ kết thúc"]')
    minutes = docx_text(clicks.download(staff, 'role=link[name="Biên bản hội nghị (DOCX)"]'))
    assert "Hội nghị kết thúc vào hồi 11 giờ 30" in minutes and "Dự thảo" not in minutes
    # The Quyết định: numbered in the register and dated the conference's day, then downloaded.
    staff.go_back()
    staff.go_back()
    clicks.click(staff, f"#doc-decision-{city.pk}")
    assert staff.input_value("input[name=signed_on]") == "2024-01-09"
    clicks.click(staff, 'role=button[name="Cấp số và ban hành"]')
    staff.wait_for_selector("#issued")
    decision = docx_text(clicks.download(staff, 'role=link[name="01-QĐ/TU (DOCX)"]'))
    assert "Số 01-QĐ/TU" in decision and "ngày 09 tháng 01 năm 2024" in decision
    official_clicks = clicks.n
    for text in (tally, minutes):  # one denominator, one threshold, the decision
        assert HTXSNV in text and "69/69" in text, text[:2000]
        assert "/71 " not in text and "/71)" not in text
    assert "Ban Chấp hành" in minutes and "69" in tally
    assert HTXSNV in decision and city.organization.name in decision

    # The roll-up counts the city at once (nobody pressed «Tổng hợp lại»).
    clicks.counting = False
    clicks.click(staff, 'nav a[href*="/rollup/"]')
    row = staff.locator("#collectives-heading ~ .table-wrap tbody tr", has_text=HTXSNV)
    assert row.locator("td.number").first.text_content().strip() == "1"
    assert "số liệu cập nhật theo từng quyết định" in staff.text_content(".subtitle")

    elapsed = time.monotonic() - started
    report = {"official_clicks_open_to_decision": official_clicks, "wall_s": round(elapsed, 1)}
    (ARTIFACTS / "conference-16.json").write_text(json.dumps(report), "utf-8")
    print(
        f"conference 16: {official_clicks} clicks from opening to the Quyết định, {elapsed:.0f} s"
    )
