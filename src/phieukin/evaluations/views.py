"""Review pages: periods with their progress, one subject with its review, appraisal, votes,
decisions and the forms of the next step. Validate → service → render; the permission layer
loads and authorizes every object (``phieukin.accounts.permissions``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    has_role,
    member_for_user,
    organizations_for_user,
)
from phieukin.evaluations import forms
from phieukin.evaluations.frameworks_view import self_review_form
from phieukin.evaluations.models import Period, Subject
from phieukin.evaluations.services import (
    carried_over,
    earlier_shortcomings,
    not_yet_rated,
    period_deadlines,
    period_progress,
    quarterly_ratings,
)
from phieukin.evaluations.services.checks import DecisionCheck
from phieukin.evaluations.services.kinds import (
    authority,
    chain_labels,
    home_organization,
    rules_kind,
)
from phieukin.evaluations.services.reviews import FORM_KINDS
from phieukin.meetings.models import AgendaItem, AgendaKind, Conference

SUBJECTS = Subject.objects.select_related("period__organization", "member", "organization")


def periods_for_user(user: Any) -> QuerySet[Period]:
    """Periods of the organizations ``user`` may see, and those where their party member is
    rated or was convened to a conference of the organization running the period.

    A member of the city's Executive Committee belongs to a cell far below the city: the
    organization scope alone hid the very period their conference rates («Chưa có kỳ đánh
    giá»). Being convened, or rated, is what entitles them to read it."""
    visible = organizations_for_user(user).values("pk")
    scope = Q(organization__in=visible)
    member = member_for_user(user)
    if member is not None:
        convened = Conference.objects.filter(attendance__member=member).values("organization")
        scope |= Q(organization__in=convened) | Q(subjects__member=member)
    return Period.objects.filter(scope).distinct().select_related("organization")


def get_period(request: HttpRequest, pk: int) -> Period:
    """A period ``user`` may read (see ``periods_for_user``): 404 otherwise."""
    period = periods_for_user(request.user).filter(pk=pk).first()
    return period or get_object_for_user(
        request.user, Period.objects.select_related("organization"), pk
    )


def get_subject(request: HttpRequest, pk: int, role: Any = None) -> Subject:
    """Staff and superiors reach a subject through the period's organization; a member also
    reads the subjects of their own cell (their own review among them)."""
    if role is None:
        subject = SUBJECTS.filter(pk=pk).first()
        if subject is not None and has_role(request.user, home_organization(subject), None):
            return subject
    return get_object_for_user(
        request.user, SUBJECTS, pk, org_field="period__organization", role=role
    )


def can_write_review(request: HttpRequest, subject: Subject) -> bool:
    """Staff of the period's organization, or the member writing their own review."""
    member = member_for_user(request.user)
    own = member is not None and subject.member_id == member.pk
    return own or has_role(request.user, subject.period.organization, Role.ORG_STAFF)


def rating_items(subject: Subject) -> QuerySet[AgendaItem]:
    """Rating items of the conferences of the period's organization (where a vote is held)."""
    return AgendaItem.objects.filter(
        kind=AgendaKind.RATING, conference__organization=subject.period.organization
    ).select_related("conference")


@declare_access(login=True)
@login_required
def period_list(request: HttpRequest) -> HttpResponse:
    periods = periods_for_user(request.user).order_by("-year", "organization__path")
    staff_orgs = organizations_for_user(request.user, role=Role.ORG_STAFF)
    form = forms.OpenPeriodForm(organizations=staff_orgs) if staff_orgs.exists() else None
    page = Paginator(periods, 30).get_page(request.GET.get("page"))
    return render(request, "evaluations/period_list.html", {"page": page, "open_form": form})


@declare_access(role=None, kwarg="pk", model="evaluations.Period", expect={"member": "ok"})
@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_period(request, pk)
    pending = not_yet_rated(period).select_related("member", "organization")
    out = period.subjects.filter(in_scope=False).select_related("member")
    context = {
        "period": period,
        "progress": period_progress(period),
        "deadlines": sorted(period_deadlines(period).values(), key=lambda d: d.due),
        "pending": Paginator(pending, 100).get_page(request.GET.get("page")),
        "out_of_scope": out[:500],
        "decided": period.subjects.filter(decided_level__isnull=False).select_related(
            "member", "organization"
        )[:500],
    }
    return render(request, "evaluations/period_detail.html", context)


def _form_switch(request: HttpRequest, subject: Subject) -> forms.MemberFormForm | None:
    """The 2B/2C choice, for staff, on a member without a post whose review is not written."""
    if subject.member_id is None or subject.is_leader or hasattr(subject, "self_review"):
        return None
    if not has_role(request.user, subject.period.organization, Role.ORG_STAFF):
        return None
    current = rules_kind(subject)
    if current not in FORM_KINDS.values():
        return None
    return forms.MemberFormForm(initial={"form": current.form})


def subject_context(request: HttpRequest, subject: Subject, **extra: Any) -> dict[str, Any]:
    """Everything the subject page shows; bound forms with errors come in ``extra``."""
    review = getattr(subject, "self_review", None)
    try:
        chain = authority(subject)
    except ValueError:
        chain = None
    decision = subject.decisions.filter(cancelled_at__isnull=True).first()
    context: dict[str, Any] = {
        "subject": subject,
        "review": review,
        "chain": chain,
        "chain_steps": chain_labels(chain) if chain else [],
        "earlier": earlier_shortcomings(subject),
        "carried": carried_over(subject),
        "quarters": quarterly_ratings(subject),
        "form_switch": _form_switch(request, subject),
        "shortcomings": subject.shortcomings.all(),
        "appraisals": subject.appraisals.all(),
        "comments": subject.comments.all(),
        "votes": subject.votes.all(),
        "decisions": subject.decisions.select_related("replaces").order_by("decided_at"),
        "active_decision": decision,
        "can_write": can_write_review(request, subject),
        "is_staff": has_role(request.user, subject.period.organization, Role.ORG_STAFF),
        "is_superior": has_role(request.user, subject.period.organization, Role.SUPERIOR),
        "check": None,
    }
    context.setdefault("review_form", self_review_form(subject))
    context["appraisal_form"] = forms.AppraisalForm()
    context["comment_form"] = forms.CommentForm()
    context["decision_form"] = forms.DecisionForm(grantable=[])
    context["vote_form"] = forms.VoteForm(items=rating_items(subject))
    context["rerate_form"] = forms.ReRateForm()
    context.update(extra)
    return context


@declare_access(
    role=None, kwarg="pk", model="evaluations.Subject", org_field="period__organization"
)
@login_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_subject(request, pk)
    return render(request, "evaluations/subject_detail.html", subject_context(request, subject))


def render_subject(
    request: HttpRequest, subject: Subject, status: int = 200, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "evaluations/subject_detail.html",
        subject_context(request, subject, **extra),
        status=status,
    )


def check_summary(check: DecisionCheck | None) -> dict[str, Any]:
    if check is None:
        return {}
    return {
        "blocks": [v.explain_vi() for v in check.blocks],
        "warnings": [v.explain_vi() for v in check.cap_warnings],
        "info": [v.explain_vi() for v in check.cap_info],
        "pending": [
            (item.code, item.message_vi)
            for item in (check.assessment.needs_decision if check.assessment else ())
        ],
    }
