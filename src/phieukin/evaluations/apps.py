from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "phieukin.evaluations"
    label = "evaluations"
    verbose_name = _("Kiểm điểm, đánh giá, xếp loại")
