"""The demo city's rating after its ballot: shared by the seed's document tests."""

from __future__ import annotations

from phieukin.evaluations.models import CollectiveKind, Decision, Period, Subject, VoteRecord
from phieukin.evaluations.services import do_decide


def city_subject(period: Period) -> Subject:
    return Subject.objects.get(
        period=period,
        organization=period.organization,
        collective_kind=CollectiveKind.PARTY_ORGANIZATION,
    )


def decide_city(period: Period) -> Subject:
    """The city's recorded vote made its decision; where the cap confirmation holds it back
    (the vote is then recorded, the decision pending), staff confirm it as the page does."""
    city = city_subject(period)
    vote = VoteRecord.objects.get(subject=city)
    if not Decision.objects.filter(subject=city).exists():
        do_decide(
            city, "htxsnv", body=vote.body, method="secret_ballot", vote=vote, confirm_cap=True,
            actor=None,
        )  # fmt: skip
    return city
