"""Mẫu 2C (a member outside the political system) and Mẫu 05 (the self-rating of a quarter
and of the year with its quarters) generated and read back, in DOCX and PDF."""

from __future__ import annotations

import pytest
from django.test import Client

from phieukin.evaluations.models import Level, Period
from phieukin.evaluations.services import (
    ShortcomingSpec,
    do_open_period,
    do_set_member_form,
    do_submit_self_review,
)
from phieukin.reports.documents import DocumentError, build_quarter_rating, build_review_form
from tests.evaluations.world import World, build_world, excellent, review_366, subject_of
from tests.reports.readback import docx_text, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _open(world: World, year: int = 2025, **kw: object) -> Period:
    period = do_open_period(world.city, year, actor=world.staff, **kw)  # type: ignore[arg-type]
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    return period


def _quarter_then_year(world: World) -> tuple[object, object]:
    q1 = subject_of(_open(world, cycle="quarterly", quarter=1), world, "m2")
    do_set_member_form(q1, "2C", actor=world.staff)
    spec = ShortcomingSpec("Chưa dự đủ sinh hoạt chi bộ", "Sắp xếp thời gian", "Bùi Thị Bích")
    do_submit_self_review(
        q1, review_366(Level.HTXSNV, shortcomings=[spec], **excellent()), actor=world.staff
    )
    annual = subject_of(_open(world), world, "m2")
    do_set_member_form(annual, "2C", actor=world.staff)
    item = annual_item = q1.shortcomings.get()  # type: ignore[attr-defined]
    do_submit_self_review(
        annual,
        review_366(Level.HTTNV, earlier={annual_item.pk: ("remedied", "Dự đủ từ quý 2")}),
        actor=world.staff,
    )
    assert item.pk == annual_item.pk
    return q1, annual


def test_form_2c_is_generated_and_read_back(world: World) -> None:
    _q1, annual = _quarter_then_year(world)
    for fmt, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = read(build_review_form(annual, fmt=fmt))  # type: ignore[arg-type]
        assert "Mẫu 2C-HD KĐ.ĐG 2025" in text
        assert "(Đảng viên không làm việc trong hệ thống chính trị)" in text
        assert "Bùi Thị Bích" in text and "Chi bộ Tổ dân phố số 1" in text
        assert "Chưa dự đủ sinh hoạt chi bộ" in text and "đã khắc phục" in text
        assert "quý 1 năm" in text  # where the shortcoming was named
        assert "87.00/100" in text
        assert "[x] Hoàn thành tốt nhiệm vụ" in text


def test_form_05_of_the_year_lists_the_quarters(world: World) -> None:
    q1, annual = _quarter_then_year(world)
    text = docx_text(build_quarter_rating(annual))  # type: ignore[arg-type]
    assert "Mẫu 05-HD KĐ.ĐG 2025" in text and "Năm 2025" in text
    assert "Kết quả tự đánh giá, xếp loại các quý trong năm" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text  # quarter 1's self-rating
    quarter = pdf_text(build_quarter_rating(q1, fmt="pdf"))  # type: ignore[arg-type]
    assert "Quý 1 năm 2025" in quarter and "Mẫu 05-HD KĐ.ĐG 2025" in quarter
    assert "các quý trong năm" not in quarter
    # A quarter's review is printed on Mẫu 05, whichever download is asked.
    assert "Mẫu 05-HD" in docx_text(build_review_form(q1))  # type: ignore[arg-type]


def test_form_05_is_refused_before_366_and_without_a_review(world: World) -> None:
    old = subject_of(do_open_period(world.city, 2024, actor=world.staff), world, "m1")
    with pytest.raises(DocumentError):
        build_review_form(old)
    do_submit_self_review(
        old,
        review_366().__class__(
            proposed_level="httnv",
            criteria_ratings={"politics": "TOT", "discipline": "TOT", "duties": "TOT"},
            task_rating="TOT",
        ),
        actor=world.staff,
    )
    old = subject_of(old.period, world, "m1")
    assert "Mẫu 2B-HD" in docx_text(build_review_form(old))
    with pytest.raises(DocumentError):
        build_quarter_rating(old)


def test_the_subject_page_links_the_downloads(world: World) -> None:
    _q1, annual = _quarter_then_year(world)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(world.staff)
    page = client.get(f"/evaluations/subjects/{annual.pk}/").content.decode()  # type: ignore[attr-defined]
    assert "Bản kiểm điểm (Mẫu 2C)" in page and "Bản tự đánh giá, xếp loại (Mẫu 05)" in page
    response = client.get(f"/reports/subject/{annual.pk}/ban-kiem-diem.docx")  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert "Mẫu 2C-HD" in docx_text(response.content)
    pdf = client.get(f"/reports/subject/{annual.pk}/mau-05.pdf")  # type: ignore[attr-defined]
    assert pdf.status_code == 200 and "Mẫu 05-HD" in pdf_text(pdf.content)
