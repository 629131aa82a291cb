from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phieukin.web"
    label = "web"
    verbose_name = "phieukin"
