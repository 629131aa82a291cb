"""URLs of the voting app (mounted at /voting/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.voting import api_views

app_name = "voting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("api/ballots/<int:ballot_id>/election.json", api_views.election, name="api_election"),
    path("api/ballots/<int:ballot_id>/cast", api_views.cast_ballot, name="api_cast"),
    path("api/ballots/<int:ballot_id>/audit", api_views.audit_ballot, name="api_audit"),
]
