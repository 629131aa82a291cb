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
    keys = _NameKeys()
    done = 0
    for start in range(0, len(plan.create), BATCH):
        batch = plan.create[start : start + BATCH]
        _insert_members(batch, org_ids, keys)
        done += len(batch)
        tick(done)
    transfers = [
        (old.id, org_ids[new.org_code])
        for old, new in plan.update
        if org_ids[new.org_code] != old.organization_id
    ]
    for start in range(0, len(plan.update), BATCH):
        _update_members(plan.update[start : start + BATCH], org_ids, keys)
        done += min(BATCH, len(plan.update) - start)
        tick(done)
    _transfer(transfers, timezone.localdate())
    return len(transfers)


class _NameKeys(dict[str, tuple[str, str]]):
    """full name -> (search key, sort key), computed once per distinct name.

    bulk inserts skip ``Member.save()``, where these keys are normally derived; names repeat
    a lot (Nguyễn Văn Hùng), and the collation key is the costliest part of a row.
    """

    def __missing__(self, name: str) -> tuple[str, str]:
        self[name] = value = (fold(name), vi_sort_key(name))
        return value


_MEMBER_COLUMNS = [
    "card_number",
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
    "created_at",
    "updated_at",
]


def _insert_members(batch: list[MemberIn], org_ids: dict[str, int], keys: _NameKeys) -> None:
    """Plain executemany INSERTs, then the memberships by INSERT ... SELECT on card numbers.

    Building 100,000 model instances and letting the ORM prepare every field costs more than
    the database work; the values here are already validated and typed.
    """
    qn = connection.ops.quote_name
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            m.card_number,
            m.full_name,
            _d(m.birth_date),
            m.sex,
            _d(m.admitted_on),
            _d(m.official_on),
            m.status,
            m.position,
            org_ids[m.org_code],
            *keys[m.full_name],
            now,
            now,
        )
        for m in batch
    ]
    member, membership = qn(Member._meta.db_table), qn(Membership._meta.db_table)
    opened = (
        f"INSERT INTO {membership} ({qn('member_id')}, {qn('organization_id')}, "  # noqa: S608
        f"{qn('start_on')}) SELECT {qn('id')}, {qn('organization_id')}, {qn('admitted_on')} "
        f"FROM {member} WHERE {qn('card_number')} "
    )
    cards: list[object] = [m.card_number for m in batch]
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


_UPDATE_COLUMNS = [
    "full_name", "birth_date", "sex", "admitted_on", "official_on", "status", "position",
    "organization_id", "search_name", "sort_key", "updated_at",
]  # fmt: skip


def _update_members(
    batch: list[tuple[object, MemberIn]], org_ids: dict[str, int], keys: _NameKeys
) -> None:
    """executemany UPDATE on SQLite; on PostgreSQL, COPY to a temporary table + UPDATE FROM.

    One UPDATE per row is fast in-process on SQLite but costs a round trip each on PostgreSQL.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [
        (
            old.id,  # type: ignore[attr-defined]
            m.full_name, _d(m.birth_date), m.sex, _d(m.admitted_on), _d(m.official_on),
            m.status, m.position, org_ids[m.org_code], *keys[m.full_name], now,
        )
        for old, m in batch
    ]  # fmt: skip
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


def _d(value: date | None) -> object:
    return connection.ops.adapt_datefield_value(value)


def _transfer(transfers: list[tuple[int, int]], today: date) -> None:
    """Close each moved member's open membership today and open one in the new cell."""
    if not transfers:
        return
    ids = [member_id for member_id, _ in transfers]
    for start in range(0, len(ids), BATCH):
        Membership.objects.filter(member_id__in=ids[start : start + BATCH], end_on=None).update(
            end_on=today
        )
    Membership.objects.bulk_create(
        [Membership(member_id=m, organization_id=o, start_on=today) for m, o in transfers],
        batch_size=BATCH,
    )
