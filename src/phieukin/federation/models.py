"""Peers (the installations above and below this one) and the bundles imported from them.

- ``Peer``: another installation's public key, registered by an admin after comparing its
  fingerprint by phone or on paper. A *subordinate* sends bundles; its ``organization`` is the
  node of this installation's tree its results roll up under (the sender's root organization
  must carry the same code). A *superior* receives this installation's bundles (``url``: its
  API, for ``phieukin bundle push``).
- ``ImportedBundle``: one verified bundle, kept with its file. A newer bundle of the same sender
  and period supersedes the current one (``superseded_by``); the old rows and files stay: the
  history of what was sent and when.
- ``ImportedCount``: the imported ratings as counts per sender organization, kind, level and
  scope, which the superior's roll-up adds to its own figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phieukin.federation.keys import fingerprint


class PeerRole(models.TextChoices):
    SUPERIOR = "superior", _("Superior installation")
    SUBORDINATE = "subordinate", _("Subordinate installation")


class Peer(models.Model):
    role = models.CharField(_("role"), max_length=20, choices=PeerRole.choices)
    name = models.CharField(_("name"), max_length=300)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_key = models.CharField(_("public key"), max_length=64, unique=True)
    url = models.URLField(_("address of its API"), blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("peer installation")
        verbose_name_plural = _("peer installations")
        ordering = ["role", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=PeerRole.values), name="peer_known_role"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.fingerprint})"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


class ImportedBundle(models.Model):
    sender = models.ForeignKey(
        Peer, verbose_name=_("sender"), on_delete=models.PROTECT, related_name="bundles"
    )
    period = models.ForeignKey(
        "evaluations.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="imported_bundles",
    )
    sender_period = models.JSONField(_("the sender's period"), default=dict)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    file = models.FileField(_("file"), upload_to="federation/")
    created_at = models.DateTimeField(_("created by the sender at"))
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    audit_seq = models.PositiveBigIntegerField(_("audit head sequence"))
    audit_head = models.CharField(_("audit head hash"), max_length=64)
    subjects = models.PositiveIntegerField(_("subjects"))
    ballots = models.PositiveIntegerField(_("ballot records"))
    # The bundle's counts summed at import, what the roll-up reads (a province's ImportedCount
    # rows are ≈ 41,000): [[kind, level or null, in scope, n], ...]
    totals = models.JSONField(_("totals"), default=list)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )

    class Meta:
        verbose_name = _("imported bundle")
        verbose_name_plural = _("imported bundles")
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "period"],
                condition=Q(superseded_at__isnull=True),
                name="bundle_one_current_per_sender_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender.name}: {self.sender_period.get('title', '')} ({self.sha256[:12]})"

    @property
    def current(self) -> bool:
        return self.superseded_at is None


class ImportedCount(models.Model):
    """Subjects of one bundle whose home organization is ``organization_code`` (the sender's)."""

    bundle = models.ForeignKey(ImportedBundle, on_delete=models.CASCADE, related_name="counts")
    organization_code = models.CharField(max_length=64)
    organization_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    level = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001 (NULL: not rated, as on Subject)
    in_scope = models.BooleanField(default=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["bundle", "kind"], name="importedcount_bundle_kind")]

    def __str__(self) -> str:
        return f"{self.organization_code} {self.kind} {self.level}: {self.n}"
