"""Evaluation periods and the subjects rated in them (kiểm điểm, đánh giá, xếp loại chất lượng).

A ``Period`` names the regulation it follows by code (``reg124``, ``reg366``): the rule sets
themselves are pure code in ``phieukin.rules`` and old periods keep their old rules, so only
the code is stored. A ``Subject`` is one collective or one individual to be rated in a period;
its three levels (self-assessed, proposed, decided) are facts recorded by the review workflow,
which attaches self-reviews, shortcomings, proposals and ballots to ``Subject`` by foreign key.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phieukin.rules import RuleError, check_period_kind, period_rank


class Regulation(models.TextChoices):
    REG124 = "reg124", _("Regulation 124-QĐ/TW (2023) and Guidance 25-HD/BTCTW")
    REG366 = "reg366", _("Regulation 366-QĐ/TW (2025) and Guidance 43-HD/BTCTW")


class Cycle(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    TERM = "term", _("Whole term")
    QUARTERLY = "quarterly", _("Quarterly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Level(models.TextChoices):
    """The four quality levels, best first (the order the rules and the ballots use)."""

    HTXSNV = "htxsnv", _("Excellently completed tasks")  # Hoàn thành xuất sắc nhiệm vụ
    HTTNV = "httnv", _("Well completed tasks")  # Hoàn thành tốt nhiệm vụ
    HTNV = "htnv", _("Completed tasks")  # Hoàn thành nhiệm vụ
    KHTNV = "khtnv", _("Did not complete tasks")  # Không hoàn thành nhiệm vụ


class SubjectKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class CollectiveKind(models.TextChoices):
    PARTY_ORGANIZATION = "party_organization", _("Party organization")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Executive Committee")
    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    LEADERSHIP_COLLECTIVE = "leadership_collective", _("Leadership collective")
    CELL = "cell", _("Party cell")
    CELL_COMMITTEE = "cell_committee", _("Cell committee")


def _level_ok(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__in": Level.values})


def _level_field(verbose_name: str | Promise) -> models.CharField[str | None, str | None]:
    # NULL, not "", means "no level yet": a check constraint keeps non-null values in Level, and
    # "IS NULL" reads better than a magic empty string in roll-up queries.
    return models.CharField(
        verbose_name, max_length=10, choices=Level.choices, null=True, blank=True
    )


class Period(models.Model):
    """One round of review and rating run by an organization (e.g. year 2023 under 124-QĐ/TW)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization running it"),
        on_delete=models.PROTECT,
        related_name="evaluation_periods",
    )
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    cycle = models.CharField(_("cycle"), max_length=20, choices=Cycle.choices, default=Cycle.ANNUAL)
    # QĐ 366: a quarterly period names its quarter (1–4); an ad hoc one its reason
    # (phieukin.rules.cycles, the one rule the service, this model and the form apply).
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    cycle_reason = models.CharField(_("reason for the period"), max_length=500, blank=True)
    regulation = models.CharField(_("regulation"), max_length=20, choices=Regulation.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    deadline = models.DateField(_("deadline for reports"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    review_on = models.DateField(
        _("date of the review"), null=True, blank=True
    )  # scope reference date: "admitted less than 6 months before the review"
    special_cycle = models.BooleanField(_("special cycle (finish before 15/01)"), default=False)
    # Local 366 criteria frameworks (Phụ lục 1–5 weights are set locally): {"01": [{"code":
    # "I.1", "group": "I", "max": "10"}, ...], "2B": [...]}. Empty: group totals are entered.
    criteria_framework = models.JSONField(_("local criteria framework"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        ordering = ["-year", "organization__path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__gte=models.F("starts_on")),
                name="period_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1930, year__lte=2200), name="period_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(regulation__in=Regulation.values), name="period_known_regulation"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PeriodStatus.values), name="period_known_status"
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(cycle="annual"),
                name="period_one_annual_per_year",
            ),
            models.CheckConstraint(condition=Q(cycle__in=Cycle.values), name="period_known_cycle"),
            models.CheckConstraint(
                condition=Q(
                    cycle="quarterly", quarter__isnull=False, quarter__gte=1, quarter__lte=4
                )
                | (~Q(cycle="quarterly") & Q(quarter__isnull=True)),
                name="period_quarter_iff_quarterly",
            ),
            models.CheckConstraint(
                condition=~Q(cycle="ad_hoc") | ~Q(cycle_reason=""),
                name="period_ad_hoc_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(cycle="annual") | Q(regulation="reg366"),
                name="period_cycles_only_under_366",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                condition=Q(cycle="quarterly"),
                name="period_one_per_quarter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Refuse a regulation change of a frozen period whatever the caller (a service, the
        admin, a shell): the check reads the stored row, not the instance."""
        fields = kwargs.get("update_fields")
        if fields is None or "regulation" in fields:
            refused = self.regulation_change_refused()
            if refused is not None:
                raise refused
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        refused = self.regulation_change_refused()
        if refused is not None:
            raise refused
        refused = self.cycle_refused()
        if refused is not None:
            raise refused

    def cycle_refused(self) -> ValidationError | None:
        """The refusal when the regulation does not allow this kind of period (with its
        quarter and reason): ``phieukin.rules.cycles.check_period_kind``, cited."""
        try:
            check_period_kind(
                self.regulation.removeprefix("reg"), self.cycle, self.quarter, self.cycle_reason
            )
        except RuleError as exc:
            field = "quarter" if "quarter" in exc.code else "cycle"
            if exc.code.endswith("reason_required") or exc.code.endswith("reason_too_long"):
                field = "cycle_reason"
            return ValidationError({field: exc.violation.explain_vi()})
        return None

    @property
    def is_annual(self) -> bool:
        return self.cycle == Cycle.ANNUAL

    @property
    def rank(self) -> tuple[int, int, int]:
        """Where the period sits in the sequence of reviews (``rules.cycles.period_rank``)."""
        return period_rank(self.cycle, self.year, self.quarter, self.starts_on)

    @property
    def regulation_frozen(self) -> bool:
        """Once a period has decisions or is closed (as stored), its records were decided under
        its rule set: the regulation can no longer change (docs/rules.md §1)."""
        if self.pk is None:
            return False
        stored = Period.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored == PeriodStatus.CLOSED:
            return True
        return self.subjects.filter(decisions__isnull=False).exists()

    def regulation_change_refused(self) -> ValidationError | None:
        """The refusal when this instance would change the stored regulation of a frozen
        period; the one check the model, the service and the admin all make."""
        if self.pk is None:
            return None
        stored = Period.objects.filter(pk=self.pk).values_list("regulation", flat=True).first()
        if stored is None or stored == self.regulation or not self.regulation_frozen:
            return None
        return ValidationError(
            {
                "regulation": _(
                    "The period has decisions or is closed: its regulation cannot change."
                )
            }
        )


class Subject(models.Model):
    """A collective or an individual to be reviewed and rated in a period."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="subjects"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SubjectKind.choices)
    collective_kind = models.CharField(
        _("kind of collective"), max_length=30, choices=CollectiveKind.choices, blank=True
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_subjects",
    )
    committee = models.ForeignKey(
        "organizations.Committee",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_subjects",
        help_text=_("For an Executive or Standing Committee: the committee of that term."),
    )
    member = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_subjects",
    )
    title = models.CharField(
        _("position at the time"), max_length=300, blank=True
    )  # "Bí thư Thành ủy": what the minutes print beside the name
    comparable_group = models.CharField(
        _("group of comparable subjects"), max_length=120, blank=True, db_index=True
    )
    in_scope = models.BooleanField(_("rated"), default=True)
    out_of_scope_reason = models.CharField(_("reason not rated"), max_length=300, blank=True)
    self_level = _level_field(_("self-assessed level"))
    proposed_level = _level_field(_("proposed level"))
    decided_level = _level_field(_("decided level"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    # What the rules call this subject (phieukin.rules.SubjectKind value: "party_organization",
    # "leader", "member", ...): it selects the form, criteria, triggers and authority row.
    rules_kind = models.CharField(_("kind under the regulation"), max_length=30, blank=True)
    is_leader = models.BooleanField(_("leader or manager"), default=False)
    # Links for the mandatory order (SubjectNode): the party organization it belongs to, the
    # collective it heads, the leadership collectives it sits on.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    head_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="heads"
    )
    leadership_of = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="leadership_members"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subject of evaluation")
        verbose_name_plural = _("subjects of evaluation")
        ordering = ["period", "kind", "comparable_group", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="collective", organization__isnull=False, member__isnull=True)
                    & ~Q(collective_kind="")
                )
                | Q(
                    kind="individual",
                    member__isnull=False,
                    organization__isnull=True,
                    committee__isnull=True,
                    collective_kind="",
                ),
                name="subject_collective_xor_individual",
            ),
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=Q(member__isnull=False),
                name="subject_unique_member_per_period",
            ),
            models.UniqueConstraint(
                fields=["period", "organization", "collective_kind"],
                condition=Q(organization__isnull=False),
                name="subject_unique_collective_per_period",
            ),
            models.CheckConstraint(
                condition=Q(in_scope=True) | ~Q(out_of_scope_reason=""),
                name="subject_out_of_scope_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decided_level__isnull=True, decided_at__isnull=True)
                | Q(decided_level__isnull=False, decided_at__isnull=False),
                name="subject_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(in_scope=True) | Q(decided_level__isnull=True),
                name="subject_out_of_scope_not_rated",
            ),
            models.CheckConstraint(
                condition=_level_ok("self_level")
                & _level_ok("proposed_level")
                & _level_ok("decided_level"),
                name="subject_known_levels",
            ),
        ]
        indexes = [models.Index(fields=["period", "decided_level"], name="subject_period_level")]

    def __str__(self) -> str:
        if self.member_id:
            return str(self.member)
        label = CollectiveKind(self.collective_kind).label if self.collective_kind else ""
        return f"{label} — {self.organization}"


# The review workflow's models live beside these (one module per concern); importing them here
# registers them with the app.
from phieukin.evaluations.ballot_models import RatingBallot  # noqa: E402
from phieukin.evaluations.review_models import (  # noqa: E402
    Appraisal,
    CapException,
    Decision,
    DecisionMethod,
    SelfReview,
    Shortcoming,
    ShortcomingStatus,
    SubjectComment,
    Submission,
    VoteMethod,
    VoteRecord,
)
from phieukin.evaluations.rollup_models import OwnCount, RollupSnapshot, SubtreeCount  # noqa: E402

__all__ = [
    "Appraisal",
    "CapException",
    "CollectiveKind",
    "Cycle",
    "Decision",
    "DecisionMethod",
    "Level",
    "OwnCount",
    "Period",
    "PeriodStatus",
    "RatingBallot",
    "Regulation",
    "RollupSnapshot",
    "SelfReview",
    "Shortcoming",
    "ShortcomingStatus",
    "Subject",
    "SubjectComment",
    "SubjectKind",
    "Submission",
    "SubtreeCount",
    "VoteMethod",
    "VoteRecord",
]
