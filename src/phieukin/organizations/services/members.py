"""Party members: add, correct, change status, transfer — with their membership history.

What a member's record must satisfy is decided by ``member_rules`` (the importer asks the same
function); this module adds what needs the database: the card number not taken, the member's
cell, the memberships that a status change or a transfer opens and closes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.lib.auditing import record_change
from phieukin.lib.text import fold, vi_sort_key
from phieukin.organizations import member_rules as rules
from phieukin.organizations.errors import MemberRuleError, MembershipError
from phieukin.organizations.member_rules import (
    RECORD_FIELDS,
    MemberProblem,
    MemberRecord,
    normalized,
)
from phieukin.organizations.models import Member, Membership, MemberStatus, Organization
from phieukin.organizations.services import Actor

_CHUNK = 500  # keeps IN (...) and bulk INSERTs under every backend's parameter limit


@dataclass(frozen=True)
class NewMember:
    """One member to add: their record, their cell, and when their membership there began."""

    record: MemberRecord
    organization: Organization
    joined_on: date | None = None  # default: the day they were admitted


def record_of(member: Member) -> MemberRecord:
    """The stored facts of ``member`` as the rules see them."""
    return MemberRecord(**{name: getattr(member, name) for name in RECORD_FIELDS})


def member_problems(
    record: MemberRecord, organization: Organization, *, old_status: str | None = None
) -> list[MemberProblem]:
    """Every rule ``record`` breaks in ``organization`` (``old_status``: None for a new member).

    The admin form shows these on its fields; the ``do_*`` functions raise them.
    """
    return rules.check_member(
        record,
        cell_code=organization.code,
        cell_kind=organization.kind,
        old_status=old_status,
        today=timezone.localdate(),
    )


def do_add_members(specs: Sequence[NewMember], *, actor: Actor) -> list[Member]:
    """Add many members at once, each in its cell with an open ``Membership``.

    Every row is checked by the member rules; the first bad row raises ``MemberRuleError``
    and nothing is written. Then two bulk INSERTs, whatever the number of rows (the demo and
    loaders add hundreds of members; one INSERT per member costs seconds on PostgreSQL).
    """
    specs = [replace(spec, record=normalized(spec.record)) for spec in specs]
    for spec in specs:
        problems = member_problems(spec.record, spec.organization)
        if problems:
            raise MemberRuleError(problems)
    members = [_new_row(spec) for spec in specs]
    cards = Counter(m.card_number for m in members)
    repeated = [card for card, n in cards.items() if n > 1]
    if repeated:
        raise MembershipError(
            _("The party card number %(card)s is already used."), card=repeated[0]
        )
    with transaction.atomic():
        card_list = list(cards)
        for i in range(0, len(card_list), _CHUNK):
            taken = Member.objects.filter(card_number__in=card_list[i : i + _CHUNK])
            card = taken.values_list("card_number", flat=True).first()
            if card is not None:
                raise MembershipError(
                    _("The party card number %(card)s is already used."), card=card
                )
        Member.objects.bulk_create(members, batch_size=_CHUNK)
        Membership.objects.bulk_create(
            [
                Membership(
                    member=m,
                    organization=m.organization,
                    start_on=spec.joined_on or spec.record.admitted_on,
                )
                for m, spec in zip(members, specs, strict=True)
            ],
            batch_size=_CHUNK,
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


def _new_row(spec: NewMember) -> Member:
    record = spec.record
    return Member(
        **{name: getattr(record, name) for name in RECORD_FIELDS},
        organization=spec.organization,
        # bulk_create bypasses Member.save(), which derives these two keys.
        search_name=fold(record.full_name),
        sort_key=vi_sort_key(record.full_name),
    )


def do_add_member(
    record: MemberRecord,
    *,
    organization: Organization,
    joined_on: date | None = None,
    actor: Actor,
) -> Member:
    """Add a member to a cell with an open ``Membership`` from ``joined_on`` (default: admitted)."""
    return do_add_members([NewMember(record, organization, joined_on)], actor=actor)[0]


def do_update_member(
    member: Member, record: MemberRecord, *, on: date | None = None, actor: Actor
) -> Member:
    """Correct a member's facts, or change their status following ``STATUS_TRANSITIONS``.

    A status change takes effect on ``on`` (default today): going to TRANSFERRED closes the
    open membership, coming back from it opens one in the member's cell. The member's row is
    locked first, so two changes of one member cannot interleave. The cell changes only by
    ``do_transfer_member``, which keeps the history.
    """
    on = on or timezone.localdate()
    record = normalized(record)
    with transaction.atomic():
        member = Member.objects.select_for_update().select_related("organization").get(pk=member.pk)
        old = record_of(member)
        if record == old:
            return member
        problems = member_problems(record, member.organization, old_status=old.status)
        if problems:
            raise MemberRuleError(problems)
        if record.card_number != old.card_number and (
            Member.objects.filter(card_number=record.card_number).exclude(pk=member.pk).exists()
        ):
            raise MembershipError(
                _("The party card number %(card)s is already used."), card=record.card_number
            )
        _apply_membership_change(member, rules.membership_change(old.status, record.status), on)
        for name in RECORD_FIELDS:
            setattr(member, name, getattr(record, name))
        member.save()
        changed = [name for name in RECORD_FIELDS if getattr(record, name) != getattr(old, name)]
        if old.status != record.status:
            event = "member.status_changed"
            data: dict[str, Any] = {"from": old.status, "to": record.status, "on": on.isoformat()}
        else:
            event, data = "member.updated", {}
        record_change(event, actor=actor, obj=member, data={**data, "fields": changed})
    return member


def _apply_membership_change(member: Member, change: str | None, on: date) -> None:
    if change == "close":
        member.memberships.filter(end_on__isnull=True, start_on__lte=on).update(end_on=on)
        if member.memberships.filter(end_on__isnull=True).exists():
            raise MembershipError(
                _("The date %(date)s is before the current membership began."), date=on
            )
    elif change == "open":
        last = member.memberships.aggregate(last=Max("end_on"))["last"]
        if last is not None and on < last:
            raise MembershipError(
                _("The date %(date)s is before the member's last membership ended."), date=on
            )
        Membership.objects.create(member=member, organization=member.organization, start_on=on)


def do_set_member_status(
    member: Member,
    status: str,
    *,
    on: date | None = None,
    official_on: date | None = None,
    actor: Actor,
) -> Member:
    """Change a member's status on ``on`` (default today), following ``STATUS_TRANSITIONS``.

    Becoming official records ``official_on`` (default ``on``) if the member has none yet.
    """
    on = on or timezone.localdate()
    record = replace(record_of(member), status=status)
    if status == MemberStatus.OFFICIAL and record.official_on is None:
        record = replace(record, official_on=official_on or on)
    problems = rules.check_status(member.status, status)
    if problems:  # before the record's other rules: the transition is what was asked
        raise MemberRuleError(problems)
    return do_update_member(member, record, on=on, actor=actor)


def do_transfer_member(
    member: Member, to_organization: Organization, *, on: date, actor: Actor
) -> Membership:
    """Move a member to another cell on ``on``: the open membership ends, a new one opens.

    A member who had transferred out of the system comes back as official (or probationary if
    they never became official).
    """
    problems = rules.check_cell(to_organization.code, to_organization.kind)
    if problems:
        raise MemberRuleError(problems)
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
            changes["status"] = rules.default_status(member.official_on)
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
