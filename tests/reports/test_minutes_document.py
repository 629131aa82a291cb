"""The conference minutes, read back: time, place, chair, attendance, discussion, the vote as
recorded, and the end time (entered by the secretary, or the closing; a draft until then)."""

from __future__ import annotations

import datetime as dt
from datetime import time

import pytest
import time_machine

from phieukin.meetings.models import ConferenceStatus
from phieukin.meetings.services import set_conference_status
from phieukin.reports.documents import build_minutes
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.register import do_record_end_time
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text, pdf_text


def _flat(data: bytes, fmt: str = "docx") -> str:
    return " ".join((docx_text(data) if fmt == "docx" else pdf_text(data)).split())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_records_the_conference(docs: DocsWorld, fmt: str) -> None:
    do_record_end_time(docs.conference, ends_at=time(11, 30), actor=docs.staff)
    text = _flat(build_minutes(docs.conference, fmt=fmt), fmt)
    c1 = docs.tree.members["c1"]
    for needle in (
        "TỈNH ỦY HÀ THÀNH",
        "BIÊN BẢN",
        "Hội nghị lần thứ 16 Ban Thường vụ",
        "Hồi 08 giờ 00, ngày 09/01/2026, tại Hội trường Tỉnh ủy, Ban Thường vụ Tỉnh ủy Hà Thành",
        f"Chủ trì: đồng chí {c1[0].full_name}",
        f"Thư ký: đồng chí {c1[1].full_name}",
        "tổng số được triệu tập 13 đồng chí; có mặt 12 đồng chí; vắng mặt 1 đồng chí",
        "(Đi công tác)",
        "Báo cáo công tác xây dựng Đảng năm 2025 (số 312-BC/ĐU)",
        "Đề nghị làm rõ chỉ tiêu thu ngân sách.",
        "Ý kiến bằng văn bản của đồng chí Trần Thị Lan: Nhất trí với dự thảo.",
        "Báo cáo giải trình, tiếp thu",
        "còn 12 đồng chí",
        "9/12 phiếu (75,0%)",
        "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày",
        "THƯ KÝ HỘI NGHỊ",
        "T/M BAN THƯỜNG VỤ",
        "CHỦ TRÌ HỘI NGHỊ",
    ):
        assert needle in text, needle
    assert "Dự thảo" not in text and "……" not in text


def test_a_conference_still_in_session_prints_a_draft(docs: DocsWorld) -> None:
    text = _flat(build_minutes(docs.conference))
    assert "Dự thảo" in text and "kết thúc vào hồi …… giờ ……" in text


def test_a_closed_conference_ends_when_it_was_closed(docs: DocsWorld) -> None:
    set_conference_status(docs.conference, ConferenceStatus.IN_PROGRESS)
    with time_machine.travel(dt.datetime(2026, 1, 9, 4, 45, tzinfo=dt.UTC), tick=False):
        set_conference_status(docs.conference, ConferenceStatus.CLOSED)  # 11:45 in Hà Nội
    docs.conference.refresh_from_db()
    text = _flat(build_minutes(docs.conference))
    assert "kết thúc vào hồi 11 giờ 45 cùng ngày" in text and "Dự thảo" not in text
    do_record_end_time(docs.conference, ends_at=time(11, 40), actor=docs.staff)
    assert "hồi 11 giờ 40" in _flat(build_minutes(docs.conference))  # the secretary's wins


def test_it_refuses_an_end_before_the_start(docs: DocsWorld) -> None:
    with pytest.raises(DocumentError) as refused:
        do_record_end_time(docs.conference, ends_at=time(7, 30), actor=docs.staff)
    assert "cannot end before it starts" in refused.value.english
