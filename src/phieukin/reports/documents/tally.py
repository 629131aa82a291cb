"""Biên bản kiểm phiếu of a secret ballot (docs/documents.md §6, adapted to a rating vote).

Ballot-level figures come from the ballot's record, as on the result page: convened and
present from the board's attendance event (frozen at opening), cards issued, ballots received,
for a hybrid poll the paper sheets and each option's electronic and paper parts (docs/paper.md),
the record's head hash for anyone to check with ``phieukin verify``. Ballots the system refused
never reach the record, so no ballot counted is invalid; that is stated as such.

The rating of each subject is stated as the evaluations app recorded it (``facts.VoteFacts``:
the rule set's denominator — official members convened minus the listed exclusions — its
threshold, and whether the vote is the decision or a proposal), in the same sentence the
conference minutes print. A question no subject is linked to keeps the result page's reading.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.services.ballots import REF_PREFIX
from phieukin.meetings.models import Conference
from phieukin.reports.documents.common import locality
from phieukin.reports.documents.facts import VoteFacts, votes_of_ballot
from phieukin.reports.documents.issuers import committee_issuer
from phieukin.reports.documents.layout import (
    Document,
    DocumentError,
    Header,
    Signature,
    pct,
    place_date,
    render,
)
from phieukin.voting.models import Ballot, EventKind, QuestionKind
from phieukin.voting.results import QuestionResult, attendance, paper_numbers, question_results


def group_hash(value: str, size: int = 8) -> str:
    """Groups of 8 hex digits: readable aloud, and lines can break between groups."""
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


def convened_word(conference: Conference) -> str:
    """Who is counted: the committee's members, or a cell's official members."""
    return "ủy viên" if conference.committee_id else "đảng viên"


def _board_lines(doc: Document, ballot: Ballot) -> list[str]:
    names = [
        t.member.full_name if t.member else str(t.user)
        for t in ballot.trustees.select_related("member", "user").order_by("index")
    ]
    roles = ["Trưởng ban"] + ["Ủy viên"] * (len(names) - 1)
    listing = "; ".join(
        f"{i}) Đồng chí {n}, {r}" for i, (n, r) in enumerate(zip(names, roles, strict=True), 1)
    )
    doc.para(f"Hội nghị đã biểu quyết cử Ban kiểm phiếu gồm các đồng chí: {listing}.")
    return names


def _paper_lines(sheets: dict[str, int]) -> tuple[str, ...]:
    """The paper part's figures, as the counting board signed them (docs/paper.md)."""
    return (
        (
            f"- Phiếu giấy: số phiếu phát hành (đánh số) {sheets['issued']}; số phiếu thu về "
            f"{sheets['returned']}; số phiếu hỏng (đã đổi, huỷ) {sheets['spoiled']}; số phiếu "
            f"không sử dụng {sheets['unused']}."
        ),
        (
            f"- Phiếu giấy hợp lệ: {sheets['valid']}; phiếu giấy không hợp lệ: "
            f"{sheets['invalid']} (Quy chế bầu cử trong Đảng, Quyết định 244-QĐ/TW, Điều 17, áp "
            "dụng tương tự)."
        ),
    )


def _figures(doc: Document, ballot: Ballot, who: str) -> tuple[int, int]:
    seen = attendance(ballot)
    convened, present = seen["convened"], seen["present"]
    batch = getattr(ballot, "credential_batch", None)
    received = ballot.events.filter(kind=EventKind.BALLOT).count()
    sheets = paper_numbers(ballot)
    for line in (
        f"- Tổng số {who} chính thức được triệu tập: {convened} đồng chí.",
        (
            f"- Số {who} có mặt lúc biểu quyết: {present} đồng chí; vắng mặt: "
            f"{max(0, convened - present)} đồng chí."
        ),
        (
            f"- Số phiếu phát ra (mã phiếu điện tử): {batch.count if batch else '—'}; "
            f"số phiếu thu về: {received}."
        ),
        (
            f"- Số phiếu hợp lệ: {received}; số phiếu không hợp lệ: 0 (phiếu không hợp lệ bị "
            "hệ thống từ chối khi bỏ, không ghi vào bản ghi)."
        ),
        *(_paper_lines(sheets) if sheets else ()),
    ):
        doc.para(line, indent=False)
    return convened, present


def _parts_block(doc: Document, result: QuestionResult) -> None:
    """A hybrid poll: each option's electronic part, paper part and total."""
    rows = [(o.label, str(o.electronic), str(o.paper), str(o.count)) for o in result.options]
    doc.para("Trong đó, theo hình thức bỏ phiếu:", italic=True, indent=False)
    doc.table(("Nội dung", "Phiếu điện tử", "Phiếu giấy", "Tổng số"), rows, 5, 1.5, 1.5, 1.5)


def subject_id(ref: str) -> int | None:
    tail = ref.removeprefix(REF_PREFIX) if ref.startswith(REF_PREFIX) else ""
    return int(tail) if tail.isdigit() else None


def vote_block(doc: Document, facts: VoteFacts, who: str) -> None:
    """The statement of one recorded vote: denominator, table, result (shared with the
    conference minutes, so both say the same)."""
    doc.para(facts.denominator_line(who))
    doc.table(("Mức xếp loại", "Số phiếu", "Tỷ lệ so với mẫu số"), facts.rows(), 5, 1.5, 2.5)
    doc.para(facts.result_line())


def _question_block(doc: Document, result: QuestionResult, kind: str, present: int) -> None:
    """A question with no recorded vote: the counts as the result page shows them."""
    seen_rows = [
        (o.label, str(o.count), o.of_convened, pct(o.count, present)) for o in result.options
    ]
    if kind == QuestionKind.RATING and len(seen_rows) == 5:
        seen_rows[4] = ("Phiếu trống (không chọn mức nào)", *seen_rows[4][1:])
    doc.table(
        ("Nội dung", "Số phiếu", "Tỷ lệ so với số triệu tập", "Tỷ lệ so với số có mặt"),
        seen_rows,
        5,
        1.5,
        2,
        2,
    )
    if result.decision:
        doc.para(f"Kết quả theo quy định: {result.decision}.")


def build_tally_report(ballot: Ballot, *, fmt: str = "docx") -> bytes:
    """The counting minutes of a published ballot; refuses a ballot without a result."""
    if not ballot.result:
        raise DocumentError(_("The ballot has no published result yet."))
    conference = ballot.agenda_item.conference
    org = conference.organization
    body = committee_issuer(org, conference.committee.kind if conference.committee else None)
    above, name = body.header_lines
    doc = Document(
        Header(
            issuer="Ban kiểm phiếu",
            parent=name,
            place_date=place_date(locality(org), conference.held_on),
        ),
        "Biên bản kiểm phiếu",
        ballot.title,
    )
    del above
    opened = f"Hồi {timezone.localtime(ballot.opened_at):%H giờ %M}, " if ballot.opened_at else ""
    place = f", tại {conference.place}" if conference.place else ""
    doc.para(
        f"{opened}ngày {conference.held_on:%d/%m/%Y}{place}, {conference.title} "
        "tiến hành biểu quyết bằng phiếu kín."
    )
    names = _board_lines(doc, ballot)
    who = convened_word(conference)
    _convened, present = _figures(doc, ballot, who)
    doc.para("Kết quả kiểm phiếu cụ thể như sau:", indent=False)
    recorded = votes_of_ballot(ballot.pk)
    questions = list(ballot.questions.order_by("order"))
    for n, (question, result) in enumerate(
        zip(questions, question_results(ballot), strict=True), 1
    ):
        doc.para(f"{n}. {result.label}", bold=True, indent=False)
        ref = question.subject_ref
        sid = subject_id(ref)
        facts = recorded.get(sid) if sid is not None else None
        if facts is not None:
            vote_block(doc, facts, who)
        else:
            _question_block(doc, result, question.kind, present)
        if result.hybrid:
            _parts_block(doc, result)
    doc.para(
        "Mã băm cuối của bản ghi bầu cử (head hash) — bất kỳ ai có bản ghi đều kiểm tra lại "
        "được kết quả bằng lệnh «phieukin verify»:",
        italic=True,
    )
    doc.para(group_hash(ballot.result.get("head", "")), align="center", indent=False)
    doc.para(
        "Biên bản được lập và thông qua ngay sau khi kiểm phiếu; các thành viên Ban kiểm "
        "phiếu cùng ký tên dưới đây./."
    )
    doc.signatures = [Signature("T/M Ban kiểm phiếu", "Trưởng ban", names[0] if names else "")]
    doc.signatures += [Signature("", "Ủy viên", n) for n in names[1:]]
    return render(doc, fmt)
