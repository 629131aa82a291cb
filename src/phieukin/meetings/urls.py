from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.meetings import views

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.conference_list, name="conference_list"),
    path("<int:pk>/", views.conference_detail, name="conference_detail"),
    path("<int:pk>/attendance/", views.attendance_summary, name="attendance_summary"),
]
