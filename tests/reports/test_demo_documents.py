"""The documents build from the realistic demo (conference No. 16, period 2023) without error."""

from __future__ import annotations

import pytest

from phieukin.evaluations.models import Period, Subject, Submission
from phieukin.evaluations.rollup import refresh_rollup, rollup
from phieukin.meetings.models import Conference
from phieukin.reports.documents import build_dossier_list, build_minutes, build_submission
from tests.reports.readback import docx_text, pdf_text


@pytest.mark.slow
@pytest.mark.django_db
def test_it_builds_the_demo_conference_documents() -> None:
    from phieukin.web.demo import load_demo

    load_demo()
    conference = Conference.objects.order_by("-number").first()
    minutes = docx_text(build_minutes(conference))
    assert conference.title in minutes and "ĐẢNG CỘNG SẢN VIỆT NAM" in minutes
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf_text(build_minutes(conference, fmt="pdf"))
    for submission in Submission.objects.all()[:2]:
        assert "TỜ TRÌNH" in docx_text(build_submission(submission))
    subject = Subject.objects.filter(kind="collective").first()
    assert "DANH MỤC HỒ SƠ" in docx_text(build_dossier_list(subject))
    period = Period.objects.first()
    refresh_rollup(period)
    data = rollup(period.organization, period)
    assert data.individuals.in_scope + data.individuals.out_of_scope > 0
