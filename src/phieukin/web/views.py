"""The home dashboard: where the user works (their organizations) and what comes next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from phieukin.accounts.permissions import declare_access
from phieukin.meetings.views import conferences_for_user
from phieukin.organizations.views import organizations_with_counts, top_organizations_for_user

UPCOMING_LIMIT = 10


@declare_access(login=True)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    upcoming = (
        conferences_for_user(request.user)
        .filter(held_on__gte=today)
        .order_by("held_on", "starts_at")[:UPCOMING_LIMIT]
    )
    context = {
        "organizations": organizations_with_counts(top_organizations_for_user(request.user)),
        "upcoming": upcoming,
    }
    return render(request, "web/home.html", context)
