"""The cycles' pages: the Organization Committee opens a quarterly or ad hoc period (refused
with the rule in Vietnamese under QĐ 124), the year's subject page shows the quarters'
self-ratings and the carried shortcomings, staff switch a member to Mẫu 2C, and the
organization's history page shows the annual series only."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import Level, Period, Subject
from phieukin.evaluations.services import ShortcomingSpec, do_open_period, do_submit_self_review
from tests.evaluations.test_pages import BASE, client_for
from tests.evaluations.world import World, excellent, review_366, subject_of

pytestmark = pytest.mark.django_db


def _post_open(world: World, **data: str) -> object:
    return client_for(world.staff).post(
        f"{BASE}open/", {"organization": world.city.pk, "depth": "1", **data}
    )


def test_the_committee_opens_a_quarterly_and_an_ad_hoc_period(world: World) -> None:
    response = _post_open(world, year="2025", cycle="quarterly", quarter="3")
    assert response.status_code == 302  # type: ignore[attr-defined]
    period = Period.objects.get(cycle="quarterly")
    assert period.quarter == 3
    page = client_for(world.staff).get(f"{BASE}{period.pk}/").content.decode()
    assert "Hằng quý — quý 3" in page
    listing = client_for(world.staff).get(BASE).content.decode()
    assert "Loại kỳ đánh giá" in listing and "Hằng quý — quý 3" in listing
    no_reason = _post_open(world, year="2025", cycle="ad_hoc")
    assert no_reason.status_code == 400  # type: ignore[attr-defined]
    assert "phải ghi lý do" in no_reason.content.decode()  # type: ignore[attr-defined]
    done = _post_open(world, year="2025", cycle="ad_hoc", reason="Sau kết luận kiểm tra")
    assert done.status_code == 302  # type: ignore[attr-defined]
    ad_hoc = Period.objects.get(cycle="ad_hoc")
    assert (
        "Sau kết luận kiểm tra"
        in client_for(world.staff).get(f"{BASE}{ad_hoc.pk}/").content.decode()
    )


def test_a_quarter_under_124_is_refused_on_the_page_in_vietnamese(world: World) -> None:
    response = _post_open(world, year="2024", cycle="quarterly", quarter="1")
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "chỉ kiểm điểm, đánh giá hằng năm" in body and "Quy định 124-QĐ/TW" in body
    assert not Period.objects.exists()


def _open(world: World, **kw: object) -> Period:
    period = do_open_period(world.city, 2025, actor=world.staff, **kw)  # type: ignore[arg-type]
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    return period


def test_the_year_s_page_shows_the_quarters_and_the_carried_shortcomings(world: World) -> None:
    q1 = subject_of(_open(world, cycle="quarterly", quarter=1), world, "m1")
    spec = ShortcomingSpec("Chậm nộp đảng phí", "Nộp đúng ngày 5", "Hoàng Văn An")
    do_submit_self_review(
        q1, review_366(Level.HTXSNV, shortcomings=[spec], **excellent()), actor=world.staff
    )
    annual = subject_of(_open(world), world, "m1")
    page = client_for(world.staff).get(f"{BASE}subjects/{annual.pk}/").content.decode()
    assert "Tự đánh giá, xếp loại các quý trong năm (Mẫu 05)" in page
    assert "Quý 1" in page and "Hoàn thành xuất sắc nhiệm vụ" in page
    assert "Hạn chế, khuyết điểm từ các kỳ kiểm điểm trước" in page
    assert "Chậm nộp đảng phí" in page and "Chưa khắc phục" in page


def test_staff_switch_a_member_to_form_2c_before_the_review(world: World) -> None:
    period = _open(world)
    subject = subject_of(period, world, "m2")
    staff = client_for(world.staff)
    page = staff.get(f"{BASE}subjects/{subject.pk}/").content.decode()
    assert "Không làm việc trong hệ thống chính trị (Mẫu 2C)" in page
    response = staff.post(f"{BASE}subjects/{subject.pk}/form/", {"form": "2C"})
    assert response.status_code == 302
    subject.refresh_from_db()
    assert subject.rules_kind == "member_outside_system"
    do_submit_self_review(subject, review_366(), actor=world.staff)
    assert subject.self_review.form == "2C"
    again = staff.post(f"{BASE}subjects/{subject.pk}/form/", {"form": "2B"})
    assert again.status_code == 400 and "không đổi mẫu được nữa" in again.content.decode()
    leader = subject_of(period, world, "ksec")
    refused = staff.post(f"{BASE}subjects/{leader.pk}/form/", {"form": "2C"})
    assert refused.status_code == 400
    assert Subject.objects.get(pk=leader.pk).rules_kind == "leader"
    member = client_for(None)
    assert member.post(f"{BASE}subjects/{subject.pk}/form/", {"form": "2B"}).status_code == 302


def test_the_history_pages_show_the_annual_series(world: World) -> None:
    for year, level in ((2024, Level.HTXSNV), (2025, Level.HTXSNV)):
        period = do_open_period(world.city, year, actor=world.staff, depth=1)
        city = Subject.objects.get(period=period, organization=world.city, member=None,
                                   collective_kind="party_organization")  # fmt: skip
        city.decided_level, city.decided_at = level, period.created_at
        city.save(update_fields=["decided_level", "decided_at"])
    q = _open(world, cycle="quarterly", quarter=2)
    page = client_for(world.staff).get(f"/reports/org/{world.city.pk}/history/").content.decode()
    assert "Lịch sử xếp loại" in page and "HTXSNV 2 năm liên tục" in page
    assert q.title not in page
