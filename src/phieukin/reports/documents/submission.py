"""Tờ trình: the proposal of a subject's level to the deciding conference (documents.md §2(a)).

Basis printed: the regulation and guidance of the period, the subject's self-review (results,
limitations, task figures, 366 scores), the ratings of its subordinate organizations and
members (live counts), the documents distributed with the agenda (the Party-building report
and the others), and the submission's own basis text.
"""

from __future__ import annotations

from decimal import Decimal

from phieukin.evaluations.models import SelfReview, Submission
from phieukin.evaluations.rollup import LEVELS, Distribution, live_distribution
from phieukin.reports.documents.common import (
    COMMITTEE_VI,
    basis_lines,
    header,
    level_vi,
    secretary,
    subject_name,
    subject_org,
)
from phieukin.reports.documents.layout import Document, Signature, pct, render


def distribution_rows(label: str, dist: Distribution) -> tuple[str, ...]:
    cells = [f"{dist.levels[lv]} ({pct(dist.levels[lv], dist.decided)})" for lv in LEVELS]
    return (label, str(dist.in_scope), *cells, str(dist.unrated))


DISTRIBUTION_HEADER = ("Đối tượng", "Tổng số", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa xếp loại")


def _num(value: Decimal) -> str:
    """28.00 -> "28", 27.50 -> "27,5" (Vietnamese decimal comma)."""
    return f"{float(value):g}".replace(".", ",")


def _self_review(doc: Document, review: SelfReview | None) -> None:
    doc.heading("I. KẾT QUẢ KIỂM ĐIỂM, TỰ ĐÁNH GIÁ")
    if review is None:
        doc.para("(Chưa có báo cáo kiểm điểm được ghi nhận trong hệ thống.)", italic=True)
        return
    for label, text in (
        ("Ưu điểm, kết quả đạt được", review.results),
        ("Hạn chế, khuyết điểm", review.limitations),
        ("Nguyên nhân", review.causes),
    ):
        if text:
            doc.para(f"{label}: {text}")
    if review.tasks_planned:
        doc.para(
            f"Chỉ tiêu, nhiệm vụ: {review.tasks_completed or 0}/{review.tasks_planned} hoàn thành"
            f" ({pct(review.tasks_completed or 0, review.tasks_planned)}), đúng hạn "
            f"{review.tasks_on_time or 0}, vượt mức {review.tasks_exceeding or 0}."
        )
    if review.group_i is not None and review.group_ii is not None:
        g1, g2 = review.group_i, review.group_ii
        doc.para(
            f"Tự chấm điểm: nhóm tiêu chí chung {_num(g1)}/30; nhóm tiêu chí về kết quả "
            f"thực hiện nhiệm vụ {_num(g2)}/70; tổng {_num(g1 + g2)}/100."
        )
    if review.proposed_level:
        doc.para(f"Tự xếp loại: {level_vi(review.proposed_level)}.")


def build_submission(submission: Submission, *, fmt: str = "docx") -> bytes:
    subject = submission.subject
    period, item = subject.period, submission.agenda_item
    conference = item.conference
    org = conference.organization
    on = (submission.document.distributed_on if submission.document else None) or conference.held_on
    number = submission.number or (submission.document.number if submission.document else "")
    body_name = COMMITTEE_VI.get(conference.committee.kind, "") if conference.committee else ""
    addressee = f"{body_name} {org.name}".strip()
    name = subject_name(subject)
    doc = Document(
        header(org, issuer=submission.issuer, number=number, on=on),
        "Tờ trình",
        f"về việc đánh giá, xếp loại chất lượng {name} năm {period.year}",
    )
    doc.para(f"Kính gửi: {addressee}", align="center")
    for line in basis_lines(period):
        doc.para(line, italic=True)
    _self_review(doc, SelfReview.objects.filter(subject=subject).first())
    doc.heading("II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CỦA TỔ CHỨC ĐẢNG TRỰC THUỘC VÀ ĐẢNG VIÊN")
    coll, ind = live_distribution(subject_org(subject), period, exclude=subject)
    doc.table(
        DISTRIBUTION_HEADER,
        [distribution_rows("Tổ chức đảng, tập thể", coll), distribution_rows("Đảng viên", ind)],
        *(3, 1.4, 2, 2, 2, 2, 1.5),
    )
    documents = [d for i in conference.agenda_items.order_by("order") for d in i.documents.all()]
    if documents:
        doc.para("Các văn bản đã gửi kèm (báo cáo công tác xây dựng Đảng và các báo cáo khác):")
        for d in documents:
            ref = f" (số {d.number})" if d.number else ""
            doc.para(f"- {d.title}{ref}.")
    if submission.basis:
        doc.para(submission.basis)
    doc.heading("III. ĐỀ XUẤT")
    doc.para(
        f"{submission.issuer} kính trình {addressee} xem xét, biểu quyết (bỏ phiếu kín) đánh giá, "
        f"xếp loại chất lượng {name} năm {period.year} ở mức: "
        f"{level_vi(submission.proposed_level)}."
    )
    doc.para(f"Kính trình {addressee} xem xét, quyết định./.")
    doc.recipients = [f"{addressee},", "Lưu Văn phòng."]
    signer = secretary(org)
    doc.signatures = [
        Signature(f"T/M {submission.issuer}", "Bí thư", signer.full_name if signer else "")
    ]
    return render(doc, fmt)
