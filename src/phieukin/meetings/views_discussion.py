"""The discussion page of an agenda item: documents (with the notice check), speakers, written
comments, the explanation and acceptance report, and the resolution; forms for each step.

Staff and the chair keep the speakers list, record the explanation report and conclude; any
member who can see the conference writes a comment. Validate → service → redirect; a refusal
re-renders the page with the reason (status 400).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    has_role,
    member_for_user,
)
from phieukin.meetings.discussion import (
    do_add_comment,
    do_add_speaker,
    do_conclude,
    do_record_explanation,
    notice_violations,
)
from phieukin.meetings.models import AgendaItem, AgendaKind, ExplanationReport, Resolution
from phieukin.meetings.services import MeetingError
from phieukin.meetings.views import CONVENED_MEMBER, get_agenda_item_for_user
from phieukin.rules import RuleError, rule_set_for_year

MANAGERS = (Role.CHAIR, Role.ORG_STAFF)
ACCESS = {
    "kwarg": "agenda_item_id",
    "model": "meetings.AgendaItem",
    "org_field": "conference__organization",
}
ITEMS = AgendaItem.objects.select_related("conference__organization")


class SpeakerForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Speaker"), max_length=300)
    started = forms.TimeField(label=gettext_lazy("Started at (hh:mm)"), required=False)
    ended = forms.TimeField(label=gettext_lazy("Ended at (hh:mm)"), required=False)
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    author_name = forms.CharField(label=gettext_lazy("Author"), max_length=300)
    text = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ExplanationForm(forms.Form):
    presenter_name = forms.CharField(label=gettext_lazy("Presented by"), max_length=300)
    text = forms.CharField(
        label=gettext_lazy("Explanation and acceptance"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ConclusionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Conclusion"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _item(request: HttpRequest, pk: int, role: Any = None) -> AgendaItem:
    return get_object_for_user(
        request.user, ITEMS, pk, org_field="conference__organization", role=role
    )


def _notice(item: AgendaItem) -> list[str]:
    """Late documents, under the rule set of the year being reviewed (Jan/Feb: the last year)."""
    held = item.conference.held_on
    try:
        rules = rule_set_for_year(held.year - 1 if held.month <= 2 else held.year)
    except RuleError:
        return []
    notice = rules.documents_notice
    return [
        v.explain_vi()
        for v in notice_violations(item, working_days=notice.value, source=notice.source)
    ]


def _context(request: HttpRequest, item: AgendaItem, **extra: Any) -> dict[str, Any]:
    org = item.conference.organization
    member = member_for_user(request.user)
    context: dict[str, Any] = {
        "item": item,
        "conference": item.conference,
        "documents": item.documents.all(),
        "late": _notice(item),
        "speakers": item.speakers.all(),
        "comments": item.comments.select_related("speaker"),
        "explanation": ExplanationReport.objects.filter(agenda_item=item).first(),
        "resolution": Resolution.objects.filter(agenda_item=item).first(),
        "can_manage": has_role(request.user, org, MANAGERS),
        "is_rating": item.kind == AgendaKind.RATING,
        "speaker_form": SpeakerForm(),
        "comment_form": CommentForm(initial={"author_name": member.full_name if member else ""}),
        "explanation_form": ExplanationForm(),
        "conclusion_form": ConclusionForm(),
    }
    context.update(extra)
    return context


def _page(request: HttpRequest, item: AgendaItem, status: int = 200, **extra: Any) -> HttpResponse:
    return render(
        request, "meetings/discussion.html", _context(request, item, **extra), status=status
    )


def _done(request: HttpRequest, item: AgendaItem, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("meetings:discussion", agenda_item_id=item.pk)


@declare_access(role=None, **ACCESS, expect=CONVENED_MEMBER)
@login_required
def discussion(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    # Read by everyone convened (the conference page links here for them); acting on it asks
    # the managers' role in each action below.
    return _page(request, get_agenda_item_for_user(request.user, agenda_item_id))


def _at(item: AgendaItem, value: time | None) -> datetime | None:
    if value is None:
        return None
    zone = ZoneInfo(str(timezone.get_current_timezone()))
    return datetime.combine(item.conference.held_on, value, tzinfo=zone)


@declare_access(role=MANAGERS, **ACCESS)
@login_required
@require_POST
def add_speaker(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    item = _item(request, agenda_item_id, role=MANAGERS)
    form = SpeakerForm(request.POST)
    if not form.is_valid():
        return _page(request, item, 400, speaker_form=form)
    c = form.cleaned_data
    try:
        do_add_speaker(
            item, name=c["name"], started_at=_at(item, c["started"]),
            ended_at=_at(item, c["ended"]), summary=c["summary"], actor=request.user,
        )  # fmt: skip
    except MeetingError as exc:
        return _page(request, item, 400, speaker_form=form, errors=[str(exc)])
    return _done(request, item, _("The speaker is added."))


@declare_access(role=None, **ACCESS)
@login_required
@require_POST
def add_comment(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    item = _item(request, agenda_item_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _page(request, item, 400, comment_form=form)
    member = member_for_user(request.user)
    try:
        do_add_comment(
            item, author_name=form.cleaned_data["author_name"], text=form.cleaned_data["text"],
            member=member, actor=request.user,
        )  # fmt: skip
    except MeetingError as exc:
        return _page(request, item, 400, comment_form=form, errors=[str(exc)])
    return _done(request, item, _("The comment is attached to the agenda item."))


@declare_access(role=MANAGERS, **ACCESS)
@login_required
@require_POST
def record_explanation(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    item = _item(request, agenda_item_id, role=MANAGERS)
    form = ExplanationForm(request.POST)
    if not form.is_valid():
        return _page(request, item, 400, explanation_form=form)
    try:
        do_record_explanation(
            item, presenter_name=form.cleaned_data["presenter_name"],
            text=form.cleaned_data["text"], actor=request.user,
        )  # fmt: skip
    except MeetingError as exc:
        return _page(request, item, 400, explanation_form=form, errors=[str(exc)])
    return _done(request, item, _("The explanation report is recorded."))


@declare_access(role=MANAGERS, **ACCESS)
@login_required
@require_POST
def conclude(request: HttpRequest, agenda_item_id: int) -> HttpResponse:
    item = _item(request, agenda_item_id, role=MANAGERS)
    form = ConclusionForm(request.POST)
    if not form.is_valid():
        return _page(request, item, 400, conclusion_form=form)
    if item.kind == AgendaKind.RATING:
        errors = [_("A rating item is resolved by its vote, not by a conclusion.")]
        return _page(request, item, 400, conclusion_form=form, errors=errors)
    try:
        do_conclude(item, text=form.cleaned_data["text"], actor=request.user)
    except MeetingError as exc:
        return _page(request, item, 400, conclusion_form=form, errors=[str(exc)])
    return _done(request, item, _("The conclusion is recorded."))
