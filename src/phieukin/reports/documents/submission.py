"""Tờ trình: the proposal of a subject's level to the conference that votes on it.

Who submits comes from the period's authority chain (docs/documents.md §5): the body that
proposes or self-rates before the conference's body (under QĐ 124 for a province: its
Standing Committee proposes, the Executive Committee decides — the Hanoi case, where the
Standing Committee had the Organization Commission draft the Tờ trình; under QĐ 366 the
Standing Committee self-rates and the Executive Committee approves), otherwise the advisory
body that appraised (Ban Tổ chức to the Standing Committee). That one ``Issuer`` gives the
header, the number's symbol and the signature.

Basis printed: the regulation and guidance, the subject's self-review, the targets of the year
entered by staff (plan, result), the ratings of the party organizations directly under it
(counts by level), the advisory body's appraisal, and the documents sent with the agenda.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import (
    Appraisal,
    CollectiveKind,
    SelfReview,
    Subject,
    SubjectKind,
    Submission,
)
from phieukin.evaluations.rollup import LEVELS
from phieukin.evaluations.services.kinds import authority, body_of
from phieukin.organizations.models import Organization
from phieukin.reports.documents.common import (
    basis_lines,
    header,
    level_vi,
    signature,
    subject_name,
    subject_org,
)
from phieukin.reports.documents.facts import body_issuer
from phieukin.reports.documents.issuers import Issuer, committee_issuer, committee_name
from phieukin.reports.documents.layout import Document, DocumentError, pct, render
from phieukin.reports.register_models import DocType, DocumentNumber, TargetAssessment, YearTarget
from phieukin.rules import Body, Step

_NUMBER = re.compile(r"^\s*(?:Số\s*)?(\d{1,6})\s*-\s*([^/\s]+)\s*/\s*(\S+)\s*$", re.IGNORECASE)
ASSESSMENT_VI = {
    TargetAssessment.EXCEEDED: "Vượt",
    TargetAssessment.MET: "Đạt",
    TargetAssessment.NOT_MET: "Không đạt",
}
_SUBORDINATE_KINDS = (CollectiveKind.PARTY_ORGANIZATION, CollectiveKind.CELL)
MAX_LISTED = 60


def target_ref(submission: Submission) -> str:
    return f"evaluations.Submission:{submission.pk}"


def _conference_body(submission: Submission) -> Body:
    conference = submission.agenda_item.conference
    return body_of(conference.committee, conference.organization, submission.subject)


def submitting_issuer(submission: Submission) -> Issuer:
    """The body that submits the Tờ trình (see the module docstring)."""
    subject = submission.subject
    steps = authority(subject).steps
    conference_body = _conference_body(submission)
    position = next((i for i, (_s, b) in enumerate(steps) if b is conference_body), len(steps))
    for step, body in reversed(steps[:position]):
        if step in (Step.PROPOSE, Step.SELF_RATE) and body is not Body.SELF:
            issuer = body_issuer(body, subject)
            if issuer is not None:
                return issuer
    issuer = body_issuer(Body.ADVISORY_BODY, subject)
    assert issuer is not None  # the advisory body is always inside the installation
    return issuer


def addressee(submission: Submission) -> tuple[Issuer, str]:
    """The body the Tờ trình goes to, and what it is asked to do (decide, or approve)."""
    conference = submission.agenda_item.conference
    body = committee_issuer(
        conference.organization, conference.committee.kind if conference.committee else None
    )
    step = authority(submission.subject).role_of(_conference_body(submission))
    return body, ("thông qua" if step is Step.APPROVE else "quyết định")


def parse_number(text: str) -> tuple[int, str, str] | None:
    """ "58-TTr/TU" -> (58, "TTr", "TU"); None when empty or not in the Party form."""
    match = _NUMBER.match(text or "")
    return (int(match[1]), match[2], match[3]) if match else None


def typed_number(submission: Submission, issuer: Issuer) -> int | None:
    """The number the office already gave the Tờ trình (on the submission or its agenda
    document), checked against the issuer: refused when it is another body's number."""
    text = submission.number or (submission.document.number if submission.document else "")
    if not text.strip():
        return None
    parsed = parse_number(text)
    if parsed is None or parsed[1] != DocType.SUBMISSION or parsed[2] != issuer.symbol:
        raise DocumentError(
            _(
                "The submission carries number %(number)s, but it is submitted by %(issuer)s, "
                "whose numbers read …-TTr/%(symbol)s: correct the document number (or leave it "
                "empty to number it in the register)."
            ),
            number=text.strip(),
            issuer=issuer.name_vi,
            symbol=issuer.symbol,
        )
    return parsed[0]


def registered(submission: Submission) -> DocumentNumber | None:
    return DocumentNumber.objects.filter(
        doc_type=DocType.SUBMISSION, target=target_ref(submission)
    ).first()


def default_date(submission: Submission) -> date:
    document = submission.document
    if document is not None and document.distributed_on:
        return document.distributed_on
    return submission.agenda_item.conference.held_on


def _self_review(doc: Document, review: SelfReview | None) -> None:
    doc.heading("I. KẾT QUẢ KIỂM ĐIỂM, TỰ ĐÁNH GIÁ")
    if review is None:
        doc.para("(Chưa có báo cáo kiểm điểm được ghi nhận trong hệ thống.)", italic=True)
        return
    for label, text in (
        ("Ưu điểm, kết quả đạt được", review.results),
        ("Hạn chế, khuyết điểm", review.limitations),
        ("Nguyên nhân", review.causes),
        ("Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra", review.remedy_results),
    ):
        if text:
            doc.para(f"{label}: {text}")
    if review.group_i is not None and review.group_ii is not None:
        g1, g2 = review.group_i, review.group_ii
        num = [f"{float(v):g}".replace(".", ",") for v in (g1, g2, g1 + g2)]
        doc.para(
            f"Tự chấm điểm: nhóm tiêu chí chung {num[0]}/30; nhóm tiêu chí về kết quả "
            f"thực hiện nhiệm vụ {num[1]}/70; tổng {num[2]}/100."
        )
    if review.proposed_level:
        doc.para(f"Tự xếp loại: {level_vi(review.proposed_level)}.")


def _targets(doc: Document, targets: list[YearTarget], year: int) -> None:
    doc.heading(f"II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM {year}")
    if not targets:
        doc.para("(Chưa nhập chỉ tiêu năm vào hệ thống.)", italic=True)
        return
    done = sum(t.assessment != TargetAssessment.NOT_MET for t in targets)
    exceeded = sum(t.assessment == TargetAssessment.EXCEEDED for t in targets)
    doc.para(
        f"Hoàn thành và hoàn thành vượt mức {done}/{len(targets)} chỉ tiêu chủ yếu "
        f"(vượt mức {exceeded} chỉ tiêu):"
    )
    rows = [
        (str(i), t.name, t.plan, t.result, ASSESSMENT_VI[TargetAssessment(t.assessment)])
        for i, t in enumerate(targets, 1)
    ]
    doc.table(("TT", "Chỉ tiêu", "Kế hoạch", "Kết quả", "Đánh giá"), rows, 0.8, 5, 2.4, 2.4, 1.6)


def subordinate_ratings(org: Organization, subject: Subject) -> list[tuple[Organization, str]]:
    """(organization, level) for each party organization directly under ``org``; the level is
    its decided level in the period (or another period of the same year), "" if not rated."""
    children = list(org.children.filter(is_active=True).order_by("path"))
    found: dict[int, str] = {}
    rated = Subject.objects.filter(
        period__year=subject.period.year,
        kind=SubjectKind.COLLECTIVE,
        collective_kind__in=_SUBORDINATE_KINDS,
        organization__in=children,
        in_scope=True,
    ).order_by("organization_id", "-decided_at")
    for s in rated.values("organization_id", "decided_level", "period_id"):
        if s["period_id"] == subject.period_id or s["organization_id"] not in found:
            found[s["organization_id"]] = s["decided_level"] or ""
    return [(child, found.get(child.pk, "")) for child in children]


def _subordinates(doc: Document, subject: Subject) -> None:
    ratings = subordinate_ratings(subject_org(subject), subject)
    doc.heading("III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁC TỔ CHỨC ĐẢNG TRỰC THUỘC")
    if not ratings:
        doc.para("(Không có tổ chức đảng trực thuộc.)", italic=True)
        return
    rated = [lv for _org, lv in ratings if lv]
    doc.para(
        f"Tổng số {len(ratings)} tổ chức đảng trực thuộc; đã đánh giá, xếp loại {len(rated)}; "
        f"chưa có kết quả {len(ratings) - len(rated)}."
    )
    rows = [(level_vi(lv), str(rated.count(lv)), pct(rated.count(lv), len(rated))) for lv in LEVELS]
    doc.table(("Mức xếp loại", "Số tổ chức đảng", "Tỷ lệ"), rows, 5, 2, 2)
    if len(ratings) <= MAX_LISTED:
        listing = [
            (str(i), o.name, level_vi(lv) or "Chưa có kết quả")
            for i, (o, lv) in enumerate(ratings, 1)
        ]
        doc.table(("TT", "Tổ chức đảng trực thuộc", "Mức xếp loại"), listing, 0.8, 5, 3.4)


def _appraisal(doc: Document, subject: Subject) -> None:
    appraisal = Appraisal.objects.filter(subject=subject).order_by("-appraised_at", "-id").first()
    if appraisal is None:
        return
    doc.heading("IV. KẾT QUẢ THẨM ĐỊNH")
    remarks = f" {appraisal.remarks}" if appraisal.remarks else ""
    doc.para(f"{appraisal.body} thẩm định và đề xuất mức: {level_vi(appraisal.level)}.{remarks}")


def build_submission(submission: Submission, *, fmt: str = "docx") -> bytes:
    subject = submission.subject
    period, conference = subject.period, submission.agenda_item.conference
    issuer = submitting_issuer(submission)
    number_row = registered(submission)
    typed = None if number_row else typed_number(submission, issuer)
    on = number_row.signed_on if number_row else default_date(submission)
    to, verb = addressee(submission)
    name = subject_name(subject)
    doc = Document(
        header(
            issuer,
            doc_type=DocType.SUBMISSION,
            number=number_row or (f"{typed:02d}-TTr/{issuer.symbol}" if typed else None),
            on=on,
        ),
        "Tờ trình",
        f"về việc đánh giá, xếp loại chất lượng {name} năm {period.year}",
    )
    doc.para(f"Kính gửi: {to.name_vi}", align="center")
    for line in basis_lines(period):
        doc.para(line, italic=True)
    _self_review(doc, SelfReview.objects.filter(subject=subject).first())
    targets = YearTarget.objects.filter(period=period, organization=subject_org(subject))
    _targets(doc, list(targets), period.year)
    if subject.kind == SubjectKind.COLLECTIVE and subject.collective_kind in _SUBORDINATE_KINDS:
        _subordinates(doc, subject)
    _appraisal(doc, subject)
    documents = [
        d
        for i in conference.agenda_items.order_by("order")
        for d in i.documents.all()
        if d.pk != submission.document_id  # the Tờ trình itself
    ]
    if documents:
        doc.para("Các văn bản gửi kèm:")
        for d in documents:
            ref = f" (số {d.number})" if d.number else ""
            doc.para(f"- {d.title}{ref}.", indent=False)
    if submission.basis:
        doc.para(submission.basis)
    doc.heading("V. ĐỀ XUẤT")
    doc.para(
        f"{issuer.name_vi} kính trình {to.name_vi} xem xét, biểu quyết (bỏ phiếu kín) {verb} "
        f"mức xếp loại chất lượng {name} năm {period.year}: "
        f"{level_vi(submission.proposed_level)}."
    )
    doc.para(f"Kính trình {to.name_vi} xem xét, {verb}./.")
    doc.recipients = ["Như kính gửi,", f"Lưu Văn phòng {committee_name(issuer.organization)}."]
    doc.signatures = [signature(issuer, on)]
    return render(doc, fmt)
