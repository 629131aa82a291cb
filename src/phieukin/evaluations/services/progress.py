"""Progress of a period: who has reviewed, been appraised, been rated — and who not yet."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from phieukin.evaluations.models import Period, Subject


@dataclass(frozen=True)
class Progress:
    total: int
    in_scope: int
    out_of_scope: int
    self_reviewed: int
    appraised: int
    decided: int

    @property
    def percent_decided(self) -> int:
        return round(100 * self.decided / self.in_scope) if self.in_scope else 100


def period_progress(period: Period) -> Progress:
    """Counts in one aggregate query."""
    row = Subject.objects.filter(period=period).aggregate(
        n_total=Count("pk"),
        n_in_scope=Count("pk", filter=Q(in_scope=True)),
        n_reviewed=Count("pk", filter=Q(in_scope=True, self_review__isnull=False)),
        n_appraised=Count("pk", filter=Q(in_scope=True, proposed_level__isnull=False)),
        n_decided=Count("pk", filter=Q(decided_level__isnull=False)),
    )
    return Progress(
        total=row["n_total"],
        in_scope=row["n_in_scope"],
        out_of_scope=row["n_total"] - row["n_in_scope"],
        self_reviewed=row["n_reviewed"],
        appraised=row["n_appraised"],
        decided=row["n_decided"],
    )


def not_yet_rated(period: Period) -> QuerySet[Subject]:
    return Subject.objects.filter(period=period, in_scope=True, decided_level__isnull=True)
