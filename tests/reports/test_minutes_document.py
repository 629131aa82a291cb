"""The conference minutes, read back: time, place, chair, attendance, discussion, resolution."""

from __future__ import annotations

import pytest

from phieukin.reports.documents import build_minutes
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text, pdf_text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_records_the_conference(docs: DocsWorld, fmt: str) -> None:
    data = build_minutes(docs.conference, fmt=fmt)
    text = " ".join((docx_text(data) if fmt == "docx" else pdf_text(data)).split())
    c1 = docs.tree.members["c1"]
    for needle in (
        "BIÊN BẢN",
        "Hội nghị lần thứ 16 Ban Thường vụ",
        "Hồi 08 giờ 00, ngày 09/01/2026, tại Hội trường Tỉnh ủy",
        f"Chủ trì: đồng chí {c1[0].full_name}",
        f"Thư ký: đồng chí {c1[1].full_name}",
        "tổng số được triệu tập 13 đồng chí; có mặt 12 đồng chí; vắng mặt 1 đồng chí",
        "(Đi công tác)",
        "Báo cáo công tác xây dựng Đảng năm 2025 (số 312-BC/ĐU)",
        "Đề nghị làm rõ chỉ tiêu thu ngân sách.",
        "Ý kiến bằng văn bản của đồng chí Trần Thị Lan: Nhất trí với dự thảo.",
        "Báo cáo giải trình, tiếp thu",
        "Hoàn thành xuất sắc nhiệm vụ: 9 phiếu (69,2%)",
        "THƯ KÝ HỘI NGHỊ",
        "CHỦ TRÌ HỘI NGHỊ",
    ):
        assert needle in text, needle
