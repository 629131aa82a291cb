"""The demo's records dated as the story happened, not as the loader ran.

The workflow services stamp each record with the moment it is written (right for real use).
The demo is written in one second of 2026 but tells December 2023 – 9 January 2024: the
self-reviews in mid-December, the cells' comments and the Organization Committee's appraisals
before the year's end, the managing level's decisions on the Standing and Executive Committees
and their members in early January, the Tờ trình on the day its documents went out, and the
morning of conference No. 16 (comments before the explanation, the report's conclusion before
the rating item). The audit log keeps the real time of writing: it records the data entry.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from phieukin.evaluations.models import (
    Appraisal,
    Decision,
    Period,
    SelfReview,
    Subject,
    SubjectComment,
    Submission,
)
from phieukin.meetings.discussion_models import Comment, Resolution
from phieukin.meetings.models import AgendaItem, Conference

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


def _stagger(rows: list[object], start: datetime, field: str, step: timedelta) -> None:
    """Give each row its own time, in id order, ``step`` apart (one office does one at a time)."""
    for n, row in enumerate(rows):
        type(row).objects.filter(pk=row.pk).update(**{field: start + n * step})  # type: ignore[attr-defined]


def date_history(period: Period, conference: Conference) -> None:
    """Re-date the demo's records (see the module docstring); call once, after loading."""
    reviews = list(
        SelfReview.objects.filter(subject__period=period).order_by("subject__kind", "pk")
    )
    _stagger(reviews, at(date(2023, 12, 15), 8, 30), "submitted_at", timedelta(minutes=40))
    comments = list(SubjectComment.objects.filter(subject__period=period).order_by("pk"))
    _stagger(comments, at(date(2023, 12, 20), 14, 0), "created_at", timedelta(minutes=15))
    appraisals = list(Appraisal.objects.filter(subject__period=period).order_by("pk"))
    _stagger(appraisals, at(date(2023, 12, 27), 8, 0), "appraised_at", timedelta(minutes=10))
    decided = at(date(2024, 1, 5), 15, 0)
    Decision.objects.filter(subject__period=period).update(decided_at=decided)
    Subject.objects.filter(period=period, decided_level__isnull=False).update(decided_at=decided)
    Submission.objects.filter(subject__period=period).update(created_at=at(date(2024, 1, 3), 8))
    day = conference.held_on
    items = AgendaItem.objects.filter(conference=conference)
    report = items.order_by("order").first()
    Comment.objects.filter(agenda_item=report, speaker__isnull=True).update(
        submitted_at=at(day, 8, 40)
    )
    Resolution.objects.filter(agenda_item=report).update(announced_at=at(day, 8, 55))
