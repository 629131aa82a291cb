"""The numbered paper ballots of a poll (docs/paper.md §3): one A4 page per sheet, PDF with the
fonts embedded.

The Party's ballot layout (docs/document-notes.md: QC 190/244 put the convening committee's
stamp in the upper-left corner): the committee at the upper left where the stamp goes,
"ĐẢNG CỘNG SẢN VIỆT NAM" at the right, the sheet's number ("Số: 007/020"), the title (PHIẾU
ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG for ratings, PHIẾU BIỂU QUYẾT otherwise), the ballot's title, then
the questions: consecutive questions with the same options make one table (TT, the subject, one
column per option to mark), any other question its own table (one row per option), and the
instructions, which state the validity rules the counting board applies (rules/paper.py).
"""

from __future__ import annotations

import io
from itertools import groupby

from django.utils.translation import gettext_lazy as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from phieukin.reports.documents.issuers import committee_issuer
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.pdf_render import _PLAIN, _WIDTH, _p, register_fonts
from phieukin.voting.models import Ballot, Question, QuestionKind

INSTRUCTIONS = (
    "Cách ghi phiếu: ở mỗi dòng, đánh dấu (X) vào đúng một ô. Dòng đánh dấu nhiều hơn số ô quy"
    " định hoặc không đánh dấu ô nào thì không được tính cho phương án nào (phiếu vẫn hợp lệ với"
    " các dòng khác). Phiếu không do Ban kiểm phiếu phát ra (không có số, không có dấu của cấp ủy"
    " triệu tập), hoặc có ghi thêm tên, ký hiệu, nội dung khác, là phiếu không hợp lệ (Quy chế"
    " bầu cử trong Đảng, Quyết định 244-QĐ/TW, Điều 17, áp dụng tương tự)."
)
_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 0), (-1, 0), [colors.whitesmoke]),
    ]
)


def _title(questions: list[Question]) -> str:
    if questions and all(q.kind == QuestionKind.RATING for q in questions):
        return "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG"
    return "PHIẾU BIỂU QUYẾT"


def _grouped(questions: list[Question]) -> list[list[Question]]:
    """Consecutive questions with the same options and one mark each share a table."""
    groups: list[list[Question]] = []
    key = lambda q: (tuple(q.options), q.min_choices, q.max_choices)  # noqa: E731
    for _key, run in groupby(questions, key=key):
        group = list(run)
        if group[0].max_choices == 1 and len(group[0].options) <= 6:
            groups.append(group)
        else:
            groups.extend([q] for q in group)
    return groups


def _table(group: list[Question], first: int) -> Flowable:
    options = list(group[0].options)
    if len(group) > 1 or (group[0].max_choices == 1 and len(options) <= 6):
        header = ["TT", "Họ và tên / tổ chức", *options]
        rows = [[str(first + k), q.prompt, *([""] * len(options))] for k, q in enumerate(group)]
        width_name = 0.34 if len(options) >= 4 else 0.5
        rest = (1 - 0.06 - width_name) / len(options)
        widths = [0.06, width_name, *([rest] * len(options))]
    else:
        q = group[0]
        note = f" (chọn từ {q.min_choices} đến {q.max_choices})" if q.max_choices > 1 else ""
        header = ["TT", f"{first}. {q.prompt}{note}", "Đánh dấu"]
        rows = [[str(k), label, ""] for k, label in enumerate(options, 1)]
        widths = [0.06, 0.74, 0.2]
    data = [[_p(t, size=10, bold=True) for t in header]]
    data += [
        [_p(t, size=11, align="left" if i == 1 else "center") for i, t in enumerate(r)]
        for r in rows
    ]
    return RLTable(
        data,
        colWidths=[_WIDTH * w for w in widths],
        rowHeights=None,
        style=_GRID,
        repeatRows=1,
    )


def _sheet(ballot: Ballot, questions: list[Question], number: int, total: int) -> list[Flowable]:
    conference = ballot.agenda_item.conference
    org = conference.organization
    body = committee_issuer(org, conference.committee.kind if conference.committee else None)
    above, name = body.header_lines
    width = len(str(total))
    left = ([_p(above.upper(), size=12)] if above else []) + [_p(name.upper(), size=12, bold=True)]
    left += [_p("*", size=12), _p("(Dấu của cấp ủy triệu tập)", size=10, italic=True)]
    right = [
        _p("ĐẢNG CỘNG SẢN VIỆT NAM", size=14, bold=True, underline=True),
        _p(""),
        _p(f"Số: {number:0{width}d}/{total:0{width}d}", size=13, bold=True),
    ]
    out: list[Flowable] = [
        RLTable([[left, right]], colWidths=[_WIDTH * 0.45, _WIDTH * 0.55], style=_PLAIN),
        Spacer(1, 5 * mm),
        _p(_title(questions), size=15, bold=True),
        _p(ballot.title, size=13, bold=True),
        _p(f"{conference.title} — ngày {conference.held_on:%d/%m/%Y}", size=12, italic=True),
        Spacer(1, 4 * mm),
    ]
    first = 1
    for group in _grouped(questions):
        out += [_table(group, first), Spacer(1, 3 * mm)]
        first += len(group)
    out.append(_p(INSTRUCTIONS, size=10, align="justify", italic=True))
    return out


def build_paper_ballots(ballot: Ballot, *, fmt: str = "pdf") -> bytes:
    """Sheets Nos 1..``ballot.paper_sheets``, one page each (PDF only)."""
    if fmt != "pdf":
        raise DocumentError(_("The paper ballots are printed as PDF."))
    if not ballot.hybrid:
        raise DocumentError(_("This ballot has no paper part: set the members voting on paper."))
    questions = list(ballot.questions.order_by("order"))
    if not questions:
        raise DocumentError(_("The ballot has no question yet."))
    register_fonts()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        leftMargin=35 * mm,
        rightMargin=15 * mm,
        title=f"{_title(questions)} — {ballot.title}",
        author="Ban kiểm phiếu",
    )
    total = ballot.paper_sheets
    story: list[Flowable] = []
    for number in range(1, total + 1):
        story += _sheet(ballot, questions, number, total)
        if number < total:
            story.append(PageBreak())
    template.build(story)
    return out.getvalue()
