"""Pre-aggregated roll-up counts: the national dashboard reads tens of rows, not millions.

A live ``COUNT(*)`` over 5.6 million subjects joined to their members and cells takes seconds
on PostgreSQL, and the dashboards must answer in < 1 s (``bench/rollup.py`` measures it). So
a period's levels are kept in two tables, written only by ``phieukin.evaluations.rollup``:
each decision (and its cancellation) adds and subtracts its one subject along the path up the
tree in the decision's own transaction, and ``refresh_rollup`` rebuilds a period (or a
subtree) with set-based SQL over the materialized path after bulk loads:

- ``OwnCount``: per home organization (the collective's organization, or the member's cell),
  kind, comparable group, level and scope — the cap per comparable group and the list of
  groups read it with ``path__startswith``;
- ``SubtreeCount``: per organization, the counts of its whole subtree, accumulated bottom-up
  one depth at a time — a dashboard reads one row set for the organization and one for its
  children (``parent``), whatever the size of the tree below.

``RollupSnapshot`` records when a period was last rebuilt in bulk. The tables lived in the
reports app until the cycle evaluations ⇄ reports was broken: the app that writes the tables
owns them (migration ``0003_rollup_tables_from_reports`` renames them and keeps their rows).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupSnapshot(models.Model):
    period = models.OneToOneField(
        "evaluations.Period", on_delete=models.CASCADE, related_name="rollup_snapshot"
    )
    refreshed_at = models.DateTimeField(_("figures as of"))
    subjects = models.PositiveIntegerField(_("subjects counted"), default=0)

    class Meta:
        verbose_name = _("roll-up snapshot")
        verbose_name_plural = _("roll-up snapshots")

    def __str__(self) -> str:
        return f"{self.period_id} @ {self.refreshed_at:%d/%m/%Y %H:%M}"


class OwnCount(models.Model):
    """Subjects whose home organization is exactly ``organization``."""

    period = models.ForeignKey("evaluations.Period", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    path = models.CharField(max_length=400)
    depth = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    comparable_group = models.CharField(max_length=120, blank=True)
    level = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001 (NULL: not rated yet, as on Subject)
    in_scope = models.BooleanField(default=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # depth first: the cap and "not yet rated" read one to three depths under a
            # prefix, so each depth is one index range (the whole country has 1.4 M rows).
            models.Index(
                fields=["period", "depth", "path"],
                name="owncount_period_depth_path",
                opclasses=["", "", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.level}: {self.n}"


class SubtreeCount(models.Model):
    """Subjects in the subtree of ``organization`` (itself included)."""

    period = models.ForeignKey("evaluations.Period", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    parent = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    depth = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    level = models.CharField(max_length=10, null=True, blank=True)  # noqa: DJ001
    in_scope = models.BooleanField(default=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["period", "organization"], name="subtreecount_period_org"),
            models.Index(fields=["period", "parent"], name="subtreecount_period_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.level}: {self.n}"
