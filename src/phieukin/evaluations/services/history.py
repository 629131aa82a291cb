"""A member's and an organization's levels across the years, and the run of HTXSNV years.

The rewards rules count consecutive years "Hoàn thành xuất sắc nhiệm vụ", so the history is
the annual series: one level per evaluation year, read from the annual periods only — a
quarterly, by-term or ad hoc period (QĐ 366) is a review of its own and never stands in for
the year. A year with several annual subjects (the member rated by two organizations' periods)
keeps the decided one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from phieukin.evaluations.models import CollectiveKind, Cycle, Level, Subject
from phieukin.organizations.models import Member, Organization


@dataclass(frozen=True)
class YearLevel:
    year: int
    level: str | None
    period_title: str
    regulation: str = ""


def _series(subjects: QuerySet[Subject]) -> list[YearLevel]:
    rows = (
        subjects.filter(period__cycle=Cycle.ANNUAL)
        .order_by("period__year", "period__id")
        .values_list("period__year", "decided_level", "period__title", "period__regulation")
    )
    by_year: dict[int, YearLevel] = {}
    for year, level, title, regulation in rows:
        if level is not None or year not in by_year:
            by_year[year] = YearLevel(year, level, title, regulation)
    return [by_year[y] for y in sorted(by_year)]


def member_history(member: Member) -> list[YearLevel]:
    """The member's decided level per evaluation year, oldest first (one query)."""
    return _series(Subject.objects.filter(member=member))


def organization_history(
    organization: Organization, collective_kind: str | None = None
) -> list[YearLevel]:
    """The organization's own level per year (as a party organization or cell, unless
    ``collective_kind`` names one of its committees), oldest first."""
    kinds = (
        [collective_kind]
        if collective_kind
        else [CollectiveKind.PARTY_ORGANIZATION, CollectiveKind.CELL]
    )
    return _series(Subject.objects.filter(organization=organization, collective_kind__in=kinds))


def streak(history: list[YearLevel], level: str = Level.HTXSNV) -> int:
    """Consecutive most recent years at ``level`` (e.g. HTXSNV five years running); a year
    missing from the series, or not yet decided, ends the run."""
    count = 0
    expected: int | None = None
    for entry in reversed(history):
        if entry.level != level or (expected is not None and entry.year != expected):
            break
        count += 1
        expected = entry.year - 1
    return count
