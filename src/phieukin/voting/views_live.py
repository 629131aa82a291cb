"""The chair's controls, the projector and the result screen.

The projector and the result are public (they are shown to the room); neither ever shows a
partial result: before publication the only number is ballots received vs cards issued.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.permissions import declare_access
from phieukin.voting import ceremony, chair, progress, results, tally
from phieukin.voting.access import access_ballot
from phieukin.voting.attendance import attendance_now, signed_attendance
from phieukin.voting.errors import VotingError
from phieukin.voting.models import Ballot, BallotStatus, EventKind

CHAIR = ("chair", "org_staff")
BALLOT_ACCESS = {
    "kwarg": "pk",
    "model": "voting.Ballot",
    "org_field": "agenda_item__conference__organization",
}


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
        # Wherever the result is shown (the projector shows it to the room), so is the warning.
        "live_warnings": results.result_warnings(ballot) if published else [],
    }


@login_required
def chair_page(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=CHAIR)
    ready = ballot.status == BallotStatus.READY
    signed = signed_attendance(ballot)
    context = {
        **_live_context(ballot),
        "blockers": chair.open_blockers(ballot) if ready else [],
        "warnings": chair.privacy_warnings(ballot),
        "attendance": results.attendance(ballot),
        "next_steps": progress.next_steps(ballot),
        "has_chair_key": ceremony.state(ballot).chair_key is not None,
        "to_sign": attendance_now(ballot) if ready and signed is None else None,
        "can_sign": ready and signed is None and not chair.missing_possessions(ballot),
        "chair_key_file": chair_key_file(ballot, request.user),
    }
    return render(request, "voting/chair.html", context)


def chair_key_file(ballot: Ballot, user: object) -> str:
    """``phieukin-bo-phieu-<ballot>-chu-tri-<login>.key.json``: named for both, saved once."""
    who = slugify(getattr(user, "username", "")) or "chu-tri"
    return f"phieukin-bo-phieu-{ballot.pk}-chu-tri-{who}.key.json"


@declare_access(role=CHAIR, **BALLOT_ACCESS)
@login_required
@require_POST
def chair_message(request: HttpRequest, pk: int) -> JsonResponse:
    """The chair's browser posts its public key or the signed attendance (JSON)."""
    ballot = access_ballot(request.user, pk, role=CHAIR)
    try:
        message = json.loads(request.body)
        kind, payload = message["type"], message["payload"]
    except (ValueError, TypeError, KeyError):
        return JsonResponse(
            {"code": "malformed_request", "message": _("The message is not valid JSON.")},
            status=400,
        )
    steps = {
        EventKind.CHAIR_KEY: chair.do_register_chair_key,
        EventKind.ATTENDANCE: chair.do_sign_attendance,
    }
    if kind not in steps:
        return JsonResponse({"code": "invalid_schema", "message": _("Unknown step.")}, status=400)
    try:
        steps[kind](ballot, payload, actor=request.user)
    except VotingError as exc:
        return JsonResponse({"code": exc.code, "message": exc.message}, status=exc.status)
    return JsonResponse(
        {"status": "accepted", "message": _("Accepted and published on the board.")}, status=201
    )


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
        "paper": results.paper_numbers(ballot),
    }
    return render(request, "voting/result.html", context)
