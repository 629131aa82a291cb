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

    reviews = list(SelfReview.objects.values_list("submitted_at", flat=True))
    comments = list(SubjectComment.objects.values_list("created_at", flat=True))
    appraisals = list(Appraisal.objects.values_list("appraised_at", flat=True))
    decisions = list(Decision.objects.values_list("decided_at", flat=True))
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
