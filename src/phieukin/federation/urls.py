from __future__ import annotations

from django.urls import path

from phieukin.federation import views

app_name = "federation"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload", views.upload, name="upload"),
    path("peers/add", views.peer_add, name="peer_add"),
    path("periods/<int:pk>/bundle.zip", views.export, name="export"),
]
