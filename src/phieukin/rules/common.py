"""Tables shared by the rule sets, parameterized by the document that states them.

Where QĐ 124/HD 25 and QĐ 366/HD 43 state the same rule, each rule set builds its own copy
citing its own document; where only the newer text was seen, the older rule set cites it with
``uncertain=True`` (see docs/rules.md, "Uncertain / configurable").
"""

from __future__ import annotations

from fractions import Fraction

from phieukin.rules import order
from phieukin.rules.deadlines import DeadlineRule
from phieukin.rules.levels import OrgKind, SubjectKind
from phieukin.rules.order import OrderRule
from phieukin.rules.scope import AuthorityRule, Body, Step
from phieukin.rules.sources import DESIGN, HD07, HD43, QC190, QC244, Document, Source
from phieukin.rules.votes import Exclusion, OnFailure, QuorumPolicy, VotePolicy, VoteStrategy


def order_rules(doc: Document, article: str, *, uncertain: bool = False) -> tuple[OrderRule, ...]:
    def src(point: str) -> Source:
        return Source(doc, f"{article}{point}", uncertain=uncertain)

    return (
        OrderRule(
            order.LEADERSHIP_BEFORE_MEMBERS,
            "Xếp loại tập thể lãnh đạo trước cá nhân thành viên",
            "the leadership collective is rated before its members",
            src(", tiết 1"),
        ),
        OrderRule(
            order.COLLECTIVE_BEFORE_HEAD,
            "Xếp loại tập thể trước người đứng đầu",
            "the collective is rated before its head",
            src(", tiết 2"),
        ),
        OrderRule(
            order.CONTENTS_BEFORE_ORGANIZATION,
            "Xếp loại cấp ủy, tổ chức đảng trực thuộc và đảng viên trước tổ chức đảng",
            "committees, subordinate organizations and members are rated before the organization",
            src(", tiết 3"),
        ),
        OrderRule(
            order.UNIT_BEFORE_PARTY_ORGANIZATION,
            "Xếp loại cơ quan, đơn vị (chính quyền, chuyên môn, đoàn thể) trước tổ chức đảng",
            "the agency/unit is rated before its party organization",
            src(", tiết 4"),
        ),
        OrderRule(
            order.LOWER_BEFORE_HIGHER,
            "Xếp loại tập thể cấp dưới trước cấp trên",
            "lower-level collectives are rated before higher-level ones",
            src(", tiết 5"),
        ),
    )


def vote_policy() -> VotePolicy:
    """Default for both rule sets: > 1/2 of official members convened minus exclusions."""
    return VotePolicy(
        strategy=VoteStrategy.MAJORITY_SINGLE_LEVEL,
        threshold=Fraction(1, 2),
        strict=True,
        top_threshold=Fraction(2, 3),
        exclusions=frozenset(Exclusion),
        on_failure=OnFailure.REVOTE,
        result_is_proposal=True,
        source=Source(
            QC190,
            "Điều 2 (đa số quá bán)",
            "no rating-specific text; majority of the election regulation applied by analogy",
            uncertain=True,
        ),
        denominator_source=Source(
            QC244,
            "Điều 32, khoản 2",
            "official members convened minus the listed exclusions; applied by analogy",
            uncertain=True,
        ),
    )


HISTORICAL_TWO_THIRDS = Source(HD07, "mục đánh giá đảng viên", "superseded; offered as an option")


def quorum_policy() -> QuorumPolicy:
    return QuorumPolicy(
        Fraction(2, 3),
        Source(
            DESIGN,
            "G.41",
            "Party meeting practice (2/3 present); not verified for rating votes",
            uncertain=True,
        ),
    )


def organization_authority(doc: Document, *, uncertain: bool = False) -> tuple[AuthorityRule, ...]:
    """HD 43 mục 3 for party organizations below the province (same chain under HD 25 assumed)."""
    note = "HD 25 matrix not seen; HD 43 chain assumed" if uncertain else ""

    def row(org: OrgKind, parent: OrgKind | None, *steps: tuple[Step, Body]) -> AuthorityRule:
        chain = ((Step.SELF_RATE, Body.SELF), (Step.APPRAISE, Body.ADVISORY_BODY), *steps)
        return AuthorityRule(
            SubjectKind.PARTY_ORGANIZATION,
            org,
            parent,
            chain,
            Source(doc, "mục 3", note, uncertain),
        )

    decide = Step.DECIDE
    return (
        row(OrgKind.CELL, None, (decide, Body.GRASSROOTS_COMMITTEE)),
        row(
            OrgKind.CELL,
            OrgKind.PARTIAL,
            (Step.PROPOSE, Body.PARTIAL_COMMITTEE),
            (decide, Body.GRASSROOTS_COMMITTEE),
        ),
        row(OrgKind.PARTIAL, None, (decide, Body.GRASSROOTS_COMMITTEE)),
        row(OrgKind.GRASSROOTS_CELL, None, (decide, Body.SUPERIOR_STANDING_COMMITTEE)),
        row(
            OrgKind.GRASSROOTS_CELL,
            OrgKind.PROVINCIAL,
            (decide, Body.PROVINCIAL_STANDING_COMMITTEE),
        ),
        row(OrgKind.GRASSROOTS, None, (decide, Body.SUPERIOR_STANDING_COMMITTEE)),
        row(OrgKind.GRASSROOTS, OrgKind.PROVINCIAL, (decide, Body.PROVINCIAL_STANDING_COMMITTEE)),
        row(OrgKind.DIRECT, None, (decide, Body.PROVINCIAL_STANDING_COMMITTEE)),
    )


def individual_authority(doc: Document, article: str) -> tuple[AuthorityRule, ...]:
    """Members: reviewed at their cell, decided by the grassroots level; collectives and leaders
    by the level managing them ("cấp nào trực tiếp quản lý ... thì cấp đó đánh giá")."""
    practice = Source(doc, article, "member chain from practice, not quoted in sources", True)
    managing = Source(doc, article)
    member_chain = (
        (Step.SELF_RATE, Body.SELF),
        (Step.PROPOSE, Body.CELL),
        (Step.APPRAISE, Body.ADVISORY_BODY),
    )
    rows = []
    for kind in (SubjectKind.MEMBER, SubjectKind.MEMBER_OUTSIDE_SYSTEM):
        rows += [
            AuthorityRule(
                kind,
                None,
                None,
                (*member_chain, (Step.DECIDE, Body.GRASSROOTS_COMMITTEE)),
                practice,
            ),
            AuthorityRule(
                kind,
                OrgKind.GRASSROOTS_CELL,
                None,
                (*member_chain, (Step.DECIDE, Body.CELL)),
                practice,
            ),
        ]
    managed = (
        SubjectKind.LEADER,
        SubjectKind.LEADER_CENTRAL,
        SubjectKind.PARTY_COMMITTEE,
        SubjectKind.STANDING_COMMITTEE,
        SubjectKind.LEADERSHIP_COLLECTIVE,
    )
    chain = (
        (Step.SELF_RATE, Body.SELF),
        (Step.APPRAISE, Body.ADVISORY_BODY),
        (Step.DECIDE, Body.MANAGING_BODY),
    )
    rows += [AuthorityRule(kind, None, None, chain, managing) for kind in managed]
    return tuple(rows)


def deadlines(
    doc: Document, *, uncertain: bool = False, note: str = ""
) -> tuple[DeadlineRule, ...]:
    def src() -> Source:
        return Source(doc, "mục 4", note, uncertain)

    return (
        DeadlineRule("finish", 12, 31, 0, "Hoàn thành kiểm điểm, đánh giá, xếp loại", src()),
        DeadlineRule(
            "finish_special_cycle", 1, 15, 1, "Hoàn thành (tổ chức có chu kỳ đặc thù)", src()
        ),
        DeadlineRule("dossiers_to_coc", 2, 1, 1, "Gửi hồ sơ về Ban Tổ chức Trung ương", src()),
        DeadlineRule(
            "report_to_politburo", 3, 1, 1, "Ban Tổ chức Trung ương báo cáo Bộ Chính trị", src()
        ),
    )


HD43_NOTICE = Source(HD43, "mục 2.1", "draft report to participants >= 3 working days before")
