"""Every persona's home page says what to do next, on the freshly loaded demo and as conference
No. 16 moves on: staff create the ballot, the chair is told why the vote cannot open yet, each
trustee gets their ceremony step, and a plain member of the Executive Committee (registered in
a cell far below the city) finds the conference, the ballot and the period listed for them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.evaluations.models import Period
from phieukin.evaluations.services import do_create_rating_ballot
from phieukin.meetings.models import AgendaKind
from phieukin.voting import services
from phieukin.web.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def _client(username: str) -> Client:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "walk", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _next(username: str) -> str:
    page = _client(username).get(reverse("web:home")).content.decode()
    assert 'id="next-steps"' in page, f"{username} has nothing to do"
    return page.split('id="next-steps"')[1].split("</section>")[0]


def test_each_persona_sees_its_next_step_as_the_conference_moves_on() -> None:
    summary = load_demo()
    item = summary.conference.agenda_items.get(kind=AgendaKind.RATING)

    staff = _next("bantochuc")
    assert "tạo phiếu bầu kín cho" in staff
    assert reverse("evaluations:rating_item", args=[item.pk]) in staff
    chair = _next("chutri")
    assert "Bắt đầu bỏ phiếu" in chair and "Ban Tổ chức chưa tạo phiếu bầu kín" in chair
    member = _next("uyvien1")
    assert "Đồng chí được triệu tập dự Hội nghị lần thứ 16" in member

    board = list(User.objects.filter(username__startswith="kiemphieu").order_by("username"))
    actor = User.objects.get(username="bantochuc")
    rating = do_create_rating_ballot(item, trustees=board, threshold=2, actor=actor)
    assert "bắt đầu lễ tạo khoá" in _next("bantochuc")
    services.do_start_ceremony(rating.ballot, actor=actor)
    trustee = _next("kiemphieu1")
    assert "bước cam kết, 0/3" in trustee
    assert reverse("voting:ceremony", args=[rating.ballot_id]) in trustee
    chair = _next("chutri")
    assert "Tổ kiểm phiếu chưa hoàn thành" in chair or "chưa hoàn thành lễ tạo khoá" in chair

    # A plain member of the Executive Committee finds the ballot, the period, the rating item.
    member = _client("uyvien1")
    ballots = member.get(reverse("voting:ballot_list")).content.decode()
    assert "Chưa có cuộc bỏ phiếu nào" not in ballots
    assert reverse("voting:result", args=[rating.ballot_id]) in ballots
    assert f'href="{reverse("voting:ballot_detail", args=[rating.ballot_id])}"' not in ballots
    period = Period.objects.get(year=2023)  # the conference's (the cycles cell has 2024–2025)
    periods = member.get(reverse("evaluations:period_list")).content.decode()
    assert "Chưa có kỳ đánh giá" not in periods
    assert reverse("evaluations:period_detail", args=[period.pk]) in periods
    assert member.get(reverse("evaluations:period_detail", args=[period.pk])).status_code == 200
    page = member.get(reverse("evaluations:rating_item", args=[item.pk]))
    assert page.status_code == 200 and "Tạo phiếu bầu kín" not in page.content.decode()
