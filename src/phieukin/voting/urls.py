"""URLs of the voting app (mounted at /voting/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.voting import api_views, views, views_live, views_paper, views_public

app_name = "voting"
urlpatterns: list[URLPattern | URLResolver] = [
    # Staff: setup, counting board, cards.
    path("", views.ballot_list, name="ballot_list"),
    path("agenda/<int:agenda_item_id>/ballots/new/", views.ballot_new, name="ballot_new"),
    path("ballots/<int:pk>/", views.ballot_detail, name="ballot_detail"),
    path("ballots/<int:pk>/questions/", views.question_add, name="question_add"),
    path("ballots/<int:pk>/rating-list/", views.rating_list_add, name="rating_list_add"),
    path("ballots/<int:pk>/trustees/", views.trustees_set, name="trustees_set"),
    path("ballots/<int:pk>/ceremony/start/", views.ceremony_start, name="ceremony_start"),
    path("fonts/card-<str:weight>.ttf", views.card_font, name="card_font"),
    path("ballots/<int:pk>/cancel", views.ballot_cancel, name="ballot_cancel"),
    path("ballots/<int:pk>/copy", views.ballot_copy, name="ballot_copy"),
    # Counting board: ceremony and decryption.
    path("ballots/<int:pk>/ceremony/", views.ceremony_page, name="ceremony"),
    path("ballots/<int:pk>/trustee/message", views.trustee_message, name="trustee_message"),
    path("ballots/<int:pk>/ceremony.json", views_public.ceremony_json, name="ceremony_json"),
    # Paper ballots (docs/paper.md).
    path("ballots/<int:pk>/paper/", views_paper.paper_page, name="paper"),
    path("ballots/<int:pk>/paper/entry", views_paper.paper_entry, name="paper_entry"),
    path("ballots/<int:pk>/paper/setup", views_paper.paper_setup, name="paper_setup"),
    # Chair, projector, result.
    path("ballots/<int:pk>/chair/", views_live.chair_page, name="chair"),
    path("ballots/<int:pk>/chair/message", views_live.chair_message, name="chair_message"),
    path("ballots/<int:pk>/chair/open", views_live.chair_open, name="chair_open"),
    path("ballots/<int:pk>/chair/close", views_live.chair_close, name="chair_close"),
    path("ballots/<int:pk>/live", views_live.live, name="live"),
    path("ballots/<int:pk>/projector/", views_live.projector, name="projector"),
    path("ballots/<int:pk>/result/", views_live.result_page, name="result"),
    # Public: booth, board, record, verification.
    path("booth/<int:pk>/", views_public.booth, name="booth"),
    path("ballots/<int:pk>/board/", views_public.board_page, name="board"),
    path("ballots/<int:pk>/record.jsonl", views_public.record_download, name="record"),
    path("ballots/<int:pk>/verify/", views_public.verify_page, name="verify"),
    # JSON for the booth.
    path("api/ballots/<int:ballot_id>/election.json", api_views.election, name="api_election"),
    path("api/ballots/<int:ballot_id>/cast", api_views.cast_ballot, name="api_cast"),
    path("api/ballots/<int:ballot_id>/audit", api_views.audit_ballot, name="api_audit"),
]
