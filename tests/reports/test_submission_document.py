"""The Tờ trình, read back from DOCX and PDF: HD 36 header, basis, distribution, proposal."""

from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt

from phieukin.reports.documents import build_submission
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text, pdf_embedded_fonts, pdf_text

EXPECTED = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "ĐẢNG BỘ TỈNH HÀ THÀNH",
    "BAN THƯỜNG VỤ TỈNH ỦY",
    "Số 45-TTr/TU",
    "Hà Thành, ngày 02 tháng 01 năm 2026",
    "TỜ TRÌNH",
    "về việc đánh giá, xếp loại chất lượng Đảng bộ xã An Bình năm 2025",
    "Quy định 366-QĐ/TW",
    "Hoàn thành xuất sắc nhiệm vụ",
    "4 (28,6%)",  # members under the commune: 4 HTXSNV of 14 decided
    "Báo cáo công tác xây dựng Đảng năm 2025",
    "Tự chấm điểm: nhóm tiêu chí chung 28/30",
    "T/M BAN THƯỜNG VỤ TỈNH ỦY",
    "BÍ THƯ",
    "Nơi nhận:",
]


def test_it_writes_the_docx_in_the_party_format(docs: DocsWorld) -> None:
    data = build_submission(docs.submission, fmt="docx")
    text = docx_text(data)
    for needle in [*EXPECTED, docs.tree.members["c1"][0].full_name]:
        assert needle in text, needle
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    sizes = [section.page_width, section.page_height, section.left_margin, section.right_margin]
    assert [round(s.mm) for s in sizes] == [210, 297, 35, 15]
    style = doc.styles["Normal"].font
    assert (style.name, style.size) == ("Times New Roman", Pt(14))


def test_it_writes_the_pdf_with_embedded_fonts_and_diacritics(docs: DocsWorld) -> None:
    data = build_submission(docs.submission, fmt="pdf")
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    for needle in EXPECTED:
        assert " ".join(needle.split()) in text, needle
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= pdf_embedded_fonts(data)
