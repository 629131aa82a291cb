from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "phieukin.evaluations"
    label = "evaluations"
    verbose_name = _("Kiểm điểm, đánh giá, xếp loại")

    def ready(self) -> None:
        """Subscribe to the voting app's published results (voting never imports us)."""
        from phieukin.evaluations.services.ballots import on_result_published, outcome_lines
        from phieukin.voting.signals import result_outcomes, result_published

        result_published.connect(on_result_published, dispatch_uid="evaluations.ballot_result")
        result_outcomes.connect(outcome_lines, dispatch_uid="evaluations.ballot_outcomes")
