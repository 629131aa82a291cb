from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.organizations import views, views_import

app_name = "organizations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/members/", views.members, name="members"),
    path("members/", views.member_search, name="member_search"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    # Import (views_import.py)
    path("import/", views_import.upload, name="import"),
    path("import/<uuid:job_id>/", views_import.job, name="import_job"),
    path("import/<uuid:job_id>/progress/", views_import.progress, name="import_progress"),
    path("import/template/<str:kind>.<str:fmt>", views_import.template, name="import_template"),
]
