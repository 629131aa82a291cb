"""What the reports app itself records: the register of document numbers, the year's targets
entered for a Tờ trình, and what the secretary adds to the minutes.

- ``DocumentNumber``: the office register (sổ đăng ký văn bản). HD 36-HD/VPTW II.1.3: a Party
  committee numbers its documents "liên tục từ số 01 cho mỗi tên loại văn bản trong một nhiệm
  kỳ cấp uỷ" — from 01 per document type and per TERM of the committee (not per year), so a
  number is unique per (organization, issuer symbol, type, term). A row is the issued document:
  its number, signing date and what it covers, so the file downloaded twice carries the same
  number, and nothing can be numbered twice (the unique constraint, allocated in a transaction
  by ``phieukin.reports.register``). See docs/documents.md.
- ``YearTarget``: a target of the year (chỉ tiêu) with its plan and result, entered by staff;
  the Tờ trình prints them as the basis of the proposed level.
- ``MinutesRecord``: the end time of a conference as the secretary records it, which the
  minutes print ("Hội nghị kết thúc vào hồi ...").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    """Party document types and their symbol (HD 36-HD/VPTW, chữ viết tắt tên loại văn bản)."""

    SUBMISSION = "TTr", _("Submission (Tờ trình)")
    DECISION = "QĐ", _("Decision (Quyết định)")
    NOTICE = "TB", _("Notice (Thông báo)")


class IssuerKind(models.TextChoices):
    """Which body of an organization issues: its committee (Executive or Standing, both issue
    under the committee's name), its Organization Commission, or a cell."""

    EXECUTIVE = "executive", _("Executive Committee")
    STANDING = "standing", _("Standing Committee")
    ADVISORY = "advisory", _("Organization Commission")
    CELL = "cell", _("Party cell")


class DocumentNumber(models.Model):
    """One numbered document in the register of its issuer (see the module docstring)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.CharField(_("issuing body"), max_length=20, choices=IssuerKind.choices)
    symbol = models.CharField(_("issuer symbol"), max_length=20)  # "TU", "BTCTU", "ĐU", "CB"
    doc_type = models.CharField(_("document type"), max_length=8, choices=DocType.choices)
    term = models.CharField(_("term of the committee"), max_length=60, blank=True)
    number = models.PositiveIntegerField(_("number"))
    signed_on = models.DateField(_("signed on"))
    period = models.ForeignKey(
        "evaluations.Period", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the document is about: "evaluations.Submission:3", "evaluations.Decision:7" (Mẫu 03);
    # empty for a decision or notice on a list of decisions (``decisions``: their ids, frozen
    # when numbered — a decision row never changes, a cancelled one stays).
    target = models.CharField(max_length=100, blank=True)
    decisions = models.JSONField(_("decisions listed"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("register of documents")
        ordering = ["organization", "symbol", "doc_type", "term", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "symbol", "doc_type", "term", "number"],
                name="document_number_once_per_term",
            ),
            models.UniqueConstraint(
                fields=["doc_type", "target"],
                condition=~Q(target=""),
                name="document_number_one_per_target",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="document_number_positive"),
            models.CheckConstraint(
                condition=Q(doc_type__in=DocType.values), name="document_number_known_type"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "01-QĐ/TU": two digits at least (HD 36: "từ số 01")."""
        return f"{self.number:02d}-{self.doc_type}/{self.symbol}"


class TargetAssessment(models.TextChoices):
    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class YearTarget(models.Model):
    """A target of the year for an organization (chỉ tiêu chủ yếu), with plan and result."""

    period = models.ForeignKey("evaluations.Period", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("target"), max_length=300)
    plan = models.CharField(_("plan"), max_length=120)
    result = models.CharField(_("result"), max_length=120)
    assessment = models.CharField(_("assessment"), max_length=10, choices=TargetAssessment.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("target of the year")
        verbose_name_plural = _("targets of the year")
        ordering = ["period", "organization", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization", "order"], name="year_target_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(assessment__in=TargetAssessment.values),
                name="year_target_known_assessment",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MinutesRecord(models.Model):
    """The end time of a conference, entered by its secretary for the minutes."""

    conference = models.OneToOneField(
        "meetings.Conference", on_delete=models.CASCADE, related_name="+"
    )
    ends_at = models.TimeField(_("end time"))
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes record")
        verbose_name_plural = _("minutes records")

    def __str__(self) -> str:
        return f"{self.conference_id}: {self.ends_at:%H:%M}"
