"""QĐ 366's cycles seen from one subject: its quarterly self-ratings (HD 43 Mẫu 05) that feed
the year's review, and the shortcomings carried into this review from earlier periods.

A quarter's subject and the year's subject of the same owner are different rows (one per
period); they are matched by owner — the member, or the organization and kind of collective —
as the shortcomings are (``services.inputs.earlier_shortcomings``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from phieukin.evaluations.models import Cycle, Shortcoming, ShortcomingStatus, Subject
from phieukin.evaluations.services.inputs import earlier_shortcomings


@dataclass(frozen=True)
class QuarterRating:
    """One quarter's rating of the owner: the self-rating (Mẫu 05) and the decided level."""

    quarter: int
    subject_id: int
    period_title: str
    self_level: str | None
    decided_level: str | None


def same_owner(subject: Subject) -> QuerySet[Subject]:
    """Every subject, in any period, of the same member or collective as ``subject``."""
    if subject.member_id is not None:
        return Subject.objects.filter(member_id=subject.member_id)
    return Subject.objects.filter(
        organization_id=subject.organization_id, collective_kind=subject.collective_kind
    )


def quarterly_ratings(subject: Subject) -> list[QuarterRating]:
    """The owner's quarterly ratings in the subject's year, quarter 1 first (empty for a
    quarterly subject itself, or when the year had no quarterly periods)."""
    period = subject.period
    if period.cycle == Cycle.QUARTERLY:
        return []
    rows = (
        same_owner(subject)
        .filter(period__year=period.year, period__cycle=Cycle.QUARTERLY)
        .order_by("period__quarter", "period__id")
        .values_list("period__quarter", "pk", "period__title", "self_level", "decided_level")
    )
    by_quarter: dict[int, QuarterRating] = {}
    for quarter, pk, title, self_level, decided in rows:
        if quarter not in by_quarter or decided is not None:
            by_quarter[quarter] = QuarterRating(quarter, pk, title, self_level, decided)
    return [by_quarter[q] for q in sorted(by_quarter)]


@dataclass(frozen=True)
class CarriedItem:
    """A shortcoming named in an earlier period, as this review reports on it."""

    item: Shortcoming
    named_in: str  # the period's title
    remedied: bool

    @property
    def status_vi(self) -> str:
        """ "đã khắc phục" / "đang khắc phục" / "chưa khắc phục" (the Mẫu's wording, III)."""
        return {
            ShortcomingStatus.REMEDIED: "đã khắc phục",
            ShortcomingStatus.IN_PROGRESS: "đang khắc phục",
        }.get(ShortcomingStatus(self.item.status), "chưa khắc phục")


def carried_over(subject: Subject) -> list[CarriedItem]:
    """The shortcomings carried into ``subject``'s review, with where each was named."""
    return [
        CarriedItem(s, s.subject.period.title, s.status == ShortcomingStatus.REMEDIED)
        for s in earlier_shortcomings(subject)
    ]
