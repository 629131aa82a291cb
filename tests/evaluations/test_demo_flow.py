"""The Hanoi-like demo runs the period from the self-reviews to the city's rating: after the
demo ballot's result is published, the Executive Committee's vote is recorded as the decision,
held for the cap confirmation, then confirmed; the rating item's resolution carries it."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import CollectiveKind, Decision, Period, Subject, VoteRecord
from phieukin.evaluations.services import do_decide, period_progress
from phieukin.meetings.models import AgendaKind, Resolution
from phieukin.rules import Body
from phieukin.voting.models import Ballot
from phieukin.voting.signals import result_published
from phieukin.web.demo import load_demo

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def test_the_demo_period_reaches_the_citys_rating() -> None:
    summary = load_demo()
    period = Period.objects.get()
    city = Subject.objects.get(
        period=period,
        organization=period.organization,
        collective_kind=CollectiveKind.PARTY_ORGANIZATION,
    )
    before = period_progress(period)
    assert (before.self_reviewed, before.decided) == (before.in_scope, before.in_scope - 1)
    assert city.proposed_level == "htxsnv" and city.submissions.get().number == "58-TTr/TU"
    submission_item = city.submissions.get().agenda_item
    assert submission_item.speakers.count() == 9 and submission_item.explanation.presenter_name

    ballot = Ballot.objects.get(agenda_item__conference=summary.conference)
    present = summary.conference.attendance.filter(role="member", present=True).count()
    ref = ballot.decides
    result_published.send(
        sender=Ballot,
        ballot=ballot,
        decides=ref,
        refs=[ref],
        result={"counts": [[present, 0, 0, 0, 0]]},
    )
    vote = VoteRecord.objects.get(subject=city)
    assert vote.is_decision and vote.body == Body.PROVINCIAL_EXECUTIVE_COMMITTEE
    assert vote.outcome_level == "htxsnv" and f"{present}/" in vote.explanation
    assert not Decision.objects.filter(subject=city).exists()  # the cap warning waits for staff
    decision = do_decide(
        city,
        "htxsnv",
        body=vote.body,
        method="secret_ballot",
        vote=vote,
        confirm_cap=True,
        actor=None,
    )
    assert decision.warnings
    rating = summary.conference.agenda_items.get(kind=AgendaKind.RATING)
    assert Resolution.objects.get(agenda_item=rating).outcome == "HTXSNV"
    assert period_progress(period).percent_decided == 100
