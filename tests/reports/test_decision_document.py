"""The decision / announcement of results and the Mẫu 04 dossier list, read back."""

from __future__ import annotations

import pytest

from phieukin.reports.documents import build_decision, build_dossier_list
from phieukin.reports.documents.layout import DocumentError
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text, pdf_text
from tests.reports.tree import make_org


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_recognizes_the_results_decided_by_the_province(docs: DocsWorld, fmt: str) -> None:
    data = build_decision(docs.tree.period, org=docs.tree.province, number="12-QĐ/TU", fmt=fmt)
    text = " ".join((docx_text(data) if fmt == "docx" else pdf_text(data)).split())
    for needle in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-QĐ/TU",
        "Hà Thành, ngày 20 tháng 12 năm 2025",
        "QUYẾT ĐỊNH",
        "về việc công nhận kết quả đánh giá, xếp loại chất lượng năm 2025",
        "Căn cứ Điều lệ Đảng",
        "Điều 1.",
        "Đảng bộ xã An Bình",
        "Đảng bộ xã Bình Minh",
        "Hoàn thành xuất sắc nhiệm vụ: 1 (50,0%)",
        "Như Điều 3,",
    ):
        assert needle in text, needle
    assert "Chi bộ Tổ Toán" not in text  # decided two levels down, not by the province


def test_it_writes_an_announcement_and_refuses_bad_requests(docs: DocsWorld) -> None:
    text = docx_text(build_decision(docs.tree.period, org=docs.tree.province, doc_type="TB"))
    assert "THÔNG BÁO" in text and "kết quả đánh giá, xếp loại chất lượng năm 2025" in text
    with pytest.raises(DocumentError, match="unknown document type"):
        build_decision(docs.tree.period, org=docs.tree.province, doc_type="NQ")
    empty = make_org("C3", "Chi bộ Tổ Sử", "cell", docs.tree.g1)
    with pytest.raises(DocumentError, match="no decided rating"):
        build_decision(docs.tree.period, org=empty)


def test_it_lists_the_dossier_with_what_is_missing(docs: DocsWorld) -> None:
    text = docx_text(build_dossier_list(docs.subject))
    assert "Mẫu 04-HD KĐ.ĐG 2025" in text and "DANH MỤC HỒ SƠ" in text
    assert "Báo cáo kiểm điểm (Mẫu 01)" in text and "Số 45-TTr/TU" in text
    assert "Số 12-QĐ/TU, ngày 20/12/2025" in text
    assert "Chưa có" in text  # no vote record was filed
    assert "Mẫu 04-HD KĐ.ĐG 2025" in pdf_text(build_dossier_list(docs.subject, fmt="pdf"))


def test_it_refuses_an_unknown_format(docs: DocsWorld) -> None:
    with pytest.raises(DocumentError, match="unknown document format 'odt'"):
        build_dossier_list(docs.subject, fmt="odt")
