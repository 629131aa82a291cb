"""The home dashboard: where the user works (their organizations) and what they must do next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from phieukin.accounts.permissions import declare_access
from phieukin.organizations.views import organizations_with_counts, top_organizations_for_user
from phieukin.web import dashboard


@declare_access(login=True)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "organizations": organizations_with_counts(top_organizations_for_user(user)),
        "upcoming": dashboard.upcoming_conferences(user),
        "steps": dashboard.next_steps(user),
        "periods": dashboard.periods_in_progress(user),
    }
    return render(request, "web/home.html", context)


@declare_access(public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them the site's icon."""
    return redirect(static("web/favicon.svg"), permanent=True)
