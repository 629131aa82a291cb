"""Mẫu 03-HD KĐ.ĐG: Quyết định đánh giá, xếp loại lại (docs/documents.md §9).

QĐ 124 Điều 13 / QĐ 366 Điều 15: the competent level may cancel a result and rate again. The
evaluations app records it as a re-rating ``Decision`` (method RE_RATE) replacing the cancelled
one, which stays; this document reads both: Điều 1 cancels the earlier result (its level, date
and number), Điều 2 rates again with the reasons recorded. HD 43 publishes Mẫu 03 as a
download only, its fields unseen: this follows the Party Quyết định pattern, editable in DOCX.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Decision, DecisionMethod
from phieukin.reports.documents.common import (
    basis_lines,
    header,
    level_vi,
    signature,
    subject_name,
)
from phieukin.reports.documents.issuers import Issuer, committee_name
from phieukin.reports.documents.layout import Document, DocumentError, render
from phieukin.reports.register_models import DocType, DocumentNumber, IssuerKind
from phieukin.rules.registry import rule_set_for

CANCEL_ARTICLE = {"reg124": "Điều 13", "reg366": "Điều 15"}


def target_ref(decision: Decision) -> str:
    return f"evaluations.Decision:{decision.pk}"


def form_code(regulation: str) -> str:
    return f"Mẫu 03-HD KĐ.ĐG {2025 if regulation == 'reg366' else 2023}"


def rerating(decision: Decision) -> Decision:
    """The re-rating decision itself (refused for any other decision)."""
    if decision.method != DecisionMethod.RE_RATE or decision.replaces_id is None:
        raise DocumentError(_("This decision is not a re-rating (Form 03)."))
    return decision


def issued_with(decision: Decision) -> DocumentNumber | None:
    """The Quyết định or Thông báo that listed ``decision`` (the register row), if any."""
    rows = DocumentNumber.objects.filter(
        period=decision.subject.period, target="", doc_type__in=[DocType.DECISION, DocType.NOTICE]
    ).order_by("doc_type", "number")
    return next((r for r in rows if decision.pk in r.decisions), None)


def _earlier(old: Decision) -> str:
    row = issued_with(old)
    if row is not None:
        kind = "Quyết định" if row.doc_type == DocType.DECISION else "Thông báo"
        ref = f" tại {kind} số {row.label}, ngày {row.signed_on:%d/%m/%Y}"
    elif old.number:
        ref = f" tại văn bản số {old.number}"
    else:
        ref = f" (ghi nhận ngày {old.decided_at:%d/%m/%Y})"
    return f"mức «{level_vi(old.level)}»{ref}"


def build_rerating(row: DocumentNumber, *, fmt: str = "docx") -> bytes:
    """The Mẫu 03 registered as ``row`` (target: the re-rating decision)."""
    pk = row.target.removeprefix("evaluations.Decision:")
    decision = (
        Decision.objects.filter(pk=int(pk) if pk.isdigit() else 0)
        .select_related("subject__period", "subject__member", "subject__organization", "replaces")
        .first()
    )
    if decision is None:
        raise DocumentError(_("This register entry is not a re-rating decision."))
    rerating(decision)
    old = decision.replaces
    assert old is not None
    subject = decision.subject
    period = subject.period
    issuer = Issuer(row.organization, IssuerKind(row.issuer))
    name = subject_name(subject)
    doc = Document(
        header(
            issuer,
            doc_type=DocType.DECISION,
            number=row,
            on=row.signed_on,
            form_code=form_code(period.regulation),
        ),
        "Quyết định",
        f"về việc đánh giá, xếp loại lại chất lượng {name} năm {period.year}",
    )
    doc.para(issuer.name_vi.upper(), bold=True, align="center")
    doc.para("- Căn cứ Điều lệ Đảng;", italic=True)
    for line in basis_lines(period):
        doc.para(line, italic=True)
    regulation = rule_set_for(period.regulation.removeprefix("reg")).regulation
    article = CANCEL_ARTICLE.get(period.regulation, "")
    doc.para(
        f"- Căn cứ {article} {regulation.name_vi} về việc cấp có thẩm quyền xem xét, điều "
        "chỉnh hoặc hủy bỏ kết quả đánh giá, xếp loại;",
        italic=True,
    )
    doc.para(f"- Xét {decision.reasons.rstrip('.;,')},", italic=True)
    doc.para("QUYẾT ĐỊNH:", bold=True, align="center")
    doc.para(
        f"Điều 1. Hủy bỏ kết quả đánh giá, xếp loại chất lượng năm {period.year} đối với "
        f"{name}{', ' + subject.title if subject.title else ''}: {_earlier(old)}."
    )
    doc.para(
        f"Điều 2. Đánh giá, xếp loại lại chất lượng năm {period.year} đối với {name} ở mức: "
        f"{level_vi(decision.level)}."
    )
    doc.para(f"Lý do: {decision.reasons}", indent=True)
    doc.para(
        f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. Ban Tổ chức, Văn phòng "
        f"{committee_name(issuer.organization)}, {name} và các tổ chức, cá nhân có liên quan "
        "chịu trách nhiệm thi hành Quyết định này./."
    )
    doc.recipients = [
        "Như Điều 3,",
        "Ban Tổ chức cấp trên (để báo cáo),",
        f"Lưu Văn phòng {committee_name(issuer.organization)}.",
    ]
    doc.signatures = [signature(issuer, row.signed_on)]
    return render(doc, fmt)
