"""A member's self-review as HD 43 prints it: Mẫu 2B / 2C (the year's review) and Mẫu 05
(the self-rating of a quarter or of the year). docs/documents.md §12.

Mẫu 2C — "Bản kiểm điểm, tự đánh giá, xếp loại cá nhân (Đảng viên không làm việc trong hệ
thống chính trị)" — follows its published outline: name, date of birth, place of work, cell;
A. what the review says (I strengths and results, II limitations and their causes, III the
remedy of the shortcomings pointed out at earlier reviews — each "đã khắc phục / đang khắc
phục / chưa khắc phục" —, IV explanations, V responsibility, VI direction and measures);
B. the self-rating (the group scores /30 and /70, the total /100, the level proposed). Mẫu 2B
(a member in the political system) has the same outline. Mẫu 05 — "Bản tự đánh giá, xếp loại
của cá nhân Quý, Năm" — is listed by HD 43 but its fields were not seen: it follows Mẫu 2B's
outline for the quarter (or the year), and the year's Mẫu 05 adds the table of the quarters'
self-ratings and decided levels, which is how the quarters feed the year (say so: §12).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Cycle, SelfReview, Subject
from phieukin.evaluations.services import carried_over, quarterly_ratings
from phieukin.reports.documents.common import level_vi, locality
from phieukin.reports.documents.layout import Document, DocumentError, Header, Signature, render
from phieukin.rules import Level as RulesLevel

FORM_TITLES = {
    "2A": "(Cá nhân giữ chức vụ lãnh đạo, quản lý)",
    "2B": "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    "2C": "(Đảng viên không làm việc trong hệ thống chính trị)",
}


def _review(subject: Subject) -> SelfReview:
    review: SelfReview | None = getattr(subject, "self_review", None)
    if subject.member_id is None:
        raise DocumentError(_("Only an individual's self-review is printed on this form."))
    if review is None:
        raise DocumentError(_("The self-review is not written yet."))
    return review


def _when(subject: Subject) -> str:
    period = subject.period
    if period.cycle == Cycle.QUARTERLY:
        return f"Quý {period.quarter} năm {period.year}"
    return f"Năm {period.year}"


def _header(subject: Subject, form: str) -> Header:
    cell = subject.member.organization  # type: ignore[union-attr]
    parent = cell.parent
    on = subject.self_review.submitted_at.date()
    place = locality(cell)
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return Header(
        issuer=cell.name.upper(),
        parent=parent.name.upper() if parent is not None else "",
        place_date=f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}",
        form_code=f"Mẫu {form}-HD KĐ.ĐG {2025 if subject.period.regulation == 'reg366' else 2023}",
    )


def _identity(doc: Document, subject: Subject) -> None:
    member = subject.member
    assert member is not None
    doc.para(f"Họ và tên: {member.full_name}", indent=False)
    doc.para(f"Ngày sinh: {member.birth_date:%d/%m/%Y}", indent=False)
    doc.para(f"Chức vụ, đơn vị công tác: {subject.title or member.position or '—'}", indent=False)
    doc.para(f"Chi bộ: {member.organization.name}", indent=False)


def _text(doc: Document, heading: str, value: str) -> None:
    doc.heading(heading)
    doc.para(value.strip() or "—")


def _contents(doc: Document, subject: Subject, review: SelfReview) -> None:
    doc.heading("A. NỘI DUNG KIỂM ĐIỂM")
    _text(doc, "I. Ưu điểm, kết quả đạt được", review.results)
    _text(doc, "II. Hạn chế, khuyết điểm và nguyên nhân", review.limitations)
    if review.causes.strip():
        doc.para(f"Nguyên nhân: {review.causes.strip()}")
    doc.heading(
        "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận"
        " hoặc được chỉ ra ở các kỳ kiểm điểm trước"
    )
    carried = carried_over(subject)
    if carried:
        doc.table(
            ("STT", "Hạn chế, khuyết điểm", "Được chỉ ra tại", "Kết quả khắc phục"),
            [
                (
                    str(n),
                    c.item.text,
                    c.named_in,
                    c.status_vi + (f" — {c.item.status_note}" if c.item.status_note else ""),
                )
                for n, c in enumerate(carried, start=1)
            ],
            0.6,
            3,
            3,
            2.4,
        )
    if review.remedy_results.strip() or not carried:
        doc.para(review.remedy_results.strip() or "Không có hạn chế, khuyết điểm được chỉ ra.")
    _text(doc, "IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", review.explanations)
    _text(
        doc,
        "V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)",
        review.responsibility,
    )
    _text(doc, "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", review.remedies)


def _rating(doc: Document, review: SelfReview) -> None:
    doc.heading("B. NỘI DUNG TỰ ĐÁNH GIÁ, XẾP LOẠI")
    doc.heading("I. Đánh giá theo các nhóm tiêu chí")
    if review.group_i is not None and review.group_ii is not None:
        doc.para(f"1. Nhóm tiêu chí chung: {review.group_i}/30")
        doc.para(f"2. Nhóm tiêu chí về kết quả thực hiện nhiệm vụ: {review.group_ii}/70")
        doc.para(f"Tổng điểm: {review.group_i + review.group_ii}/100", bold=True)
    elif review.task_rating:
        doc.para(f"Kết quả thực hiện nhiệm vụ: {review.task_rating}")
    doc.heading("II. Đề xuất xếp loại mức chất lượng")
    for level in sorted(RulesLevel, reverse=True):  # best first, as the form lists them
        mark = "[x]" if level.name.lower() == review.proposed_level else "[  ]"
        doc.para(f"{mark} {level.label_vi}", indent=False)


def _signed(doc: Document, subject: Subject) -> None:
    member = subject.member
    assert member is not None
    doc.signatures = [Signature("", "NGƯỜI TỰ KIỂM ĐIỂM", member.full_name)]
    if subject.decided_level:
        doc.para(
            f"Kết quả xếp loại của cấp có thẩm quyền: {level_vi(subject.decided_level)}.",
            italic=True,
        )


def build_review_form(subject: Subject, *, fmt: str = "docx") -> bytes:
    """The member's year review on Mẫu 2A / 2B / 2C (the form the review was written on)."""
    review = _review(subject)
    if subject.period.cycle == Cycle.QUARTERLY:
        return build_quarter_rating(subject, fmt=fmt)
    form = review.form if review.form in FORM_TITLES else "2B"
    doc = Document(
        _header(subject, form),
        "Bản kiểm điểm, tự đánh giá, xếp loại cá nhân",
        f"{_when(subject)} {FORM_TITLES[form]}",
    )
    _identity(doc, subject)
    _contents(doc, subject, review)
    _rating(doc, review)
    _signed(doc, subject)
    return render(doc, fmt)


def build_quarter_rating(subject: Subject, *, fmt: str = "docx") -> bytes:
    """Mẫu 05: the member's self-rating of a quarter, or of the year with its quarters."""
    review = _review(subject)
    if subject.period.regulation != "reg366":
        raise DocumentError(_("Form 05 exists from 2025 (Regulation 366-QĐ/TW)."))
    doc = Document(
        _header(subject, "05"),
        "Bản tự đánh giá, xếp loại của cá nhân",
        _when(subject),
    )
    _identity(doc, subject)
    quarters = quarterly_ratings(subject)
    if quarters:
        doc.heading("Kết quả tự đánh giá, xếp loại các quý trong năm")
        doc.table(
            ("Quý", "Cá nhân tự xếp loại", "Cấp có thẩm quyền xếp loại"),
            [
                (str(q.quarter), level_vi(q.self_level) or "—", level_vi(q.decided_level) or "—")
                for q in quarters
            ],
            1,
            3,
            3,
        )
    _contents(doc, subject, review)
    _rating(doc, review)
    _signed(doc, subject)
    return render(doc, fmt)
