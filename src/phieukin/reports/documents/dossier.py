"""Mẫu 04-HD KĐ.ĐG: the list of a subject's review and rating dossier (danh mục hồ sơ).

HD 43's Mẫu 04 is download-only and its columns were not seen (documents.md §3, UNCERTAIN):
this list follows the collective dossier HD 43 names (report on Mẫu 01/02, minutes of the
review meeting, the prompting document if any, the rating result with the scoring annex) plus
the Tờ trình, the counting minutes and the decision — each marked present or missing from what
the system holds, so the clerk sees what still has to be filed before 01/02.
"""

from __future__ import annotations

from phieukin.evaluations.models import Decision, SelfReview, Subject, Submission, VoteRecord
from phieukin.reports.documents.common import header, level_vi, subject_name, subject_org
from phieukin.reports.documents.layout import Document, Signature, render

_YES, _NO = "Có", "Chưa có"


def _rows(subject: Subject) -> list[tuple[str, str, str]]:
    review = SelfReview.objects.filter(subject=subject).first()
    submission = (
        Submission.objects.filter(subject=subject).select_related("agenda_item__conference").first()
    )
    vote = VoteRecord.objects.filter(subject=subject).order_by("-recorded_at").first()
    decision = (
        Decision.objects.filter(subject=subject, cancelled_at__isnull=True)
        .order_by("-decided_at")
        .first()
    )
    form = review.form if review else ("01" if subject.kind == "collective" else "02")
    conference = submission.agenda_item.conference if submission else None
    return [
        (
            f"Báo cáo kiểm điểm (Mẫu {form})",
            f"ngày {review.submitted_at:%d/%m/%Y}" if review else "",
            _YES if review else _NO,
        ),
        (
            "Biên bản hội nghị kiểm điểm",
            f"{conference.title}, ngày {conference.held_on:%d/%m/%Y}" if conference else "",
            _YES if conference else _NO,
        ),
        ("Văn bản gợi ý kiểm điểm (nếu có)", "", "Không ghi nhận"),
        (
            "Tờ trình đề xuất mức xếp loại",
            f"Số {submission.number}" if submission and submission.number else "",
            _YES if submission else _NO,
        ),
        (
            "Biên bản kiểm phiếu / kết quả biểu quyết",
            vote.ballot_ref or f"ngày {vote.recorded_at:%d/%m/%Y}" if vote else "",
            _YES if vote else _NO,
        ),
        (
            "Quyết định, thông báo kết quả xếp loại",
            (f"Số {decision.number}, " if decision and decision.number else "")
            + (f"ngày {decision.decided_at:%d/%m/%Y}" if decision else ""),
            _YES if decision else _NO,
        ),
        (
            "Phụ lục chấm điểm theo tiêu chí (QĐ 366)",
            "" if subject.period.regulation != "reg366" else "kèm báo cáo kiểm điểm",
            (_YES if review and review.group_i is not None else _NO)
            if subject.period.regulation == "reg366"
            else "Không áp dụng",
        ),
    ]


def build_dossier_list(subject: Subject, *, fmt: str = "docx") -> bytes:
    period = subject.period
    org = subject_org(subject)
    year = 2025 if period.regulation == "reg366" else 2023
    doc = Document(
        header(org, numbered=False, form_code=f"Mẫu 04-HD KĐ.ĐG {year}"),
        "Danh mục hồ sơ",
        f"kiểm điểm, đánh giá, xếp loại chất lượng năm {period.year}",
    )
    doc.para(f"Đối tượng: {subject_name(subject)}", indent=False)
    if subject.decided_level:
        doc.para(f"Mức xếp loại: {level_vi(subject.decided_level)}", indent=False)
    rows = [(str(i), *row) for i, row in enumerate(_rows(subject), 1)]
    doc.table(("TT", "Tên tài liệu", "Số, ký hiệu, ngày", "Tình trạng"), rows, 0.6, 5, 4, 2)
    doc.signatures = [Signature("", "Người lập danh mục", "")]
    return render(doc, fmt)
