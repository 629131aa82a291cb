"""Quyết định / Thông báo công nhận kết quả xếp loại (documents.md §2(d)).

The subjects listed are those the organization's body decides in the period: the collectives
of the organization itself and of its direct subordinates, and the individuals whose party
home is the organization or a direct subordinate (its leaders and the members of its cells) —
the same reach as the cap groups of the roll-up. Decided subjects only, best level first.
"""

from __future__ import annotations

from datetime import date

from phieukin.evaluations.models import Period, Subject
from phieukin.evaluations.rollup import LEVELS
from phieukin.organizations.models import Organization
from phieukin.reports.documents.common import (
    basis_lines,
    current_committee,
    header,
    level_vi,
    secretary,
    subject_name,
)
from phieukin.reports.documents.layout import Document, DocumentError, Signature, pct, render

MAX_ROWS = 2000
_KIND = {"QĐ": ("Quyết định", "về việc công nhận kết quả"), "TB": ("Thông báo", "kết quả")}


def decided_subjects(org: Organization, period: Period) -> list[Subject]:
    homes = [org.pk, *org.children.values_list("pk", flat=True)]
    base = Subject.objects.filter(period=period, decided_level__isnull=False)
    base = base.select_related("member", "organization")
    # Two indexed lookups (organization, member's cell), not one OR across joins.
    rows = list(base.filter(organization_id__in=homes)[:MAX_ROWS])
    rows += base.filter(member__organization_id__in=homes)[: MAX_ROWS - len(rows)]
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return sorted(rows, key=lambda s: (s.kind, order[s.decided_level], s.pk))


def build_decision(
    period: Period,
    *,
    org: Organization,
    doc_type: str = "QĐ",
    number: str = "",
    signed_on: date | None = None,
    fmt: str = "docx",
) -> bytes:
    if doc_type not in _KIND:
        raise DocumentError(f"unknown document type {doc_type!r}; expected QĐ or TB")
    type_name, lead = _KIND[doc_type]
    subjects = decided_subjects(org, period)
    if not subjects:
        raise DocumentError("no decided rating to announce for this organization and period")
    committee = current_committee(org)
    body = "Ban Thường vụ" if committee is None or committee.kind == "standing" else "Ban Chấp hành"
    on = signed_on or max(s.decided_at for s in subjects if s.decided_at).date()
    doc = Document(
        header(org, issuer=body, number=number, on=on),
        type_name,
        f"{lead} đánh giá, xếp loại chất lượng năm {period.year}",
    )
    if doc_type == "QĐ":
        doc.para(f"{body} {org.name}".upper(), bold=True, align="center")
        doc.para("- Căn cứ Điều lệ Đảng;", italic=True)
        for line in basis_lines(period):
            doc.para(line, italic=True)
        doc.para("- Xét đề nghị của Ban Tổ chức,", italic=True)
        doc.para("QUYẾT ĐỊNH", bold=True, align="center")
        doc.para(
            f"Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm {period.year} "
            "đối với các tập thể, cá nhân có tên trong danh sách dưới đây:"
        )
    else:
        doc.para(
            f"{body} {org.name} thông báo kết quả đánh giá, xếp loại chất lượng năm "
            f"{period.year} như sau:"
        )
    rows = [
        (str(i), subject_name(s), s.title or s.comparable_group, level_vi(s.decided_level))
        for i, s in enumerate(subjects, 1)
    ]
    doc.table(("TT", "Tập thể, cá nhân", "Chức vụ / nhóm", "Mức xếp loại"), rows, 0.6, 4, 4, 3.4)
    for lv in LEVELS:
        n = sum(s.decided_level == lv for s in subjects)
        doc.para(f"- {level_vi(lv)}: {n} ({pct(n, len(subjects))}).", indent=False)
    if doc_type == "QĐ":
        doc.para("Điều 2. Quyết định có hiệu lực kể từ ngày ký.")
        doc.para(
            "Điều 3. Ban Tổ chức, Văn phòng và các tập thể, cá nhân có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này./."
        )
        doc.recipients = ["Như Điều 3,", "Ban Tổ chức cấp trên (để báo cáo),", "Lưu Văn phòng."]
    else:
        doc.recipients = ["Các tổ chức đảng trực thuộc,", "Lưu Văn phòng."]
    signer = secretary(org)
    doc.signatures = [Signature(f"T/M {body}", "Bí thư", signer.full_name if signer else "")]
    return render(doc, fmt)
