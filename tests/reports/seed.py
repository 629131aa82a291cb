"""The demo city's rating after its ballot: shared by the seed's document tests."""

from __future__ import annotations

from phieukin.evaluations.models import CollectiveKind, Period, Subject


def city_subject(period: Period) -> Subject:
    return Subject.objects.get(
        period=period,
        organization=period.organization,
        collective_kind=CollectiveKind.PARTY_ORGANIZATION,
    )
