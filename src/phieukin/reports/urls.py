"""Reports URLs. The file format is part of the path (``.docx`` / ``.pdf``) and the period a
query parameter (``?period=ID``, default: the latest covering the organization)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.reports import views

app_name = "reports"


def _both(route: str, view: object, name: str) -> list[URLPattern]:
    return [
        path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}_{fmt}")  # type: ignore[arg-type]
        for fmt in ("docx", "pdf")
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    path("org/<int:org_id>/rollup/", views.rollup_page, name="rollup"),
    path("org/<int:org_id>/rollup/refresh/", views.rollup_refresh, name="rollup_refresh"),
    path("org/<int:org_id>/rollup.xlsx", views.rollup_xlsx, name="rollup_xlsx"),
    path("org/<int:org_id>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    *_both("org/<int:org_id>/decision", views.decision_doc, "decision"),
    *_both("submission/<int:pk>/to-trinh", views.submission_doc, "submission"),
    *_both("ballot/<int:pk>/bien-ban-kiem-phieu", views.tally_doc, "tally"),
    *_both("conference/<int:pk>/bien-ban", views.minutes_doc, "minutes"),
    *_both("subject/<int:pk>/danh-muc-ho-so", views.dossier_doc, "dossier"),
    path("member/<int:pk>/history/", views.member_history_page, name="member_history"),
]
