"""Reports URLs. The file format is part of the path (``.docx`` / ``.pdf``) and the period a
query parameter (``?period=ID``, default: the latest covering the organization). A document
has a page where it is prepared (number, date, targets, end time) and its downloads."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.reports import views
from phieukin.reports import views_documents as docs

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
    *_both("org/<int:org_id>/danh-muc-ho-so", views.organization_dossier, "org_dossier"),
    # Tờ trình: the page (number, targets of the year), its downloads
    path("submission/<int:pk>/", docs.submission_page, name="submission_page"),
    path("submission/<int:pk>/number/", docs.submission_number, name="submission_number"),
    path("submission/<int:pk>/targets/", docs.target_add, name="target_add"),
    path("submission/<int:pk>/targets/remove/", docs.target_remove, name="target_remove"),
    *_both("submission/<int:pk>/to-trinh", docs.submission_download, "submission"),
    # Biên bản kiểm phiếu (the ballot's result page links it), biên bản hội nghị
    *_both("ballot/<int:pk>/bien-ban-kiem-phieu", docs.tally_download, "tally"),
    path(
        "ballot/<int:pk>/phieu-giay.pdf",
        docs.paper_ballots_download,
        {"fmt": "pdf"},
        name="paper_sheets_pdf",
    ),
    path("conference/<int:pk>/minutes/", docs.minutes_page, name="minutes_page"),
    path("conference/<int:pk>/minutes/end/", docs.minutes_end, name="minutes_end"),
    *_both("conference/<int:pk>/bien-ban", docs.minutes_download, "minutes"),
    # Quyết định / Thông báo, Mẫu 03, Mẫu 04 of a subject; a registered document
    path("subject/<int:pk>/decision/", docs.decision_page, name="decision_page"),
    path("subject/<int:pk>/decision/issue/", docs.decision_issue, name="decision_issue"),
    path("subject/<int:pk>/re-rating/", docs.rerating_page, name="rerating_page"),
    path("subject/<int:pk>/re-rating/issue/", docs.rerating_issue, name="rerating_issue"),
    *_both("subject/<int:pk>/danh-muc-ho-so", docs.dossier_download, "dossier"),
    *_both("subject/<int:pk>/ban-kiem-diem", docs.review_form_download, "review_form"),
    *_both("subject/<int:pk>/mau-05", docs.quarter_rating_download, "quarter_rating"),
    *_both("issued/<int:pk>/van-ban", docs.issued_download, "issued"),
    path("member/<int:pk>/history/", views.member_history_page, name="member_history"),
    path("org/<int:org_id>/history/", views.organization_history_page, name="org_history"),
]
