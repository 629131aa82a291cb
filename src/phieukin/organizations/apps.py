from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "phieukin.organizations"
    label = "organizations"
    verbose_name = _("Tổ chức đảng")
