"""The 2023 evaluation period of the demo city under Regulation 124-QĐ/TW, run through the
workflow services up to the ballot, as on the morning of 9 January 2024.

The period opens with its rule set and deadlines; its subjects come from the tree (the city
Party organization, its Executive and Standing Committees, the Standing Committee members).
The collectives and the sixteen members write their self-reviews (Mẫu 01 / 2A), the
Organization Committee appraises them, the Standing Committee and its members are decided by
the managing level in the mandatory order (collective before members), and conference No. 16
receives the Tờ trình proposing HTXSNV for the city: its report is discussed and concluded,
nine members speak on the Tờ trình, one comments in writing, and the Permanent Deputy
Secretary answers them in the explanation and acceptance report. The ballot (``ballot.py``)
then decides: when its result is published, ``evaluations.services.ballots`` records the
vote as the Executive Committee's decision (QĐ 124: the city committee rates itself).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from phieukin.evaluations.models import CollectiveKind, Level, Period, Subject
from phieukin.evaluations.services import (
    SelfReviewData,
    ShortcomingSpec,
    do_appraise,
    do_comment,
    do_decide,
    do_open_period,
    do_submit_self_review,
    do_submit_to_conference,
)
from phieukin.meetings.discussion import (
    do_add_comment,
    do_add_speaker,
    do_conclude,
    do_record_explanation,
)
from phieukin.meetings.models import AgendaItem, Conference
from phieukin.rules import Body
from phieukin.web.demo.people import DemoPeople
from phieukin.web.demo.tree import DemoTree

PERIOD_TITLE = "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2023"
ADVISORY = "Ban Tổ chức Thành ủy"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MORNING = date(2024, 1, 9)
_TEXTS = {
    "results": "Lãnh đạo, chỉ đạo hoàn thành và hoàn thành vượt mức các chỉ tiêu chủ yếu năm 2023;"
    " giữ vững nguyên tắc tập trung dân chủ, đoàn kết nội bộ.",
    "limitations": "Giải ngân vốn đầu tư công và cải cách hành chính còn chậm so với yêu cầu.",
    "causes": "Vướng mắc về thủ tục, giải phóng mặt bằng; phối hợp giữa các ngành chưa chặt chẽ.",
    "remedy_results": "Các hạn chế được chỉ ra năm 2022 đã được khắc phục.",
    "responsibility": "Tập thể và cá nhân phụ trách lĩnh vực nhận trách nhiệm.",
    "remedies": "Rà soát thủ tục đầu tư; giao chỉ tiêu giải ngân theo quý cho từng đơn vị.",
    "commitment": "Tiếp tục tu dưỡng, rèn luyện, nêu gương.",
}
_GOOD = {"politics": "TOT", "discipline": "TOT", "duties": "TOT"}
_BEST = {"politics": "XUAT_SAC", "discipline": "TOT", "duties": "XUAT_SAC"}


def _review(level: str, shortcomings: tuple[ShortcomingSpec, ...] = ()) -> SelfReviewData:
    best = level == Level.HTXSNV
    return SelfReviewData(
        proposed_level=level,
        texts=_TEXTS,
        criteria_ratings=_BEST if best else _GOOD,
        task_rating="XUAT_SAC" if best else "TOT",
        shortcomings=shortcomings,
    )


def _subject(period: Period, **filters: object) -> Subject:
    return Subject.objects.get(period=period, **filters)


def build_period(tree: DemoTree, people: DemoPeople) -> Period:
    """Open the period and run it up to the conference (the demo loader has no actor yet)."""
    period = do_open_period(
        tree.city,
        2023,
        regulation="124",
        title=PERIOD_TITLE,
        review_on=date(2023, 12, 20),
        special_cycle=True,  # provincial level: the Hanoi-like conference meets in January
        depth=0,
        seat_kinds={"standing"},
        actor=None,
    )
    city = _subject(period, collective_kind=CollectiveKind.PARTY_ORGANIZATION)
    standing = _subject(period, collective_kind=CollectiveKind.STANDING_COMMITTEE)
    executive = _subject(period, collective_kind=CollectiveKind.EXECUTIVE_COMMITTEE)
    remedy = ShortcomingSpec(
        "Giải ngân vốn đầu tư công chậm",
        "Giao chỉ tiêu giải ngân theo quý, kiểm điểm hằng tháng",
        "Ban Thường vụ Thành ủy",
        deadline=date(2024, 12, 31),
    )
    for collective in (standing, executive):
        do_submit_self_review(collective, _review(Level.HTTNV, (remedy,)), actor=None)
        do_appraise(collective, level=Level.HTTNV, body=ADVISORY, actor=None)
        do_decide(
            collective,
            Level.HTTNV,
            body=Body.MANAGING_BODY,
            method="superior",
            reasons="Theo kết quả kiểm điểm, đề xuất của Ban Tổ chức Thành ủy",
            actor=None,
        )
    for leader in people.leaders:
        if leader.standing_role:
            _leader(period, leader.member)
    do_submit_self_review(city, _review(Level.HTXSNV), actor=None)
    do_appraise(city, level=Level.HTXSNV, body=ADVISORY, actor=None)
    conference = Conference.objects.filter(organization=tree.city).order_by("held_on").last()
    if conference is not None:
        build_discussion(conference, people, period)
    return period


def _leader(period: Period, member: object) -> None:
    subject = _subject(period, member=member)
    do_submit_self_review(subject, _review(Level.HTTNV), actor=None)
    do_comment(
        subject,
        author_name="Chi bộ nơi đồng chí sinh hoạt",
        text="Nhất trí với bản tự kiểm điểm; đề nghị tiếp tục nêu gương.",
        actor=None,
    )
    do_appraise(subject, level=Level.HTTNV, body=ADVISORY, actor=None)
    do_decide(subject, Level.HTTNV, body=Body.MANAGING_BODY, method="superior", actor=None)


def _at(hour: int, minute: int) -> datetime:
    return datetime.combine(MORNING, time(hour, minute), tzinfo=HANOI)


def build_discussion(conference: Conference, people: DemoPeople, period: Period) -> None:
    """The conference's morning: the report concluded; the Tờ trình discussed and answered."""
    items = list(conference.agenda_items.order_by("order"))
    report, submission_item = items[0], items[3]
    deputy = people.leader("Phó Bí thư Thường trực Thành ủy").member
    do_add_comment(
        report,
        author_name="Đại biểu Ban Chấp hành",
        text="Đề nghị bổ sung số liệu giải ngân vốn đầu tư công đến 31/12/2023.",
        actor=None,
    )
    do_record_explanation(
        report, presenter_name=deputy.full_name, presenter=deputy, text="Xin tiếp thu, bổ sung.",
        presented_at=_at(8, 50), actor=None,
    )  # fmt: skip
    do_conclude(
        report, text="Hội nghị thống nhất thông qua báo cáo, có tiếp thu ý kiến.", actor=None
    )
    city = _subject(period, collective_kind=CollectiveKind.PARTY_ORGANIZATION)
    do_submit_to_conference(
        city,
        submission_item,
        proposed_level=Level.HTXSNV,
        issuer="Ban Thường vụ Thành ủy",
        document=submission_item.documents.first(),
        basis="Kết quả thực hiện nhiệm vụ chính trị, công tác xây dựng Đảng và kết quả xếp loại"
        " các tổ chức đảng trực thuộc năm 2023.",
        actor=None,
    )
    _speeches(submission_item, people)
    do_record_explanation(
        submission_item,
        presenter_name=deputy.full_name,
        presenter=deputy,
        text="Tiếp thu ý kiến các đồng chí; giải trình về kết quả giải ngân và cải cách hành chính;"
        " Ban Thường vụ giữ đề xuất mức Hoàn thành xuất sắc nhiệm vụ.",
        presented_at=_at(10, 15),
        actor=None,
    )


def _speeches(item: AgendaItem, people: DemoPeople) -> None:
    """Nine members speak (as on the day), one more comments in writing."""
    speakers = [leader.member for leader in people.leaders if not leader.standing_role][:10]
    start = _at(9, 0)
    for n, member in enumerate(speakers[:9]):
        begin = start + timedelta(minutes=7 * n)
        speaker = do_add_speaker(
            item, name=member.full_name, member=member, started_at=begin,
            ended_at=begin + timedelta(minutes=6), summary="Nhất trí với Tờ trình.", actor=None,
        )  # fmt: skip
        do_add_comment(
            item, author_name=member.full_name, member=member, kind="spoken", speaker=speaker,
            text="Nhất trí đề xuất; đề nghị làm rõ hơn kết quả khắc phục hạn chế.", actor=None,
            submitted_at=begin,
        )  # fmt: skip
    if len(speakers) > 9:
        do_add_comment(
            item, author_name=speakers[9].full_name, member=speakers[9],
            text="Góp ý bằng văn bản: bổ sung chỉ tiêu giải ngân vào phương hướng năm 2024.",
            submitted_at=_at(9, 5), actor=None,
        )  # fmt: skip
