"""``phieukin demo --scale national``: a synthetic national hierarchy with a rated period.

Shape (docs/architecture.md §7, at ``fraction=1``): 34 provinces, 3,321 communes (party
organizations directly under the province), ≈ 60,000 grassroots organizations, ≈ 300,000 cells and
5.6 million members, plus one 2025 period (QĐ 366) run by a central root where every organization
and member is a subject with a decided level (≈ 2% still unrated, ≈ 1% out of scope) — enough to
measure the roll-up at the size it must answer for.

Rows go in with PostgreSQL ``COPY`` through psycopg 3's ``cursor.copy()`` (ORM inserts would
take hours), with ids taken from a locked range, so it refuses to run on SQLite. Names come
from a pool drawn once by ``NameGenerator`` (fold and collation keys computed once per name).
Memberships, committees and self-reviews are not generated: the roll-up does not read them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction

from phieukin.evaluations.models import Period
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.lib.text import fold, vi_sort_key
from phieukin.organizations.models import Organization
from phieukin.web.demo.names import NameGenerator

ROOT_CODE = "VN-NATIONAL"
FULL = {"provinces": 34, "communes": 3321, "grassroots": 60_000, "cells": 300_000}
MEMBERS = 5_600_000
_STAMP = "2025-12-20 09:00:00+00"
_CHUNK = 20_000
_PLACES = ("An", "Bình", "Phú", "Hòa", "Tân", "Long", "Thạnh", "Phước", "Hưng", "Mỹ", "Vĩnh")


class NationalScaleError(Exception):
    """The national generator cannot run here (wrong database, data already present)."""


@dataclass(frozen=True)
class Shape:
    provinces: int
    communes: int
    grassroots: int
    cells: int
    members: int

    @classmethod
    def for_fraction(cls, fraction: float) -> Shape:
        if not 0 < fraction <= 1:
            raise NationalScaleError(f"--fraction must be in (0, 1], got {fraction}")
        n = {k: max(1, round(v * fraction)) for k, v in FULL.items()}
        return cls(**n, members=max(n["cells"], round(MEMBERS * fraction)))


@dataclass
class NationalSummary:
    shape: Shape
    period_id: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _spread(total: int, parents: int) -> list[int]:
    """``total`` children over ``parents`` as evenly as integers allow."""
    base, extra = divmod(total, parents)
    return [base + (i < extra) for i in range(parents)]


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise NationalScaleError(
            "--scale national needs PostgreSQL (it loads millions of rows with COPY); "
            "set DATABASE_URL=postgres://... to a database of its own"
        )
    if Organization.objects.filter(code=ROOT_CODE).exists():
        raise NationalScaleError(
            "this database already holds the national data set (organization VN-NATIONAL)"
        )


def _next_id(cur: object, table: str) -> int:
    sql = f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}"  # noqa: S608 - constant names
    cur.execute(sql)  # type: ignore[attr-defined]
    return int(cur.fetchone()[0])  # type: ignore[attr-defined]


def _copy(cur: object, table: str, columns: str, lines: Iterator[str]) -> int:
    """Stream tab-separated lines into ``table``; returns the row count."""
    count = 0
    raw = cur.cursor  # type: ignore[attr-defined]  # Django wrapper -> psycopg cursor
    with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        chunk: list[str] = []
        for line in lines:
            chunk.append(line)
            if len(chunk) >= _CHUNK:
                copy.write("".join(chunk))
                count += len(chunk)
                chunk.clear()
        copy.write("".join(chunk))
        count += len(chunk)
    return count


@dataclass
class _Org:
    id: int
    parent: int | None
    kind: str
    name: str
    path: str
    depth: int
    group: str  # comparable group of its collective subject


def _tree(shape: Shape, first_id: int) -> list[_Org]:
    orgs = [_Org(first_id, None, "central", "Trung ương (dữ liệu giả lập)", f"/{first_id}/", 0, "")]
    levels = [
        ("provincial", shape.provinces, "Đảng bộ tỉnh", "Đảng bộ tỉnh, thành phố"),
        ("direct", shape.communes, "Đảng bộ xã", "Đảng bộ cấp trên cơ sở"),
        ("grassroots", shape.grassroots, "Đảng bộ cơ sở", "Đảng bộ cơ sở"),
        ("cell", shape.cells, "Chi bộ", "Chi bộ trực thuộc"),
    ]
    parents = orgs[:]
    for kind, total, prefix, group in levels:
        layer = []
        for parent, n in zip(parents, _spread(total, len(parents)), strict=True):
            for _ in range(n):
                oid = first_id + len(orgs) + len(layer)
                place = f"{_PLACES[oid % len(_PLACES)]} {_PLACES[oid // 11 % len(_PLACES)]}"
                name = f"{prefix} {place} {oid}"
                path = f"{parent.path}{oid}/"
                g = f"{group} trực thuộc {parent.name}"[:120]
                layer.append(_Org(oid, parent.id, kind, name, path, parent.depth + 1, g))
        orgs.extend(layer)
        parents = layer
    return orgs


def _org_lines(orgs: list[_Org]) -> Iterator[str]:
    for o in orgs:
        parent = "\\N" if o.parent is None else o.parent
        yield (
            f"{o.id}\tN{o.id}\t{o.name}\t{o.kind}\t{parent}\t{o.path}\t{o.depth}\tt"
            f"\t{_STAMP}\t{_STAMP}\n"
        )


def _name_pool(rng: random.Random, size: int = 4096) -> list[tuple[str, str, str, str]]:
    gen = NameGenerator(rng)
    pool = []
    for _ in range(size):
        p = gen.person()
        pool.append((p.full_name, p.sex, fold(p.full_name), vi_sort_key(p.full_name)))
    return pool


def _member_lines(
    cells: list[_Org], per_cell: list[int], first_id: int, rng: random.Random
) -> Iterator[str]:
    pool = _name_pool(rng)
    births = [date(1950 + i % 50, 1 + i % 12, 1 + i % 28).isoformat() for i in range(600)]
    mid = first_id
    for cell, n in zip(cells, per_cell, strict=True):
        for _ in range(n):
            name, sex, search, key = pool[rng.getrandbits(12)]
            i = rng.getrandbits(9) % 600
            born = births[i]
            admitted = f"{int(born[:4]) + 25}{born[4:]}"
            yield (
                f"{mid}\tN{mid:09d}\t{name}\t{born}\t{sex}\t{admitted}\t{admitted}\tofficial\t"
                f"\t{cell.id}\t{search}\t{key}\t{_STAMP}\t{_STAMP}\n"
            )
            mid += 1


def _level(rng: random.Random) -> tuple[str, str]:
    """(decided level or \\N, in_scope flag) with a realistic spread (cap mostly respected)."""
    r = rng.random()
    if r < 0.01:
        return "\\N", "f"
    if r < 0.03:
        return "\\N", "t"
    if r < 0.14:
        return "htxsnv", "t"
    if r < 0.84:
        return "httnv", "t"
    return ("htnv", "t") if r < 0.99 else ("khtnv", "t")


_SUBJECT_COLS = (
    "id, period_id, kind, collective_kind, organization_id, member_id, title, comparable_group,"
    " in_scope, out_of_scope_reason, decided_level, decided_at, decided_by, rules_kind,"
    " is_leader, created_at"
)


def _subject_line(
    sid: int,
    period: int,
    rng: random.Random,
    *,
    org: str,
    member: str,
    group: str,
    kind: str,
    ckind: str = "",
) -> str:
    rules_kind = "member" if kind == "individual" else "party_organization"
    level, scope = _level(rng)
    reason = "" if scope == "t" else "Miễn công tác và sinh hoạt đảng"
    at = _STAMP if level != "\\N" else "\\N"
    return (
        f"{sid}\t{period}\t{kind}\t{ckind}\t{org}\t{member}\t\t{group}\t{scope}\t{reason}"
        f"\t{level}\t{at}\t\t{rules_kind}\tf\t{_STAMP}\n"
    )


def _subject_lines(
    orgs: list[_Org], per_cell: list[int], rng: random.Random, *, first: tuple[int, int, int]
) -> Iterator[str]:
    """Collectives, then members; ``first`` = (first member id, first subject id, period id)."""
    first_member, first_id, period = first
    sid = first_id
    for o in orgs[1:]:
        ckind = "cell" if o.kind == "cell" else "party_organization"
        yield _subject_line(
            sid,
            period,
            rng,
            org=str(o.id),
            member="\\N",
            group=o.group,
            kind="collective",
            ckind=ckind,
        )
        sid += 1
    by_id = {o.id: o for o in orgs if o.kind == "grassroots"}
    cells = [o for o in orgs if o.kind == "cell"]
    mid = first_member
    for cell, n in zip(cells, per_cell, strict=True):
        group = f"Đảng viên — {by_id[cell.parent].name}"[:120] if cell.parent else ""
        for _ in range(n):
            yield _subject_line(
                sid, period, rng, org="\\N", member=str(mid), group=group, kind="individual"
            )
            sid += 1
            mid += 1


def _set_sequence(cur: object, table: str) -> None:
    sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
    cur.execute(sql)  # type: ignore[attr-defined]


def generate_national(
    *,
    fraction: float = 1.0,
    seed: int = 20250701,
    year: int = 2025,
    say: Callable[[str], None] = lambda _msg: None,
) -> NationalSummary:
    """Load the synthetic national data set and aggregate its roll-up; one transaction."""
    shape = Shape.for_fraction(fraction)
    _require_postgres()
    rng = random.Random(seed)  # noqa: S311 - fictitious data, not secrets
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "LOCK TABLE organizations_organization, organizations_member, evaluations_subject"
            " IN EXCLUSIVE MODE"
        )
        start = time.perf_counter()
        orgs = _tree(shape, _next_id(cur, "organizations_organization"))
        cols = "id, code, name, kind, parent_id, path, depth, is_active, created_at, updated_at"
        rows["organizations"] = _copy(cur, "organizations_organization", cols, _org_lines(orgs))
        timings["organizations"] = time.perf_counter() - start
        say(f"{rows['organizations']:,} organizations in {timings['organizations']:.1f} s")
        root_sql = "UPDATE organizations_organization SET code = %s WHERE id = %s"
        cur.execute(root_sql, [ROOT_CODE, orgs[0].id])  # a second run is refused
        cells = [o for o in orgs if o.kind == "cell"]
        per_cell = _spread(shape.members, len(cells))
        start = time.perf_counter()
        first_member = _next_id(cur, "organizations_member")
        cols = (
            "id, card_number, full_name, birth_date, sex, admitted_on, official_on, status,"
            " position, organization_id, search_name, sort_key, created_at, updated_at"
        )
        lines = _member_lines(cells, per_cell, first_member, rng)
        rows["members"] = _copy(cur, "organizations_member", cols, lines)
        timings["members"] = time.perf_counter() - start
        say(f"{rows['members']:,} members in {timings['members']:.1f} s")
        period = Period.objects.create(
            organization_id=orgs[0].id,
            title=f"Đánh giá, xếp loại chất lượng năm {year} (dữ liệu giả lập toàn quốc)",
            year=year,
            regulation="reg366",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            status="open",
        )
        start = time.perf_counter()
        first_subject = _next_id(cur, "evaluations_subject")
        lines = _subject_lines(orgs, per_cell, rng, first=(first_member, first_subject, period.pk))
        rows["subjects"] = _copy(cur, "evaluations_subject", _SUBJECT_COLS, lines)
        timings["subjects"] = time.perf_counter() - start
        say(f"{rows['subjects']:,} subjects in {timings['subjects']:.1f} s")
        for table in ("organizations_organization", "organizations_member", "evaluations_subject"):
            _set_sequence(cur, table)
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE organizations_organization, organizations_member, evaluations_subject")
    timings["analyze"] = time.perf_counter() - start
    start = time.perf_counter()
    refresh_rollup(period)
    timings["rollup_refresh"] = time.perf_counter() - start
    say(f"roll-up aggregated in {timings['rollup_refresh']:.1f} s")
    return NationalSummary(shape, period.pk, rows, timings)
