"""The demo's conference No. 16 to the city's rating through the real ballot: staff create the
ballot from the rating agenda item (its question and reference set by the system), the counting
board runs the ceremony, every member present casts an encrypted ballot, two trustees decrypt,
and the published result is recorded as the Executive Committee's decision (QĐ 124: the city
committee rates itself), with the cap as information, the resolution and the live roll-up."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import (
    CollectiveKind,
    Decision,
    Period,
    RatingBallot,
    Subject,
    VoteRecord,
)
from phieukin.evaluations.rollup import rollup
from phieukin.evaluations.services import period_progress, subject_ref
from phieukin.meetings.models import AgendaKind, Resolution
from phieukin.rules import Body
from phieukin.voting.results import question_results
from phieukin.web.demo import load_demo
from tests.demo_ballot import run_demo_ballot

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def test_the_demo_conference_rates_the_city_through_its_secret_ballot(
    django_capture_on_commit_callbacks: object,
) -> None:
    summary = load_demo()
    period = Period.objects.get(year=2023)  # the conference's (the cycles cell has 2024–2025)
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
    assert not RatingBallot.objects.exists()  # the demo stops where staff create the ballot
    assert rollup(city.organization, period).collectives.unrated == 1  # live from the start

    ballot = run_demo_ballot(
        summary,
        on_commit=lambda: django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
    )
    item = summary.conference.agenda_items.get(kind=AgendaKind.RATING)
    assert RatingBallot.objects.get().ballot == ballot and ballot.agenda_item == item
    (question,) = ballot.questions.all()
    assert question.subject_ref == subject_ref(city) and question.prompt == city.organization.name
    present = summary.conference.attendance.filter(role="member", present=True).count()
    assert ballot.result["counts"] == [[present, 0, 0, 0, 0]] and present == 69

    vote = VoteRecord.objects.get(subject=city)
    assert vote.is_decision and vote.body == Body.PROVINCIAL_EXECUTIVE_COMMITTEE
    assert vote.outcome_level == "htxsnv" and vote.counts["HTXSNV"] == 69
    assert (vote.convened, vote.denominator) == (71, 69)  # two excused for the whole session
    assert vote.head_hash == ballot.result["head"] and vote.ballot == ballot
    decision = Decision.objects.get(subject=city)  # no manual re-entry, no confirmation
    assert decision.level == "htxsnv" and decision.vote == vote and decision.warnings == []
    assert "do cấp trên áp dụng" in decision.cap_info
    resolution = Resolution.objects.get(agenda_item=item)
    assert resolution.outcome == "HTXSNV" and resolution.denominator == 69
    (shown,) = question_results(ballot)  # the result page prints the recorded outcome
    assert "69/69" in shown.decision and "quyết định xếp loại của hội nghị" in shown.decision
    assert period_progress(period).percent_decided == 100
    live = rollup(city.organization, period)
    assert live.collectives.levels["htxsnv"] == 1 and live.collectives.unrated == 0
