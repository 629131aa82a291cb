"""Biên bản hội nghị (docs/documents.md §7): time, place, chair, secretary, attendance, agenda,
and per item its documents, the discussion (speakers, written comments), the explanation and
acceptance report, and the conclusion — or, for a vote the evaluations app recorded, the same
statement as the counting minutes (denominator, threshold, decision or proposal).

The end time is the one the secretary entered (``MinutesRecord``), else the time the
conference was closed (its audit event); a conference neither closed nor given an end time is
still in session, so its minutes are marked "Dự thảo" (HD 36 cell 11b) with the time to fill.
"""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from phieukin.audit.models import AuditEvent
from phieukin.meetings.models import AgendaItem, AttendeeRole, Conference, ConferenceStatus
from phieukin.reports.documents.common import locality
from phieukin.reports.documents.facts import votes_of_item
from phieukin.reports.documents.issuers import committee_issuer
from phieukin.reports.documents.layout import Document, Header, Signature, place_date, render
from phieukin.reports.documents.tally import convened_word, vote_block
from phieukin.reports.register_models import MinutesRecord

DRAFT = "Dự thảo"


def end_time(conference: Conference) -> time | None:
    """Entered by the secretary, else when the conference was closed (same day only)."""
    record = MinutesRecord.objects.filter(conference=conference).first()
    if record is not None:
        return record.ends_at
    if conference.status != ConferenceStatus.CLOSED:
        return None
    closed = (
        AuditEvent.objects.filter(
            event_type="meetings.conference_status", object_id=str(conference.pk)
        )
        .order_by("-seq")
        .values_list("created_at", "data")
    )
    for at, data in closed:
        if (data or {}).get("to") == ConferenceStatus.CLOSED:
            local = timezone.localtime(at)
            return local.time() if local.date() == conference.held_on else None
    return None


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


def _resolution(doc: Document, item: AgendaItem, who: str) -> None:
    votes = votes_of_item(item.pk)
    if votes:
        doc.para(
            "Hội nghị biểu quyết bằng phiếu kín; Ban kiểm phiếu báo cáo kết quả kiểm phiếu "
            "(biên bản kiểm phiếu kèm theo):"
        )
        for facts in votes:
            vote_block(doc, facts, who)
        return
    resolution = getattr(item, "resolution", None)
    if resolution is not None:
        doc.para(f"Kết luận, nghị quyết: {resolution.text}")
    elif item.conclusion:
        doc.para(f"Kết luận: {item.conclusion}")


def _item(doc: Document, n: int, item: AgendaItem, who: str) -> None:
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
    _resolution(doc, item, who)


def _hour(at: time) -> str:
    return f"{at:%H} giờ {at:%M}"


def build_minutes(conference: Conference, *, fmt: str = "docx") -> bytes:
    org = conference.organization
    issuer = committee_issuer(org, conference.committee.kind if conference.committee else None)
    above, name = issuer.header_lines
    ends = end_time(conference)
    doc = Document(
        Header(
            issuer=name,
            parent=above,
            place_date=place_date(locality(org), conference.held_on),
            form_code="" if ends else DRAFT,
        ),
        "Biên bản",
        conference.title,
    )
    start = f"Hồi {_hour(conference.starts_at)}, " if conference.starts_at else ""
    place = f", tại {conference.place}" if conference.place else ""
    doc.para(
        f"{start}ngày {conference.held_on:%d/%m/%Y}{place}, {issuer.name_vi} họp "
        f"{conference.title}."
    )
    chair = conference.chair.full_name if conference.chair else "……"
    secretary = conference.secretary.full_name if conference.secretary else "……"
    doc.para(f"Chủ trì: đồng chí {chair}. Thư ký: đồng chí {secretary}.", indent=False)
    _attendance(doc, conference)
    items = list(conference.agenda_items.order_by("order"))
    doc.para("Nội dung hội nghị:", bold=True, indent=False)
    for n, item in enumerate(items, 1):
        doc.para(f"{n}. {item.title}", indent=False)
    who = convened_word(conference)
    for n, item in enumerate(items, 1):
        _item(doc, n, item, who)
    closing = f"hồi {_hour(ends)}" if ends else "hồi …… giờ ……"
    doc.para(
        f"Hội nghị kết thúc vào {closing} cùng ngày. Biên bản đã được đọc lại trước "
        "hội nghị và được hội nghị nhất trí thông qua./."
    )
    doc.signatures = [
        Signature("", "Thư ký hội nghị", secretary if conference.secretary else ""),
        Signature(issuer.authority, "Chủ trì hội nghị", chair if conference.chair else ""),
    ]
    return render(doc, fmt)
