"""The demo tells one story in time: every record of the period and the conference is dated in
December 2023 – 9 January 2024, in the order the work was done, never at the loader's "now";
and the Tờ trình has one issuing body in its number, its item and its record."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from phieukin.evaluations.models import Appraisal, Decision, SelfReview, SubjectComment, Submission
from phieukin.meetings.discussion_models import Comment, ExplanationReport, Resolution, Speaker
from phieukin.web.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def _day(moment: datetime) -> date:
    return moment.astimezone(HANOI).date()


def test_the_demo_history_fits_the_conference_date() -> None:
    summary = load_demo()
    meeting = summary.conference.held_on
    start, end = date(2023, 12, 1), meeting

    def within(moments: list[datetime]) -> bool:
        return bool(moments) and all(start <= _day(m) <= end for m in moments)

    story = {"subject__period__year": 2023}  # the cycles cell's 2024–2025 are checked below
    reviews = list(SelfReview.objects.filter(**story).values_list("submitted_at", flat=True))
    comments = list(SubjectComment.objects.filter(**story).values_list("created_at", flat=True))
    appraisals = list(Appraisal.objects.filter(**story).values_list("appraised_at", flat=True))
    decisions = list(Decision.objects.filter(**story).values_list("decided_at", flat=True))
    for moments in (reviews, comments, appraisals, decisions):
        assert within(moments), moments[:3]
    assert max(reviews) < min(appraisals) < min(decisions)  # review, appraise, decide
    on_the_day = [
        *Comment.objects.values_list("submitted_at", flat=True),
        *Speaker.objects.values_list("started_at", flat=True),
        *ExplanationReport.objects.values_list("presented_at", flat=True),
        *Resolution.objects.values_list("announced_at", flat=True),
    ]
    assert on_the_day and all(_day(m) == meeting for m in on_the_day)
    submission = Submission.objects.get()
    assert submission.issuer == "Ban Thường vụ Thành ủy" and submission.number == "58-TTr/TU"
    assert "Ban Thường vụ Thành ủy" in submission.agenda_item.title
    assert _day(submission.created_at) == submission.document.distributed_on


def test_the_cycles_cell_s_records_are_dated_within_their_periods() -> None:
    """2024 (QĐ 124), quarters 3–4 of 2025 and the 2025 year (QĐ 366): each review after its
    period began and before the decision, each decision after the period's review date."""
    from django.db.models import F

    from phieukin.evaluations.models import Period

    load_demo()
    periods = Period.objects.exclude(year=2023).order_by("year", F("quarter").asc(nulls_first=True))
    assert [(p.year, p.cycle, p.quarter, p.regulation) for p in periods] == [
        (2024, "annual", None, "reg124"),
        (2025, "annual", None, "reg366"),
        (2025, "quarterly", 3, "reg366"),
        (2025, "quarterly", 4, "reg366"),
    ]
    for period in periods:
        reviews = SelfReview.objects.filter(subject__period=period)
        decisions = Decision.objects.filter(subject__period=period)
        assert reviews.exists() and decisions.exists()
        assert all(_day(r.submitted_at) >= period.starts_on for r in reviews)
        assert max(r.submitted_at for r in reviews) < min(d.decided_at for d in decisions)
    # What the cycles show: the year's review reads its quarters and the carried items; one
    # member is HTXSNV two years running; residential members are on Mẫu 2C.
    from phieukin.evaluations.services import carried_over, quarterly_ratings
    from phieukin.evaluations.services.history import member_history, streak

    year = periods.get(year=2025, cycle="annual")
    subjects = year.subjects.filter(kind="individual", in_scope=True)
    assert all(len(quarterly_ratings(s)) == 2 for s in subjects)
    statuses = {c.item.text: c.status_vi for s in subjects for c in carried_over(s)}
    assert statuses["Chưa tham gia đầy đủ sinh hoạt chi bộ"] in {"đã khắc phục", "đang khắc phục"}
    assert "đã khắc phục" in statuses.values() and "đang khắc phục" in statuses.values()
    assert statuses["Chậm nộp đảng phí quý 3"] == "đang khắc phục"
    runs = [streak(member_history(s.member)) for s in subjects]  # type: ignore[arg-type]
    assert max(runs) == 2
    assert subjects.filter(rules_kind="member_outside_system").exists()
