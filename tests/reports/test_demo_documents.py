"""The seed's documents as a Party office would file them: conference No. 16 of the demo city,
its ballot published and the city's rating decided, then every document read back — one
issuing body per document, the recorded denominator in both minutes, every decided subject
in a Quyết định, the dossier listing what exists."""

from __future__ import annotations

import re

import pytest

from phieukin.evaluations.models import Decision, Period, Subject
from phieukin.reports.documents import (
    build_issued,
    build_minutes,
    build_organization_dossier,
    build_submission,
    build_tally_report,
)
from phieukin.reports.documents.decision import default_signing_date, pending_decisions
from phieukin.reports.documents.facts import decision_issuer
from phieukin.reports.register import do_register_document
from tests.demo_ballot import run_demo_ballot
from tests.reports.readback import docx_text
from tests.reports.seed import city_subject

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
HEAD = "cd" * 32


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def _flat(data: bytes) -> str:
    return " ".join(docx_text(data).split())


def _statement(text: str) -> tuple[list[str], list[str]]:
    return re.findall(r"Mẫu số để tính tỷ lệ: [^.]*\.[^.]*\.", text), re.findall(
        r"Kết quả: [^.]*\.", text
    )


def test_the_seed_documents_read_as_a_party_office_files_them(
    django_capture_on_commit_callbacks: object,
) -> None:
    from phieukin.web.demo import load_demo

    summary = load_demo()
    conference = summary.conference
    period = Period.objects.get(year=2023)  # the conference's (the cycles cell has 2024–2025)
    ballot = run_demo_ballot(
        summary,
        on_commit=lambda: django_capture_on_commit_callbacks(execute=True),  # type: ignore[operator]
    )
    city = city_subject(period)
    assert Decision.objects.filter(subject=city, level="htxsnv").exists()  # no re-entry

    # Tờ trình: the Standing Committee submits to the Executive Committee (58-TTr/TU).
    submission = city.submissions.get()
    text = _flat(build_submission(submission))
    secretary = "Phan Hoàng Tuấn"
    for needle in (
        "THÀNH ỦY HÀ THÀNH",
        "Số 58-TTr/TU",
        "Hà Thành, ngày 03 tháng 01 năm 2024",
        "Kính gửi: Ban Chấp hành Đảng bộ Thành phố Hà Thành",
        "Hoàn thành và hoàn thành vượt mức 6/6 chỉ tiêu chủ yếu",
        "Tổng số 6 tổ chức đảng trực thuộc; đã đánh giá, xếp loại 6; chưa có kết quả 0",
        "Đảng bộ huyện Bình Giang Hoàn thành nhiệm vụ",
        "Ban Thường vụ Thành ủy Hà Thành kính trình",
        "T/M BAN THƯỜNG VỤ BÍ THƯ",
        secretary,
    ):
        assert needle in text, needle
    assert "BTCTU" not in text and "Ban Thường vụ — " not in text

    # Both minutes: 71 convened, 2 excused, denominator 69; the vote is the decision (QĐ 124).
    tally = _flat(build_tally_report(ballot))
    minutes = _flat(build_minutes(conference))
    assert _statement(tally) == _statement(minutes)
    denominators, results = _statement(tally)
    assert "71 ủy viên chính thức được triệu tập, trừ 2 đồng chí" in denominators[0]
    assert "còn 69 đồng chí" in denominators[0] and "ít nhất 35 phiếu" in denominators[0]
    assert results == [
        (
            "Kết quả: Đảng bộ Thành phố Hà Thành đạt mức «Hoàn thành xuất sắc nhiệm vụ» với "
            "69/69 phiếu (100,0%); kết quả biểu quyết là quyết định xếp loại của Ban Chấp hành "
            "Đảng bộ Thành phố Hà Thành."
        )
    ]
    assert "T/M THÀNH ỦY" in minutes and "T/M BAN KIỂM PHIẾU" in tally

    # Quyết định: the Executive Committee's own (the city), the Standing Committee's (the rest);
    # together every decided subject of the period, each once.
    issued = []
    for subject in (
        city,
        Subject.objects.get(period=period, member__isnull=False, title="Bí thư Thành ủy"),
    ):
        issuer = decision_issuer(Decision.objects.get(subject=subject, cancelled_at__isnull=True))
        assert issuer is not None
        pending = pending_decisions(issuer, period, "QĐ")
        issued.append(
            do_register_document(
                issuer,
                doc_type="QĐ",
                signed_on=default_signing_date(pending, period),
                period=period,
                decisions=[d.pk for d in pending],
                actor=None,
            )
        )
    bch, btv = (_flat(build_issued(row)) for row in issued)
    for needle in (
        "Số 01-QĐ/TU",
        "Hà Thành, ngày 09 tháng 01 năm 2024",
        "BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ HÀ THÀNH",
        "Xét Tờ trình số 58-TTr/TU",
        "đối với 1 tập thể, cá nhân",
        "T/M THÀNH ỦY BÍ THƯ",
    ):
        assert needle in bch, needle
    assert "Số 02-QĐ/TU" in btv and "T/M BAN THƯỜNG VỤ BÍ THƯ" in btv
    decided = Decision.objects.filter(subject__period=period, cancelled_at__isnull=True).count()
    assert sum(len(row.decisions) for row in issued) == decided == 25  # 19 + 6 subordinates
    assert f"đối với {decided - 1} tập thể, cá nhân" in btv

    # Mẫu 04 of the city: what exists, with its numbers.
    dossier = _flat(build_organization_dossier(period.organization, period))
    for needle in ("Mẫu 04-HD KĐ.ĐG 2023", "Số 58-TTr/TU", "Số 01-QĐ/TU, ngày 09/01/2024"):
        assert needle in dossier, needle
