from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.meetings import views, views_discussion

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.conference_list, name="conference_list"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/attendance/", views.attendance_summary, name="attendance_summary"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    # Discussion of an agenda item (views_discussion: speakers, comments, explanation, resolution)
    path("items/<int:agenda_item_id>/discussion/", views_discussion.discussion, name="discussion"),
    path(
        "items/<int:agenda_item_id>/discussion/speaker/",
        views_discussion.add_speaker,
        name="discussion_speaker",
    ),
    path(
        "items/<int:agenda_item_id>/discussion/comment/",
        views_discussion.add_comment,
        name="discussion_comment",
    ),
    path(
        "items/<int:agenda_item_id>/discussion/explanation/",
        views_discussion.record_explanation,
        name="discussion_explanation",
    ),
    path(
        "items/<int:agenda_item_id>/discussion/conclusion/",
        views_discussion.conclude,
        name="discussion_conclusion",
    ),
]
