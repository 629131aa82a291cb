"""Staff and trustee pages: ballot setup, counting board, cards, key ceremony, decryption.

Views validate → call one service → render or redirect (docs/architecture.md §3.6). Every view
starts with an ``access_*`` call; service errors become a message on the page, never a 500.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import declare_access, get_object_for_user
from phieukin.meetings.models import AgendaItem
from phieukin.voting import ceremony, chair, credentials, paper, services, tally
from phieukin.voting.access import access_ballot, access_trustee
from phieukin.voting.errors import VotingError
from phieukin.voting.forms import (
    BallotForm,
    MessageForm,
    QuestionForm,
    RatingListForm,
    TrusteesForm,
)
from phieukin.voting.models import Ballot, EventKind, RejectedSubmission, Trustee

STAFF = "org_staff"
# How the URL-walk test (tests/web/test_security_url_walk.py) finds a ballot's organization.
BALLOT_ACCESS = {
    "kwarg": "pk",
    "model": "voting.Ballot",
    "org_field": "agenda_item__conference__organization",
}


def _back(ballot_id: int, name: str = "voting:ballot_detail") -> HttpResponse:
    return redirect(reverse(name, args=[ballot_id]))


@declare_access(login=True)
@login_required
def ballot_list(request: HttpRequest) -> HttpResponse:
    """Every ballot of the organizations the user can see and of the conferences the user's
    party member is convened to (a member of the city's Executive Committee belongs to a cell
    far below the city), newest conference first; each links to what the user may open."""
    from phieukin.accounts.permissions import member_for_user, organizations_for_user

    orgs = organizations_for_user(request.user)
    member = member_for_user(request.user)
    convened = Q(agenda_item__conference__attendance__member=member) if member else Q(pk=None)
    ballots = (
        Ballot.objects.filter(Q(agenda_item__conference__organization__in=orgs) | convened)
        .distinct()
        .select_related("agenda_item__conference")
        .order_by("-agenda_item__conference__held_on", "-id")
    )
    managed = set(
        organizations_for_user(request.user, role=(STAFF, "chair")).values_list("pk", flat=True)
    )
    # Only where the user may create a ballot (ballot_new asks the same role): no link to a 403.
    items = AgendaItem.objects.filter(
        conference__organization__in=organizations_for_user(request.user, role=STAFF),
        kind__in=["rating", "election"],
    ).select_related("conference")
    seated = set(
        Trustee.objects.filter(user_id=request.user.pk).values_list("ballot_id", flat=True)
    )
    context = {"ballots": ballots, "items": items, "managed": managed, "seated": seated}
    return render(request, "voting/ballot_list.html", context)


@login_required
def ballot_new(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    item = get_object_for_user(
        request.user,
        AgendaItem.objects.select_related("conference__organization"),
        agenda_item_id,
        org_field="conference__organization",
        role=STAFF,
    )
    form = BallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.do_create_ballot(item, **form.cleaned_data, actor=request.user)
        except VotingError as exc:
            form.add_error(None, exc.message)
        else:
            return _back(ballot.pk)
    return render(request, "voting/ballot_new.html", {"form": form, "item": item})


@login_required
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=(STAFF, "chair"))
    context = {
        "ballot": ballot,
        "questions": ballot.questions.order_by("order"),
        "trustees": ballot.trustees.select_related("user").order_by("index"),
        "question_form": QuestionForm(),
        "rating_form": RatingListForm(),
        "trustees_form": TrusteesForm(),
        "batch": getattr(ballot, "credential_batch", None),
        "convened_present": credentials.attendance_counts(ballot),
        "warnings": chair.privacy_warnings(ballot),
        "next_steps": next_steps(ballot),
    }
    return render(request, "voting/ballot_detail.html", context)


def next_steps(ballot: Ballot) -> list[str]:
    """What must happen next, and who does it (shown on the setup and chair pages)."""
    from phieukin.voting.progress import next_steps as steps

    return steps(ballot)


def _run(request: HttpRequest, action: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        action(*args, **kwargs, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
        return False
    return True


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=STAFF)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the question form."))
        return _back(pk)
    d = form.cleaned_data
    _run(
        request,
        services.do_add_question,
        ballot,
        kind=d["kind"],
        prompt=d["prompt"],
        options=d["candidates"].splitlines(),
        max_choices=d["max_choices"],
    )
    return _back(pk)


@login_required
@require_POST
def rating_list_add(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=STAFF)
    form = RatingListForm(request.POST)
    if form.is_valid():
        _run(request, services.do_add_rating_list, ballot, form.subject_lines())
    return _back(pk)


@login_required
@require_POST
def trustees_set(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=STAFF)
    form = TrusteesForm(request.POST)
    if form.is_valid():
        names = form.usernames()
        users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
        missing = [n for n in names if n not in users]
        if missing:
            messages.error(request, _("Unknown user: %(names)s") % {"names": ", ".join(missing)})
        else:
            _run(request, services.do_set_trustees, ballot, [users[n] for n in names])
    return _back(pk)


@login_required
@require_POST
def ceremony_start(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=STAFF)
    if _run(request, services.do_start_ceremony, ballot):
        return _back(pk, "voting:ceremony")
    return _back(pk)


@declare_access(role=Role.ORG_STAFF, **BALLOT_ACCESS)
@login_required
@require_POST
def ballot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = access_ballot(request.user, pk, role=STAFF)
    _run(request, services.do_cancel, ballot)
    return _back(pk)


@declare_access(role=Role.ORG_STAFF, **BALLOT_ACCESS)
@login_required
@require_POST
def ballot_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a cancelled ballot again as a new draft (a failed ceremony is restarted)."""
    ballot = access_ballot(request.user, pk, role=STAFF)
    try:
        copy = services.do_copy_ballot(ballot, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
        return _back(pk)
    return _back(copy.pk)


CARD_FONTS = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}
FONT_DIR = Path(__file__).resolve().parent.parent / "web" / "fonts"


@declare_access(public=True)
def card_font(request: HttpRequest, weight: str) -> HttpResponse:
    """The vendored font the browser embeds in the cards PDF (full Vietnamese, no CDN)."""
    name = CARD_FONTS.get(weight)
    if name is None:
        raise Http404
    response = FileResponse((FONT_DIR / name).open("rb"), content_type="font/ttf")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _ceremony_context(ballot: Ballot, seat: Trustee | None) -> dict[str, Any]:
    st = ceremony.state(ballot)
    decrypted = tally.decryption_state(ballot)
    rows = [
        {
            "trustee": t,
            "cells": [
                *((t.index in st.done(k), _CELL[k]) for k in ceremony.PHASES),
                (t.index in st.possessions, "possess"),
                (t.index in decrypted, "decrypt"),
            ],
        }
        for t in ballot.trustees.select_related("user").order_by("index")
    ]
    return {
        "ballot": ballot,
        "seat": seat,
        "rows": rows,
        "form": MessageForm(),
        "next_steps": next_steps(ballot),
        "failed": ceremony.failed(st, ballot.threshold),
        "cards": credentials.credentials_summary(ballot),
        "key_file": key_file_name(ballot, seat) if seat else "",
        "rejections": RejectedSubmission.objects.filter(ballot=ballot).select_related(
            "trustee__user"
        ),
    }


_CELL = {"dkg_commit": "commit", "dkg_reveal": "reveal", "dkg_check": "check", "dkg_ack": "ack"}


def key_file_name(ballot: Ballot, seat: Trustee) -> str:
    """``phieukin-bo-phieu-<ballot>-thanh-vien-<i>-<login>.key.json``: named for both."""
    who = slugify(seat.user.get_username()) or f"u{seat.user_id}"
    return f"phieukin-bo-phieu-{ballot.pk}-thanh-vien-{seat.index}-{who}.key.json"


@login_required
def ceremony_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Ceremony and decryption status for everyone involved; the trustee's own panel."""
    ballot = access_ballot(request.user, pk, role=(STAFF, "chair", "trustee"))
    seat = Trustee.objects.filter(ballot=ballot, user_id=request.user.pk).first()
    return render(request, "voting/ceremony.html", _ceremony_context(ballot, seat))


@login_required
@require_POST
def trustee_message(request: HttpRequest, pk: int) -> HttpResponse:
    """A ceremony step or partial decryption: JSON from the browser, or pasted from the CLI."""
    ballot, seat = access_trustee(request.user, pk)
    as_json = request.content_type == "application/json"
    try:
        raw = request.body if as_json else request.POST.get("message", "")
        message = json.loads(raw)
        kind, payload = message["type"], message["payload"]
    except (ValueError, TypeError, KeyError):
        return _reply(
            request, pk, as_json, "malformed_request", _("The message is not valid JSON.")
        )
    try:
        _TRUSTEE_STEPS.get(kind, _dkg(kind))(ballot, seat, payload)
    except VotingError as exc:
        return _reply(request, pk, as_json, exc.code, exc.message)
    return _reply(request, pk, as_json, "", _("Accepted and published on the board."))


def _dkg(kind: str) -> Any:
    return lambda ballot, seat, payload: ceremony.do_submit_dkg(ballot, seat, kind, payload)


# Every message a trustee sends, by its record event type (one door: trustee_message).
_TRUSTEE_STEPS: dict[str, Any] = {
    EventKind.KEY_POSSESSION: ceremony.do_prove_possession,
    EventKind.CREDENTIALS: credentials.do_submit_credentials,
    EventKind.ENDORSEMENT: credentials.do_endorse_credentials,
    EventKind.PARTIAL: tally.do_submit_partial,
    "paper_signature": paper.do_sign_paper_count,
}


def _reply(request: HttpRequest, pk: int, as_json: bool, code: str, message: str) -> HttpResponse:
    if as_json:
        body = (
            {"code": code, "message": message}
            if code
            else {"status": "accepted", "message": message}
        )
        return JsonResponse(body, status=400 if code else 201)
    (messages.error if code else messages.success)(request, message)
    return _back(pk, "voting:ceremony")
