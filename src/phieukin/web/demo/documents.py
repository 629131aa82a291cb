"""What the city's Tờ trình rests on, as the Organization Committee had it on 9 January 2024:
the ratings of the party organizations directly under the city (decided by the Standing
Committee in December 2023, before the city itself — QĐ 366 Điều 12 k2, lower levels first)
and the year's main targets with their plans and results, entered by staff. The figures are
invented, like the rest of the demo.
"""

from __future__ import annotations

from phieukin.evaluations.models import CollectiveKind, Level, Period, Subject, SubjectKind
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.evaluations.services import do_appraise, do_decide, do_submit_self_review
from phieukin.evaluations.services.groups import default_group
from phieukin.organizations.models import Organization
from phieukin.reports.register import do_add_target
from phieukin.rules import Body
from phieukin.rules import SubjectKind as RulesKind
from phieukin.web.demo.evaluation import ADVISORY, _review

# (target, plan, result, assessment) — the city's main targets of 2023.
TARGETS = (
    ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "6,0–6,5%", "6,27%", "met"),
    ("Thu ngân sách nhà nước trên địa bàn", "100% dự toán", "107,6% dự toán", "exceeded"),
    ("Giải ngân vốn đầu tư công", "95% kế hoạch", "95,2% kế hoạch", "met"),
    ("Kết nạp đảng viên mới", "7.500 đảng viên", "7.950 đảng viên", "exceeded"),
    ("Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "≥ 90%", "92,4%", "exceeded"),
    ("Tỷ lệ hộ nghèo cuối năm", "dưới 0,1%", "0,05%", "exceeded"),
)
# The one subordinate organization rated below "well completed" (the rest: HTTNV).
COMPLETED_ONLY = "Đảng bộ huyện Bình Giang"


def _subordinate(period: Period, org: Organization, parent: Subject) -> Subject:
    kind = CollectiveKind.CELL if org.is_cell else CollectiveKind.PARTY_ORGANIZATION
    subject = Subject(
        period=period,
        kind=SubjectKind.COLLECTIVE,
        collective_kind=kind,
        organization=org,
        rules_kind=RulesKind.PARTY_ORGANIZATION,
        parent=parent,
    )
    subject.comparable_group = default_group(subject, org)
    subject.save()
    return subject


def rate_subordinates(period: Period) -> list[Subject]:
    """The organizations directly under the city, each self-reviewed, appraised and decided
    by the city's Standing Committee."""
    city = period.organization
    parent = Subject.objects.get(
        period=period, organization=city, collective_kind=CollectiveKind.PARTY_ORGANIZATION
    )
    rated = [
        _subordinate(period, org, parent)
        for org in city.children.filter(is_active=True).order_by("path")
    ]
    # The subjects were added to an open period: count them (unrated) before they are decided,
    # so that each decision moves its subject in the live roll-up as in real use.
    refresh_rollup(period)
    for subject in rated:
        org = subject.organization
        level = Level.HTNV if org.name == COMPLETED_ONLY else Level.HTTNV
        do_submit_self_review(subject, _review(Level.HTTNV), actor=None)
        do_appraise(subject, level=level, body=ADVISORY, actor=None)
        do_decide(
            subject,
            level,
            body=Body.PROVINCIAL_STANDING_COMMITTEE,
            method="superior",
            reasons="Theo kết quả kiểm điểm và đề xuất của Ban Tổ chức Thành ủy",
            actor=None,
        )
    return rated


def enter_targets(period: Period) -> None:
    for name, plan, result, assessment in TARGETS:
        do_add_target(
            period,
            period.organization,
            name=name,
            plan=plan,
            result=result,
            assessment=assessment,
            actor=None,
        )


def build_documents_basis(period: Period) -> None:
    rate_subordinates(period)
    enter_targets(period)
