"""The chair's controls, the projector and the result screen.

The projector and the result are public (they are shown to the room); neither ever shows a
partial result: before publication the only number is ballots received vs cards issued.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from phieukin.voting import chair, results, tally
from phieukin.voting.access import access_ballot
from phieukin.voting.errors import VotingError
from phieukin.voting.models import Ballot, BallotStatus

CHAIR = ("chair", "org_staff")


def _public_ballot(pk: int) -> Ballot:
    ballot = Ballot.objects.select_related("agenda_item__conference").filter(pk=pk).first()
    if ballot is None or ballot.status == BallotStatus.DRAFT:
        raise Http404
    return ballot


def _live_context(ballot: Ballot) -> dict[str, object]:
    """Counts received vs issued; the result tables only once the result is published."""
    published = ballot.status == BallotStatus.PUBLISHED
    return {
        "ballot": ballot,
        "count": chair.live_count(ballot),
        "published": published,
        "head": chair.head_hash(ballot),
        "questions": results.question_results(ballot) if published else [],
    }


@login_required
def chair_page(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=CHAIR)
    context = {
        **_live_context(ballot),
        "blockers": chair.open_blockers(ballot) if ballot.status == BallotStatus.READY else [],
        "warnings": chair.privacy_warnings(ballot),
        "attendance": results.attendance(ballot),
    }
    return render(request, "voting/chair.html", context)


@login_required
@require_POST
def chair_open(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=CHAIR)
    try:
        chair.do_open(ballot, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("voting:chair", args=[pk]))


@login_required
@require_POST
def chair_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=CHAIR)
    try:
        tally.do_close(ballot, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("voting:chair", args=[pk]))


def live(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx fragment polled by the chair's page and the projector."""
    ballot = _public_ballot(pk)
    response = render(request, "voting/_live.html", _live_context(ballot))
    patch_vary_headers(response, ["HX-Request"])
    return response


def projector(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _public_ballot(pk)
    return render(request, "voting/projector.html", _live_context(ballot))


def result_page(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _public_ballot(pk)
    context = {
        **_live_context(ballot),
        "attendance": results.attendance(ballot),
        "warnings": results.result_warnings(ballot),
        "minutes": results.minutes_numbers(ballot),
    }
    return render(request, "voting/result.html", context)
