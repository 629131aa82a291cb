"""Mẫu 04-HD KĐ.ĐG: the list of the review and rating dossier (danh mục hồ sơ).

HD 43's Mẫu 04 is download-only and its columns were not seen (docs/documents.md §10): this
list follows the collective dossier HD 43 names (report on Mẫu 01/02, minutes of the review
meeting, the prompting document if any, the rating result with the scoring annex) plus the Tờ
trình, the counting minutes, the Quyết định and a Mẫu 03 — each read from what the system
holds, with its number and date, so a document that exists is listed as existing and the
clerk sees what is still missing before 01/02. One subject (the subject page) or all the
subjects an organization's own bodies are rated for (the roll-up).
"""

from __future__ import annotations

from django.db.models import Q

from phieukin.evaluations.models import (
    Decision,
    DecisionMethod,
    Period,
    SelfReview,
    Subject,
    Submission,
    VoteMethod,
    VoteRecord,
)
from phieukin.meetings.models import Conference
from phieukin.organizations.models import Organization
from phieukin.reports.documents.common import header, level_vi, subject_name, subject_org
from phieukin.reports.documents.facts import active_decision
from phieukin.reports.documents.issuers import committee_issuer
from phieukin.reports.documents.layout import Document, DocumentError, Signature, render
from phieukin.reports.documents.rerate import issued_with
from phieukin.reports.documents.rerate import target_ref as rerate_ref
from phieukin.reports.documents.submission import registered, submitting_issuer, typed_number
from phieukin.reports.register_models import DocType, DocumentNumber

YES, NO, NONE = "Có", "Chưa có", "Không có"
MAX_SUBJECTS = 200


def _day(value: object) -> str:
    return f"ngày {value:%d/%m/%Y}"


def _conferences(subject: Subject) -> list[Conference]:
    """Where the subject was reviewed: the conferences its Tờ trình or vote went to, else the
    conferences its period's organization held during the period."""
    ids = set(
        Submission.objects.filter(subject=subject).values_list(
            "agenda_item__conference_id", flat=True
        )
    )
    ids |= set(
        VoteRecord.objects.filter(subject=subject, agenda_item__isnull=False).values_list(
            "agenda_item__conference_id", flat=True
        )
    )
    period = subject.period
    qs = (
        Conference.objects.filter(pk__in=ids)
        if ids
        else Conference.objects.filter(
            organization=period.organization,
            held_on__gte=period.starts_on,
            held_on__lte=period.ends_on,
        )
    )
    return list(qs.order_by("held_on"))


def _submission_row(subject: Subject) -> tuple[str, str, str]:
    submission = Submission.objects.filter(subject=subject).select_related("document").first()
    if submission is None:
        return ("Tờ trình đề xuất mức xếp loại", "", NONE)
    row = registered(submission)
    if row is not None:
        return ("Tờ trình đề xuất mức xếp loại", f"Số {row.label}, {_day(row.signed_on)}", YES)
    issuer = submitting_issuer(submission)
    try:
        typed = typed_number(submission, issuer)
    except DocumentError:
        return ("Tờ trình đề xuất mức xếp loại", submission.number, "Số không đúng cơ quan trình")
    ref = f"Số {typed:02d}-TTr/{issuer.symbol}" if typed else "chưa vào sổ"
    return ("Tờ trình đề xuất mức xếp loại", ref, YES)


def _vote_row(subject: Subject) -> tuple[str, str, str]:
    vote = (
        VoteRecord.objects.filter(subject=subject)
        .select_related("agenda_item__conference")
        .order_by("-recorded_at")
        .first()
    )
    label = "Biên bản kiểm phiếu / kết quả biểu quyết"
    if vote is None:
        return (label, "", NONE)
    when = vote.agenda_item.conference.held_on if vote.agenda_item else vote.recorded_at
    if vote.method == VoteMethod.SECRET_BALLOT:
        return (label, f"Bỏ phiếu kín, {_day(when)}", YES)
    return (label, f"Biểu quyết giơ tay, {_day(when)} (ghi trong biên bản hội nghị)", YES)


def _decision_rows(subject: Subject) -> list[tuple[str, str, str]]:
    label = "Quyết định, thông báo kết quả xếp loại"
    decision = active_decision(subject)
    if decision is None:
        return [(label, "", NO)]
    first = decision
    while first.replaces_id is not None:
        first = Decision.objects.get(pk=first.replaces_id)
    row = issued_with(first)
    rows = []
    if row is not None:
        rows.append((label, f"Số {row.label}, {_day(row.signed_on)}", YES))
    elif first.number:
        rows.append((label, f"Số {first.number}", YES))
    else:
        rows.append((label, "đã quyết định; chưa ban hành văn bản", NO))
    if decision.method == DecisionMethod.RE_RATE:
        mau03 = DocumentNumber.objects.filter(
            doc_type=DocType.DECISION, target=rerate_ref(decision)
        ).first()
        rows.append(
            (
                "Quyết định đánh giá, xếp loại lại (Mẫu 03)",
                f"Số {mau03.label}, {_day(mau03.signed_on)}" if mau03 else "chưa ban hành",
                YES if mau03 else NO,
            )
        )
    return rows


def dossier_rows(subject: Subject) -> list[tuple[str, str, str]]:
    """(document, number and date, status) of one subject's dossier."""
    review = SelfReview.objects.filter(subject=subject).first()
    form = review.form if review else ("01" if subject.kind == "collective" else "02")
    conferences = _conferences(subject)
    minutes = "; ".join(f"{c.title}, {_day(c.held_on)}" for c in conferences)
    rows = [
        (
            f"Báo cáo kiểm điểm (Mẫu {form})",
            _day(review.submitted_at) if review else "",
            YES if review else NO,
        ),
        ("Biên bản hội nghị kiểm điểm", minutes, YES if conferences else NO),
        ("Văn bản gợi ý kiểm điểm (nếu có)", "", "Không ghi nhận"),
        _submission_row(subject),
        _vote_row(subject),
        *_decision_rows(subject),
    ]
    if subject.period.regulation == "reg366":
        scored = review is not None and review.group_i is not None
        rows.append(("Phụ lục chấm điểm theo tiêu chí (QĐ 366)", "", YES if scored else NO))
    return rows


def _form_code(period: Period) -> str:
    return f"Mẫu 04-HD KĐ.ĐG {2025 if period.regulation == 'reg366' else 2023}"


def build_dossier_list(subject: Subject, *, fmt: str = "docx") -> bytes:
    period = subject.period
    org = subject_org(subject)
    doc = Document(
        header(committee_issuer(org, None), form_code=_form_code(period)),
        "Danh mục hồ sơ",
        f"kiểm điểm, đánh giá, xếp loại chất lượng năm {period.year}",
    )
    doc.para(f"Đối tượng: {subject_name(subject)}", indent=False)
    if subject.decided_level:
        doc.para(f"Mức xếp loại: {level_vi(subject.decided_level)}", indent=False)
    rows = [(str(i), *row) for i, row in enumerate(dossier_rows(subject), 1)]
    doc.table(("TT", "Tên tài liệu", "Số, ký hiệu, ngày", "Tình trạng"), rows, 0.8, 5, 4, 2)
    doc.signatures = [Signature("", "Người lập danh mục", "")]
    return render(doc, fmt)


def organization_subjects(org: Organization, period: Period) -> list[Subject]:
    """The subjects the organization's own bodies are rated for: its collectives and the
    members sitting on its committees."""
    subjects = (
        Subject.objects.filter(period=period)
        .filter(Q(organization=org) | Q(leadership_of__organization=org))
        .select_related("member", "organization", "period")
        .distinct()
        .order_by("kind", "id")
    )
    return list(subjects[:MAX_SUBJECTS])


def build_organization_dossier(org: Organization, period: Period, *, fmt: str = "docx") -> bytes:
    """Mẫu 04 for the roll-up: every subject of the organization with its documents."""
    doc = Document(
        header(committee_issuer(org, None), form_code=_form_code(period)),
        "Danh mục hồ sơ",
        f"kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân năm {period.year}",
    )
    subjects = organization_subjects(org, period)
    doc.para(f"Số tập thể, cá nhân: {len(subjects)}.", indent=False)
    rows: list[tuple[str, ...]] = []
    for n, subject in enumerate(subjects, 1):
        level = level_vi(subject.decided_level) or "chưa xếp loại"
        for i, (title, ref, status) in enumerate(dossier_rows(subject)):
            who = f"{subject_name(subject)} ({level})" if i == 0 else ""
            rows.append((str(n) if i == 0 else "", who, title, ref, status))
    doc.table(
        ("TT", "Tập thể, cá nhân", "Tên tài liệu", "Số, ký hiệu, ngày", "Tình trạng"),
        rows,
        0.8,
        3,
        3.6,
        3,
        1.6,
    )
    doc.signatures = [Signature("", "Người lập danh mục", "")]
    return render(doc, fmt)
