from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "phieukin.voting"
    label = "voting"
    verbose_name = _("Bỏ phiếu kín")

    def ready(self) -> None:
        from phieukin.voting import logfilters

        logfilters.install()
