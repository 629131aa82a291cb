"""Committees (Ban Chấp hành, Ban Thường vụ, Chi ủy) of an organization and their seats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.lib.auditing import record_change
from phieukin.organizations.errors import CommitteeError
from phieukin.organizations.models import (
    Committee,
    CommitteeKind,
    CommitteeSeat,
    Member,
    MemberStatus,
    Organization,
    OrganizationKind,
    SeatRole,
)
from phieukin.organizations.services import Actor

ROLES_BY_COMMITTEE: dict[str, set[str]] = {
    CommitteeKind.EXECUTIVE: {
        SeatRole.SECRETARY,
        SeatRole.DEPUTY_SECRETARY,
        SeatRole.STANDING_MEMBER,
        SeatRole.EXECUTIVE_MEMBER,
    },
    CommitteeKind.STANDING: {
        SeatRole.SECRETARY,
        SeatRole.DEPUTY_SECRETARY,
        SeatRole.STANDING_MEMBER,
    },
    CommitteeKind.CELL: {SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.CELL_MEMBER},
}


def do_create_committee(
    *,
    organization: Organization,
    kind: str,
    term: str,
    term_start: date,
    term_end: date | None = None,
    actor: Actor,
) -> Committee:
    """Create the committee of ``organization`` for one term (a cell has a cell committee only)."""
    if kind not in CommitteeKind.values:
        raise CommitteeError(_("Unknown committee kind %(kind)r."), kind=kind)
    if (kind == CommitteeKind.CELL) != organization.is_cell:
        raise CommitteeError(
            _("A %(org_kind)s cannot have a %(kind)s."),
            org_kind=OrganizationKind(organization.kind).label,
            kind=CommitteeKind(kind).label,
        )
    if term_end is not None and term_end <= term_start:
        raise CommitteeError(_("The term must end after it starts."))
    try:
        with transaction.atomic():
            committee = Committee.objects.create(
                organization=organization,
                kind=kind,
                term=term.strip(),
                term_start=term_start,
                term_end=term_end,
            )
            record_change(
                "committee.created",
                actor=actor,
                obj=committee,
                data={"kind": kind, "term": committee.term},
            )
            return committee
    except IntegrityError:
        raise CommitteeError(
            _("%(org)s already has a %(kind)s for the term %(term)s."),
            org=organization.name,
            kind=CommitteeKind(kind).label,
            term=term,
        ) from None


def _check_seat(committee: Committee, member: Member, role: str, start_on: date) -> None:
    if role not in ROLES_BY_COMMITTEE[committee.kind]:
        raise CommitteeError(
            _("A %(kind)s has no seat of %(role)s."),
            kind=CommitteeKind(committee.kind).label,
            role=SeatRole(role).label if role in SeatRole.values else role,
        )
    if member.status != MemberStatus.OFFICIAL:
        raise CommitteeError(
            _("Only official members can sit on a committee; %(member)s is %(status)s."),
            member=member.full_name,
            status=MemberStatus(member.status).label,
        )
    if start_on < committee.term_start or (committee.term_end and start_on > committee.term_end):
        raise CommitteeError(_("The seat must start within the committee's term."))


def do_add_seats(
    committee: Committee,
    seats: Sequence[tuple[Member, str]],
    *,
    start_on: date,
    actor: Actor,
) -> list[CommitteeSeat]:
    """Seat official members on a committee, each with a role compatible with the committee.

    A committee has at most one sitting secretary; a member sits at most once at a time. All
    rows are checked first (against the sitting seats and each other), then one INSERT: a
    committee of 70 elected at a congress is one change.
    """
    for member, role in seats:
        _check_seat(committee, member, role, start_on)
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        sitting = list(committee.seats.filter(end_on__isnull=True).values_list("member", "role"))
        seated = {member_id for member_id, _ in sitting}
        secretaries = sum(role == SeatRole.SECRETARY for _, role in sitting)
        for member, role in seats:
            if member.pk in seated:
                raise CommitteeError(
                    _("%(member)s already sits on this committee."), member=member.full_name
                )
            seated.add(member.pk)
            secretaries += role == SeatRole.SECRETARY
            if secretaries > 1:
                raise CommitteeError(_("This committee already has a secretary."))
        created = CommitteeSeat.objects.bulk_create(
            CommitteeSeat(committee=committee, member=member, role=role, start_on=start_on)
            for member, role in seats
        )
        if len(created) == 1:
            record_change(
                "committee.seat_added",
                actor=actor,
                obj=created[0],
                organization=committee.organization,
                data={
                    "committee_id": committee.pk,
                    "member_id": seats[0][0].pk,
                    "role": seats[0][1],
                },
            )
        elif created:
            record_change(
                "committee.seats_added",
                actor=actor,
                obj=committee,
                organization=committee.organization,
                data={"committee_id": committee.pk, "member_ids": [m.pk for m, _ in seats]},
            )
        return created


def do_add_seat(
    committee: Committee, member: Member, role: str, *, start_on: date, actor: Actor
) -> CommitteeSeat:
    """Seat one official member (see ``do_add_seats``)."""
    return do_add_seats(committee, [(member, role)], start_on=start_on, actor=actor)[0]


def do_end_seat(seat: CommitteeSeat, *, on: date, actor: Actor) -> CommitteeSeat:
    """End a seat on ``on`` (resignation, transfer, end of term)."""
    if seat.end_on is not None:
        raise CommitteeError(_("This seat has already ended."))
    if on < seat.start_on:
        raise CommitteeError(_("A seat cannot end before it starts."))
    with transaction.atomic():
        CommitteeSeat.objects.filter(pk=seat.pk, end_on__isnull=True).update(end_on=on)
        record_change(
            "committee.seat_ended",
            actor=actor,
            obj=seat,
            organization=seat.committee.organization,
            data={"committee_id": seat.committee_id, "on": on.isoformat()},
        )
    seat.end_on = on
    return seat


def open_seats(committee: Committee, *, on: date | None = None) -> models.QuerySet[CommitteeSeat]:
    """Seats sitting on ``on`` (default: today), with their members, in Vietnamese name order."""
    on = on or timezone.localdate()
    return (
        committee.seats.filter(start_on__lte=on)
        .filter(models.Q(end_on__isnull=True) | models.Q(end_on__gt=on))
        .select_related("member")
        .order_by("member__sort_key")
    )
