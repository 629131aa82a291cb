"""The Hanoi-like flow under QĐ 124 in the service layer: self-reviews of the collectives and
leaders, decisions in the mandatory order, the Tờ trình at the Executive Committee's
conference, comments and speeches, the explanation report, the secret ballot's published
result taken as the decision (the cap shown as applied above), and the resolution the minutes
print."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.evaluations.models import CollectiveKind, Decision, Subject, VoteRecord
from phieukin.evaluations.services import (
    SelfReviewData,
    do_decide,
    do_open_period,
    do_submit_self_review,
    do_submit_to_conference,
    not_yet_rated,
    period_progress,
    submission_warnings,
)
from phieukin.meetings.discussion import (
    do_add_comment,
    do_add_speaker,
    do_conclude,
    do_record_explanation,
)
from phieukin.meetings.models import AgendaKind
from phieukin.meetings.services import (
    AgendaSpec,
    DocumentSpec,
    check_in,
    convene,
    create_conference,
)
from phieukin.rules import Body
from tests.evaluations.world import World, collective, publish

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MEETING = date(2024, 1, 9)
GOOD = SelfReviewData(
    proposed_level="httnv", criteria_ratings={"c1": "TOT", "c2": "TOT"}, task_rating="TOT"
)
BEST = SelfReviewData(
    proposed_level="htxsnv",
    criteria_ratings={"c1": "XUAT_SAC", "c2": "TOT"},
    task_rating="XUAT_SAC",
)


def _decide(subject: Subject, body: Body, world: World) -> Decision:
    do_submit_self_review(subject, GOOD, actor=world.staff)
    return do_decide(subject, "httnv", body=body, method="superior", actor=world.staff)


def _conference(world: World):  # type: ignore[no-untyped-def]
    conference = create_conference(
        organization=world.city,
        committee=world.executive,
        number=16,
        title="Hội nghị lần thứ 16 Ban Chấp hành Đảng bộ Thành phố",
        held_on=MEETING,
        agenda=[
            AgendaSpec(
                "Báo cáo công tác xây dựng Đảng năm 2023",
                documents=[DocumentSpec("Báo cáo 312-BC/TU", distributed_on=date(2024, 1, 3))],
            ),
            AgendaSpec(
                "Đánh giá, xếp loại chất lượng Đảng bộ Thành phố năm 2023",
                kind=AgendaKind.RATING,
                documents=[
                    DocumentSpec("Tờ trình", number="58-TTr/TU", distributed_on=date(2024, 1, 8))
                ],
            ),
        ],
    )
    for row in convene(conference):
        check_in(row, at=datetime(2024, 1, 9, 7, 40, tzinfo=HANOI))
    return conference


def test_the_city_is_rated_by_its_executive_committee_by_secret_ballot(world: World) -> None:
    period = do_open_period(
        world.city, 2023, depth=1, review_on=date(2023, 12, 20), actor=world.staff
    )
    city = collective(period, world.city, CollectiveKind.PARTY_ORGANIZATION)
    managing, standing = Body.MANAGING_BODY, Body.PROVINCIAL_STANDING_COMMITTEE
    # Leadership collectives first, then their members, then the cells and organizations.
    for kind in (CollectiveKind.STANDING_COMMITTEE, CollectiveKind.EXECUTIVE_COMMITTEE):
        _decide(collective(period, world.city, kind), managing, world)
    for key in ("sec", "dep", "exe", "wsec"):
        if key == "wsec":
            _decide(
                collective(period, world.ward, CollectiveKind.EXECUTIVE_COMMITTEE), managing, world
            )
        _decide(Subject.objects.get(period=period, member=world.members[key]), managing, world)
    _decide(Subject.objects.get(period=period, member=world.members["g1"]), Body.CELL, world)
    _decide(collective(period, world.gcell, CollectiveKind.CELL), standing, world)
    assert list(not_yet_rated(period)) == [
        collective(period, world.ward, CollectiveKind.PARTY_ORGANIZATION),
        city,
    ]
    _decide(collective(period, world.ward, CollectiveKind.PARTY_ORGANIZATION), standing, world)

    do_submit_self_review(city, BEST, actor=world.staff)
    conference = _conference(world)
    report, rating = conference.agenda_items.order_by("order")
    submission = do_submit_to_conference(
        city,
        rating,
        proposed_level="htxsnv",
        issuer="Ban Thường vụ Thành ủy",
        document=rating.documents.get(),
        actor=world.staff,
    )
    late = submission_warnings(submission)  # sent the day before: fewer than 3 working days
    assert [v.code for v in late] == ["deadline.documents_notice"] and "Hướng dẫn" in late[
        0
    ].explain_vi()

    # The report: a comment, the answer, the conclusion (no vote).
    do_add_comment(
        report, author_name="Đ/c Trần Văn Bình", text="Đề nghị bổ sung số liệu.", actor=world.staff
    )
    do_record_explanation(
        report, presenter_name="Đ/c Nguyễn Thị Lan", text="Xin tiếp thu.", actor=world.staff
    )
    do_conclude(report, text="Hội nghị thống nhất thông qua báo cáo.", actor=world.staff)

    # The rating item: a speech, a written comment, the explanation report, the ballot.
    start = datetime(2024, 1, 9, 9, 0, tzinfo=HANOI)
    speaker = do_add_speaker(
        rating,
        name="Đ/c Trần Văn Bình",
        started_at=start,
        ended_at=start.replace(minute=7),
        actor=world.staff,
    )
    do_add_comment(
        rating,
        author_name=speaker.name,
        text="Nhất trí mức đề xuất.",
        kind="spoken",
        speaker=speaker,
        actor=world.staff,
    )
    do_record_explanation(
        rating,
        presenter_name="Đ/c Nguyễn Thị Lan",
        text="Tiếp thu, giải trình các ý kiến.",
        actor=world.staff,
    )
    ballot = publish(rating, [city], [[3, 0, 0, 0, 0]], world.staff)

    vote = VoteRecord.objects.get(subject=city)
    assert vote.is_decision and vote.outcome_level == "htxsnv" and "3/3" in vote.explanation
    assert vote.ballot == ballot and vote.head_hash == ballot.result["head"]
    # The city alone in its group here: the cap is counted by the Politburo in the group of
    # organizations directly under the Central Committee, so it is information, no hold.
    decision = Decision.objects.get(subject=city)
    assert decision.vote == vote and decision.method == "secret_ballot"
    assert decision.body == Body.PROVINCIAL_EXECUTIVE_COMMITTEE and decision.warnings == []
    assert "do cấp trên áp dụng" in decision.cap_info and "Bộ Chính trị" in decision.cap_info
    rating.refresh_from_db()
    assert rating.resolution.outcome == "HTXSNV" and "100,00%" in rating.conclusion
    report.refresh_from_db()
    assert report.conclusion == "Hội nghị thống nhất thông qua báo cáo."
    progress = period_progress(period)
    assert progress.decided == progress.in_scope and progress.percent_decided == 100
    events = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {
        "evaluations.period_opened",
        "evaluations.self_review_submitted",
        "evaluations.decided",
        "evaluations.submitted_to_conference",
        "evaluations.vote_recorded",
        "meetings.comment_added",
        "meetings.explanation_recorded",
        "meetings.resolution_recorded",
        "meetings.speaker_added",
    } <= events
