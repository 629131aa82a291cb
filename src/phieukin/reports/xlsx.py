"""XLSX exports (openpyxl): results per level per comparable group, and roll-up statistics.

Results are written with a write-only workbook (rows streamed, constant memory) from one
query ordered by group; the per-group summary judges the cap with the period's rule set.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.db.models import Sum
from openpyxl import Workbook

from phieukin.evaluations.models import CapException, OwnCount, Period, Subject
from phieukin.evaluations.rollup import LEVELS, Distribution, Rollup
from phieukin.organizations.models import Organization
from phieukin.reports.documents.common import level_vi
from phieukin.rules.registry import rule_set_for

MAX_RESULT_ROWS = 200_000
_LEVEL_HEADERS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _group_rows(org: Organization, period: Period) -> Iterable[list[object]]:
    query = (
        OwnCount.objects.filter(period=period, in_scope=True, path__startswith=org.path)
        .values_list("comparable_group", "level")
        .annotate(total=Sum("n"))
    )
    counts: dict[str, dict[str | None, int]] = {}
    for group, level, n in query:
        counts.setdefault(group, {})[level] = n
    policy = rule_set_for(period.regulation.removeprefix("reg")).cap
    excepted = set(CapException.objects.filter(period=period).values_list("group", flat=True))
    for group in sorted(counts):
        row = counts[group]
        n_x, n_t = row.get("htxsnv", 0), row.get("httnv", 0)
        limit = policy.limit(n_t, n_x, exception=group in excepted)
        status = "Vượt tỷ lệ" if n_x > limit else "Trong giới hạn"
        yield [
            group or "(chưa xếp nhóm)",
            *(row.get(lv, 0) for lv in LEVELS),
            row.get(None, 0),
            limit,
            status,
        ]


_DETAIL = (
    "comparable_group",
    "kind",
    "organization__name",
    "member__full_name",
    "decided_level",
    "in_scope",
    "out_of_scope_reason",
)


def _detail_rows(period: Period, org: Organization) -> Iterable[tuple[object, ...]]:
    """Collectives, then individuals, each by group — two index paths (path prefix on the
    organization, or on the member's cell), never one OR across joins; at most
    ``MAX_RESULT_ROWS`` (a spreadsheet is no place for a whole country's members)."""
    base = Subject.objects.filter(period=period).order_by("comparable_group", "id")
    coll = base.filter(organization__path__startswith=org.path).values_list(*_DETAIL)
    rows = list(coll[:MAX_RESULT_ROWS])
    yield from rows
    ind = base.filter(member__organization__path__startswith=org.path).values_list(*_DETAIL)
    yield from ind[: MAX_RESULT_ROWS - len(rows)].iterator(chunk_size=5000)


def export_results_xlsx(period: Period, org: Organization) -> bytes:
    """Sheet "Theo nhóm" (counts per level per comparable group with the cap, from the
    roll-up snapshot) and sheet "Kết quả" (the subjects of the subtree with their level, live)."""
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Theo nhóm")
    summary.append([f"{period.title} — {org.name}"])
    summary.append(
        [
            "Nhóm đối tượng tương đồng",
            *_LEVEL_HEADERS,
            "Chưa xếp loại",
            "Tối đa HTXSNV",
            "Tỷ lệ HTXSNV",
        ]
    )
    for row in _group_rows(org, period):
        summary.append(row)
    detail = wb.create_sheet("Kết quả")
    detail.append(["Nhóm", "TT", "Tập thể, cá nhân", "Loại", "Mức xếp loại", "Ghi chú"])
    rows = _detail_rows(period, org)
    for i, (group, kind, org_name, member_name, level, in_scope, reason) in enumerate(rows, 1):
        kind_vi = "Tập thể" if kind == "collective" else "Cá nhân"
        note = "" if in_scope else f"Không đánh giá: {reason}"
        detail.append([group, i, org_name or member_name, kind_vi, level_vi(level), note])
    return _save(wb)


def _dist_row(label: str, dist: Distribution) -> list[object]:
    shares = [round(dist.percent(lv), 1) for lv in LEVELS]
    return [
        label,
        dist.in_scope,
        *(dist.levels[lv] for lv in LEVELS),
        *shares,
        dist.unrated,
        dist.out_of_scope,
        round(dist.progress, 1),
    ]


_DIST_HEADER = [
    "",
    "Tổng số",
    *_LEVEL_HEADERS,
    *(f"% {h}" for h in _LEVEL_HEADERS),
    "Chưa xếp loại",
    "Không đánh giá",
    "% đã xếp loại",
]


def export_rollup_xlsx(data: Rollup) -> bytes:
    """Sheet "Tổng hợp" (the organization's subtree) and "Đơn vị trực thuộc" (each child)."""
    wb = Workbook()
    total = wb.active
    total.title = "Tổng hợp"
    total.append([f"{data.period.title} — {data.organization.name}"])
    as_of = f"{data.as_of:%d/%m/%Y %H:%M}" if data.as_of else "chưa tổng hợp"
    total.append([f"Số liệu tính đến: {as_of}"])
    total.append(_DIST_HEADER)
    total.append(_dist_row("Tổ chức đảng, tập thể", data.collectives))
    total.append(_dist_row("Đảng viên", data.individuals))
    kids = wb.create_sheet("Đơn vị trực thuộc")
    kids.append(["Đơn vị", "Đối tượng", *_DIST_HEADER[1:]])
    for child in data.children:
        kids.append([child.organization.name, *_dist_row("Tập thể", child.collectives)])
        kids.append([child.organization.name, *_dist_row("Đảng viên", child.individuals)])
    return _save(wb)
