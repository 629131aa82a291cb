from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "phieukin.audit"
    label = "audit"
    verbose_name = _("Nhật ký kiểm toán")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from phieukin.lib.auditing import state_changed

        # Each app's words for its own events (phieukin.audit.labels).
        autodiscover_modules("audit_labels")
        import phieukin.audit.organization_labels  # noqa: F401  (organizations imports no app)

        state_changed.connect(_append_entry, dispatch_uid="phieukin.audit.record_change")


def _append_entry(sender: object, **kwargs: Any) -> None:
    """Receiver of ``phieukin.lib.auditing.state_changed``: one chained audit entry."""
    from phieukin.audit.services import record_event

    record_event(
        kwargs["event_type"],
        actor=kwargs.get("actor"),
        obj=kwargs.get("obj"),
        organization=kwargs.get("organization"),
        data=kwargs.get("data"),
    )
