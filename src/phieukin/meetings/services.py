"""Conferences: creation with the agenda, the convened list, attendance and quorum numbers.

The convened list is built from the committee's seats sitting on the day of the conference
(or, for a general meeting of a cell, from the cell's members): official members are convened
as voting members, probationary members without a vote, invited guests as guests. Suspended,
exempted and transferred members are not convened. These rows are the denominators of every
percentage the conference announces, so they are written once, in one transaction.

Every change appends an audit event (``phieukin.audit``) in the same transaction.
Quorum *numbers* are computed here; the share required (2/3 by default) belongs to the rule
set in ``phieukin.rules``, so ``Quorum.meets`` takes it as an argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.lib.errors import TranslatableError
from phieukin.meetings.models import (
    AgendaDocument,
    AgendaItem,
    AgendaKind,
    Attendance,
    AttendeeRole,
    Conference,
    ConferenceStatus,
)
from phieukin.organizations.models import Committee, Member, MemberStatus, Organization
from phieukin.organizations.services.committees import open_seats

__all__ = [
    "AgendaSpec",
    "DocumentSpec",
    "MeetingError",
    "Quorum",
    "check_in",
    "convene",
    "create_conference",
    "quorum",
    "record_absence",
    "set_conference_status",
]


class MeetingError(TranslatableError):
    """A conference, its agenda or its attendance cannot be changed as asked."""

    code = "meeting_error"


@dataclass(frozen=True)
class DocumentSpec:
    title: str
    number: str = ""
    summary: str = ""
    distributed_on: date | None = None


@dataclass(frozen=True)
class AgendaSpec:
    title: str
    kind: str = AgendaKind.REPORT
    presenter: str = ""
    documents: Sequence[DocumentSpec] = field(default_factory=tuple)


STATUS_TRANSITIONS: dict[str, set[str]] = {
    ConferenceStatus.PLANNED: {ConferenceStatus.IN_PROGRESS},
    ConferenceStatus.IN_PROGRESS: {ConferenceStatus.CLOSED},
    ConferenceStatus.CLOSED: set(),
}


def create_conference(
    *,
    organization: Organization,
    title: str,
    held_on: date,
    committee: Committee | None = None,
    number: int | None = None,
    starts_at: time | None = None,
    place: str = "",
    chair: Member | None = None,
    secretary: Member | None = None,
    agenda: Sequence[AgendaSpec] = (),
    actor: Any = None,
) -> Conference:
    """Create a planned conference with its numbered agenda items and their documents."""
    if committee is not None and committee.organization_id != organization.pk:
        raise MeetingError(
            _("The committee convened does not belong to %(org)s."), org=organization.name
        )
    if not title.strip():
        raise MeetingError(_("A conference needs a title."))
    try:
        with transaction.atomic():
            conference = Conference.objects.create(
                organization=organization,
                committee=committee,
                number=number,
                title=title.strip(),
                held_on=held_on,
                starts_at=starts_at,
                place=place,
                chair=chair,
                secretary=secretary,
            )
            for order, spec in enumerate(agenda, start=1):
                _create_agenda_item(conference, order, spec)
            record_event(
                "meetings.conference_created",
                actor=actor,
                obj=conference,
                data={"title": conference.title, "held_on": str(held_on), "items": len(agenda)},
            )
    except IntegrityError:
        raise MeetingError(
            _("This committee already has a conference number %(number)s."), number=number
        ) from None
    return conference


def _create_agenda_item(conference: Conference, order: int, spec: AgendaSpec) -> AgendaItem:
    if spec.kind not in AgendaKind.values:
        raise MeetingError(_("Unknown kind of agenda item %(kind)r."), kind=spec.kind)
    item = AgendaItem.objects.create(
        conference=conference,
        order=order,
        title=spec.title,
        kind=spec.kind,
        presenter=spec.presenter,
    )
    AgendaDocument.objects.bulk_create(
        AgendaDocument(
            agenda_item=item,
            title=doc.title,
            number=doc.number,
            summary=doc.summary,
            distributed_on=doc.distributed_on,
        )
        for doc in spec.documents
    )
    return item


def _convened_members(conference: Conference) -> list[Member]:
    if conference.committee is not None:
        return [seat.member for seat in open_seats(conference.committee, on=conference.held_on)]
    return list(
        Member.objects.filter(
            organization=conference.organization,
            status__in=[MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY],
        )
    )


def convene(
    conference: Conference, *, guests: Sequence[str] = (), actor: Any = None
) -> list[Attendance]:
    """Write the convened list of a planned conference (once).

    Official members are convened with a vote (MEMBER), probationary members without
    (NON_VOTING), ``guests`` (names) as GUEST; suspended, exempted and transferred members are
    left out. Returns the rows written.
    """
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if conference.status != ConferenceStatus.PLANNED:
            raise MeetingError(_("The convened list can only be drawn up before the conference."))
        if conference.attendance.exists():
            raise MeetingError(_("The convened list of this conference already exists."))
        roles = {
            MemberStatus.OFFICIAL: AttendeeRole.MEMBER,
            MemberStatus.PROBATIONARY: AttendeeRole.NON_VOTING,
        }
        rows = [
            Attendance(conference=conference, member=m, role=roles[m.status])
            for m in _convened_members(conference)
            if m.status in roles
        ]
        rows += [
            Attendance(
                conference=conference, guest_name=" ".join(name.split()), role=AttendeeRole.GUEST
            )
            for name in guests
            if name.strip()
        ]
        if not rows:
            raise MeetingError(_("Nobody can be convened: the body has no sitting members."))
        created = Attendance.objects.bulk_create(rows)
        record_event(
            "meetings.convened",
            actor=actor,
            obj=conference,
            data={
                "voting": sum(r.role == AttendeeRole.MEMBER for r in rows),
                "non_voting": sum(r.role == AttendeeRole.NON_VOTING for r in rows),
                "guests": sum(r.role == AttendeeRole.GUEST for r in rows),
            },
        )
        return created


def _open_attendance(attendance: Attendance) -> Attendance:
    row = Attendance.objects.select_for_update().select_related("conference").get(pk=attendance.pk)
    if row.conference.status == ConferenceStatus.CLOSED:
        raise MeetingError(_("The conference is closed; attendance can no longer change."))
    return row


def check_in(
    attendance: Attendance, *, at: datetime | None = None, actor: Any = None
) -> Attendance:
    """Mark a convened person present (idempotent: a second check-in keeps the first time)."""
    with transaction.atomic():
        row = _open_attendance(attendance)
        if not row.present:
            row.present = True
            row.absence_reason = ""
            row.checked_in_at = at or timezone.now()
            row.checked_in_by = actor if getattr(actor, "pk", None) else None
            row.save(update_fields=["present", "absence_reason", "checked_in_at", "checked_in_by"])
            _record_attendance("meetings.checked_in", row, actor)
    return row


def _record_attendance(event_type: str, row: Attendance, actor: Any) -> None:
    record_event(
        event_type,
        actor=actor,
        obj=row,
        organization=row.conference.organization,
        data={"conference": row.conference_id, "member": row.member_id, "guest": row.guest_name},
    )


def record_absence(attendance: Attendance, *, reason: str, actor: Any = None) -> Attendance:
    """Mark a convened person absent with the reason the minutes will print ("vắng có lý do")."""
    if not reason.strip():
        raise MeetingError(_("Give the reason for the absence."))
    with transaction.atomic():
        row = _open_attendance(attendance)
        row.present = False
        row.absence_reason = reason.strip()
        row.checked_in_at = None
        row.checked_in_by = None
        row.save(update_fields=["present", "absence_reason", "checked_in_at", "checked_in_by"])
        _record_attendance("meetings.absence_recorded", row, actor)
    return row


def set_conference_status(conference: Conference, status: str, *, actor: Any = None) -> Conference:
    """Move a conference along planned → in progress → closed."""
    with transaction.atomic():
        conference = Conference.objects.select_for_update().get(pk=conference.pk)
        if status not in STATUS_TRANSITIONS[conference.status]:
            raise MeetingError(
                _("A conference cannot go from %(old)s to %(new)s."),
                old=ConferenceStatus(conference.status).label,
                new=status,
            )
        old = conference.status
        conference.status = status
        conference.save(update_fields=["status"])
        record_event(
            "meetings.conference_status",
            actor=actor,
            obj=conference,
            data={"from": old, "to": status},
        )
    return conference


@dataclass(frozen=True)
class Quorum:
    """Attendance numbers: the denominators of the quorum and of announced percentages."""

    convened_voting: int  # official members convened (role MEMBER)
    present_voting: int  # of whom present
    convened_total: int
    present_total: int

    def meets(self, share: Fraction) -> bool:
        """Whether present voting members reach ``share`` of those convened (exact arithmetic)."""
        return self.convened_voting > 0 and self.present_voting >= share * self.convened_voting


def quorum(conference: Conference) -> Quorum:
    """Count the convened list in one query."""
    voting = Q(role=AttendeeRole.MEMBER)
    counts = conference.attendance.aggregate(
        convened_voting=Count("pk", filter=voting),
        present_voting=Count("pk", filter=voting & Q(present=True)),
        convened_total=Count("pk"),
        present_total=Count("pk", filter=Q(present=True)),
    )
    return Quorum(**counts)
