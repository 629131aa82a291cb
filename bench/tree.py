"""Benchmark: the organization tree at national scale (≈ 60,000 organizations).

    phieukin bench tree [--cells N]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test phieukin bench tree

On a throwaway database (SQLite in a temp file with the production pragmas, or a scratch
PostgreSQL database), bulk-inserts 34 provinces > districts > grassroots organizations > cells
the way a loader does (``bulk_create`` without paths), then times ``rebuild_paths()``, a
province's subtree listing and count, the members-free roll-up count per kind, and moving a
whole district (≈ 1,800 organizations) to another province with ``do_move_organization``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    print(f"  {label:<52} {time.perf_counter() - started:8.3f} s   {result}")
    return result


def build(total: int) -> None:
    from phieukin.organizations.models import Organization
    from phieukin.organizations.models import OrganizationKind as K

    provinces = Organization.objects.bulk_create(
        Organization(code=f"P{p:02d}", name=f"Đảng bộ tỉnh {p}", kind=K.PROVINCIAL)
        for p in range(34)
    )
    per_province = total // 34
    districts = Organization.objects.bulk_create(
        Organization(code=f"{p.code}D{d:02d}", name=f"Huyện {d}", kind=K.DIRECT, parent=p)
        for p in provinces
        for d in range(max(1, per_province // 1800))
    )
    grassroots = Organization.objects.bulk_create(
        (
            Organization(code=f"{d.code}G{g:03d}", name=f"Xã {g}", kind=K.GRASSROOTS, parent=d)
            for d in districts
            for g in range(100)
        ),
        batch_size=2000,
    )
    Organization.objects.bulk_create(
        (
            Organization(code=f"{g.code}C{c:02d}", name=f"Chi bộ {c}", kind=K.CELL, parent=g)
            for g in grassroots
            for c in range(17)
        ),
        batch_size=2000,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=60_000, help="about this many organizations")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from phieukin.organizations.models import Organization
    from phieukin.organizations.services.tree import do_move_organization, rebuild_paths

    test = connection.settings_dict["TEST"]
    if connection.vendor == "sqlite":
        test["NAME"] = str(Path(tempfile.mkdtemp(prefix="phieukin-bench-")) / "tree.sqlite3")
    else:
        test["NAME"] = f"phieukin_bench_tree_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database: {connection.vendor}")
    try:
        timed("bulk insert (no paths)", lambda: build(args.cells))
        timed("organizations", Organization.objects.count)
        timed("rebuild_paths() -> levels", rebuild_paths)
        province = Organization.objects.get(code="P17")
        timed(
            "subtree of one province: list ids",
            lambda: len(list(province.subtree().values_list("id", flat=True))),
        )
        timed("subtree of one province: count", province.subtree().count)
        timed(
            "cells per kind under one province (GROUP BY)",
            lambda: dict(province.subtree().values_list("kind").annotate(n=Count("id"))),
        )
        district = Organization.objects.get(code="P17D00")
        target = Organization.objects.get(code="P03")
        timed(
            "move a district (whole subtree) to another province",
            lambda: (
                do_move_organization(district, target, actor=None) or district.subtree().count()
            ),
        )
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
