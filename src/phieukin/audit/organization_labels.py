"""The audit log's words for the organizations app's events (see ``phieukin.audit.labels``).

Kept in the audit app: organizations, the base every app builds on, imports no other app
(docs/architecture.md §2), so its events are labelled here, as they are recorded through the
``phieukin.lib.auditing`` seam."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, choices, register
from phieukin.organizations.models import (
    CommitteeKind,
    Member,
    MemberStatus,
    OrganizationKind,
    SeatRole,
)

ORGANIZATION = "organizations.Organization"


def _member_field(name: str) -> str:
    """A changed field of a member record by its own label (``fields`` of ``member.updated``)."""
    try:
        return capfirst(str(Member._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


register(
    {
        "organization.created": pgettext_lazy("audit", "Organization created"),
        "organization.moved": pgettext_lazy("audit", "Organization moved in the tree"),
        "organizations.imported": pgettext_lazy("audit", "Organizations and members imported"),
        "members.added": pgettext_lazy("audit", "Members added"),
        "member.updated": pgettext_lazy("audit", "Member record updated"),
        "member.status_changed": pgettext_lazy("audit", "Member status changed"),
        "member.transferred": pgettext_lazy("audit", "Member transferred"),
        "committee.created": pgettext_lazy("audit", "Committee created"),
        "committee.seat_added": pgettext_lazy("audit", "Committee seat added"),
        "committee.seats_added": pgettext_lazy("audit", "Committee seats added"),
        "committee.seat_ended": pgettext_lazy("audit", "Committee seat ended"),
    },
    {
        "org_code": Detail(pgettext_lazy("audit", "organization code")),
        "organization.created:kind": Detail(
            pgettext_lazy("audit", "kind"), values=choices(OrganizationKind)
        ),
        "committee.created:kind": Detail(
            pgettext_lazy("audit", "kind"), values=choices(CommitteeKind)
        ),
        "parent_id": Detail(pgettext_lazy("audit", "superior organization"), ref=ORGANIZATION),
        "from_parent_id": Detail(pgettext_lazy("audit", "from"), ref=ORGANIZATION),
        "to_parent_id": Detail(pgettext_lazy("audit", "to"), ref=ORGANIZATION),
        "from_organization_id": Detail(pgettext_lazy("audit", "from"), ref=ORGANIZATION),
        "to_organization_id": Detail(pgettext_lazy("audit", "to"), ref=ORGANIZATION),
        "member.status_changed:from": Detail(
            pgettext_lazy("audit", "from"), values=choices(MemberStatus)
        ),
        "member.status_changed:to": Detail(
            pgettext_lazy("audit", "to"), values=choices(MemberStatus)
        ),
        "fields": Detail(pgettext_lazy("audit", "fields changed"), values=_member_field),
        "cells": Detail(pgettext_lazy("audit", "party cells")),
        "term": Detail(pgettext_lazy("audit", "term")),
        "committee_id": Detail(pgettext_lazy("audit", "committee"), ref="organizations.Committee"),
        "member_id": Detail(pgettext_lazy("audit", "member"), ref="organizations.Member"),
        "member_ids": Detail(pgettext_lazy("audit", "members"), count=True),
        "committee.seat_added:role": Detail(
            pgettext_lazy("audit", "role"), values=choices(SeatRole)
        ),
        "files": Detail(pgettext_lazy("audit", "files")),
        "organizations": Detail(pgettext_lazy("audit", "organizations")),
        "members": Detail(pgettext_lazy("audit", "members")),
        "created": Detail(pgettext_lazy("audit", "created")),
        "updated": Detail(pgettext_lazy("audit", "updated")),
        "unchanged": Detail(pgettext_lazy("audit", "unchanged")),
        "transfers": Detail(pgettext_lazy("audit", "transfers")),
        "ignored_columns": Detail(pgettext_lazy("audit", "columns ignored")),
        "dry_run": Detail(pgettext_lazy("audit", "trial run (nothing written)")),
    },
)
