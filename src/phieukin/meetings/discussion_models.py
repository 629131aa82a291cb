"""Discussion of an agenda item: speakers, written comments, the explanation report, resolution.

The Hanoi conference's path (DS §1.5): the item's documents are distributed, members speak or
comment in writing, the presiding member's explanation and acceptance report (báo cáo giải
trình, tiếp thu) answers them, then — for a rating item — the vote; the announced result (or,
for a report, the conclusion) is the item's resolution, which the minutes print. A resolution
names what it decides by an opaque reference ("evaluations.Subject:12") so meetings imports
no other app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Speaker(models.Model):
    """One speech at the conference on an item, in the order given, with its times."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="speakers"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("speaker"), max_length=300)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    summary = models.TextField(_("summary of the speech"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["agenda_item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "order"], name="speaker_unique_order"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(started_at__isnull=False, ended_at__gte=models.F("started_at")),
                name="speaker_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class CommentKind(models.TextChoices):
    WRITTEN = "written", _("Written comment")
    SPOKEN = "spoken", _("Spoken at the conference")


class Comment(models.Model):
    """A comment on an item's documents: written and attached, or the gist of a speech."""

    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="comments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CommentKind.choices)
    member = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=300)
    text = models.TextField(_("comment"))
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["agenda_item", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommentKind.values), name="comment_known_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"


class ExplanationReport(models.Model):
    """Báo cáo giải trình, tiếp thu: the presiding member's answer to the item's comments."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="explanation"
    )
    presenter = models.ForeignKey(
        "organizations.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presenter_name = models.CharField(_("presented by"), max_length=300)
    text = models.TextField(_("explanation and acceptance"))
    answers = models.ManyToManyField(Comment, blank=True, related_name="answered_by")
    presented_at = models.DateTimeField(_("presented at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("explanation and acceptance report")
        verbose_name_plural = _("explanation and acceptance reports")

    def __str__(self) -> str:
        return f"{self.presenter_name}: {self.text[:60]}"


class ResolutionMethod(models.TextChoices):
    CONCLUSION = "conclusion", _("Conclusion of the chair (no vote)")
    SECRET_BALLOT = "secret_ballot", _("Secret ballot")
    SHOW_OF_HANDS = "show_of_hands", _("Show of hands")


class Resolution(models.Model):
    """What the conference resolved on the item, as announced; the minutes print it."""

    agenda_item = models.OneToOneField(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="resolution"
    )
    method = models.CharField(_("method"), max_length=20, choices=ResolutionMethod.choices)
    text = models.TextField(_("resolution"))
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)  # "HTXSNV"
    counts = models.JSONField(_("vote counts"), default=dict, blank=True)  # {"HTXSNV": 69, ...}
    denominator = models.PositiveIntegerField(_("denominator"), null=True, blank=True)
    decides = models.CharField(_("decides"), max_length=200, blank=True)
    announced_at = models.DateTimeField(_("announced at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=ResolutionMethod.values), name="resolution_known_method"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
