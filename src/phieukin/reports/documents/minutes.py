"""Biên bản hội nghị (documents.md §2(c)): time, place, chair, secretary, attendance, agenda,
and per item its documents, the discussion (speakers, written comments), the explanation and
acceptance report, and the conclusion or resolution with its vote counts."""

from __future__ import annotations

from phieukin.meetings.models import AgendaItem, AttendeeRole, Conference
from phieukin.reports.documents.common import COMMITTEE_VI, header, level_vi
from phieukin.reports.documents.layout import Document, Signature, pct, render


def _attendance(doc: Document, conference: Conference) -> None:
    rows = list(conference.attendance.select_related("member"))
    voting = [a for a in rows if a.role == AttendeeRole.MEMBER]
    present = [a for a in voting if a.present]
    absent = [a for a in voting if not a.present]
    guests = [a for a in rows if a.role == AttendeeRole.GUEST and a.present]
    doc.para(
        f"Thành phần: tổng số được triệu tập {len(voting)} đồng chí; có mặt {len(present)} "
        f"đồng chí; vắng mặt {len(absent)} đồng chí.",
        indent=False,
    )
    for a in absent:
        who = a.member.full_name if a.member else a.guest_name
        reason = f" ({a.absence_reason})" if a.absence_reason else " (không có lý do)"
        doc.para(f"- Vắng: đồng chí {who}{reason}.", indent=False)
    if guests:
        doc.para(f"Khách mời: {len(guests)} đại biểu.", indent=False)


def _resolution_lines(doc: Document, item: AgendaItem) -> None:
    resolution = getattr(item, "resolution", None)
    if resolution is None:
        if item.conclusion:
            doc.para(f"Kết luận: {item.conclusion}")
        return
    doc.para(f"Kết luận, nghị quyết: {resolution.text}")
    base = resolution.denominator or 0
    for label, count in (resolution.counts or {}).items():
        name = (
            level_vi(label.lower())
            if label.lower() in {"htxsnv", "httnv", "htnv", "khtnv"}
            else label
        )
        doc.para(f"- {name}: {count} phiếu ({pct(int(count), base)}).", indent=False)
    if resolution.outcome:
        doc.para(f"Kết quả: {level_vi(resolution.outcome.lower()) or resolution.outcome}.")


def _item(doc: Document, n: int, item: AgendaItem) -> None:
    doc.heading(f"{n}. {item.title}")
    if item.presenter:
        doc.para(f"Trình bày: đồng chí {item.presenter}.")
    for d in item.documents.all():
        ref = f" (số {d.number})" if d.number else ""
        doc.para(f"- Tài liệu: {d.title}{ref}.", indent=False)
    speakers = list(item.speakers.order_by("order"))
    if speakers:
        doc.para(f"Thảo luận: {len(speakers)} lượt ý kiến phát biểu.")
        for s in speakers:
            doc.para(f"- Đồng chí {s.name}: {s.summary or '(không ghi tóm tắt)'}", indent=False)
    for c in item.comments.filter(speaker__isnull=True).order_by("submitted_at"):
        doc.para(f"- Ý kiến bằng văn bản của đồng chí {c.author_name}: {c.text}", indent=False)
    explanation = getattr(item, "explanation", None)
    if explanation is not None:
        doc.para(
            f"Báo cáo giải trình, tiếp thu (đồng chí {explanation.presenter_name}): "
            f"{explanation.text}"
        )
    _resolution_lines(doc, item)


def build_minutes(conference: Conference, *, fmt: str = "docx") -> bytes:
    org = conference.organization
    body = COMMITTEE_VI.get(conference.committee.kind, "") if conference.committee else ""
    doc = Document(
        header(org, issuer=body, on=conference.held_on, numbered=False),
        "Biên bản",
        conference.title,
    )
    start = (
        f"Hồi {conference.starts_at:%H} giờ {conference.starts_at:%M}, "
        if conference.starts_at
        else ""
    )
    place = f", tại {conference.place}" if conference.place else ""
    doc.para(
        f"{start}ngày {conference.held_on:%d/%m/%Y}{place}, {body} {org.name} họp "
        f"{conference.title}.".replace("  ", " ")
    )
    chair = conference.chair.full_name if conference.chair else "……"
    secretary = conference.secretary.full_name if conference.secretary else "……"
    doc.para(f"Chủ trì: đồng chí {chair}. Thư ký: đồng chí {secretary}.", indent=False)
    _attendance(doc, conference)
    items = list(conference.agenda_items.order_by("order"))
    doc.para("Nội dung hội nghị:", bold=True, indent=False)
    for n, item in enumerate(items, 1):
        doc.para(f"{n}. {item.title}", indent=False)
    for n, item in enumerate(items, 1):
        _item(doc, n, item)
    doc.para(
        "Hội nghị kết thúc vào hồi …… giờ …… cùng ngày. Biên bản đã được đọc lại trước "
        "hội nghị và được hội nghị nhất trí thông qua./."
    )
    doc.signatures = [
        Signature("", "Thư ký hội nghị", secretary if conference.secretary else ""),
        Signature(
            f"T/M {body}" if body else "", "Chủ trì hội nghị", chair if conference.chair else ""
        ),
    ]
    return render(doc, fmt)
