"""Writes of the reports app: numbering a document in its issuer's register, the targets of
the year, the end time of a conference. Each is one transaction with its audit event.

Numbering (HD 36-HD/VPTW II.1.3, docs/documents.md §3): the next number of an issuer's series
is one more than the largest of the same (organization, symbol, type, term); two clerks
numbering at the same moment both read the same largest number, one insert wins on the unique
constraint and the other retries with the next number (inside a savepoint, so nothing half
written survives). A number typed by hand (the Tờ trình already numbered at the office) is
registered as given, or refused if taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import Period
from phieukin.meetings.models import Conference
from phieukin.organizations.models import Organization
from phieukin.reports.documents.issuers import Issuer
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.register_models import (
    DocType,
    DocumentNumber,
    MinutesRecord,
    TargetAssessment,
    YearTarget,
)

RETRIES = 5


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def issued_for(doc_type: str, target: str) -> DocumentNumber | None:
    return DocumentNumber.objects.filter(doc_type=doc_type, target=target).first()


def _next_number(issuer: Issuer, doc_type: str, term: str) -> int:
    largest = DocumentNumber.objects.filter(
        organization=issuer.organization, symbol=issuer.symbol, doc_type=doc_type, term=term
    ).aggregate(n=Max("number"))["n"]
    return (largest or 0) + 1


@transaction.atomic
def do_register_document(
    issuer: Issuer,
    *,
    doc_type: str,
    signed_on: date,
    actor: Any,
    period: Period | None = None,
    target: str = "",
    decisions: Sequence[int] = (),
    number: int | None = None,
) -> DocumentNumber:
    """Give the document its number in the issuer's register (see the module docstring)."""
    if doc_type not in DocType.values:
        raise DocumentError(_("Unknown document type %(type)s."), type=doc_type)
    if target and issued_for(doc_type, target) is not None:
        raise DocumentError(_("This document already has its number."))
    if number is not None and number < 1:
        raise DocumentError(_("A document number starts at 01."))
    term = issuer.term(signed_on)
    for _attempt in range(RETRIES):
        chosen = number or _next_number(issuer, doc_type, term)
        try:
            with transaction.atomic():
                row = DocumentNumber.objects.create(
                    organization=issuer.organization,
                    issuer=issuer.kind,
                    symbol=issuer.symbol,
                    doc_type=doc_type,
                    term=term,
                    number=chosen,
                    signed_on=signed_on,
                    period=period,
                    target=target,
                    decisions=list(decisions),
                    created_by=_user(actor),
                )
        except IntegrityError:
            if target and issued_for(doc_type, target) is not None:
                raise DocumentError(_("This document already has its number.")) from None
            if number is not None:
                raise DocumentError(
                    _("Number %(number)s is already used in the register of %(issuer)s."),
                    number=f"{number:02d}-{doc_type}/{issuer.symbol}",
                    issuer=issuer.name_vi,
                ) from None
            continue  # another clerk took this number: try the next one
        record_event(
            "reports.document_numbered",
            actor=actor,
            obj=row,
            organization=issuer.organization,
            data={
                "number": row.label,
                "term": term,
                "signed_on": str(signed_on),
                "target": target,
                "decisions": len(row.decisions),
            },
        )
        return row
    raise DocumentError(_("The register is busy; try again."))


def targets_of(period: Period, organization: Organization) -> list[YearTarget]:
    return list(YearTarget.objects.filter(period=period, organization=organization))


@transaction.atomic
def do_add_target(
    period: Period,
    organization: Organization,
    *,
    name: str,
    plan: str,
    result: str,
    assessment: str,
    actor: Any,
) -> YearTarget:
    """Add a target of the year (chỉ tiêu) with its plan and result, at the end of the list."""
    name, plan, result = name.strip(), plan.strip(), result.strip()
    if not name or not plan or not result:
        raise DocumentError(_("A target needs its name, its plan and its result."))
    if assessment not in TargetAssessment.values:
        raise DocumentError(_("Say whether the target was exceeded, met or not met."))
    last = YearTarget.objects.filter(period=period, organization=organization).aggregate(
        n=Max("order")
    )["n"]
    target = YearTarget.objects.create(
        period=period,
        organization=organization,
        order=(last or 0) + 1,
        name=name[:300],
        plan=plan[:120],
        result=result[:120],
        assessment=assessment,
        created_by=_user(actor),
    )
    record_event(
        "reports.target_added",
        actor=actor,
        obj=target,
        organization=organization,
        data={"period": period.pk, "name": target.name},
    )
    return target


@transaction.atomic
def do_remove_target(target: YearTarget, *, actor: Any) -> None:
    organization, data = target.organization, {"period": target.period_id, "name": target.name}
    target.delete()
    record_event("reports.target_removed", actor=actor, organization=organization, data=data)


@transaction.atomic
def do_record_end_time(conference: Conference, *, ends_at: time, actor: Any) -> MinutesRecord:
    """The secretary records when the conference ended (after it started, the same day)."""
    if conference.starts_at is not None and ends_at <= conference.starts_at:
        raise DocumentError(
            _("The conference cannot end before it starts (%(start)s)."),
            start=f"{conference.starts_at:%H:%M}",
        )
    record, _created = MinutesRecord.objects.update_or_create(
        conference=conference, defaults={"ends_at": ends_at, "recorded_by": _user(actor)}
    )
    record_event(
        "reports.minutes_end_time",
        actor=actor,
        obj=conference,
        organization=conference.organization,
        data={"ends_at": f"{ends_at:%H:%M}"},
    )
    return record
