from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.audit import views

app_name = "audit"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.event_list, name="list"),
    path("export.jsonl", views.event_export, name="export"),
]
