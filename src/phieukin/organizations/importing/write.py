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
from phieukin.organizations import member_rules as rules
from phieukin.organizations.importing.validate_members import ExistingMember, MemberIn, MemberPlan
from phieukin.organizations.importing.validate_orgs import ExistingOrg, OrgPlan
from phieukin.organizations.member_rules import RECORD_FIELDS, MemberRecord
from phieukin.organizations.models import Member, Membership, Organization
from phieukin.organizations.services.tree import rebuild_paths

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
    """Create and update members, keeping membership history; returns the transfer count.

    A member moved to another cell, or whose status change closes or opens a membership
    (``member_rules.membership_change``: leaving as TRANSFERRED, coming back from it), gets
    their open membership ended and/or a new one opened today, as the services would.
    """
    keys = _NameKeys()
    done = 0
    for start in range(0, len(plan.create), BATCH):
        batch = plan.create[start : start + BATCH]
        _insert_members(batch, org_ids, keys)
        done += len(batch)
        tick(done)
    closes, opens, moved = _membership_changes(plan.update, org_ids)
    for start in range(0, len(plan.update), BATCH):
        _update_members(plan.update[start : start + BATCH], org_ids, keys)
        done += min(BATCH, len(plan.update) - start)
        tick(done)
    _close_and_open(closes, opens, timezone.localdate())
    return moved


def _membership_changes(
    update: list[tuple[ExistingMember, MemberIn]], org_ids: dict[str, int]
) -> tuple[list[int], list[tuple[int, int]], int]:
    """Members whose open membership ends, (member, cell) pairs that open one, and moves."""
    closes: list[int] = []
    opens: list[tuple[int, int]] = []
    moved = 0
    for old, new in update:
        cell = org_ids[new.org_code]
        change = rules.membership_change(old.record.status, new.record.status)
        move = cell != old.organization_id
        moved += move
        if move or change == "close":
            closes.append(old.id)
        if (move and new.record.status != rules.TRANSFERRED) or change == "open":
            opens.append((old.id, cell))
    return closes, opens, moved


class _NameKeys(dict[str, tuple[str, str]]):
    """full name -> (search key, sort key), computed once per distinct name.

    bulk inserts skip ``Member.save()``, where these keys are normally derived; names repeat
    a lot (Nguyễn Văn Hùng), and the collation key is the costliest part of a row.
    """

    def __missing__(self, name: str) -> tuple[str, str]:
        self[name] = value = (fold(name), vi_sort_key(name))
        return value


# The member table's columns: the record's fields (``member_rules.MemberRecord``), the cell,
# the derived name keys and the timestamps.
_MEMBER_COLUMNS = [
    *RECORD_FIELDS,
    "organization_id",
    "search_name",
    "sort_key",
    "created_at",
    "updated_at",
]
_UPDATE_COLUMNS = [c for c in _MEMBER_COLUMNS if c not in {"card_number", "created_at"}]


def _values(record: MemberRecord, *, key: bool = True) -> list[object]:
    """The record's fields in ``_MEMBER_COLUMNS`` order, dates adapted for the database."""
    return [_db(getattr(record, n)) for n in RECORD_FIELDS if key or n != "card_number"]


def _insert_members(batch: list[MemberIn], org_ids: dict[str, int], keys: _NameKeys) -> None:
    """Plain executemany INSERTs, then the memberships by INSERT ... SELECT on card numbers.

    Building 100,000 model instances and letting the ORM prepare every field costs more than
    the database work; the values here are already validated and typed.
    """
    qn = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (*_values(m.record), org_ids[m.org_code], *keys[m.record.full_name], now, now)
        for m in batch
    ]
    member, membership = qn(Member._meta.db_table), qn(Membership._meta.db_table)
    opened = (
        f"INSERT INTO {membership} ({qn('member_id')}, {qn('organization_id')}, "  # noqa: S608
        f"{qn('start_on')}) SELECT {qn('id')}, {qn('organization_id')}, {qn('admitted_on')} "
        f"FROM {member} WHERE {qn('card_number')} "
    )
    cards: list[object] = [m.record.card_number for m in batch]
    if connection.vendor == "postgresql":  # one array parameter instead of 2,000
        opened, cards = opened + "= ANY(%s)", [cards]
    else:
        opened += f"IN ({', '.join(['%s'] * len(batch))})"
    copy_rows(Member._meta.db_table, _MEMBER_COLUMNS, rows)
    with connection.cursor() as cursor:
        cursor.execute(opened, cards)


def copy_rows(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    """Insert ``rows``: COPY on PostgreSQL (several times faster than INSERTs), else executemany."""
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608


def _update_members(
    batch: list[tuple[ExistingMember, MemberIn]], org_ids: dict[str, int], keys: _NameKeys
) -> None:
    """executemany UPDATE on SQLite; on PostgreSQL, COPY to a temporary table + UPDATE FROM.

    One UPDATE per row is fast in-process on SQLite but costs a round trip each on PostgreSQL.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (old.id, *_values(m.record, key=False), org_ids[m.org_code], *keys[m.record.full_name], now)
        for old, m in batch
    ]
    qn, table = connection.ops.quote_name, connection.ops.quote_name(Member._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(f"{qn(c)} = %s" for c in _UPDATE_COLUMNS)
            sql = f"UPDATE {table} SET {assignments} WHERE {qn('id')} = %s"  # noqa: S608
            cursor.executemany(sql, [(*row[1:], row[0]) for row in rows])
            return
        names = ", ".join(qn(c) for c in ["id", *_UPDATE_COLUMNS])
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS phieukin_member_update ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        cursor.execute("TRUNCATE phieukin_member_update")
        with cursor.copy(f"COPY phieukin_member_update ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        assignments = ", ".join(f"{qn(c)} = u.{qn(c)}" for c in _UPDATE_COLUMNS)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM phieukin_member_update u "  # noqa: S608
            f"WHERE {table}.{qn('id')} = u.{qn('id')}"
        )


def _db(value: object) -> object:
    return connection.ops.adapt_datefield_value(value) if isinstance(value, date) else value


def _close_and_open(closes: list[int], opens: list[tuple[int, int]], today: date) -> None:
    """End the open membership of ``closes`` today; open one today for each of ``opens``."""
    for start in range(0, len(closes), BATCH):
        Membership.objects.filter(member_id__in=closes[start : start + BATCH], end_on=None).update(
            end_on=today
        )
    Membership.objects.bulk_create(
        [Membership(member_id=m, organization_id=o, start_on=today) for m, o in opens],
        batch_size=BATCH,
    )
