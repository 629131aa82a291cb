"""Benchmark: the national synthetic data set and the roll-up dashboards.

See docs/architecture.md §6: < 1 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/phieukin_national \\
        phieukin bench rollup [--fraction 1.0] [--repeat 5] [--no-generate]

Runs against the database named by DATABASE_URL, which must be a PostgreSQL database of its own
(never ``test``: the generator loads millions of rows). Unless ``--no-generate``, it first loads
the data set with ``generate_national`` (COPY), reporting time, rows/s and the process's peak
memory (``resource.getrusage``). Then it times, best and median of ``--repeat`` runs, the
dashboard queries for the whole country and for one province: the distribution with every
child's aggregate (``rollup``), the cap per comparable group (``cap_groups``), the first page
of "not yet rated" (``unrated``) and a member's history; and, for contrast, the naive live
``COUNT ... GROUP BY`` over the subjects that the snapshot tables avoid. Results go to
``bench/results/rollup-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

_LIVE_SQL = """
SELECT s.kind, s.decided_level, COUNT(*)
FROM evaluations_subject s
LEFT JOIN organizations_member m ON m.id = s.member_id
JOIN organizations_organization o ON o.id = COALESCE(s.organization_id, m.organization_id)
WHERE s.period_id = %s AND o.path LIKE %s
GROUP BY s.kind, s.decided_level
"""


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(label: str, fn: Callable[[], Any], repeat: int, out: dict[str, Any]) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    best, median = min(times), statistics.median(times)
    out[label] = {"best_s": round(best, 4), "median_s": round(median, 4), "runs": repeat}
    print(f"  {label:<48} best {best * 1000:9.1f} ms   median {median * 1000:9.1f} ms")


def dashboard(org: Any, period: Any) -> int:
    """What the roll-up page evaluates: distribution + children + cap + unrated page."""
    from phieukin.evaluations.rollup import cap_groups, rollup, unrated

    r = rollup(org, period)
    groups = cap_groups(org, period)
    waiting = list(unrated(org, period))
    return len(r.children) + len(groups) + len(waiting)


def page_client() -> Any:
    """A logged-in superuser with a verified second factor, as the pages require."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phieukin.accounts.models import User

    user, _ = User.objects.get_or_create(username="bench-rollup", defaults={"is_superuser": True})
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "bench", "confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def check_ok(response: Any) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"roll-up page answered {response.status_code}")


def one_decision(period: Any) -> None:
    """What a decision adds to its transaction for the live roll-up (``rollup_live.move``):
    a member deep in the tree counted at a new level, along the path up, then rolled back."""
    from django.db import transaction

    from phieukin.evaluations.models import Subject
    from phieukin.evaluations.rollup_live import Key, move

    subject = (
        Subject.objects.filter(period=period, kind="individual", in_scope=True)
        .select_related("member__organization", "period")
        .order_by("-id")
        .first()
    )
    old = Key(subject.comparable_group, subject.decided_level, True)
    new = Key(subject.comparable_group, "htnv" if old.level != "htnv" else "httnv", True)
    with transaction.atomic():
        move(subject, old, new)
        transaction.set_rollback(True)


def generate(fraction: float, result: dict[str, Any]) -> None:
    from phieukin.web.demo.national import generate_national

    started = time.perf_counter()
    summary = generate_national(fraction=fraction, say=lambda m: print(f"  {m}"))
    seconds = time.perf_counter() - started
    result["generator"] = {
        "fraction": fraction,
        "shape": summary.shape.__dict__,
        "rows": summary.rows,
        "seconds": {k: round(v, 2) for k, v in summary.seconds.items()},
        "total_s": round(seconds, 1),
        "rows_per_s": round(summary.total_rows / seconds),
        "peak_rss_mb": round(peak_mb(), 1),
    }
    print(
        f"  generator: {summary.total_rows:,} rows in {seconds:.1f} s "
        f"({summary.total_rows / seconds:,.0f} rows/s), peak RSS {peak_mb():.0f} MB"
    )


def queries(repeat: int, result: dict[str, Any]) -> None:
    from django.db import connection
    from django.urls import reverse

    from phieukin.evaluations.models import Period, Subject
    from phieukin.evaluations.rollup import member_history
    from phieukin.organizations.models import Organization
    from phieukin.web.demo.national import ROOT_CODE

    root = Organization.objects.get(code=ROOT_CODE)
    period = Period.objects.get(organization=root)
    province = root.children.order_by("id")[len(root.children.all()) // 2]
    member = Subject.objects.filter(period=period, kind="individual").first().member
    timings: dict[str, Any] = {}
    measure(
        "national dashboard (rollup+children+cap+unrated)",
        lambda: dashboard(root, period),
        repeat,
        timings,
    )
    measure(
        "province dashboard (rollup+children+cap+unrated)",
        lambda: dashboard(province, period),
        repeat,
        timings,
    )
    measure("member history", lambda: member_history(member), repeat, timings)
    client = page_client()
    for label, org in (("national", root), ("province", province)):
        url = reverse("reports:rollup", args=[org.pk]) + f"?period={period.pk}"
        measure(
            f"{label} roll-up page (HTTP GET, rendered)",
            lambda url=url: check_ok(client.get(url)),
            repeat,
            timings,
        )

    def live(org: Organization) -> Callable[[], Any]:
        def run() -> Any:
            with connection.cursor() as cur:
                cur.execute(_LIVE_SQL, [period.pk, org.path + "%"])
                return cur.fetchall()

        return run

    from phieukin.evaluations.rollup import refresh_rollup

    measure(
        "live move of one decision (member, whole path up)",
        lambda: one_decision(period),
        repeat,
        timings,
    )
    measure(
        "refresh one province (subtree + ancestors)",
        lambda: refresh_rollup(period, under=province),
        1,
        timings,
    )
    measure("naive live COUNT, national (for contrast)", live(root), 1, timings)
    measure("naive live COUNT, province (for contrast)", live(province), 1, timings)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_database_size(current_database())")
        result["database_mb"] = round(cur.fetchone()[0] / 2**20)
    result["queries"] = timings
    result["province"] = {"name": province.name, "children": province.children.count()}
    result["peak_rss_mb"] = round(peak_mb(), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-generate", action="store_true", help="reuse the loaded data set")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or name in {"test", "postgres"}:
        print(
            "bench rollup needs DATABASE_URL to a PostgreSQL database of its own "
            f"(got {connection.vendor} {name!r})",
            file=sys.stderr,
        )
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    result: dict[str, Any] = {"database": name, "cpus": os.cpu_count()}
    print(f"database: postgresql {name}")
    if not args.no_generate:
        generate(args.fraction, result)
    queries(args.repeat, result)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = Path(__file__).resolve().parent / "results" / f"rollup-{stamp}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(f"  peak RSS {peak_mb():.0f} MB; database {result['database_mb']} MB; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
