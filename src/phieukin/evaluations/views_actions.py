"""POST handlers of the review pages: each validates its form, calls one service and redirects;
a refusal re-renders the page with the rule(s) named in Vietnamese (status 400), never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    organizations_for_user,
)
from phieukin.evaluations import forms
from phieukin.evaluations.frameworks_view import self_review_form
from phieukin.evaluations.models import Cycle, Decision, Period, Subject
from phieukin.evaluations.services import (
    CapConfirmationError,
    EvaluationError,
    SelfReviewData,
    assessment_inputs,
    check_decision,
    do_announce_result,
    do_appraise,
    do_cancel_and_rerate,
    do_comment,
    do_decide,
    do_open_period,
    do_record_vote,
    do_set_member_form,
    do_submit_self_review,
)
from phieukin.evaluations.services.kinds import rules_for
from phieukin.evaluations.views import (
    can_write_review,
    check_summary,
    get_subject,
    rating_items,
    render_subject,
)
from phieukin.meetings.models import Resolution
from phieukin.meetings.services import MeetingError
from phieukin.rules import Body, RuleError, assess

SUBJECT_ACCESS = {
    "kwarg": "pk",
    "model": "evaluations.Subject",
    "org_field": "period__organization",
}


def _done(request: HttpRequest, subject: Subject, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("evaluations:subject_detail", pk=subject.pk)


def _cap(exc: CapConfirmationError) -> dict[str, list[str]]:
    return {"warnings": [v.explain_vi() for v in exc.violations]}


def _refused(request: HttpRequest, subject: Subject, exc: Exception, **extra: Any) -> HttpResponse:
    return render_subject(request, subject, 400, errors=[str(exc)], **extra)


def _deciding(
    request: HttpRequest,
    subject: Subject,
    decide: Callable[[], object],
    *,
    done: str,
    **form: Any,
) -> HttpResponse:
    """Run a service that rates ``subject`` (decide, or cancel and re-rate) and answer as both do.

    A cap the decision would pass re-renders the page with its warnings and the box to confirm
    (400); any other refusal names its rule (400); success redirects with ``done``. ``form``
    is the page's bound form by its context name (``decision_form=…``).
    """
    try:
        decide()
    except CapConfirmationError as exc:
        return render_subject(request, subject, 400, check=_cap(exc), **form)
    except EvaluationError as exc:
        return _refused(request, subject, exc, **form)
    return _done(request, subject, done)


@declare_access(role=Role.ORG_STAFF, **SUBJECT_ACCESS)
@login_required
@require_POST
def self_review(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject(request, pk)
    if not can_write_review(request, subject):
        raise PermissionDenied
    form = self_review_form(subject, request.POST)
    if not form.is_valid():
        return render_subject(request, subject, 400, review_form=form)
    c = form.cleaned_data
    data = SelfReviewData(
        proposed_level=c["proposed_level"],
        texts={name: c.get(name, "") for name, _label in forms.TEXTS},
        criterion_scores={code: c[f"score_{code}"] for code in form.score_codes},
        group_i=c.get("group_i"),
        group_ii=c.get("group_ii"),
        criteria_ratings={
            code: c[f"rating_{code}"] for code, _l in forms.CRITERIA_124 if f"rating_{code}" in c
        },
        task_rating=c.get("task_rating", ""),
        tasks=form.tasks("tasks_"),
        led_tasks=form.tasks("led_") if subject.is_leader else None,
        shortcomings=c["shortcomings"],
        earlier={
            pk: (c[f"earlier_{pk}"], c.get(f"earlier_note_{pk}", "")) for pk in form.earlier_ids
        },
    )
    try:
        do_submit_self_review(subject, data, actor=request.user)
    except EvaluationError as exc:
        return _refused(request, subject, exc, review_form=form)
    return _done(request, subject, _("The self-review is recorded."))


@declare_access(role=Role.ORG_STAFF, **SUBJECT_ACCESS)
@login_required
@require_POST
def appraise(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject(request, pk, role=Role.ORG_STAFF)
    form = forms.AppraisalForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["level"]:
        if form.is_valid():
            form.add_error("level", _("Choose one of the four levels."))
        return render_subject(request, subject, 400, appraisal_form=form)
    c = form.cleaned_data
    try:
        do_appraise(
            subject, level=c["level"], body=c["body"], remarks=c["remarks"], actor=request.user
        )
    except EvaluationError as exc:
        return _refused(request, subject, exc, appraisal_form=form)
    return _done(request, subject, _("The appraisal is recorded."))


@declare_access(role=None, **SUBJECT_ACCESS)
@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject(request, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        return render_subject(request, subject, 400, comment_form=form)
    try:
        do_comment(
            subject,
            author_name=form.cleaned_data["author_name"],
            text=form.cleaned_data["text"],
            actor=request.user,
        )
    except EvaluationError as exc:
        return _refused(request, subject, exc, comment_form=form)
    return _done(request, subject, _("The comment is recorded."))


def _grantable(subject: Subject) -> list[tuple[str, str]]:
    try:
        result = assess(rules_for(subject.period), assessment_inputs(subject))
    except RuleError:
        return []
    return [(item.code, item.message_vi) for item in result.needs_decision]


@declare_access(role=Role.ORG_STAFF, **SUBJECT_ACCESS)
@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """``action=check`` shows every rule check; otherwise decide (cap warnings need the box)."""
    subject = get_subject(request, pk, role=Role.ORG_STAFF)
    form = forms.DecisionForm(request.POST, grantable=_grantable(subject))
    if not form.is_valid():
        return render_subject(request, subject, 400, decision_form=form)
    c = form.cleaned_data
    body = Body(c["body"])
    if request.POST.get("action") == "check":
        check = check_decision(
            subject, c["level"], body=body, granted=c["granted"], reasons=c["reasons"]
        )
        return render_subject(request, subject, decision_form=form, check=check_summary(check))
    return _deciding(
        request, subject,
        lambda: do_decide(
            subject, c["level"], body=body, method=c["method"], number=c["number"],
            reasons=c["reasons"], granted=c["granted"], confirm_cap=c["confirm_cap"],
            actor=request.user,
        ),
        done=_("The decision is recorded."), decision_form=form,
    )  # fmt: skip


@declare_access(role=Role.ORG_STAFF, **SUBJECT_ACCESS)
@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject(request, pk, role=Role.ORG_STAFF)
    form = forms.VoteForm(request.POST, items=rating_items(subject))
    if not form.is_valid():
        return render_subject(request, subject, 400, vote_form=form)
    c = form.cleaned_data
    item = c["agenda_item"]
    try:
        with transaction.atomic():
            recorded = do_record_vote(
                subject, method=c["method"], body=c["body"], counts=form.counts(),
                blank=c["blank"] or 0, convened=c["convened"], agenda_item=item,
                actor=request.user,
            )  # fmt: skip
            if item is not None and not Resolution.objects.filter(agenda_item=item).exists():
                do_announce_result(item, [recorded], actor=request.user)
    except (EvaluationError, MeetingError) as exc:
        return _refused(request, subject, exc, vote_form=form)
    return _done(request, subject, _("The vote is recorded."))


@declare_access(
    role=Role.SUPERIOR,
    kwarg="pk",
    model="evaluations.Decision",
    org_field="subject__period__organization",
)
@login_required
@require_POST
def rerate(request: HttpRequest, pk: int) -> HttpResponse:
    """Mẫu 03: the superior cancels the decision and re-rates."""
    decision = get_object_for_user(
        request.user, Decision.objects.select_related("subject__period__organization"), pk,
        org_field="subject__period__organization", role=Role.SUPERIOR,
    )  # fmt: skip
    subject = decision.subject
    form = forms.ReRateForm(request.POST)
    if not form.is_valid():
        return render_subject(request, subject, 400, rerate_form=form)
    c = form.cleaned_data
    return _deciding(
        request, subject,
        lambda: do_cancel_and_rerate(
            decision, level=c["level"], reasons=c["reasons"], number=c["number"],
            confirm_cap=c["confirm_cap"], actor=request.user,
        ),
        done=_("The decision is cancelled and the subject re-rated."), rerate_form=form,
    )  # fmt: skip


@declare_access(roles=(Role.ORG_STAFF,))
@login_required
@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    orgs = organizations_for_user(request.user, role=Role.ORG_STAFF)
    if not orgs.exists():
        raise PermissionDenied
    form = forms.OpenPeriodForm(request.POST, organizations=orgs)
    errors: list[str] = []
    if form.is_valid():
        c = form.cleaned_data
        try:
            period = do_open_period(
                c["organization"],
                c["year"],
                cycle=c["cycle"] or Cycle.ANNUAL,
                quarter=c["quarter"],
                reason=c["reason"],
                depth=c["depth"],
                actor=request.user,
            )
        except EvaluationError as exc:
            errors.append(str(exc))
        else:
            messages.success(request, _("The period is open."))
            return redirect("evaluations:period_detail", pk=period.pk)
    visible = organizations_for_user(request.user).values("pk")
    page = Paginator(Period.objects.filter(organization__in=visible), 30).get_page(1)
    context = {"page": page, "open_form": form, "errors": errors}
    return render(request, "evaluations/period_list.html", context, status=400)


@declare_access(role=Role.ORG_STAFF, **SUBJECT_ACCESS)
@login_required
@require_POST
def member_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff choose Mẫu 2B or 2C by the member's position (before the self-review)."""
    subject = get_subject(request, pk, role=Role.ORG_STAFF)
    form = forms.MemberFormForm(request.POST)
    if not form.is_valid():
        return _refused(request, subject, _("Choose form 2B or 2C."))
    try:
        do_set_member_form(subject, form.cleaned_data["form"], actor=request.user)
    except EvaluationError as exc:
        return _refused(request, subject, exc)
    return _done(request, subject, _("The review form is set."))
