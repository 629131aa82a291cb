from __future__ import annotations

from django.urls import path

from phieukin.api.main import api

urlpatterns = [path("", api.urls)]
