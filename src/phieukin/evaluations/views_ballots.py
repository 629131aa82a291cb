"""A rating agenda item's page: what it votes on, its secret ballot(s) and what they decided.

Staff create the ballot here with one button (its questions come from the item's subjects, the
counting board from the holders of the trustee role), and, when a round gave no level, the
round-2 ballot. Everyone who may see the conference reads the outcome: the decision, or the
proposal to the competent level, with the votes, the one denominator and the record's hash.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    has_role,
    organizations_for_user,
    users_with_role,
)
from phieukin.evaluations.models import Decision, RatingBallot, Subject, VoteRecord
from phieukin.evaluations.services import (
    EvaluationError,
    PaperMinutes,
    do_create_rating_ballot,
    do_record_paper_only,
)
from phieukin.evaluations.services.ballots import (
    do_create_revote,
    item_subjects,
    question_label,
    rating_ballots,
    record_ballot_result,
    revote_subjects,
)
from phieukin.evaluations.services.kinds import BODY_LABELS
from phieukin.evaluations.services.paper import paper_ref
from phieukin.meetings.models import AgendaItem, AgendaKind
from phieukin.meetings.views import conferences_for_user
from phieukin.rules import Body, Exclusion
from phieukin.rules.paper import SHEET_FIELDS, SHEET_LABELS_VI
from phieukin.voting.models import BallotStatus

LEVEL_LABELS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)

ITEM_ACCESS = {
    "kwarg": "pk",
    "model": "meetings.AgendaItem",
    "org_field": "conference__organization",
    "expect": {"member": "ok"},
}
RATING_ACCESS = {
    "kwarg": "pk",
    "model": "evaluations.RatingBallot",
    "org_field": "agenda_item__conference__organization",
}


class BallotSetupForm(forms.Form):
    """The counting board (pre-ticked: every trustee-role holder not rated on the ballot) and
    how many of them must decrypt together."""

    trustees = forms.MultipleChoiceField(
        label=gettext_lazy("Counting board"), widget=forms.CheckboxSelectMultiple
    )
    threshold = forms.IntegerField(
        label=gettext_lazy("Trustees needed to decrypt (t)"), min_value=1, max_value=32
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {str(u.pk): u for u in candidates}
        self.fields["trustees"].choices = [(str(u.pk), str(u)) for u in candidates]
        self.fields["trustees"].initial = list(self.candidates)
        self.fields["threshold"].initial = min(2, len(candidates)) or 1

    def chosen(self) -> list[Any]:
        return [self.candidates[pk] for pk in self.cleaned_data["trustees"]]


def _item_for_user(request: HttpRequest, pk: int) -> AgendaItem:
    """An agenda item of a conference the user may see (by organization or convened list);
    an item that is not a rating item shows that it holds no rating vote."""
    item = (
        AgendaItem.objects.select_related("conference__organization", "conference__committee")
        .filter(pk=pk, conference__in=conferences_for_user(request.user))
        .first()
    )
    if item is None:
        raise Http404
    return item


def _staff(request: HttpRequest, item: AgendaItem) -> bool:
    return has_role(request.user, item.conference.organization, Role.ORG_STAFF)


def board_candidates(item: AgendaItem, subjects: list[Subject]) -> list[Any]:
    """Holders of the trustee role on the conference's organization (or above); none may be a
    subject of the ballot (Quy chế 190-QĐ/TW Điều 8)."""
    rated = {s.member_id for s in subjects if s.member_id}
    users = get_user_model().objects.filter(
        pk__in=list(users_with_role(item.conference.organization, Role.TRUSTEE)), is_active=True
    )
    return [u for u in users.order_by("username") if u.member_id not in rated]


def _round_context(rating: RatingBallot) -> dict[str, Any]:
    votes = VoteRecord.objects.filter(ballot=rating.ballot).select_related("subject")
    decisions = {
        d.vote_id: d for d in Decision.objects.filter(vote__in=votes, cancelled_at__isnull=True)
    }
    rows = [
        {
            "vote": v,
            "decision": decisions.get(v.pk),
            "competent": BODY_LABELS.get(Body(v.competent_body), "") if v.competent_body else "",
        }
        for v in votes
    ]
    published = rating.ballot.status == BallotStatus.PUBLISHED
    return {
        "rating": rating,
        "rows": rows,
        "unrecorded": published and not rows,
        "revote": published and bool(revote_subjects(rating)) and not hasattr(rating, "next_round"),
    }


def _staff_item(request: HttpRequest, pk: int) -> AgendaItem:
    """The rating item for a POST by staff of its organization (404 hidden, 403 refused)."""
    items = AgendaItem.objects.select_related("conference__organization")
    item = get_object_for_user(
        request.user, items, pk, org_field="conference__organization", role=Role.ORG_STAFF
    )
    if item.kind != AgendaKind.RATING:
        raise Http404
    return item


def _render_item(
    request: HttpRequest, item: AgendaItem, form: BallotSetupForm | None = None
) -> HttpResponse:
    rating = item.kind == AgendaKind.RATING
    subjects = item_subjects(item) if rating else []
    staff = _staff(request, item)
    rounds = [_round_context(r) for r in rating_ballots(item)]
    live = [r for r in rounds if r["rating"].ballot.status != BallotStatus.CANCELLED]
    can_create = rating and staff and bool(subjects) and not live
    if can_create and form is None:
        form = BallotSetupForm(candidates=board_candidates(item, subjects))
    paper_votes = list(
        VoteRecord.objects.filter(agenda_item=item, ballot_ref=paper_ref(item)).select_related(
            "subject"
        )
    )
    context = {
        "item": item,
        "conference": item.conference,
        "paper_votes": paper_votes,
        "paper_form": rating and staff and bool(subjects) and not live and not paper_votes,
        "sheet_fields": [(k, SHEET_LABELS_VI[k]) for k in SHEET_FIELDS],
        "level_columns": [*LEVEL_LABELS, "Phiếu trắng"],
        "subjects": [(s, question_label(s)) for s in subjects],
        # A convened member from a cell far below reads this page but not the subjects' pages
        # (subject_detail's rule): link only those the user may open, never to a 404.
        "openable": set(
            Subject.objects.filter(
                pk__in=[s.pk for s in subjects]
                + [row["vote"].subject_id for r in rounds for row in r["rows"]],
                period__organization__in=organizations_for_user(request.user),
            ).values_list("pk", flat=True)
        ),
        "rounds": rounds,
        "is_staff": staff,
        "is_rating": rating,
        "form": form if can_create else None,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "evaluations/rating_item.html", context, status=status)


@declare_access(role=None, **ITEM_ACCESS)
@login_required
def rating_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_item(request, _item_for_user(request, pk))


@declare_access(role=Role.ORG_STAFF, **{**ITEM_ACCESS, "expect": {}})
@login_required
@require_POST
def rating_ballot_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One button: the ballot with a question per subject and the chosen counting board."""
    item = _staff_item(request, pk)
    form = BallotSetupForm(request.POST, candidates=board_candidates(item, item_subjects(item)))
    if not form.is_valid():
        return _render_item(request, item, form)
    try:
        rating = do_create_rating_ballot(
            item, trustees=form.chosen(), threshold=form.cleaned_data["threshold"],
            actor=request.user,
        )  # fmt: skip
    except EvaluationError as exc:
        form.add_error(None, str(exc))
        return _render_item(request, item, form)
    messages.success(request, _("The secret ballot is ready: start the key ceremony."))
    return redirect("voting:ballot_detail", pk=rating.ballot_id)


def _staff_rating(request: HttpRequest, pk: int) -> RatingBallot:
    ratings = RatingBallot.objects.select_related("ballot", "agenda_item__conference__organization")
    return get_object_for_user(
        request.user, ratings, pk, org_field=RATING_ACCESS["org_field"], role=Role.ORG_STAFF
    )


@declare_access(role=Role.ORG_STAFF, **RATING_ACCESS)
@login_required
@require_POST
def rating_revote(request: HttpRequest, pk: int) -> HttpResponse:
    """Round 2 on the subjects round 1 left without a level."""
    rating = _staff_rating(request, pk)
    try:
        nxt = do_create_revote(rating, actor=request.user)
    except EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect("evaluations:rating_item", pk=rating.agenda_item_id)
    messages.success(request, _("The round-2 ballot is ready: start the key ceremony."))
    return redirect("voting:ballot_detail", pk=nxt.ballot_id)


@declare_access(role=Role.ORG_STAFF, **RATING_ACCESS)
@login_required
@require_POST
def rating_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a published result by hand when its automatic recording did not happen."""
    rating = _staff_rating(request, pk)
    try:
        record_ballot_result(rating.ballot, actor=request.user)
    except EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluations:rating_item", pk=rating.agenda_item_id)


def _minutes_from_post(post: Any, subjects: list[Subject]) -> PaperMinutes:
    def number(name: str) -> int:
        text = post.get(name, "").strip()
        if not text.isdigit() or len(text) > 9:
            raise EvaluationError(_("Enter a whole number ≥ 0 in every box of the minutes."))
        return int(text)

    excused = number("excused") if post.get("excused", "").strip() else 0
    return PaperMinutes(
        convened=number("convened"),
        present=number("present"),
        sheets={k: number(f"sheet_{k}") for k in SHEET_FIELDS},
        counts=[[number(f"count_{s.pk}_{o}") for o in range(5)] for s in subjects],
        excluded={Exclusion.ABSENT_WITH_APPROVED_REASON.value: excused} if excused else {},
    )


@declare_access(role=Role.ORG_STAFF, **{**ITEM_ACCESS, "expect": {}})
@login_required
@require_POST
def rating_paper_only(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary enters the counting minutes of a paper-only vote held without a server."""
    item = _staff_item(request, pk)
    subjects = item_subjects(item)
    try:
        votes = do_record_paper_only(
            item, _minutes_from_post(request.POST, subjects), subjects=subjects, actor=request.user
        )
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The paper vote is recorded: %(n)d subjects.") % {"n": len(votes)}
        )
    return redirect("evaluations:rating_item", pk=item.pk)
