"""Journey: a member writes their self-review on their subject page, then staff check a
decision against the rules on the same page (the rule checks are shown before deciding)."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.evaluations.models import SelfReview
from phieukin.evaluations.services import do_open_period
from tests.evaluations.world import REVIEW_ON, build_world, subject_of

from .conftest import ARTIFACTS, Login, login

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
REVIEW = {
    "group_i": "27",
    "group_ii": "60",
    "tasks_planned": "10",
    "tasks_completed": "10",
    "tasks_on_time": "10",
    "tasks_exceeding": "2",
    "results": "Hoàn thành nhiệm vụ được giao.",
}


def _logins(world: Any) -> tuple[Login, Login]:
    member = User.objects.create_user(username="an", password="an-pass-2025")
    member.member = world.members["m1"]
    member.save(update_fields=["member"])
    world.staff.set_password("staff-pass-2025")
    world.staff.save(update_fields=["password"])
    key = "3132333435363738393031323334353637383930"
    TOTPDevice.objects.create(user=world.staff, name="test", key=key, confirmed=True)
    return Login("an", "an-pass-2025", None), Login("staff", "staff-pass-2025", key)


def test_it_writes_a_self_review_then_checks_the_decision(
    browser: Any, live_server: Any, transactional_db: None, close_connections: None
) -> None:
    world = build_world()
    period = do_open_period(world.city, 2025, review_on=REVIEW_ON, actor=world.staff)
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    subject = subject_of(period, world, "m1")
    member, staff = _logins(world)
    url = f"{live_server.url}/evaluations/subjects/{subject.pk}/"

    page = login(browser.new_context(locale="vi-VN"), live_server.url, member)
    page.goto(url)
    form = page.locator("form", has=page.get_by_role("button", name="Nộp bản tự kiểm điểm"))
    form.locator("select[name=proposed_level]").select_option("httnv")
    for name, value in REVIEW.items():
        form.locator(f"[name={name}]").fill(value)
    form.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    page.wait_for_selector("#review-heading .badge")  # the review is shown with its form
    assert "87" in page.text_content("main")  # 27 + 60
    assert SelfReview.objects.filter(subject=subject).exists()
    page.context.close()

    page = login(browser.new_context(locale="vi-VN"), live_server.url, staff)
    page.goto(url)
    decide = page.locator("form", has=page.get_by_role("button", name="Kiểm tra quy định"))
    decide.locator("select[name=level]").select_option("httnv")
    decide.get_by_role("button", name="Kiểm tra quy định").click()
    checks = page.locator(
        "[role=status]", has=page.get_by_role("heading", name="Kiểm tra theo quy định")
    )
    checks.wait_for()
    assert checks.locator(".message").count() > 0
    page.screenshot(path=str(ARTIFACTS / "evaluation-rule-checks.png"), full_page=True)
    page.context.close()
