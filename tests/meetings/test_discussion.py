"""An agenda item's discussion: speakers in order with times, written comments, the explanation
report answering them, the conclusion (no vote) or the vote's resolution; notice warnings."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from phieukin.meetings.discussion import (
    do_add_comment,
    do_add_speaker,
    do_conclude,
    do_record_explanation,
    do_record_resolution,
    notice_violations,
)
from phieukin.meetings.models import AgendaItem, Resolution
from phieukin.meetings.services import AgendaSpec, DocumentSpec, MeetingError, create_conference
from phieukin.organizations.models import Organization
from phieukin.rules import REG366
from tests.evaluations.world import raises

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def item(db: None) -> AgendaItem:
    org = Organization.objects.create(code="X", name="Đảng bộ X", kind="provincial", path="/x/")
    conference = create_conference(
        organization=org,
        title="Hội nghị",
        held_on=date(2025, 12, 18),  # a Thursday
        agenda=[
            AgendaSpec(
                "Báo cáo tài chính đảng",
                documents=[
                    DocumentSpec("Báo cáo tài chính", distributed_on=date(2025, 12, 15)),
                    DocumentSpec("Phụ lục", distributed_on=date(2025, 12, 16)),
                ],
            )
        ],
    )
    return conference.agenda_items.get()


def test_speakers_are_numbered_in_order_with_their_times(item: AgendaItem) -> None:
    t = datetime(2025, 12, 18, 9, 0, tzinfo=TZ)
    first = do_add_speaker(
        item, name="Đ/c A", started_at=t, ended_at=t.replace(minute=5), actor=None
    )
    second = do_add_speaker(item, name="Đ/c B", actor=None)
    assert (first.order, second.order) == (1, 2)
    with raises(MeetingError, "ends after it starts"):
        do_add_speaker(item, name="Đ/c C", started_at=t, ended_at=t.replace(hour=8), actor=None)


def test_the_conclusion_waits_for_the_explanation_of_the_comments(item: AgendaItem) -> None:
    comment = do_add_comment(
        item, author_name="Đ/c A", text="Đề nghị làm rõ khoản chi.", actor=None
    )
    with raises(MeetingError, "explanation report first"):
        do_conclude(item, text="Thông qua.", actor=None)
    report = do_record_explanation(
        item, presenter_name="Đ/c Chánh Văn phòng", text="Xin giải trình.", actor=None
    )
    assert list(report.answers.all()) == [comment]
    resolution = do_conclude(item, text="Hội nghị thông qua báo cáo.", actor=None)
    item.refresh_from_db()
    assert resolution.method == "conclusion" and item.conclusion == "Hội nghị thông qua báo cáo."
    with raises(MeetingError, "already has its resolution"):
        do_conclude(item, text="Lần hai.", actor=None)
    with raises(MeetingError, "already has its explanation"):
        do_record_explanation(item, presenter_name="X", text="Y", actor=None)


def test_bad_input_is_refused_with_a_clear_error(item: AgendaItem) -> None:
    with raises(MeetingError, "author and its text"):
        do_add_comment(item, author_name="", text=" ", actor=None)
    with raises(MeetingError, "Unknown kind"):
        do_add_comment(item, author_name="A", text="B", kind="shouted", actor=None)
    with raises(MeetingError, "secret ballot or by show of hands"):
        do_record_resolution(item, method="conclusion", text="X", actor=None)
    assert not Resolution.objects.exists()


def test_a_vote_resolution_keeps_the_counts(item: AgendaItem) -> None:
    resolution = do_record_resolution(
        item,
        method="show_of_hands",
        text="Thông qua 9/10.",
        outcome="HTTNV",
        counts={"HTTNV": 9},
        denominator=10,
        actor=None,
    )
    assert resolution.counts == {"HTTNV": 9} and resolution.denominator == 10


def test_late_documents_are_warned_with_the_source(item: AgendaItem) -> None:
    notice = REG366.documents_notice
    found = notice_violations(item, working_days=notice.value, source=notice.source)
    # Monday 15/12 is 3 working days before Thursday 18/12; Tuesday 16/12 is late
    assert [v.code for v in found] == ["deadline.documents_notice"]
    assert "«Phụ lục»" in found[0].message_vi and "Hướng dẫn 43-HD/BTCTW" in found[0].explain_vi()
