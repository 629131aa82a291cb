"""The biên bản kiểm phiếu, read back: figures from the record, percentages, head hash, board."""

from __future__ import annotations

import pytest

from phieukin.reports.documents import build_tally_report
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.tally import group_hash
from tests.reports.conftest import HEAD, DocsWorld
from tests.reports.readback import docx_text, pdf_embedded_fonts, pdf_text


def _expected(docs: DocsWorld) -> list[str]:
    board = [m.full_name for m in docs.tree.members["c1"][:3]]
    return [
        "BIÊN BẢN KIỂM PHIẾU",
        "BAN KIỂM PHIẾU",
        "Tổng số ủy viên được triệu tập: 13 đồng chí",
        "có mặt lúc biểu quyết: 12 đồng chí",
        "Số phiếu phát ra (mã phiếu điện tử): 12; số phiếu thu về: 12",
        "Số phiếu hợp lệ: 12",
        "Hoàn thành xuất sắc nhiệm vụ",
        "69,2%",  # 9 of 13 convened
        "75,0%",  # 9 of 12 present
        "Phiếu trống",
        group_hash(HEAD),
        "T/M BAN KIỂM PHIẾU",
        *board,
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_prints_the_counts_from_the_record(docs: DocsWorld, fmt: str) -> None:
    data = build_tally_report(docs.ballot, fmt=fmt)
    text = docx_text(data) if fmt == "docx" else pdf_text(data)
    flat = " ".join(text.split())
    for needle in _expected(docs):
        assert needle in flat, needle
    if fmt == "pdf":
        assert "LiberationSerif" in pdf_embedded_fonts(data)


def test_it_refuses_a_ballot_without_a_result(docs: DocsWorld) -> None:
    docs.ballot.result = None
    with pytest.raises(DocumentError, match="no published result"):
        build_tally_report(docs.ballot)
