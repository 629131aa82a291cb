"""Quy định 124-QĐ/TW (4/10/2023) + Hướng dẫn 25-HD/BTCTW (10/11/2023): years 2023–2024.

No points: each criterion is rated Xuất sắc / Tốt / Trung bình / Kém (docs/sources.md §1). The
Hanoi ballot of 9/1/2024 ran under these rules: the city's Executive Committee rated its own
organization and answered to the Politburo. Where only the QĐ 366/HD 43 text was seen, the row
cites QĐ 124/HD 25 with ``uncertain=True`` and says what was assumed.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from phieukin.rules import common, order
from phieukin.rules.cap import CapBase, CapPolicy, Rounding
from phieukin.rules.criteria import CriteriaRequirement
from phieukin.rules.inputs import Mitigation
from phieukin.rules.levels import CriterionRating, Level, OrgKind, SubjectClass, SubjectKind
from phieukin.rules.ruleset import CollectiveDisciplineRule, HeadConstraint, HeadMode, RuleSet
from phieukin.rules.scope import AuthorityRule, Body, ScopeRules, Step
from phieukin.rules.sources import DESIGN, HANOI_2024, HD25, QD124, Source, Sourced
from phieukin.rules.triggers import TriggerRule


def _s(article: str, note: str = "", *, uncertain: bool = False) -> Source:
    return Source(QD124, article, note, uncertain)


_D12 = "Điều 12"
R = CriterionRating
CRITERIA = (
    CriteriaRequirement(Level.HTXSNV, R.TOT, R.XUAT_SAC, _s(_D12)),
    CriteriaRequirement(Level.HTTNV, R.TRUNG_BINH, R.TOT, _s(_D12)),
    CriteriaRequirement(
        Level.HTNV,
        R.TRUNG_BINH,
        R.TRUNG_BINH,
        _s(_D12, "'basic criteria' >= Trung bình; task minimum inferred", uncertain=True),
    ),
)
COLLECTIVE_DISCIPLINE = (
    CollectiveDisciplineRule(Level.HTXSNV, False, _s(f"{_D12}, khoản 1")),
    CollectiveDisciplineRule(
        Level.HTTNV,
        True,
        _s(f"{_D12}, khoản 1", "HTTNV/HTNV clause merged in the summary seen", uncertain=True),
    ),
)
TRIGGERS = (
    TriggerRule(
        "trigger.disciplined_in_year",
        "disciplined",
        frozenset({SubjectClass.LEADER, SubjectClass.NON_LEADER}),
        "Bị xử lý kỷ luật trong năm đánh giá",
        "disciplined in the evaluation year",
        _s(
            f"{_D12}, khoản 4, tiết 4.3, điểm d",
            "the text excepts self-found and fully remedied cases: they do not trigger",
        ),
        excepted=frozenset({Mitigation.SELF_FOUND_AND_REMEDIED}),
    ),
)
CAP = CapPolicy(
    ratio=Fraction(1, 5),
    exception_ratio=None,
    base=CapBase.EXCLUDING_HTXSNV,
    rounding=Rounding.FLOOR,
    source=_s(f"{_D12}, khoản 1"),
    convention_source=Source(DESIGN, "C.18", "text silent on base and rounding", uncertain=True),
)
PROVINCIAL = AuthorityRule(
    SubjectKind.PARTY_ORGANIZATION,
    OrgKind.PROVINCIAL,
    None,
    (
        (Step.PROPOSE, Body.PROVINCIAL_STANDING_COMMITTEE),
        (Step.APPRAISE, Body.ADVISORY_BODY),
        (Step.DECIDE, Body.PROVINCIAL_EXECUTIVE_COMMITTEE),
        (Step.ANSWER_TO, Body.POLITBURO_SECRETARIAT),
    ),
    Source(HANOI_2024, "", "HD 25 novelty as stated by the Hanoi Party Secretary"),
    cap_by=Body.POLITBURO_SECRETARIAT,
    cap_source=_s(
        f"{_D12}, khoản 1",
        "cap decided by the competent authority over its group; a province answers to the"
        " Politburo, whose group is the organizations directly under the Central Committee",
        uncertain=True,
    ),
)
_ORDER = tuple(
    replace(r, source=replace(r.source, uncertain=True, note="listed for QĐ 366 only"))
    if r.code == order.CONTENTS_BEFORE_ORGANIZATION
    else r
    for r in common.order_rules(QD124, "Điều 11, khoản 2")
)

REG124 = RuleSet(
    code="124",
    name_vi="Quy định 124-QĐ/TW và Hướng dẫn 25-HD/BTCTW",
    regulation=QD124,
    guidance=HD25,
    first_year=2023,
    last_year=2024,
    levels_source=_s(_D12),
    score=None,
    criteria=CRITERIA,
    task_conditions=(),
    collective_discipline=COLLECTIVE_DISCIPLINE,
    triggers=TRIGGERS,
    head=HeadConstraint(HeadMode.ORDER_ONLY, _s("Điều 11", "head rated after the collective")),
    cap=CAP,
    vote=common.vote_policy(),
    quorum=common.quorum_policy(),
    scope=ScopeRules(
        exempted=_s(
            "Điều 5", "exemption from work and activities assumed as in QĐ 366", uncertain=True
        ),
        suspended=_s("Điều 5"),
        min_months_since_admission=6,
        admission=_s("Điều 5"),
        temporary_activity=Source(HD25, "", "HD 43 mục 7.6 assumed", uncertain=True),
    ),
    authority=(
        *common.organization_authority(HD25, uncertain=True),
        PROVINCIAL,
        *common.individual_authority(QD124, "Điều 13"),
    ),
    order_rules=_ORDER,
    deadlines=common.deadlines(
        HD25,
        uncertain=True,
        note="HD 25 timeline not seen; HD 43 dates assumed"
        " (Hanoi rated its organization on 9/1/2024)",
    ),
    documents_notice=Sourced(3, Source(HD25, "", "HD 43 mục 2.1 assumed", uncertain=True)),
)
