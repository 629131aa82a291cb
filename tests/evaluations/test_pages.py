"""The review pages with the Django test client: permissions, forms, refusals in Vietnamese
with the rule and source named (status 400), never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from phieukin.accounts.models import User
from phieukin.evaluations.models import CollectiveKind, Decision, Period, SelfReview
from phieukin.evaluations.services import do_decide
from phieukin.rules import Body
from tests.evaluations.world import World, collective, self_review, subject_of

pytestmark = pytest.mark.django_db
BASE = "/evaluations/"


def client_for(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def staff(world: World) -> Client:
    return client_for(world.staff)


@pytest.fixture
def own(world: World) -> Client:
    user = User.objects.create(username="an", member=world.members["m1"])
    return client_for(user)


def review_post(**extra: str) -> dict[str, str]:
    data = {
        "proposed_level": "httnv",
        "group_i": "27",
        "group_ii": "60",
        "tasks_planned": "10",
        "tasks_completed": "10",
        "tasks_on_time": "10",
        "tasks_exceeding": "2",
        "results": "Hoàn thành nhiệm vụ.",
        "shortcomings": "Chậm báo cáo | Lập lịch | Hoàng Văn An | 30/06/2026",
    }
    return {**data, **extra}


def test_the_period_list_and_detail_show_progress_and_scope(
    period: Period, world: World, staff: Client
) -> None:
    assert period.title in staff.get(BASE).content.decode()
    page = staff.get(f"{BASE}{period.pk}/").content.decode()
    assert "đình chỉ sinh hoạt đảng" in page and "Chưa xếp loại" in page


def test_opening_a_period_from_the_page(world: World, staff: Client) -> None:
    response = staff.post(
        f"{BASE}open/", {"organization": world.city.pk, "year": "2025", "depth": "1"}
    )
    assert response.status_code == 302 and Period.objects.filter(year=2025).exists()
    again = staff.post(f"{BASE}open/", {"organization": world.city.pk, "year": "2025"})
    assert again.status_code == 400 and "đã có kỳ đánh giá" in again.content.decode()
    bad = staff.post(f"{BASE}open/", {"organization": world.city.pk, "year": "abc"})
    assert bad.status_code == 400


def test_others_cannot_see_or_act(period: Period, world: World) -> None:
    subject = subject_of(period, world, "m1")
    outsider = client_for(User.objects.create(username="ngoai"))
    assert outsider.get(f"{BASE}subjects/{subject.pk}/").status_code == 404
    assert client_for(None).get(f"{BASE}subjects/{subject.pk}/").status_code == 302
    other = client_for(User.objects.create(username="binh", member=world.members["m2"]))
    assert other.get(f"{BASE}subjects/{subject.pk}/").status_code == 200  # same cell: may read
    assert other.post(f"{BASE}subjects/{subject.pk}/self-review/", review_post()).status_code == 403
    # deciding is done at the period's organization, which a cell member cannot see: 404
    assert other.post(f"{BASE}subjects/{subject.pk}/decide/", {}).status_code == 404


def test_a_member_writes_their_own_review(period: Period, world: World, own: Client) -> None:
    subject = subject_of(period, world, "m1")
    response = own.post(f"{BASE}subjects/{subject.pk}/self-review/", review_post())
    assert response.status_code == 302
    assert SelfReview.objects.get(subject=subject).form == "2B"
    page = own.get(f"{BASE}subjects/{subject.pk}/").content.decode()
    assert "Chậm báo cáo" in page and "87" in page


def test_a_score_out_of_range_is_refused_in_vietnamese_with_its_source(
    period: Period, world: World, own: Client
) -> None:
    subject = subject_of(period, world, "m1")
    response = own.post(f"{BASE}subjects/{subject.pk}/self-review/", review_post(group_i="31"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Điểm nhóm I phải từ 0 đến 30" in page and "Quy định 366-QĐ/TW" in page
    assert not SelfReview.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("group_i", "mười", "không phải là số"),
        ("proposed_level", "", "Chọn một trong bốn mức"),
        ("tasks_planned", "-3", "0"),
        ("shortcomings", "chỉ một cột", "Dòng 1"),
        ("shortcomings", "A | B | C | 31/02/2026", "ngày dd/mm/yyyy"),
    ],
)
def test_bad_review_input_gets_a_clear_error(
    period: Period, world: World, own: Client, field: str, value: str, message: str
) -> None:
    subject = subject_of(period, world, "m1")
    response = own.post(f"{BASE}subjects/{subject.pk}/self-review/", review_post(**{field: value}))
    assert response.status_code == 400 and message in response.content.decode()


def test_the_decision_form_shows_the_rule_checks(
    period: Period, world: World, staff: Client
) -> None:
    cell = collective(period, world.cell, CollectiveKind.CELL)
    self_review(cell, world)
    data = {
        "level": "httnv",
        "body": "grassroots_committee",
        "method": "superior",
        "action": "check",
    }
    page = staff.post(f"{BASE}subjects/{cell.pk}/decide/", data).content.decode()
    assert "Hoàng Văn An" in page and "Điều 12, khoản 2" in page
    refused = staff.post(f"{BASE}subjects/{cell.pk}/decide/", {**data, "action": "decide"})
    assert refused.status_code == 400 and "Không thực hiện được" in refused.content.decode()
    assert not Decision.objects.exists()
    wrong = staff.post(f"{BASE}subjects/{cell.pk}/decide/", {**data, "level": "xyz"})
    assert wrong.status_code == 400


def test_a_cap_warning_needs_the_confirmation_box(
    period: Period, world: World, staff: Client
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world, "htxsnv", g1="29", g2="66", tasks=(10, 10, 10, 4))
    data = {
        "level": "htxsnv",
        "body": "grassroots_committee",
        "method": "superior",
        "action": "decide",
    }
    response = staff.post(f"{BASE}subjects/{member.pk}/decide/", data)
    assert response.status_code == 400 and "vượt quá 20%" in response.content.decode()
    confirmed = staff.post(f"{BASE}subjects/{member.pk}/decide/", {**data, "confirm_cap": "on"})
    assert confirmed.status_code == 302 and Decision.objects.get(subject=member).warnings


def test_a_re_rating_over_the_cap_needs_the_confirmation_box_too(
    period: Period, world: World, staff: Client
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world, "htxsnv", g1="29", g2="66", tasks=(10, 10, 10, 4))
    decision = do_decide(
        member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )
    data = {"level": "htxsnv", "reasons": "Kết luận kiểm tra"}
    response = staff.post(f"{BASE}decisions/{decision.pk}/rerate/", data)
    assert response.status_code == 400 and "vượt quá 20%" in response.content.decode()
    member.refresh_from_db()
    assert member.decided_level == "httnv"
    confirmed = staff.post(f"{BASE}decisions/{decision.pk}/rerate/", {**data, "confirm_cap": "on"})
    assert confirmed.status_code == 302
    member.refresh_from_db()
    assert member.decided_level == "htxsnv"


def test_show_of_hands_and_re_rating_from_the_page(
    period: Period, world: World, staff: Client
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    vote = {"body": "cell", "method": "show_of_hands", "httnv": "5", "htnv": "1", "convened": "7"}
    assert staff.post(f"{BASE}subjects/{member.pk}/vote/", vote).status_code == 302
    too_many = staff.post(f"{BASE}subjects/{member.pk}/vote/", {**vote, "httnv": "50"})
    assert too_many.status_code == 400
    decision = do_decide(
        member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )
    empty = staff.post(f"{BASE}decisions/{decision.pk}/rerate/", {"level": "htnv", "reasons": ""})
    assert empty.status_code == 400
    done = staff.post(
        f"{BASE}decisions/{decision.pk}/rerate/", {"level": "htnv", "reasons": "Kết luận kiểm tra"}
    )
    assert done.status_code == 302
    member.refresh_from_db()
    assert member.decided_level == "htnv"
    page = staff.get(f"{BASE}subjects/{member.pk}/").content.decode()
    assert "Kết luận kiểm tra" in page


def test_a_show_of_hands_on_a_rating_item_becomes_its_resolution(
    period: Period, world: World, staff: Client
) -> None:
    from datetime import date

    from phieukin.meetings.models import AgendaKind, Resolution
    from phieukin.meetings.services import AgendaSpec, create_conference

    conference = create_conference(
        organization=world.city,
        title="Hội nghị Ban Thường vụ",
        held_on=date(2025, 12, 15),
        agenda=[AgendaSpec("Xếp loại", kind=AgendaKind.RATING)],
    )
    item = conference.agenda_items.get()
    member = subject_of(period, world, "m1")
    self_review(member, world)
    vote = {
        "body": "cell",
        "method": "show_of_hands",
        "httnv": "6",
        "convened": "7",
        "agenda_item": item.pk,
    }
    assert staff.post(f"{BASE}subjects/{member.pk}/vote/", vote).status_code == 302
    resolution = Resolution.objects.get(agenda_item=item)
    assert resolution.method == "show_of_hands" and resolution.outcome == "HTTNV"
    other = {**vote, "agenda_item": "999999"}
    assert staff.post(f"{BASE}subjects/{member.pk}/vote/", other).status_code == 400
