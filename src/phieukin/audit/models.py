"""The hash-chained audit log (docs/architecture.md §3.5).

Each entry's ``hash`` is SHA-256 over the canonical JSON of the entry including the previous
entry's hash, so editing, deleting, inserting or reordering any row breaks the chain at that
row (``phieukin audit verify`` names it). Rows are appended only by
``phieukin.audit.services.record_event``, inside the caller's transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from phieukin.audit.chain import GENESIS_HASH

__all__ = ["GENESIS_HASH", "AuditEvent"]


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        # PROTECT: an actor's id is part of the hash; deactivate users, never delete them.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True)
    event_type = models.CharField(_("event type"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict)
    created_at = models.DateTimeField(_("time"), db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type}"
