"""Biên bản kiểm phiếu of a secret ballot (documents.md §2(b), adapted to a rating vote).

Every figure comes from the ballot's record: convened and present from the board's attendance
event (frozen at opening), cards issued from the credential batch, ballots received from the
ballot events, per-option counts from the published result, the record's head hash for anyone
to check with ``phieukin verify``. Ballots the system refused never reach the record, so no
ballot counted is invalid; the refused submissions are stated as such.
"""

from __future__ import annotations

from phieukin.reports.documents.common import COMMITTEE_VI, header
from phieukin.reports.documents.layout import Document, DocumentError, Signature, pct, render
from phieukin.voting.models import Ballot, EventKind, QuestionKind
from phieukin.voting.results import attendance, question_results


def group_hash(value: str, size: int = 8) -> str:
    """Groups of 8 hex digits: readable aloud, and lines can break between groups."""
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


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


def _figures(doc: Document, ballot: Ballot) -> tuple[int, int]:
    seen = attendance(ballot)
    convened, present = seen["convened"], seen["present"]
    batch = getattr(ballot, "credential_batch", None)
    received = ballot.events.filter(kind=EventKind.BALLOT).count()
    for line in (
        f"- Tổng số ủy viên được triệu tập: {convened} đồng chí.",
        (
            f"- Số ủy viên có mặt lúc biểu quyết: {present} đồng chí; vắng mặt: "
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
    ):
        doc.para(line, indent=False)
    return convened, present


def build_tally_report(ballot: Ballot, *, fmt: str = "docx") -> bytes:
    """The counting minutes of a published ballot; refuses a ballot without a result."""
    if not ballot.result:
        raise DocumentError("the ballot has no published result yet")
    conference = ballot.agenda_item.conference
    org = conference.organization
    body = COMMITTEE_VI.get(conference.committee.kind, "") if conference.committee else ""
    doc = Document(
        header(org, issuer="Ban kiểm phiếu", on=conference.held_on, numbered=False),
        "Biên bản kiểm phiếu",
        ballot.title,
    )
    place = f", tại {conference.place}" if conference.place else ""
    doc.para(
        f"Ngày {conference.held_on:%d/%m/%Y}{place}, {conference.title} "
        f"của {body} {org.name} tiến hành bỏ phiếu kín.".replace("  ", " ")
    )
    names = _board_lines(doc, ballot)
    convened, present = _figures(doc, ballot)
    doc.para("Kết quả kiểm phiếu cụ thể như sau:", indent=False)
    questions = {q.prompt: q for q in ballot.questions.all()}
    for n, result in enumerate(question_results(ballot), 1):
        doc.para(f"{n}. {result.label}", bold=True, indent=False)
        rows = [
            (o.label, str(o.count), pct(o.count, convened), pct(o.count, present))
            for o in result.options
        ]
        q = questions.get(result.label)
        if q is not None and q.kind == QuestionKind.RATING and len(rows) == 5:
            rows[4] = ("Phiếu trống (không chọn mức nào)", *rows[4][1:])
        doc.table(
            ("Nội dung", "Số phiếu", "Tỷ lệ so với số triệu tập", "Tỷ lệ so với số có mặt"),
            rows,
            5,
            1.5,
            2,
            2,
        )
        if result.decision:
            doc.para(f"Kết quả: {result.decision}.")
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
