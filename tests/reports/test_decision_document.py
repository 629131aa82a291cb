"""Quyết định / Thông báo numbered in the issuer's register, Mẫu 03 and the Mẫu 04 dossier
list, read back: numbers, issuing body, signing date, signature, every decided subject."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from phieukin.evaluations.models import Decision, DecisionMethod
from phieukin.organizations.models import Committee
from phieukin.reports import register
from phieukin.reports.documents import build_dossier_list, build_issued, build_organization_dossier
from phieukin.reports.documents.decision import (
    decisions_of,
    default_signing_date,
    pending_decisions,
)
from phieukin.reports.documents.facts import decision_issuer
from phieukin.reports.documents.layout import DocumentError
from phieukin.reports.documents.rerate import target_ref
from phieukin.reports.register import do_register_document
from phieukin.reports.register_models import DocumentNumber
from tests.reports.conftest import AT, DocsWorld
from tests.reports.readback import docx_text, pdf_text


def _flat(data: bytes, fmt: str = "docx") -> str:
    return " ".join((docx_text(data) if fmt == "docx" else pdf_text(data)).split())


def _decide(docs: DocsWorld, org: object, body: str, level: str) -> Decision:
    subject = docs.tree.period.subjects.get(organization=org)
    return Decision.objects.create(
        subject=subject, method="superior", body=body, level=level, decided_at=AT
    )


@pytest.fixture
def decided(docs: DocsWorld) -> list[Decision]:
    """Commune B by the province's Standing Committee too; cell C1 by its grassroots
    committee (not the province's)."""
    _decide(docs, docs.tree.b, "provincial_standing_committee", "htxsnv")
    _decide(docs, docs.tree.c1, "grassroots_committee", "htxsnv")
    issuer = decision_issuer(docs.decision)
    assert issuer is not None
    return pending_decisions(issuer, docs.tree.period, "QĐ")


def _issue(docs: DocsWorld, decisions: list[Decision], doc_type: str = "QĐ") -> DocumentNumber:
    issuer = decision_issuer(decisions[0])
    assert issuer is not None
    return do_register_document(
        issuer,
        doc_type=doc_type,
        signed_on=default_signing_date(decisions, docs.tree.period),
        period=docs.tree.period,
        decisions=[d.pk for d in decisions],
        actor=docs.staff,
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_standing_committee_decides_every_subject_it_rated(
    docs: DocsWorld, decided: list[Decision], fmt: str
) -> None:
    assert {d.subject.organization for d in decided} == {docs.tree.a, docs.tree.b}
    row = _issue(docs, decided)
    text = _flat(build_issued(row, fmt=fmt), fmt)
    for needle in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TỈNH ỦY HÀ THÀNH",
        "Số 01-QĐ/TU",
        # The conference that voted, not the day the file is made.
        "Hà Thành, ngày 09 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "về việc đánh giá, xếp loại chất lượng tập thể, cá nhân năm 2025",
        "BAN THƯỜNG VỤ TỈNH ỦY HÀ THÀNH",
        "Căn cứ Điều lệ Đảng",
        (
            "Căn cứ kết quả biểu quyết bằng phiếu kín tại Hội nghị lần thứ 16 Ban Thường vụ, "
            "ngày 09/01/2026"
        ),
        "Xét Tờ trình số 45-TTr/BTCTU",
        "Điều 1. Xếp loại chất lượng năm 2025 đối với 2 tập thể, cá nhân",
        "Đảng bộ xã An Bình",
        "Đảng bộ xã Bình Minh",
        "Hoàn thành xuất sắc nhiệm vụ: 2 (100,0%)",
        "Như Điều 3,",
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        docs.tree.members["c1"][0].full_name,
    ):
        assert needle in text, needle
    assert "Chi bộ Tổ Toán" not in text  # decided by its grassroots committee, not here
    assert f"{timezone.localdate():%d tháng %m năm %Y}" not in text


def test_a_notice_and_the_next_numbers(docs: DocsWorld, decided: list[Decision]) -> None:
    first = _issue(docs, decided)
    issuer = decision_issuer(decided[0])
    assert issuer is not None
    assert pending_decisions(issuer, docs.tree.period, "QĐ") == []  # all listed once
    notice = _issue(docs, pending_decisions(issuer, docs.tree.period, "TB"), "TB")
    assert (first.label, notice.label) == ("01-QĐ/TU", "01-TB/TU")  # from 01 per type
    text = _flat(build_issued(notice))
    assert "THÔNG BÁO" in text and "Số 01-TB/TU" in text and "Bình Minh" in text
    # G2, a grassroots cell under commune B, is decided by B's Standing Committee: not here.
    _decide(docs, docs.tree.g2, "superior_standing_committee", "httnv")
    assert pending_decisions(issuer, docs.tree.period, "QĐ") == []


def test_numbers_restart_each_term_of_the_committee(
    docs: DocsWorld, decided: list[Decision]
) -> None:
    Committee.objects.create(
        organization=docs.tree.province,
        kind="executive",
        term="XX",
        term_start=date(2020, 10, 1),
        term_end=date(2025, 10, 1),
    )
    Committee.objects.create(
        organization=docs.tree.province, kind="executive", term="XXI", term_start=date(2025, 10, 2)
    )
    issuer = decision_issuer(decided[0])
    assert issuer is not None
    old = do_register_document(issuer, doc_type="QĐ", signed_on=date(2025, 9, 1), actor=docs.staff)
    new = do_register_document(issuer, doc_type="QĐ", signed_on=date(2026, 1, 9), actor=docs.staff)
    assert (old.term, old.number, new.term, new.number) == ("XX", 1, "XXI", 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentNumber.objects.create(
            organization=new.organization,
            issuer=new.issuer,
            symbol=new.symbol,
            doc_type="QĐ",
            term="XXI",
            number=1,
            signed_on=date(2026, 1, 10),
        )


def test_a_clerk_who_loses_the_race_gets_the_next_number(
    docs: DocsWorld, decided: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    issuer = decision_issuer(decided[0])
    assert issuer is not None
    do_register_document(issuer, doc_type="QĐ", signed_on=date(2026, 1, 9), actor=docs.staff)
    calls = []
    real = register._next_number

    def stale(*args: object) -> int:  # the first read misses the number just taken
        calls.append(1)
        return 1 if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(register, "_next_number", stale)
    row = do_register_document(issuer, doc_type="QĐ", signed_on=date(2026, 1, 9), actor=docs.staff)
    assert row.number == 2 and len(calls) == 2


def test_the_signing_date_defaults_to_the_conference_not_today(
    docs: DocsWorld, decided: list[Decision]
) -> None:
    by_superior = [d for d in decided if d.vote_id is None]
    assert default_signing_date(decided, docs.tree.period) == date(2026, 1, 9)
    # No vote: the period's latest conference (the same one here), never today.
    assert default_signing_date(by_superior, docs.tree.period) == date(2026, 1, 9)


def test_an_unregistered_entry_or_nothing_decided_is_refused(docs: DocsWorld) -> None:
    issuer = decision_issuer(docs.decision)
    assert issuer is not None
    empty = do_register_document(issuer, doc_type="QĐ", signed_on=date(2026, 1, 9), actor=None)
    with pytest.raises(DocumentError) as refused:
        build_issued(empty)
    assert "No decided rating" in refused.value.english
    assert decisions_of(issuer, docs.tree.period) == [docs.decision]


def _rerate(docs: DocsWorld) -> Decision:
    """As ``do_cancel_and_rerate`` records it: the old row cancelled, a RE_RATE row after it."""
    old = docs.decision
    old.cancelled_at, old.cancel_reason = AT, "Phát hiện vi phạm sau khi xếp loại"
    old.save(update_fields=["cancelled_at", "cancel_reason"])
    return Decision.objects.create(
        subject=old.subject,
        method=DecisionMethod.RE_RATE,
        body=old.body,
        level="httnv",
        reasons="Phát hiện 01 đồng chí trong Ban Chấp hành bị kỷ luật khiển trách trong năm",
        replaces=old,
        decided_at=datetime(2026, 2, 3, 2, 0, tzinfo=UTC),
    )


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_form_03_cancels_and_rates_again(
    docs: DocsWorld, decided: list[Decision], fmt: str
) -> None:
    _issue(docs, decided)  # 01-QĐ/TU listed the first rating
    new = _rerate(docs)
    issuer = decision_issuer(new)
    assert issuer is not None
    row = do_register_document(
        issuer, doc_type="QĐ", signed_on=date(2026, 2, 3), target=target_ref(new), actor=None
    )
    text = _flat(build_issued(row, fmt=fmt), fmt)
    for needle in (
        "Mẫu 03-HD KĐ.ĐG 2025",
        "TỈNH ỦY HÀ THÀNH",
        "Số 02-QĐ/TU",  # the same series as the issuer's other decisions
        "Hà Thành, ngày 03 tháng 02 năm 2026",
        "về việc đánh giá, xếp loại lại chất lượng Đảng bộ xã An Bình năm 2025",
        "Điều 15 Quy định 366-QĐ/TW",
        "Điều 1. Hủy bỏ kết quả đánh giá, xếp loại chất lượng năm 2025 đối với Đảng bộ xã An Bình",
        "mức «Hoàn thành xuất sắc nhiệm vụ» tại Quyết định số 01-QĐ/TU, ngày 09/01/2026",
        (
            "Điều 2. Đánh giá, xếp loại lại chất lượng năm 2025 đối với Đảng bộ xã An Bình ở mức: "
            "Hoàn thành tốt nhiệm vụ"
        ),
        "bị kỷ luật khiển trách",
        "T/M BAN THƯỜNG VỤ",
    ):
        assert needle in text, needle


def test_the_dossier_lists_what_exists_with_numbers_and_dates(
    docs: DocsWorld, decided: list[Decision]
) -> None:
    before = _flat(build_dossier_list(docs.subject))
    assert "đã quyết định; chưa ban hành văn bản" in before
    _issue(docs, decided)
    text = _flat(build_dossier_list(docs.subject))
    for needle in (
        "Mẫu 04-HD KĐ.ĐG 2025",
        "DANH MỤC HỒ SƠ",
        "Báo cáo kiểm điểm (Mẫu 01) ngày 20/12/2025 Có",
        "Hội nghị lần thứ 16 Ban Thường vụ, ngày 09/01/2026 Có",
        "Số 45-TTr/BTCTU",
        "Bỏ phiếu kín, ngày 09/01/2026 Có",
        "Số 01-QĐ/TU, ngày 09/01/2026 Có",
        "Phụ lục chấm điểm theo tiêu chí (QĐ 366) Có",
    ):
        assert needle in text, needle
    assert "Chưa có" not in text
    new = _rerate(docs)
    text = _flat(build_dossier_list(docs.subject, fmt="pdf"), "pdf")
    assert "Quyết định đánh giá, xếp loại lại (Mẫu 03) chưa ban hành" in text
    assert "Mẫu 04-HD KĐ.ĐG 2025" in text
    del new


def test_the_organization_dossier_lists_its_subjects(docs: DocsWorld) -> None:
    text = _flat(build_organization_dossier(docs.tree.a, docs.tree.period))
    assert "Đảng bộ xã An Bình (Hoàn thành xuất sắc nhiệm vụ)" in text
    assert "Số tập thể, cá nhân: 1." in text


def test_it_refuses_an_unknown_format(docs: DocsWorld) -> None:
    with pytest.raises(DocumentError) as refused:
        build_dossier_list(docs.subject, fmt="odt")
    assert "Unknown document format odt" in refused.value.english
