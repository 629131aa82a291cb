"""Benchmark: import 100,000 party members (quality bar: < 60 s on SQLite and PostgreSQL).

    phieukin bench import_members [--members N] [--seed S] [--keep DIR]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test phieukin bench import_members

Generates a realistic city organization (districts > grassroots organizations > cells, about
40 members per cell) and its members with Vietnamese names, fixed seed, as CSV and XLSX; then,
on a throwaway database created on the configured server (DATABASE_URL; SQLite in a temp
file with the production pragmas, WAL + synchronous=FULL), times:

1. the organizations file, 2. the members CSV into an empty table, 3. the same CSV again (the
idempotent re-import: everything unchanged), 4. the same members with every position changed
and one in ten moved to another cell (updates and transfers), 5. the members XLSX into an
emptied table.

Wall-clock seconds are what the bar is about; the CPU seconds of this process (Python side:
reading, validation, and on SQLite the database work too) show how much of a slow run was the
machine being busy with something else.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Công", "Quang", "Minh", "Thanh", "Xuân", "Đình", "Ngọc"]
MIDDLE_F = ["Thị", "Thu", "Thanh", "Ngọc", "Minh", "Phương", "Thúy", "Hồng", "Kim", "Lan"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Thảo",
    "Trang",
    "Yến",
]
AS_OF = date(2024, 1, 9)  # fixed, so the seed alone decides the file
ORG_HEADER = ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên"]
MEMBER_HEADER = [
    "Số thẻ đảng viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Trạng thái",
    "Chức vụ",
    "Mã chi bộ",
]


def make_orgs(cells_needed: int) -> tuple[list[list[str]], list[str]]:
    rows = [["TP", "Đảng bộ thành phố", "Đảng bộ thành phố", ""]]
    cells: list[str] = []
    district = 0
    while len(cells) < cells_needed:
        district += 1
        d = f"TP-{district:02d}"
        rows.append([d, f"Đảng bộ quận {district}", "Đảng bộ trực thuộc", "TP"])
        for g in range(1, 21):
            gc = f"{d}-{g:02d}"
            rows.append([gc, f"Đảng bộ phường {g} quận {district}", "Đảng bộ cơ sở", d])
            for c in range(1, 5):
                cc = f"{gc}-{c}"
                rows.append([cc, f"Chi bộ khu dân cư số {c}", "Chi bộ", gc])
                cells.append(cc)
    return rows, cells[:cells_needed]


def make_members(n: int, cells: list[str], rng: random.Random) -> list[list[str]]:
    today = AS_OF
    rows = []
    for i in range(n):
        female = rng.random() < 0.45
        name = " ".join(
            [
                rng.choice(FAMILY),
                rng.choice(MIDDLE_F if female else MIDDLE_M),
                rng.choice(GIVEN_F if female else GIVEN_M),
            ]
        )
        birth = date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 58))
        earliest = max(birth + timedelta(days=365 * 19), date(1965, 1, 1))
        span = max(1, (today - earliest).days - 30)
        admitted = earliest + timedelta(days=rng.randrange(span))
        official = admitted + timedelta(days=365)
        probationary = official > today
        rows.append(
            [
                f"{79000000 + i:08d}",
                name,
                birth.strftime("%d/%m/%Y"),
                "Nữ" if female else "Nam",
                admitted.strftime("%d/%m/%Y"),
                "" if probationary else official.strftime("%d/%m/%Y"),
                "Dự bị" if probationary else "Chính thức",
                rng.choice(["", "", "", "Bí thư chi bộ", "Phó Bí thư chi bộ", "Chi ủy viên"]),
                cells[i % len(cells)],
            ]
        )
    return rows


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    """As a secretary's Excel file would have them: dates are real date cells."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(header)
    for row in rows:
        sheet.append([_as_date(v) if i in (2, 4, 5) else v for i, v in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_date(value: str) -> date | str:
    if not value:
        return value
    day, month, year = (int(p) for p in value.split("/"))
    return date(year, month, day)


def timed(label: str, rows: int, name: str, data: bytes) -> float:
    from phieukin.organizations.importing import run_import

    started, cpu = time.perf_counter(), time.process_time()
    result = run_import([(name, data)])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    counts = (
        result.members
        if result.members.created + result.members.updated + result.members.unchanged
        else result.organizations
    )
    print(
        f"{label:<34} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s "
        f"(this process's CPU {cpu:6.2f} s)  "
        f"(created {counts.created}, updated {counts.updated}, unchanged {counts.unchanged}, "
        f"transfers {result.transfers})"
    )
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240109)
    parser.add_argument("--keep", type=Path, help="also write the generated files into DIR")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    import django

    tmp = tempfile.mkdtemp(prefix="phieukin-bench-")
    django.setup()
    from django.db import connection

    test = connection.settings_dict["TEST"]
    if connection.vendor == "sqlite":
        test["NAME"] = str(Path(tmp) / "bench.sqlite3")  # a real file: WAL + synchronous=FULL
    else:
        test["NAME"] = f"phieukin_bench_{os.getpid()}"
    rng = random.Random(args.seed)
    org_rows, cells = make_orgs(max(1, args.members // 40))
    member_rows = make_members(args.members, cells, rng)
    orgs_csv = to_csv(ORG_HEADER, org_rows)
    members_csv = to_csv(MEMBER_HEADER, member_rows)
    started = time.perf_counter()
    members_xlsx = to_xlsx(MEMBER_HEADER, member_rows)
    print(
        f"generated {len(org_rows)} organizations, {len(member_rows)} members "
        f"(CSV {len(members_csv) / 1e6:.1f} MB, XLSX {len(members_xlsx) / 1e6:.1f} MB "
        f"written in {time.perf_counter() - started:.1f} s), seed {args.seed}"
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "organizations.csv").write_bytes(orgs_csv)
        (args.keep / "members.csv").write_bytes(members_csv)
        (args.keep / "members.xlsx").write_bytes(members_xlsx)

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    try:
        timed("organizations CSV", len(org_rows), "organizations.csv", orgs_csv)
        total = timed("members CSV, empty table", len(member_rows), "members.csv", members_csv)
        timed("members CSV again (idempotent)", len(member_rows), "members.csv", members_csv)
        changed = [
            [*r[:7], "Đảng viên", cells[(i * 7) % len(cells)] if i % 10 == 0 else r[8]]
            for i, r in enumerate(member_rows)
        ]
        timed(
            "members CSV, every row changed",
            len(member_rows),
            "changed.csv",
            to_csv(MEMBER_HEADER, changed),
        )
        from phieukin.organizations.models import Member, Membership

        Membership.objects.all()._raw_delete(connection.alias)
        Member.objects.all()._raw_delete(connection.alias)
        total = max(
            total,
            timed("members XLSX, empty table", len(member_rows), "members.xlsx", members_xlsx),
        )
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    verdict = "PASS" if total < 60 else "FAIL"
    print(f"{verdict}: slowest 100k-member import {total:.1f} s (bar: < 60 s)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
