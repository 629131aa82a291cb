"""Quyết định / Thông báo on the ratings a body decided (docs/documents.md §8).

The issuing body is the one the authority rules name for the decision (``Decision.body``
mapped to this installation by ``issuers.issuer_for_body``): under QĐ 124 the city's Executive
Committee decided its own organization's level (the Hanoi case), so that Quyết định is the
Executive Committee's, headed and signed as such; the Standing Committee's decisions on the
collectives and leaders it manages are its own Quyết định. A document lists every subject of
the period whose active decision has that issuer and that no earlier document of the issuer
listed; the list is frozen in the register row when the number is given, so the same number
always prints the same subjects. Signing date: entered, by default the date of the conference
that voted (never "today" for a past year).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import (
    Appraisal,
    Decision,
    Period,
    Subject,
    Submission,
)
from phieukin.evaluations.rollup import LEVELS
from phieukin.evaluations.services.kinds import home_organization
from phieukin.meetings.models import Conference
from phieukin.reports.documents.common import (
    basis_lines,
    header,
    level_vi,
    signature,
    subject_name,
)
from phieukin.reports.documents.facts import decision_issuer
from phieukin.reports.documents.issuers import Issuer, committee_name
from phieukin.reports.documents.layout import Document, DocumentError, pct, render
from phieukin.reports.documents.submission import registered, submitting_issuer
from phieukin.reports.register_models import DocType, DocumentNumber, IssuerKind
from phieukin.rules import Body

MAX_ROWS = 2000
_PERIOD_WIDE = {Body.MANAGING_BODY, Body.ADVISORY_BODY}  # the same issuer for every subject


def decisions_of(issuer: Issuer, period: Period) -> list[Decision]:
    """Active decisions of the period whose issuer is ``issuer`` (collectives first, best
    level first). Two indexed lookups under the issuer's subtree (the collective's
    organization, the member's cell), never an OR across joins."""
    base = (
        Decision.objects.filter(subject__period=period, cancelled_at__isnull=True)
        .select_related(
            "subject__period__organization",
            "subject__member__organization",
            "subject__organization",
            "vote__agenda_item__conference",
        )
        .order_by("subject__kind", "subject_id")
    )
    prefix = issuer.organization.path
    rows = list(base.filter(subject__organization__path__startswith=prefix)[:MAX_ROWS])
    rows += base.filter(subject__member__organization__path__startswith=prefix)[
        : MAX_ROWS - len(rows)
    ]
    found, cache = [], {}
    for d in rows:
        key = (d.body, 0 if d.body in _PERIOD_WIDE else home_organization(d.subject).pk)
        if key not in cache:
            resolved = decision_issuer(d)
            cache[key] = resolved.key if resolved else ""
        if cache[key] == issuer.key:
            found.append(d)
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return sorted(found, key=lambda d: (d.subject.kind, order[d.level], d.subject_id))


def issued_documents(issuer: Issuer, period: Period) -> list[DocumentNumber]:
    return list(
        DocumentNumber.objects.filter(
            organization=issuer.organization,
            symbol=issuer.symbol,
            period=period,
            doc_type__in=[DocType.DECISION, DocType.NOTICE],
            target="",
        ).order_by("doc_type", "number")
    )


def pending_decisions(issuer: Issuer, period: Period, doc_type: str) -> list[Decision]:
    """Decisions of ``issuer`` that no earlier document of the same type listed."""
    listed = {
        pk
        for row in issued_documents(issuer, period)
        if row.doc_type == doc_type
        for pk in row.decisions
    }
    return [d for d in decisions_of(issuer, period) if d.pk not in listed]


def default_signing_date(decisions: list[Decision], period: Period) -> date:
    """The conference that voted (the latest, if several); else the latest conference of the
    period's organization from the period's start to the dossier deadline (01/02 of the next
    year, HD 43 mục 4); else the period's review date — never today's date."""
    voted = [
        d.vote.agenda_item.conference.held_on for d in decisions if d.vote and d.vote.agenda_item
    ]
    if voted:
        return max(voted)
    latest = (
        Conference.objects.filter(
            organization=period.organization,
            held_on__gte=period.starts_on,
            held_on__lte=max(period.ends_on, date(period.year + 1, 2, 1)),
        )
        .order_by("-held_on")
        .first()
    )
    if latest is not None:
        return latest.held_on
    return period.review_on or period.deadline or period.ends_on


def _basis(doc: Document, subjects: list[Subject], decisions: list[Decision]) -> None:
    doc.para("- Căn cứ Điều lệ Đảng;", italic=True)
    for line in basis_lines(subjects[0].period):
        doc.para(line, italic=True)
    conferences = sorted(
        {d.vote.agenda_item.conference for d in decisions if d.vote and d.vote.agenda_item},
        key=lambda c: c.held_on,
    )
    for c in conferences:
        doc.para(
            f"- Căn cứ kết quả biểu quyết bằng phiếu kín tại {c.title}, ngày {c.held_on:%d/%m/%Y};",
            italic=True,
        )
    submission = Submission.objects.filter(subject__in=subjects).select_related("document").first()
    if submission is not None:
        row = registered(submission)
        number = row.label if row else (submission.number or "")
        when = row.signed_on if row else None
        ref = f" số {number}" if number else ""
        on = f", ngày {when:%d/%m/%Y}" if when else ""
        doc.para(
            f"- Xét Tờ trình{ref}{on} của {submitting_issuer(submission).name_vi},", italic=True
        )
        return
    bodies = Counter(Appraisal.objects.filter(subject__in=subjects).values_list("body", flat=True))
    if bodies:
        doc.para(f"- Xét đề nghị của {bodies.most_common(1)[0][0]},", italic=True)


def _table(doc: Document, decisions: list[Decision]) -> None:
    rows = [
        (str(i), subject_name(d.subject), d.subject.title, level_vi(d.level))
        for i, d in enumerate(decisions, 1)
    ]
    doc.table(("TT", "Tập thể, cá nhân", "Chức vụ", "Mức xếp loại"), rows, 0.8, 4.5, 3.5, 3.4)
    for lv in LEVELS:
        n = sum(d.level == lv for d in decisions)
        doc.para(f"- {level_vi(lv)}: {n} ({pct(n, len(decisions))}).", indent=False)


def _recipients(issuer: Issuer, doc_type: str) -> list[str]:
    office = f"Lưu Văn phòng {committee_name(issuer.organization)}."
    parent = issuer.organization.parent
    upward = (
        f"{committee_name(parent)} (để báo cáo),"
        if parent is not None and parent.kind != "central"
        else "Ban Tổ chức Trung ương (để báo cáo),"
    )
    if doc_type == DocType.DECISION:
        return ["Như Điều 3,", upward, office]
    return ["Các tập thể, cá nhân có tên trên,", upward, office]


def build_decision(row: DocumentNumber, *, fmt: str = "docx") -> bytes:
    """The Quyết định or Thông báo registered as ``row`` (its number, date, decisions)."""
    if row.doc_type not in (DocType.DECISION, DocType.NOTICE) or row.target:
        raise DocumentError(_("This register entry is not a decision on ratings."))
    issuer = Issuer(row.organization, IssuerKind(row.issuer))
    period = row.period
    decisions = list(
        Decision.objects.filter(pk__in=row.decisions).select_related(
            "subject__member", "subject__organization", "subject__period",
            "vote__agenda_item__conference",
        )
    )  # fmt: skip
    if period is None or not decisions:
        raise DocumentError(_("No decided rating to announce for this body and period."))
    order = {lv: i for i, lv in enumerate(LEVELS)}
    decisions.sort(key=lambda d: (d.subject.kind, order[d.level], d.subject_id))
    one = decisions[0].subject if len(decisions) == 1 else None
    what = subject_name(one) if one else "tập thể, cá nhân"
    is_decision = row.doc_type == DocType.DECISION
    doc = Document(
        header(issuer, doc_type=row.doc_type, number=row, on=row.signed_on),
        "Quyết định" if is_decision else "Thông báo",
        (
            f"về việc đánh giá, xếp loại chất lượng {what} năm {period.year}"
            if is_decision
            else f"kết quả đánh giá, xếp loại chất lượng {what} năm {period.year}"
        ),
    )
    subjects = [d.subject for d in decisions]
    if is_decision:
        doc.para(issuer.name_vi.upper(), bold=True, align="center")
        _basis(doc, subjects, decisions)
        doc.para("QUYẾT ĐỊNH:", bold=True, align="center")
        doc.para(
            f"Điều 1. Xếp loại chất lượng năm {period.year} đối với {len(decisions)} tập thể, "
            "cá nhân có tên dưới đây:"
        )
    else:
        doc.para(
            f"{issuer.name_vi} thông báo kết quả đánh giá, xếp loại chất lượng năm "
            f"{period.year} của {len(decisions)} tập thể, cá nhân như sau:"
        )
    _table(doc, decisions)
    if is_decision:
        doc.para("Điều 2. Quyết định có hiệu lực kể từ ngày ký.")
        doc.para(
            f"Điều 3. Ban Tổ chức, Văn phòng {committee_name(issuer.organization)} và các tập "
            "thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
        )
    doc.recipients = _recipients(issuer, row.doc_type)
    doc.signatures = [signature(issuer, row.signed_on)]
    return render(doc, fmt)
