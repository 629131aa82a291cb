"""The biên bản kiểm phiếu, read back: the record's figures, the recorded vote's denominator
and threshold, the decision-or-proposal sentence the conference minutes repeat, the board."""

from __future__ import annotations

import re

import pytest

from phieukin.reports.documents import build_minutes, build_tally_report
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.tally import group_hash
from tests.reports.conftest import HEAD, DocsWorld
from tests.reports.readback import docx_text, pdf_embedded_fonts, pdf_text

DENOMINATOR = (
    "Mẫu số để tính tỷ lệ: 13 ủy viên chính thức được triệu tập, trừ 1 đồng chí vắng mặt cả "
    "buổi có lý do được chấp thuận, còn 12 đồng chí. Mức xếp loại được thông qua khi đạt quá "
    "1/2 mẫu số (ít nhất 7 phiếu)."
)
DECIDED = (
    "Kết quả: Đảng bộ xã An Bình đạt mức «Hoàn thành xuất sắc nhiệm vụ» với 9/12 phiếu (75,0%); "
    "kết quả biểu quyết là quyết định xếp loại của Ban Thường vụ Tỉnh ủy Hà Thành."
)


def _expected(docs: DocsWorld) -> list[str]:
    board = [m.full_name for m in docs.tree.members["c1"][:3]]
    return [
        "TỈNH ỦY HÀ THÀNH",
        "BAN KIỂM PHIẾU",
        "BIÊN BẢN KIỂM PHIẾU",
        "Hà Thành, ngày 09 tháng 01 năm 2026",
        "Tổng số ủy viên chính thức được triệu tập: 13 đồng chí",
        "có mặt lúc biểu quyết: 12 đồng chí",
        "Số phiếu phát ra (mã phiếu điện tử): 12; số phiếu thu về: 12",
        "Số phiếu hợp lệ: 12",
        DENOMINATOR,
        DECIDED,
        "Phiếu trống",
        group_hash(HEAD),
        "T/M BAN KIỂM PHIẾU",
        "TRƯỞNG BAN",
        *board,
    ]


def _flat(data: bytes, fmt: str) -> str:
    return " ".join((docx_text(data) if fmt == "docx" else pdf_text(data)).split())


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_it_prints_the_counts_and_the_recorded_denominator(docs: DocsWorld, fmt: str) -> None:
    data = build_tally_report(docs.ballot, fmt=fmt)
    flat = _flat(data, fmt)
    for needle in _expected(docs):
        assert " ".join(needle.split()) in flat, needle
    assert "69,2%" not in flat  # 9 of 13 convened: not the rule set's denominator
    if fmt == "pdf":
        assert "LiberationSerif" in pdf_embedded_fonts(data)


def _statement(text: str) -> tuple[list[str], list[str]]:
    return re.findall(r"Mẫu số để tính tỷ lệ: [^.]*\.[^.]*\.", text), re.findall(
        r"Kết quả: [^.]*\.", text
    )


def test_both_minutes_say_the_same_denominator_threshold_and_outcome(docs: DocsWorld) -> None:
    tally = _flat(build_tally_report(docs.ballot), "docx")
    minutes = _flat(build_minutes(docs.conference), "docx")
    assert _statement(tally) == _statement(minutes)
    assert _statement(tally)[1] == [DECIDED]


def test_a_proposal_says_who_decides(docs: DocsWorld) -> None:
    """The same counts recorded as the Executive Committee's proposal (QĐ 366: it approves;
    the decider of a commune is the province's Standing Committee)."""
    docs.vote.body, docs.vote.is_decision = "provincial_executive_committee", False
    docs.vote.save(update_fields=["body", "is_decision"])
    proposal = (
        "kết quả biểu quyết là đề xuất của Ban Chấp hành Đảng bộ tỉnh Hà Thành để Ban Thường vụ "
        "Tỉnh ủy Hà Thành xem xét, quyết định."
    )
    for data in (build_tally_report(docs.ballot), build_minutes(docs.conference)):
        text = _flat(data, "docx")
        assert proposal in text and "là quyết định xếp loại" not in text


def test_a_question_without_a_recorded_vote_reads_as_the_result_page(docs: DocsWorld) -> None:
    docs.decision.delete()
    docs.vote.delete()
    text = _flat(build_tally_report(docs.ballot), "docx")
    assert "69,2%" in text and "75,0%" in text  # of convened, of present: the page's columns
    assert "Mẫu số để tính tỷ lệ" not in text


def test_it_refuses_a_ballot_without_a_result(docs: DocsWorld) -> None:
    docs.ballot.result = None
    with pytest.raises(DocumentError) as refused:
        build_tally_report(docs.ballot)
    assert "no published result" in refused.value.english
