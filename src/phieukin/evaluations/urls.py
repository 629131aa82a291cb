from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.evaluations import views, views_actions, views_ballots

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.period_list, name="period_list"),
    path("open/", views_actions.period_open, name="period_open"),
    path("<int:pk>/", views.period_detail, name="period_detail"),
    path("subjects/<int:pk>/", views.subject_detail, name="subject_detail"),
    path("subjects/<int:pk>/self-review/", views_actions.self_review, name="self_review"),
    path("subjects/<int:pk>/appraise/", views_actions.appraise, name="appraise"),
    path("subjects/<int:pk>/comment/", views_actions.comment, name="comment"),
    path("subjects/<int:pk>/form/", views_actions.member_form, name="member_form"),
    path("subjects/<int:pk>/decide/", views_actions.decide, name="decide"),
    path("subjects/<int:pk>/vote/", views_actions.vote, name="vote"),
    path("decisions/<int:pk>/rerate/", views_actions.rerate, name="rerate"),
    path("items/<int:pk>/", views_ballots.rating_item, name="rating_item"),
    path("items/<int:pk>/ballot/", views_ballots.rating_ballot_create, name="rating_ballot_create"),
    path("items/<int:pk>/paper-only/", views_ballots.rating_paper_only, name="rating_paper_only"),
    path("ballots/<int:pk>/revote/", views_ballots.rating_revote, name="rating_revote"),
    path("ballots/<int:pk>/record/", views_ballots.rating_record, name="rating_record"),
]
