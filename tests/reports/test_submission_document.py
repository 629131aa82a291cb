"""The Tờ trình, read back from DOCX and PDF: one issuing body in its header, number and
signature; its basis the subordinate organizations' ratings and the targets of the year."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from docx.shared import Pt

from phieukin.evaluations.models import Submission
from phieukin.reports.documents import build_submission
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.submission import submitting_issuer, target_ref
from phieukin.reports.register import do_add_target, do_register_document
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text, pdf_embedded_fonts, pdf_text

EXPECTED = [
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "TỈNH ỦY HÀ THÀNH",  # the commission's committee above it
    "BAN TỔ CHỨC",
    "Số 45-TTr/BTCTU",
    "Hà Thành, ngày 02 tháng 01 năm 2026",
    "TỜ TRÌNH",
    "về việc đánh giá, xếp loại chất lượng Đảng bộ xã An Bình năm 2025",
    "Kính gửi: Ban Thường vụ Tỉnh ủy Hà Thành",
    "Quy định 366-QĐ/TW",
    "Tự chấm điểm: nhóm tiêu chí chung 28/30",
    "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025",
    "Hoàn thành và hoàn thành vượt mức 1/2 chỉ tiêu chủ yếu",
    "Thu ngân sách",
    "102% dự toán",
    "Không đạt",
    # The one organization directly under the commune, with its level (not its members).
    "Tổng số 1 tổ chức đảng trực thuộc; đã đánh giá, xếp loại 1; chưa có kết quả 0",
    "Đảng bộ Trường THPT An Bình",
    "Báo cáo công tác xây dựng Đảng năm 2025",
    "Ban Tổ chức Tỉnh ủy Hà Thành kính trình Ban Thường vụ Tỉnh ủy Hà Thành",
    "TRƯỞNG BAN",
    "Nơi nhận:",
]


@pytest.fixture
def targets(docs: DocsWorld) -> None:
    for name, plan, result, assessment in (
        ("Thu ngân sách", "100% dự toán", "102% dự toán", "exceeded"),
        ("Giải ngân vốn đầu tư công", "95%", "80%", "not_met"),
    ):
        do_add_target(
            docs.tree.period,
            docs.tree.a,
            name=name,
            plan=plan,
            result=result,
            assessment=assessment,
            actor=docs.staff,
        )


def test_it_writes_the_docx_in_the_party_format(docs: DocsWorld, targets: None) -> None:
    data = build_submission(docs.submission, fmt="docx")
    text = docx_text(data)
    for needle in EXPECTED:
        assert needle in text, needle
    # One issuing body: no Standing Committee's signature on the commission's Tờ trình, and
    # no member counts (the basis is the organizations directly under it).
    assert "T/M BAN THƯỜNG VỤ" not in text and "Đảng viên" not in text
    doc = Document(io.BytesIO(data))
    section = doc.sections[0]
    sizes = [section.page_width, section.page_height, section.left_margin, section.right_margin]
    assert [round(s.mm) for s in sizes] == [210, 297, 35, 15]
    style = doc.styles["Normal"].font
    assert (style.name, style.size) == ("Times New Roman", Pt(14))


def test_it_writes_the_pdf_with_embedded_fonts_and_diacritics(
    docs: DocsWorld, targets: None
) -> None:
    data = build_submission(docs.submission, fmt="pdf")
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    for needle in EXPECTED:
        assert " ".join(needle.split()) in text, needle
    assert {"LiberationSerif", "LiberationSerif-Bold"} <= pdf_embedded_fonts(data)


def test_the_province_standing_committee_submits_its_own_organization(docs: DocsWorld) -> None:
    """The province rated by its Executive Committee: the Standing Committee submits (the
    Hanoi case), headed as the committee, numbered TU, signed T/M BAN THƯỜNG VỤ."""
    from phieukin.meetings.models import AgendaItem, Conference
    from phieukin.organizations.models import Committee, CommitteeSeat

    tree = docs.tree
    executive = Committee.objects.create(
        organization=tree.province, kind="executive", term="XX", term_start=date(2020, 10, 1)
    )
    chair = tree.members["c1"][0]
    CommitteeSeat.objects.create(
        committee=executive, member=chair, role="secretary", start_on=date(2020, 10, 1)
    )
    conference = Conference.objects.create(
        organization=tree.province,
        committee=executive,
        number=20,
        title="Hội nghị lần thứ 20 Ban Chấp hành Đảng bộ tỉnh",
        held_on=date(2026, 1, 12),
    )
    item = AgendaItem.objects.create(
        conference=conference, order=1, title="Xếp loại", kind="rating"
    )
    province = tree.period.subjects.create(
        kind="collective", collective_kind="party_organization", organization=tree.province
    )
    submission = Submission.objects.create(
        subject=province, agenda_item=item, issuer="x", proposed_level="htxsnv", number="7-TTr/TU"
    )
    issuer = submitting_issuer(submission)
    assert (issuer.symbol, issuer.authority) == ("TU", "T/M Ban Thường vụ")
    text = " ".join(docx_text(build_submission(submission)).split())
    for needle in (
        "TỈNH ỦY HÀ THÀNH",
        "Số 07-TTr/TU",
        "Kính gửi: Ban Chấp hành Đảng bộ tỉnh Hà Thành",
        "Ban Thường vụ Tỉnh ủy Hà Thành kính trình",
        "xem xét, thông qua",  # QĐ 366 / HD 43 mục 3: the Executive Committee approves
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        chair.full_name,
        "Tổng số 2 tổ chức đảng trực thuộc; đã đánh giá, xếp loại 2",
    ):
        assert needle in text, needle
    assert "BAN TỔ CHỨC" not in text


def test_it_refuses_a_number_of_another_body(docs: DocsWorld) -> None:
    docs.submission.number = "45-TTr/TU"  # the Standing Committee's symbol on the commission's
    with pytest.raises(DocumentError) as refused:
        build_submission(docs.submission)
    assert "BTCTU" in str(refused.value) and "45-TTr/TU" in str(refused.value)


def test_the_register_numbers_it_and_the_next_one_follows(docs: DocsWorld) -> None:
    issuer = submitting_issuer(docs.submission)
    row = do_register_document(
        issuer,
        doc_type="TTr",
        signed_on=date(2026, 1, 5),
        target=target_ref(docs.submission),
        number=45,
        actor=docs.staff,
    )
    assert row.label == "45-TTr/BTCTU" and row.term == ""  # the province has no executive term
    text = docx_text(build_submission(docs.submission))
    assert "Số 45-TTr/BTCTU" in text and "Hà Thành, ngày 05 tháng 01 năm 2026" in text
    following = do_register_document(
        issuer, doc_type="TTr", signed_on=date(2026, 1, 6), actor=docs.staff
    )
    assert following.label == "46-TTr/BTCTU"
    with pytest.raises(DocumentError) as refused:
        do_register_document(
            issuer,
            doc_type="TTr",
            signed_on=date(2026, 1, 6),
            target=target_ref(docs.submission),
            actor=docs.staff,
        )
    assert "already has its number" in refused.value.english
    with pytest.raises(DocumentError) as refused:
        do_register_document(
            issuer, doc_type="TTr", signed_on=date(2026, 1, 6), number=46, actor=docs.staff
        )
    assert "already used" in refused.value.english
