"""Conferences (Hội nghị), their agenda, documents, the convened list and attendance.

The convened list and the attendance are the denominators of every percentage announced
("100% nhất trí"), so they are first-class rows, frozen when a ballot opens (the voting app
copies the counts onto the public board).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class Conference(models.Model):
    """A meeting of a committee (or of all members of a cell): e.g. Hội nghị lần thứ 16 BCH."""

    committee = models.ForeignKey(
        "organizations.Committee",
        verbose_name=_("body convened"),
        on_delete=models.PROTECT,
        related_name="conferences",
        null=True,
        blank=True,
        help_text=_("Empty for a general meeting of all members of a cell."),
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="conferences"
    )
    number = models.PositiveIntegerField(
        pgettext_lazy("conference", "number"), null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_conferences",
    )
    secretary = models.ForeignKey(
        "organizations.Member",
        verbose_name=_("secretary of the conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minuted_conferences",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.PLANNED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                condition=Q(number__isnull=False, committee__isnull=False),
                name="conference_unique_number_per_committee",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AgendaKind(models.TextChoices):
    REPORT = "report", _("Report for discussion")
    RATING = "rating", _("Quality rating (vote)")
    ELECTION = "election", _("Election")
    OTHER = "other", _("Other")


class AgendaItem(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=500)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaKind.choices, default=AgendaKind.REPORT
    )
    presenter = models.CharField(_("presented by"), max_length=255, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["conference", "order"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "order"], name="agenda_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AgendaDocument(models.Model):
    """A document put before the conference (report, Tờ trình, financial report, ...)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("document number"), max_length=60, blank=True)  # "45-TTr/TU"
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to="agenda/%Y/", blank=True)
    distributed_on = models.DateField(_("distributed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agenda_item", "id"]

    def __str__(self) -> str:
        return self.title


class AttendeeRole(models.TextChoices):
    MEMBER = "member", _("Member (voting)")
    NON_VOTING = "non_voting", _("Member without voting right")  # e.g. probationary
    GUEST = "guest", _("Invited guest")


class Attendance(models.Model):
    """One line of the convened list, with whether and when the person was present.

    Only ``role == MEMBER`` rows of official members count towards the quorum and may be
    issued a ballot credential; guests and probationary members attend without a ballot.
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "organizations.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    guest_name = models.CharField(_("guest name"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=AttendeeRole.choices, default=AttendeeRole.MEMBER
    )
    present = models.BooleanField(_("present"), default=False)
    absence_reason = models.CharField(_("reason for absence"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["conference", "member__sort_key", "guest_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "member"],
                condition=Q(member__isnull=False),
                name="attendance_once_per_member",
            ),
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(guest_name=""),
                name="attendance_member_or_guest",
            ),
        ]

    def __str__(self) -> str:
        return str(self.member) if self.member_id else self.guest_name


# Discussion of agenda items (speakers, comments, explanation report, resolution): own module.
from phieukin.meetings.discussion_models import (  # noqa: E402
    Comment,
    CommentKind,
    ExplanationReport,
    Resolution,
    ResolutionMethod,
    Speaker,
)

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "AgendaKind",
    "Attendance",
    "AttendeeRole",
    "Comment",
    "CommentKind",
    "Conference",
    "ConferenceStatus",
    "ExplanationReport",
    "Resolution",
    "ResolutionMethod",
    "Speaker",
]
