"""State changes of the organization tree, members and committees.

Views, the API, importers and the demo call these functions and never ``.save()`` the models
themselves, because the invariants live here: the materialized ``path``/``depth`` of every
organization, which kinds may sit under which (``ALLOWED_CHILDREN``), one open membership per
member with its history kept, and seats compatible with their committee.

Every function runs in ``transaction.atomic()`` (not durable: the importer and the demo call
them inside their own outer transaction, so a bad row rolls everything back). ``actor`` is the
user on whose behalf the change is made; each change appends one audit entry last in its
transaction, through ``phieukin.lib.auditing.record_change`` (this app imports no other app).

Scale: a subtree is one ``path LIKE '/1/17/%'`` query, served by the ``org_path_prefix``
index (``varchar_pattern_ops`` on PostgreSQL, so the prefix match uses the B-tree whatever the
database collation); a move rewrites a whole subtree with one UPDATE; ``rebuild_paths`` needs
two UPDATEs per tree level, so 60,000 organizations in 6 levels take about 14 statements.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.lib.auditing import record_change
from phieukin.lib.text import fold, vi_sort_key
from phieukin.organizations.errors import CommitteeError, MembershipError, TreeError
from phieukin.organizations.models import (
    ALLOWED_CHILDREN,
    Committee,
    CommitteeKind,
    CommitteeSeat,
    Member,
    Membership,
    MemberStatus,
    Organization,
    OrganizationKind,
    SeatRole,
    Sex,
)

__all__ = [
    "NewMember",
    "add_member",
    "add_members",
    "add_seat",
    "add_seats",
    "check_new_member",
    "create_committee",
    "create_organization",
    "end_seat",
    "members_in_subtree",
    "move_organization",
    "open_seats",
    "rebuild_paths",
    "set_member_status",
    "transfer_member",
]

# Deeper than any real tree (Central > province > direct > grassroots > partial > cell is 6);
# it also bounds the path length (400 characters hold 20 ids of 19 digits).
MAX_DEPTH = 20
_UNSET_DEPTH = 32767  # marks rows not yet reached by rebuild_paths


# --------------------------------------------------------------------------- tree


def _check_child_kind(parent: Organization | None, kind: str) -> None:
    if kind not in OrganizationKind.values:
        raise TreeError(_("Unknown organization kind %(kind)r."), kind=kind)
    if parent is None:
        if kind not in {OrganizationKind.CENTRAL, OrganizationKind.PROVINCIAL}:
            raise TreeError(
                _("A %(kind)s must have a parent organization."),
                kind=OrganizationKind(kind).label,
            )
        return
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise TreeError(
            _("A %(kind)s cannot be placed under %(parent)s (a %(parent_kind)s)."),
            kind=OrganizationKind(kind).label,
            parent=parent.name,
            parent_kind=OrganizationKind(parent.kind).label,
        )
    if parent.depth + 1 >= MAX_DEPTH:
        raise TreeError(
            _("The organization tree may not be deeper than %(max)d levels."), max=MAX_DEPTH
        )


def create_organization(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    actor: Any = None,
) -> Organization:
    """Create an organization under ``parent`` (None for a root) with its path and depth set.

    The path contains the organization's own id, so it is written by a second UPDATE after the
    INSERT, in the same transaction.
    """
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise TreeError(_("An organization needs a code and a name."))
    with transaction.atomic():
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
        _check_child_kind(parent, kind)
        if Organization.objects.filter(code=code).exists():
            raise TreeError(_("The organization code %(code)s is already used."), code=code)
        org = Organization.objects.create(code=code, name=name, kind=kind, parent=parent)
        org.path = f"{parent.path if parent else '/'}{org.pk}/"
        org.depth = parent.depth + 1 if parent else 0
        Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
        record_change(
            "organization.created",
            actor=actor,
            obj=org,
            organization=org,
            data={"org_code": code, "kind": kind, "parent_id": parent.pk if parent else None},
        )
    return org


def move_organization(org: Organization, new_parent: Organization, *, actor: Any = None) -> None:
    """Put ``org`` (and everything below it) under ``new_parent``.

    Refuses to move an organization under itself or one of its descendants (a cycle would
    detach the subtree from every root). The whole subtree's paths and depths are rewritten
    by one UPDATE; the rows are locked first so a concurrent move cannot interleave.
    """
    caller_org = org
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(org.path):
            raise TreeError(
                _("Cannot move %(org)s under %(parent)s: %(parent)s is %(org)s or lies below it."),
                org=org.name,
                parent=new_parent.name,
            )
        _check_child_kind(new_parent, org.kind)
        subtree_height = _subtree_height(org)
        if new_parent.depth + 1 + subtree_height >= MAX_DEPTH:
            raise TreeError(
                _("The organization tree may not be deeper than %(max)d levels."), max=MAX_DEPTH
            )
        old_prefix, new_prefix = org.path, f"{new_parent.path}{org.pk}/"
        delta = new_parent.depth + 1 - org.depth
        Organization.objects.filter(pk=org.pk).update(parent=new_parent)
        Organization.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
            depth=F("depth") + delta,
        )
        record_change(
            "organization.moved",
            actor=actor,
            obj=org,
            organization=org,
            data={"from_parent_id": org.parent_id, "to_parent_id": new_parent.pk},
        )
    caller_org.refresh_from_db(fields=["parent", "path", "depth"])


def _subtree_height(org: Organization) -> int:
    deepest = org.subtree().aggregate(deepest=models.Max("depth"))["deepest"]
    return int(deepest) - org.depth


def rebuild_paths() -> int:
    """Recompute every organization's ``path`` and ``depth`` from the ``parent`` links.

    For bulk loaders that insert organizations with ``bulk_create`` (no per-row path). Works
    level by level from the roots: each level is one UPDATE that copies the parent's path, so
    the cost is a handful of statements whatever the number of organizations. Rows never
    reached (a cycle in the parent links) raise ``TreeError`` and roll everything back.
    Returns the number of levels.
    """
    own_id = Cast("id", output_field=CharField())
    with transaction.atomic():
        Organization.objects.update(depth=_UNSET_DEPTH)
        reached = Organization.objects.filter(parent__isnull=True).update(
            path=Concat(Value("/"), own_id, Value("/")), depth=0
        )
        level = 0
        while reached:
            level += 1
            if level > MAX_DEPTH:
                raise TreeError(
                    _("The organization tree may not be deeper than %(max)d levels."),
                    max=MAX_DEPTH,
                )
            parent_path = Organization.objects.filter(pk=models.OuterRef("parent_id")).values(
                "path"
            )[:1]
            reached = Organization.objects.filter(parent__depth=level - 1).update(
                path=Concat(models.Subquery(parent_path), own_id, Value("/")), depth=level
            )
        orphans = list(
            Organization.objects.filter(depth=_UNSET_DEPTH).values_list("code", flat=True)[:5]
        )
        if orphans:
            raise TreeError(
                _("The parent links form a cycle through: %(codes)s."), codes=", ".join(orphans)
            )
    return level


def members_in_subtree(
    org: Organization, *, statuses: list[str] | None = None
) -> models.QuerySet[Member]:
    """Members of ``org`` and of every organization below it: one query on the path index."""
    members = Member.objects.filter(organization__path__startswith=org.path)
    if statuses is not None:
        members = members.filter(status__in=statuses)
    return members


# --------------------------------------------------------------------------- members

# Which status changes are legitimate (STYLE R11: one status field, one transition table).
# A transferred-out member comes back through ``transfer_member``, which reopens a membership.
STATUS_TRANSITIONS: dict[str, set[str]] = {
    MemberStatus.PROBATIONARY: {MemberStatus.OFFICIAL, MemberStatus.TRANSFERRED},
    MemberStatus.OFFICIAL: {
        MemberStatus.SUSPENDED,
        MemberStatus.EXEMPTED,
        MemberStatus.TRANSFERRED,
    },
    MemberStatus.SUSPENDED: {MemberStatus.OFFICIAL, MemberStatus.TRANSFERRED},
    MemberStatus.EXEMPTED: {MemberStatus.OFFICIAL, MemberStatus.TRANSFERRED},
    MemberStatus.TRANSFERRED: set(),
}


def _require_cell(org: Organization) -> None:
    if not org.is_cell:
        raise MembershipError(
            _("Members belong to a Party cell; %(org)s is a %(kind)s."),
            org=org.name,
            kind=OrganizationKind(org.kind).label,
        )


def _check_member_dates(
    birth_date: date, admitted_on: date, official_on: date | None, status: str
) -> None:
    today = timezone.localdate()
    for label, value in (
        (_("date of birth"), birth_date),
        (_("date admitted"), admitted_on),
        (_("date became official"), official_on),
    ):
        if value is not None and value > today:
            raise MembershipError(
                _("The %(field)s %(date)s is in the future."), field=label, date=value
            )
    if admitted_on <= birth_date:
        raise MembershipError(_("The date admitted must be after the date of birth."))
    if official_on is not None and official_on < admitted_on:
        raise MembershipError(_("The date became official cannot be before the date admitted."))
    if status == MemberStatus.PROBATIONARY and official_on is not None:
        raise MembershipError(_("A probationary member has no date became official yet."))
    if status == MemberStatus.OFFICIAL and official_on is None:
        raise MembershipError(_("An official member needs the date they became official."))


@dataclass(frozen=True)
class NewMember:
    """One member to add (the arguments of ``add_member``, for ``add_members``)."""

    card_number: str
    full_name: str
    birth_date: date
    sex: str
    admitted_on: date
    organization: Organization
    official_on: date | None = None
    status: str = MemberStatus.OFFICIAL
    position: str = ""
    joined_on: date | None = None


def check_new_member(spec: NewMember) -> Member:
    """Validate one new member (raises ``MembershipError``); returns the unsaved row."""
    card_number, full_name = spec.card_number.strip(), " ".join(spec.full_name.split())
    if not card_number or not full_name:
        raise MembershipError(_("A member needs a party card number and a full name."))
    if spec.status not in {MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY}:
        raise MembershipError(_("A new member is official or probationary."))
    if spec.sex not in Sex.values:
        raise MembershipError(_("Unknown sex %(sex)r."), sex=spec.sex)
    _require_cell(spec.organization)
    _check_member_dates(spec.birth_date, spec.admitted_on, spec.official_on, spec.status)
    return Member(
        card_number=card_number,
        full_name=full_name,
        birth_date=spec.birth_date,
        sex=spec.sex,
        admitted_on=spec.admitted_on,
        official_on=spec.official_on,
        status=spec.status,
        position=spec.position,
        organization=spec.organization,
        # bulk_create bypasses Member.save(), which derives these two keys.
        search_name=fold(full_name),
        sort_key=vi_sort_key(full_name),
    )


def add_members(specs: Sequence[NewMember], *, actor: Any = None) -> list[Member]:
    """Add many members at once, each in its cell with an open ``Membership``.

    Every row gets the checks of ``add_member``; the first bad row raises and nothing is
    written. Then two bulk INSERTs, whatever the number of rows (the demo and loaders add
    hundreds of members; one INSERT per member costs seconds on PostgreSQL).
    """
    members = [check_new_member(spec) for spec in specs]
    cards = Counter(m.card_number for m in members)
    repeated = [card for card, n in cards.items() if n > 1]
    if repeated:
        raise MembershipError(
            _("The party card number %(card)s is already used."), card=repeated[0]
        )
    with transaction.atomic():
        card_list = list(cards)
        for i in range(0, len(card_list), 500):
            taken = Member.objects.filter(card_number__in=card_list[i : i + 500])
            card = taken.values_list("card_number", flat=True).first()
            if card is not None:
                raise MembershipError(
                    _("The party card number %(card)s is already used."), card=card
                )
        Member.objects.bulk_create(members, batch_size=500)
        Membership.objects.bulk_create(
            [
                Membership(
                    member=m, organization=m.organization, start_on=s.joined_on or s.admitted_on
                )
                for m, s in zip(members, specs, strict=True)
            ],
            batch_size=500,
        )
        # One entry per batch (an import of 100,000 members is one change, not 100,000).
        cells = {m.organization_id for m in members}
        record_change(
            "members.added",
            actor=actor,
            organization=members[0].organization if len(cells) == 1 else None,
            data={"count": len(members), "cells": len(cells)},
        )
    return members


def add_member(
    *,
    card_number: str,
    full_name: str,
    birth_date: date,
    sex: str,
    admitted_on: date,
    organization: Organization,
    official_on: date | None = None,
    status: str = MemberStatus.OFFICIAL,
    position: str = "",
    joined_on: date | None = None,
    actor: Any = None,
) -> Member:
    """Add a member to a cell with an open ``Membership`` from ``joined_on`` (default: admitted)."""
    spec = NewMember(
        card_number=card_number,
        full_name=full_name,
        birth_date=birth_date,
        sex=sex,
        admitted_on=admitted_on,
        organization=organization,
        official_on=official_on,
        status=status,
        position=position,
        joined_on=joined_on,
    )
    return add_members([spec], actor=actor)[0]


def transfer_member(
    member: Member, to_organization: Organization, *, on: date, actor: Any = None
) -> Membership:
    """Move a member to another cell on ``on``: the open membership ends, a new one opens.

    A member who had transferred out of the system comes back as official (or probationary if
    they never became official).
    """
    _require_cell(to_organization)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        current = member.memberships.filter(end_on__isnull=True).first()
        if current is not None and current.organization_id == to_organization.pk:
            raise MembershipError(
                _("%(member)s is already in %(org)s."),
                member=member.full_name,
                org=to_organization.name,
            )
        if current is not None:
            if on < current.start_on:
                raise MembershipError(
                    _("The transfer date %(date)s is before the current membership began."),
                    date=on,
                )
            Membership.objects.filter(pk=current.pk).update(end_on=on)
        membership = Membership.objects.create(
            member=member, organization=to_organization, start_on=on
        )
        changes: dict[str, Any] = {"organization": to_organization}
        if member.status == MemberStatus.TRANSFERRED:
            changes["status"] = (
                MemberStatus.OFFICIAL if member.official_on else MemberStatus.PROBATIONARY
            )
        Member.objects.filter(pk=member.pk).update(**changes, updated_at=timezone.now())
        record_change(
            "member.transferred",
            actor=actor,
            obj=member,
            organization=to_organization,
            data={
                "from_organization_id": current.organization_id if current else None,
                "to_organization_id": to_organization.pk,
                "on": on.isoformat(),
            },
        )
    return membership


def set_member_status(
    member: Member,
    status: str,
    *,
    on: date | None = None,
    official_on: date | None = None,
    actor: Any = None,
) -> Member:
    """Change a member's status following ``STATUS_TRANSITIONS``.

    Becoming official records ``official_on`` (default ``on``, default today); transferring out
    closes the open membership on ``on``, keeping the history.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if status not in STATUS_TRANSITIONS.get(member.status, set()):
            raise MembershipError(
                _("A member cannot go from %(old)s to %(new)s."),
                old=MemberStatus(member.status).label,
                new=MemberStatus(status).label if status in MemberStatus.values else status,
            )
        if status == MemberStatus.OFFICIAL and member.official_on is None:
            member.official_on = official_on or on
            _check_member_dates(member.birth_date, member.admitted_on, member.official_on, status)
        if status == MemberStatus.TRANSFERRED:
            member.memberships.filter(end_on__isnull=True, start_on__lte=on).update(end_on=on)
            if member.memberships.filter(end_on__isnull=True).exists():
                raise MembershipError(
                    _("The date %(date)s is before the current membership began."), date=on
                )
        old_status = member.status
        member.status = status
        member.save()
        record_change(
            "member.status_changed",
            actor=actor,
            obj=member,
            data={"from": old_status, "to": status, "on": on.isoformat()},
        )
    return member


# --------------------------------------------------------------------------- committees

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


def create_committee(
    *,
    organization: Organization,
    kind: str,
    term: str,
    term_start: date,
    term_end: date | None = None,
    actor: Any = None,
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


def add_seats(
    committee: Committee,
    seats: Sequence[tuple[Member, str]],
    *,
    start_on: date,
    actor: Any = None,
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


def add_seat(
    committee: Committee, member: Member, role: str, *, start_on: date, actor: Any = None
) -> CommitteeSeat:
    """Seat one official member (see ``add_seats``)."""
    return add_seats(committee, [(member, role)], start_on=start_on, actor=actor)[0]


def end_seat(seat: CommitteeSeat, *, on: date, actor: Any = None) -> CommitteeSeat:
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
