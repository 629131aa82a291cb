"""Layer 4: write a validated plan in bulk, inside the caller's transaction.

Inserts use ``bulk_create`` in batches (the database returns the new ids, on SQLite >= 3.35
and PostgreSQL alike); member updates use one ``executemany`` UPDATE because Django's
``bulk_update`` builds a CASE expression per column whose cost grows with the batch.
Materialized paths are recomputed by ``services.rebuild_paths()`` (a few statements per
tree level) instead of per row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import connection
from django.utils import timezone

from phieukin.lib.text import fold, vi_sort_key
from phieukin.organizations.importing.validate_members import MemberIn, MemberPlan
from phieukin.organizations.importing.validate_orgs import ExistingOrg, OrgPlan
from phieukin.organizations.models import Member, Membership, Organization
from phieukin.organizations.services import rebuild_paths

BATCH = 2000
Tick = Callable[[int], None]


def write_orgs(plan: OrgPlan, existing: dict[str, ExistingOrg]) -> dict[str, int]:
    """Create and update organizations; returns code -> id for every organization."""
    ids = {code: org.id for code, org in existing.items()}
    pending = list(plan.create)
    while pending:  # parents before children; the plan is acyclic, so every pass progresses
        ready = [o for o in pending if o.parent_code is None or o.parent_code in ids]
        pending = [o for o in pending if not (o.parent_code is None or o.parent_code in ids)]
        created = Organization.objects.bulk_create(
            [
                Organization(
                    code=o.code,
                    name=o.name,
                    kind=o.kind,
                    is_active=o.is_active,
                    parent_id=ids[o.parent_code] if o.parent_code else None,
                )
                for o in ready
            ],
            batch_size=BATCH,
        )
        ids.update({org.code: org.pk for org in created})
    if plan.update:
        now = timezone.now()
        Organization.objects.bulk_update(
            [
                Organization(
                    pk=ids[o.code],
                    name=o.name,
                    kind=o.kind,
                    is_active=o.is_active,
                    parent_id=ids[o.parent_code] if o.parent_code else None,
                    updated_at=now,
                )
                for o in plan.update
            ],
            ["name", "kind", "is_active", "parent_id", "updated_at"],
            batch_size=500,
        )
    moved = any(ids.get(o.parent_code or "") != existing[o.code].parent_id for o in plan.update)
    if plan.create or moved:
        rebuild_paths()
    return ids


def write_members(plan: MemberPlan, org_ids: dict[str, int], tick: Tick) -> int:
    """Create and update members, keeping membership history; returns the transfer count."""
    done = 0
    for start in range(0, len(plan.create), BATCH):
        batch = plan.create[start : start + BATCH]
        members = Member.objects.bulk_create([_new_member(m, org_ids) for m in batch])
        Membership.objects.bulk_create(
            Membership(member_id=m.pk, organization_id=m.organization_id, start_on=m.admitted_on)
            for m in members
        )
        done += len(batch)
        tick(done)
    transfers = [
        (old.id, org_ids[new.org_code])
        for old, new in plan.update
        if org_ids[new.org_code] != old.organization_id
    ]
    for start in range(0, len(plan.update), BATCH):
        _update_members(plan.update[start : start + BATCH], org_ids)
        done += min(BATCH, len(plan.update) - start)
        tick(done)
    _transfer(transfers, timezone.localdate())
    return len(transfers)


def _new_member(m: MemberIn, org_ids: dict[str, int]) -> Member:
    # bulk_create skips Member.save(), which is where the search and sort keys are derived.
    return Member(
        card_number=m.card_number,
        full_name=m.full_name,
        birth_date=m.birth_date,
        sex=m.sex,
        admitted_on=m.admitted_on,
        official_on=m.official_on,
        status=m.status,
        position=m.position,
        organization_id=org_ids[m.org_code],
        search_name=fold(m.full_name),
        sort_key=vi_sort_key(m.full_name),
    )


def _update_members(batch: list[tuple[object, MemberIn]], org_ids: dict[str, int]) -> None:
    ops, qn = connection.ops, connection.ops.quote_name
    columns = [
        "full_name",
        "birth_date",
        "sex",
        "admitted_on",
        "official_on",
        "status",
        "position",
        "organization_id",
        "search_name",
        "sort_key",
        "updated_at",
    ]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names are from _meta
        qn(Member._meta.db_table), ", ".join(f"{qn(c)} = %s" for c in columns), qn("id")
    )
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            m.full_name,
            _d(m.birth_date),
            m.sex,
            _d(m.admitted_on),
            _d(m.official_on),
            m.status,
            m.position,
            org_ids[m.org_code],
            fold(m.full_name),
            vi_sort_key(m.full_name),
            now,
            old.id,  # type: ignore[attr-defined]
        )
        for old, m in batch
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _d(value: date | None) -> object:
    return connection.ops.adapt_datefield_value(value)


def _transfer(transfers: list[tuple[int, int]], today: date) -> None:
    """Close each moved member's open membership today and open one in the new cell."""
    if not transfers:
        return
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} = %s WHERE {} = %s AND {} IS NULL".format(  # noqa: S608
        qn(Membership._meta.db_table), qn("end_on"), qn("member_id"), qn("end_on")
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(_d(today), member_id) for member_id, _ in transfers])
    Membership.objects.bulk_create(
        [Membership(member_id=m, organization_id=o, start_on=today) for m, o in transfers],
        batch_size=BATCH,
    )
