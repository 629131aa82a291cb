"""The 2023 evaluation period of the demo city under Regulation 124-QĐ/TW.

Subjects: the city Party organization (proposed HTXSNV by the Organization Committee's
submission), its Executive and Standing Committees as collectives, and each member of the
Standing Committee as an individual — what conference No. 16 reviews and rates.
"""

from __future__ import annotations

from datetime import date

from phieukin.evaluations.models import (
    CollectiveKind,
    Cycle,
    Level,
    Period,
    PeriodStatus,
    Regulation,
    Subject,
    SubjectKind,
)
from phieukin.web.demo.people import DemoPeople
from phieukin.web.demo.tree import DemoTree

PERIOD_TITLE = "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2023"


def build_period(tree: DemoTree, people: DemoPeople) -> Period:
    """Create the period and its subjects (one bulk insert)."""
    period = Period.objects.create(
        organization=tree.city,
        title=PERIOD_TITLE,
        year=2023,
        cycle=Cycle.ANNUAL,
        regulation=Regulation.REG124,
        starts_on=date(2023, 11, 15),
        ends_on=date(2024, 1, 31),
        deadline=date(2024, 1, 15),
        status=PeriodStatus.OPEN,
    )
    collective = {"period": period, "kind": SubjectKind.COLLECTIVE, "organization": tree.city}
    subjects = [
        Subject(
            **collective,
            collective_kind=CollectiveKind.PARTY_ORGANIZATION,
            comparable_group="Đảng bộ trực thuộc Trung ương",
            self_level=Level.HTXSNV,
            proposed_level=Level.HTXSNV,
        ),
        Subject(
            **collective,
            collective_kind=CollectiveKind.EXECUTIVE_COMMITTEE,
            committee=people.executive,
            comparable_group="Ban Chấp hành đảng bộ trực thuộc Trung ương",
            self_level=Level.HTXSNV,
        ),
        Subject(
            **collective,
            collective_kind=CollectiveKind.STANDING_COMMITTEE,
            committee=people.standing,
            comparable_group="Ban Thường vụ đảng bộ trực thuộc Trung ương",
            self_level=Level.HTXSNV,
        ),
    ]
    subjects += [
        Subject(
            period=period,
            kind=SubjectKind.INDIVIDUAL,
            member=leader.member,
            title=leader.position,
            comparable_group="Ủy viên Ban Thường vụ Thành ủy",
            self_level=Level.HTTNV,
        )
        for leader in people.leaders
        if leader.standing_role
    ]
    Subject.objects.bulk_create(subjects)
    return period
