"""The review workflow's records: self-review, appraisal, comments, votes, decisions, shortcomings.

Each step of QĐ 366 Điều 12 k1 / QĐ 124 Điều 11 is a row, never an overwrite: the self-review
(Bước 1, forms Mẫu 01 and 2A/2B/2C), the advisory body's appraisal (Bước 2), the conference's
vote (a proposal or, where the voting body is the competent one, the decision) and the
decision (Bước 3). A cancelled decision stays, linked to the re-rating (Mẫu 03) that replaced
it, so the original result remains in the history (DS E.31). ``Subject.decided_level`` mirrors
the active decision for roll-up queries. Only ``phieukin.evaluations.services`` writes these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Period, Subject, _level_field, _level_ok


class SelfReview(models.Model):
    """Bước 1: the subject's own review report and self-rating (Mẫu 01, 2A, 2B, 2C)."""

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="self_review")
    form = models.CharField(_("form"), max_length=4)  # "01", "2A", "2B", "2C"
    results = models.TextField(_("strengths and results"), blank=True)
    limitations = models.TextField(_("limitations and shortcomings"), blank=True)
    causes = models.TextField(_("causes of the shortcomings"), blank=True)
    remedy_results = models.TextField(_("remedy of earlier shortcomings"), blank=True)
    explanations = models.TextField(_("explanation of issues raised"), blank=True)
    responsibility = models.TextField(_("responsibility"), blank=True)
    remedies = models.TextField(_("direction and measures to remedy"), blank=True)
    commitment = models.TextField(_("self-improvement commitment"), blank=True)
    # QĐ 366: per-item scores of the local framework ({"I.1": "9.5"}) and the group totals.
    criterion_scores = models.JSONField(_("score per criterion"), default=dict, blank=True)
    group_i = models.DecimalField(
        _("general criteria (/30)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    group_ii = models.DecimalField(
        _("task results (/70)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # QĐ 124: per-criterion ratings ({"politics": "TOT"}) and the task results' rating.
    criteria_ratings = models.JSONField(_("rating per criterion"), default=dict, blank=True)
    task_rating = models.CharField(_("rating of task results"), max_length=20, blank=True)
    tasks_planned = models.PositiveIntegerField(_("tasks planned"), null=True, blank=True)
    tasks_completed = models.PositiveIntegerField(_("tasks completed"), null=True, blank=True)
    tasks_on_time = models.PositiveIntegerField(_("tasks on time"), null=True, blank=True)
    tasks_exceeding = models.PositiveIntegerField(_("tasks exceeding"), null=True, blank=True)
    # Leaders: the tasks of the locality/unit they directly lead (QĐ 366 Điều 11 k1.2).
    led_planned = models.PositiveIntegerField(null=True, blank=True)
    led_completed = models.PositiveIntegerField(null=True, blank=True)
    led_on_time = models.PositiveIntegerField(null=True, blank=True)
    led_exceeding = models.PositiveIntegerField(null=True, blank=True)
    proposed_level = _level_field(_("self-proposed level"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("self-review")
        verbose_name_plural = _("self-reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(group_i__isnull=True) | Q(group_i__gte=0, group_i__lte=30),
                name="selfreview_group_i_range",
            ),
            models.CheckConstraint(
                condition=Q(group_ii__isnull=True) | Q(group_ii__gte=0, group_ii__lte=70),
                name="selfreview_group_ii_range",
            ),
            models.CheckConstraint(
                condition=_level_ok("proposed_level"), name="selfreview_known_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name}: {self.subject}"

    @property
    def total(self) -> object:
        if self.group_i is None or self.group_ii is None:
            return None
        return self.group_i + self.group_ii


class Appraisal(models.Model):
    """Bước 2: the advisory body on organization and personnel appraises and proposes a level.

    ``facts`` holds the trigger facts the advisory body established (disciplines, confidence
    votes, conclusions), as ``AssessmentInputs`` field names; ``services.inputs`` validates them.
    """

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="appraisals")
    body = models.CharField(_("advisory body"), max_length=300)
    level = _level_field(_("proposed level"))
    remarks = models.TextField(_("remarks"), blank=True)
    facts = models.JSONField(_("facts established"), default=dict, blank=True)
    granted = models.JSONField(_("mitigations proposed for granting"), default=list, blank=True)
    appraised_at = models.DateTimeField(_("appraised at"))
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")
        ordering = ["subject", "-appraised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=False) & _level_ok("level"),
                name="appraisal_has_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.level}"


class SubjectComment(models.Model):
    """A written comment on a subject's review (by a member of the body, a cell, a superior)."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="comments")
    author_name = models.CharField(_("author"), max_length=300)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["subject", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class VoteMethod(models.TextChoices):
    SECRET_BALLOT = "secret_ballot", _("Secret ballot")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")


class VoteRecord(models.Model):
    """A body's vote on a subject's level: counts, denominator and the outcome the rules give.

    ``is_decision``: the voting body is the competent one (``AuthorityRule.role_of`` is DECIDE);
    otherwise the vote is a proposal to ``competent_body`` (DS G.40).

    What the documents read (minutes, Quyết định / Tờ trình to the competent level), all facts
    fixed when the vote is recorded: ``counts`` (per level, "HTXSNV".."KHTNV"), ``blank``,
    ``invalid``; ``convened`` (official members convened), ``excluded`` and ``denominator`` (the
    one denominator every percentage uses: convened minus the exclusions); ``needed`` (votes a
    level needed) and ``threshold`` ("> 1/2": more than half of the denominator); the
    ``outcome_level`` and ``explanation``; ``is_decision`` and ``competent_body`` (the DECIDE
    body of the subject's authority chain, a ``phieukin.rules.Body`` value); for a secret
    ballot the ``ballot`` (its record: ``/voting/ballots/<id>/record.jsonl``), its ``head_hash``
    (printed in the minutes, checked by ``phieukin verify --head``) and the ``round``.
    """

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="votes")
    method = models.CharField(_("method"), max_length=20, choices=VoteMethod.choices)
    body = models.CharField(_("voting body"), max_length=40)  # phieukin.rules.Body value
    counts = models.JSONField(_("votes per level"))  # {"HTXSNV": 69, ...}
    blank = models.PositiveIntegerField(_("blank"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    convened = models.PositiveIntegerField(_("official members convened"))
    excluded = models.JSONField(_("excluded from the denominator"), default=dict, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"))
    needed = models.PositiveIntegerField(_("votes needed"), null=True, blank=True)
    threshold = models.CharField(_("threshold"), max_length=20, blank=True)  # "> 1/2"
    outcome_level = _level_field(_("outcome"))
    reason_code = models.CharField(max_length=60)
    explanation = models.TextField(_("explanation"))
    is_decision = models.BooleanField(_("the vote is the decision"), default=False)
    competent_body = models.CharField(_("competent level"), max_length=40, blank=True)
    ballot_ref = models.CharField(_("ballot"), max_length=200, blank=True)
    ballot = models.ForeignKey(
        "voting.Ballot", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_hash = models.CharField(_("head hash of the record"), max_length=128, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["subject", "recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=_level_ok("outcome_level"), name="vote_known_level"),
            models.UniqueConstraint(
                fields=["subject", "ballot_ref"], condition=~Q(ballot_ref=""), name="vote_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.outcome_level or '—'}"


class DecisionMethod(models.TextChoices):
    SECRET_BALLOT = "secret_ballot", _("Conference vote by secret ballot")
    SHOW_OF_HANDS = "show_of_hands", _("Conference vote by show of hands")
    SUPERIOR = "superior", _("Decision of the competent level")
    RE_RATE = "re_rate", _("Re-rating by the superior (Form 03)")


class Decision(models.Model):
    """Bước 3: the competent level's decision; cancelled rows stay (re-rating replaces them).

    What the documents read: ``level``, ``body`` (the deciding body, a ``phieukin.rules.Body``
    value), ``method``, ``decided_at``; for a decision by a conference vote, ``vote`` (a
    ``VoteRecord``: counts, denominator, threshold, head hash, ballot); ``number`` when
    entered; ``reasons``, ``granted``, ``warnings`` (cap warnings confirmed) and ``cap_info``
    (the cap applied above this installation, shown as information); ``replaces`` for a
    re-rating (Mẫu 03).
    """

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="decisions")
    level = _level_field(_("level"))
    method = models.CharField(_("method"), max_length=20, choices=DecisionMethod.choices)
    body = models.CharField(_("deciding body"), max_length=40)  # phieukin.rules.Body value
    vote = models.ForeignKey(
        VoteRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("document number"), max_length=60, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    granted = models.JSONField(_("mitigations granted"), default=list, blank=True)
    warnings = models.JSONField(_("warnings confirmed"), default=list, blank=True)
    cap_exception = models.BooleanField(_("under the recorded cap exception"), default=False)
    # The cap applied above this installation, shown as information (no confirmation).
    cap_info = models.TextField(_("cap applied by the superior level"), blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    decided_at = models.DateTimeField(_("decided at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["subject", "decided_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=False) & _level_ok("level"), name="decision_has_level"
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(cancelled_at__isnull=True),
                name="decision_one_active_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancel_reason=""),
                name="decision_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.level}"

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


class CapException(models.Model):
    """QĐ 366 Điều 11 k1.5: the competent level allows up to 25% in a group, with its reason."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="cap_exceptions")
    group = models.CharField(_("group of comparable subjects"), max_length=120)
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("cap exception")
        verbose_name_plural = _("cap exceptions")
        constraints = [
            models.UniqueConstraint(fields=["period", "group"], name="cap_exception_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="cap_exception_has_reason"),
        ]

    def __str__(self) -> str:
        return self.group


class ShortcomingStatus(models.TextChoices):
    OPEN = "open", _("Not yet remedied")
    IN_PROGRESS = "in_progress", _("Being remedied")
    REMEDIED = "remedied", _("Remedied")


class Shortcoming(models.Model):
    """A limitation named in a review, tracked until a later review reports it remedied.

    The owner is the member (individuals) or the organization and kind of collective, so the
    next period's subject of the same owner finds it (QĐ 366 Điều 11 k1.4: HTXSNV needs 100%
    of earlier shortcomings remedied).
    """

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="shortcomings")
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collective_kind = models.CharField(max_length=30, blank=True)
    text = models.TextField(_("limitation or shortcoming"))
    cause = models.TextField(_("cause"), blank=True)
    remedy = models.TextField(_("remedy"))
    owner = models.CharField(_("responsible"), max_length=300)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ShortcomingStatus.choices,
        default=ShortcomingStatus.OPEN,
    )
    status_note = models.TextField(_("how it was remedied"), blank=True)
    reviewed_in = models.ForeignKey(
        Subject, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("shortcoming")
        verbose_name_plural = _("shortcomings")
        ordering = ["subject", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(organization__isnull=False),
                name="shortcoming_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ShortcomingStatus.values), name="shortcoming_known_status"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Submission(models.Model):
    """The Tờ trình proposing a subject's level to a conference, with its agenda item."""

    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="submissions")
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.PROTECT, related_name="rating_submissions"
    )
    document = models.ForeignKey(
        "meetings.AgendaDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.CharField(_("document number"), max_length=60, blank=True)
    issuer = models.CharField(_("submitted by"), max_length=300)
    proposed_level = _level_field(_("proposed level"))
    basis = models.TextField(_("basis"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposed_level__isnull=False) & _level_ok("proposed_level"),
                name="submission_has_level",
            ),
            models.UniqueConstraint(fields=["subject", "agenda_item"], name="submission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.issuer}: {self.proposed_level}"
