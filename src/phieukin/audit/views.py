"""The audit viewer (superiors, inspectors and admins) and its JSONL export of the filtered list."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import declare_access, organizations_for_user
from phieukin.audit.chain import canonical_json
from phieukin.audit.labels import describe, event_choices
from phieukin.audit.models import AuditEvent
from phieukin.audit.services import iter_entries
from phieukin.organizations.models import Organization

VIEWER_ROLES = (Role.SUPERIOR, Role.INSPECTOR)
PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    date_from = forms.DateField(
        label=pgettext_lazy("date", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    organization = forms.ModelChoiceField(
        label=_("Organization (and below)"), queryset=Organization.objects.none(), required=False
    )

    def __init__(self, data: object, *, orgs: QuerySet[Organization], events: QuerySet) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["organization"].queryset = orgs  # type: ignore[attr-defined]
        types = events.order_by("event_type").values_list("event_type", flat=True).distinct()
        self.fields["event_type"].choices = [("", _("All")), *event_choices(types)]  # type: ignore[attr-defined]


def _visible_events(request: HttpRequest) -> tuple[QuerySet[AuditEvent], QuerySet[Organization]]:
    """Events of the organizations where the user is superior/inspector; all for superusers."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    orgs = organizations_for_user(user, role=VIEWER_ROLES)
    if user.is_superuser:
        return AuditEvent.objects.all(), orgs
    if not orgs.exists():
        raise PermissionDenied
    return AuditEvent.objects.filter(organization__in=orgs), orgs


def _filtered(request: HttpRequest) -> tuple[QuerySet[AuditEvent], AuditFilterForm]:
    events, orgs = _visible_events(request)
    form = AuditFilterForm(request.GET or None, orgs=orgs, events=events)
    if form.is_valid():
        data = form.cleaned_data
        if data["event_type"]:
            events = events.filter(event_type=data["event_type"])
        if data["actor"]:
            events = events.filter(actor_username__iexact=data["actor"].strip())
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            start = dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            events = events.filter(created_at__gte=start)
        if data["date_to"]:
            end = dt.datetime.combine(
                data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz
            )
            events = events.filter(created_at__lt=end)
        if data["organization"]:
            events = events.filter(organization__path__startswith=data["organization"].path)
    return events.select_related("organization"), form


@declare_access(roles=VIEWER_ROLES)
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events, form = _filtered(request)
    page = Paginator(events.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = zip(page, describe(page.object_list), strict=True)
    context = {"form": form, "page": page, "rows": rows}
    return render(request, "audit/event_list.html", context)


@declare_access(roles=VIEWER_ROLES)
@login_required
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    events, _form = _filtered(request)
    lines = (canonical_json(entry) + "\n" for entry in iter_entries(events))
    response = StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.jsonl"'
    return response
