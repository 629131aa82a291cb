"""The paper part of a poll (docs/paper.md): staff set how many members vote on paper; the
counting board enters the paper count twice and sees what blocks it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import declare_access
from phieukin.rules.paper import SHEET_FIELDS, SHEET_LABELS_VI
from phieukin.voting import paper
from phieukin.voting.access import access_ballot, access_trustee
from phieukin.voting.errors import VotingError
from phieukin.voting.models import Trustee
from phieukin.voting.views import BALLOT_ACCESS

NOT_ON_BOARD = dict.fromkeys(
    ("member", "outsider_staff", "staff", "chair", "superior", "inspector", "admin"), "not_found"
)


def _number(raw: str) -> int | str:
    """A typed count: an integer ≥ 0, or the raw text (refused by the rules with a message)."""
    text = raw.strip()
    return int(text) if text.isdigit() and len(text) <= 9 else text


def count_from_post(post: Any, widths: list[int]) -> dict[str, Any]:
    return {
        "sheets": {k: _number(post.get(f"sheet_{k}", "")) for k in SHEET_FIELDS},
        "counts": [
            [_number(post.get(f"count_{q}_{o}", "")) for o in range(width)]
            for q, width in enumerate(widths)
        ],
    }


def _context(ballot: Any, seat: Trustee | None) -> dict[str, Any]:
    state = paper.paper_state(ballot)
    prompts, options = paper.labels(ballot)
    mine = state.entries.get(seat.index) if seat else None
    rows = [
        {
            "q": q,
            "prompt": prompt,
            "cells": [
                (o, label, mine.counts[q][o] if mine else "") for o, label in enumerate(options[q])
            ],
        }
        for q, prompt in enumerate(prompts)
    ]
    return {
        "ballot": ballot,
        "seat": seat,
        "state": state,
        "sheet_fields": [
            (k, SHEET_LABELS_VI[k], getattr(mine.sheets, k) if mine else "") for k in SHEET_FIELDS
        ],
        "rows": rows,
        "cells": [c.label_vi(prompts, options) for c in state.cells],
        "entered_by": sorted(state.entries),
    }


@declare_access(role=(Role.ORG_STAFF, Role.CHAIR, Role.TRUSTEE), **BALLOT_ACCESS)
@login_required
def paper_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the paper count stands; a counting-board member's own entry form."""
    ballot = access_ballot(request.user, pk, role=(Role.ORG_STAFF, Role.CHAIR, Role.TRUSTEE))
    seat = Trustee.objects.filter(ballot=ballot, user_id=request.user.pk).first()
    return render(request, "voting/paper.html", _context(ballot, seat))


@declare_access(role=Role.TRUSTEE, expect=NOT_ON_BOARD, **BALLOT_ACCESS)
@login_required
@require_POST
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One counting-board member's entry (or correction) of the paper count."""
    ballot, seat = access_trustee(request.user, pk)
    data = count_from_post(request.POST, paper.shape(ballot))
    try:
        state = paper.do_enter_paper_count(ballot, seat, data, actor=request.user)
    except VotingError as exc:
        messages.error(request, exc.message)
    else:
        if state.to_sign is not None:
            messages.success(request, _("Both entries agree: the trustees can sign the count."))
        else:
            messages.success(request, _("Your entry is saved."))
    return redirect(reverse("voting:paper", args=[pk]))


@declare_access(role=Role.ORG_STAFF, **BALLOT_ACCESS)
@login_required
@require_POST
def paper_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """How many members present vote on paper, and the spare sheets to print."""
    ballot = access_ballot(request.user, pk, role=Role.ORG_STAFF)
    members, spares = (_number(request.POST.get(k, "0") or "0") for k in ("members", "spares"))
    if not isinstance(members, int) or not isinstance(spares, int):
        messages.error(request, _("Enter whole numbers of members and spare sheets."))
    else:
        try:
            paper.do_set_paper(ballot, members=members, spares=spares, actor=request.user)
        except VotingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Paper ballots saved."))
    return redirect(reverse("voting:ballot_detail", args=[pk]))
