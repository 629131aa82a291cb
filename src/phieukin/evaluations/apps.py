from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "phieukin.evaluations"
    label = "evaluations"
    verbose_name = _("Kiểm điểm, đánh giá, xếp loại")

    def ready(self) -> None:
        """Subscribe to the voting app's published results (voting never imports us)."""
        from phieukin.evaluations.services.ballots import on_result_published

        try:
            from phieukin.voting.signals import result_published
        except ImportError:  # a checkout without the voting app's signal: nothing to hear
            return
        result_published.connect(on_result_published, dispatch_uid="evaluations.ballot_result")
