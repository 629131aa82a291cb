"""Quy định 366-QĐ/TW (30/8/2025) + Hướng dẫn 43-HD/BTCTW (31/10/2025): evaluation years 2025–.

Values from docs/sources.md §4 (Điều 11 and 12 quoted from thuvienphapluat texts) and the
summary items (A.1 … H.47) cited in each source. 100-point scale with bands and task conditions.
"""

from __future__ import annotations

from fractions import Fraction

from phieukin.rules import common
from phieukin.rules.cap import CapBase, CapPolicy, Rounding
from phieukin.rules.criteria import ScoreBand, ScoreScheme, TaskCondition
from phieukin.rules.inputs import Mitigation
from phieukin.rules.levels import Level, OrgKind, SubjectClass, SubjectKind
from phieukin.rules.ruleset import CollectiveDisciplineRule, HeadConstraint, HeadMode, RuleSet
from phieukin.rules.scope import AuthorityRule, Body, ScopeRules, Step
from phieukin.rules.sources import DESIGN, HD43, QD366, Source, Sourced
from phieukin.rules.triggers import TriggerRule

L, C, N = SubjectClass.LEADER, SubjectClass.COLLECTIVE, SubjectClass.NON_LEADER


def _s(article: str, note: str = "", *, uncertain: bool = False) -> Source:
    return Source(QD366, article, note, uncertain)


_K1 = "Điều 11, khoản 1"
_K4 = "Điều 11, khoản 4"
_BANDS = (
    ScoreBand(Level.HTXSNV, Fraction(90), None, _s(_K1)),
    ScoreBand(Level.HTTNV, Fraction(70), Fraction(90), _s("Điều 11, khoản 2")),
    ScoreBand(Level.HTNV, Fraction(50), Fraction(70), _s("Điều 11, khoản 3")),
    ScoreBand(Level.KHTNV, Fraction(0), Fraction(50), _s(_K4)),
)
SCORE = ScoreScheme(
    Fraction(100),
    {"I": Fraction(30), "II": Fraction(70)},
    _s(
        "Điều 10; Phụ lục 1–5",
        "group split 30/70 as docs/rules.md §3.2 states; not quoted in sources",
        uncertain=True,
    ),
    _BANDS,
)
ONE = Fraction(1)
TASKS = (
    TaskCondition(
        Level.HTXSNV, ONE, ONE, Fraction(3, 10), None, True, ONE, _s(f"{_K1}, tiết 1.1–1.4")
    ),
    TaskCondition(Level.HTTNV, ONE, ONE, None, None, True, None, _s("Điều 11, khoản 2")),
    TaskCondition(
        Level.HTNV, ONE, None, None, Fraction(1, 5), True, None,
        _s("Điều 11, khoản 3", "rest of the clause truncated in the source", uncertain=True),
    ),
)  # fmt: skip

_LEADER_MIT = frozenset({Mitigation.PROACTIVELY_REPORTED})
_MEMBER_MIT = frozenset({Mitigation.SELF_FOUND_AND_REMEDIED})
_COLL_MIT = frozenset({Mitigation.FORCE_MAJEURE, Mitigation.SELF_FOUND_AND_REMEDIED})
_K41, _K42, _K4C = f"{_K4}, tiết 4.1", f"{_K4}, tiết 4.2", f"{_K4} (tập thể lãnh đạo)"
HALF, SEVENTY = Fraction(1, 2), Fraction(7, 10)


def _t(  # noqa: PLR0917 - one trigger row per call keeps the table readable
    code: str, check: str, who: frozenset[SubjectClass], vi: str, en: str, art: str,
    mit: frozenset[Mitigation], threshold: Fraction | None = None, *, duty: bool = False,
) -> TriggerRule:  # fmt: skip
    return TriggerRule(f"trigger.{code}", check, who, vi, en, _s(art), threshold, mit, duty)


TRIGGERS = (
    _t("led_units_tasks_below_70", "tasks_below", frozenset({L}),
       "Địa phương, đơn vị trực tiếp lãnh đạo hoàn thành dưới 70% nhiệm vụ kế hoạch",
       "led units completed < 70% of planned tasks", _K41, _LEADER_MIT, SEVENTY),
    _t("missed_basic_targets", "missed_basic_targets", frozenset({L}),
       "Không hoàn thành 5 chỉ tiêu kinh tế - xã hội cơ bản được giao",
       "the 5 basic socio-economic targets were missed", _K41, _LEADER_MIT),
    _t("led_units_khtnv_over_half", "led_units_khtnv_over", frozenset({L}),
       "Trên 50% đơn vị trực tiếp lãnh đạo xếp loại KHTNV",
       "> 50% of the units led rated KHTNV", _K41, _LEADER_MIT, HALF),
    _t("low_confidence_over_half", "low_confidence_over", frozenset({L}),
       "Trên 50% phiếu tín nhiệm thấp khi lấy phiếu tín nhiệm trong năm",
       "> 50% low-confidence votes in the year's confidence vote", _K41, _LEADER_MIT, HALF),
    _t("leader_disciplined", "disciplined", frozenset({L}),
       "Bị xử lý kỷ luật từ khiển trách trở lên do vi phạm liên quan đến thực thi nhiệm vụ",
       "disciplined (reprimand or above) for duty-related violations", _K41, _LEADER_MIT,
       duty=True),
    _t("leader_degraded", "concluded_degraded", frozenset({L}),
       "Được cấp có thẩm quyền kết luận suy thoái, \"tự diễn biến\", \"tự chuyển hóa\"",
       "concluded degraded / self-evolving by the competent authority", _K41, _LEADER_MIT),
    _t("corruption_in_managed_units", "corruption_in_managed_units", frozenset({L}),
       "Cơ quan, đơn vị, cá nhân trực tiếp quản lý tham nhũng, lãng phí, tiêu cực bị xử lý",
       "corruption/waste in directly managed units, disciplined", _K41, _LEADER_MIT),
    _t("member_degraded_self", "concluded_degraded", frozenset({N}),
       "Được cấp có thẩm quyền kết luận suy thoái, \"tự diễn biến\", \"tự chuyển hóa\"",
       "concluded degraded / self-evolving by the competent authority", _K42, _MEMBER_MIT),
    _t("member_disciplined", "disciplined", frozenset({N}),
       "Bị xử lý kỷ luật từ khiển trách trở lên do vi phạm khi thực thi nhiệm vụ, công vụ",
       "disciplined (reprimand or above) for official-duty violations", _K42, _MEMBER_MIT,
       duty=True),
    _t("violated_prohibitions", "violated_prohibitions", frozenset({N}),
       "Vi phạm những điều đảng viên không được làm", "violated what members must not do",
       _K42, _MEMBER_MIT),
    _t("violated_exemplary_duty", "violated_exemplary_duty", frozenset({N}),
       "Vi phạm trách nhiệm nêu gương, gây ảnh hưởng xấu", "violated the exemplary duty",
       _K42, _MEMBER_MIT),
    _t("tasks_not_done_over_half", "tasks_not_done_over", frozenset({N}),
       "Trên 50% nhiệm vụ trong năm không hoàn thành", "> 50% of the year's tasks not done",
       _K42, _MEMBER_MIT, HALF),
    _t("personnel_wrongdoing", "personnel_wrongdoing", frozenset({C}),
       "Sai phạm trong công tác cán bộ, mất đoàn kết nội bộ, cục bộ, chạy chức, chạy quyền",
       "wrongdoing in personnel work, disunity, factionalism, buying posts", _K4C, _COLL_MIT),
    _t("collective_member_disciplined", "member_disciplined", frozenset({C}),
       "Thành viên tập thể lãnh đạo bị kỷ luật từ khiển trách trở lên do vi phạm liên quan"
       " đến thực thi nhiệm vụ", "a leadership member disciplined for duty-related violations",
       _K4C, _COLL_MIT, duty=True),
    _t("collective_member_degraded", "member_degraded", frozenset({C}),
       "Thành viên tập thể lãnh đạo được kết luận suy thoái, \"tự diễn biến\", \"tự chuyển hóa\"",
       "a leadership member concluded degraded / self-evolving", _K4C, _COLL_MIT),
    _t("unit_tasks_below_70", "tasks_below", frozenset({C}),
       "Địa phương, cơ quan, đơn vị hoàn thành dưới 70% nhiệm vụ kế hoạch",
       "the unit completed < 70% of planned tasks", _K4C, _COLL_MIT, SEVENTY),
    _t("unit_missed_basic_targets", "missed_basic_targets", frozenset({C}),
       "Địa phương không hoàn thành 5 chỉ tiêu kinh tế - xã hội cơ bản được giao",
       "the locality missed the 5 basic socio-economic targets", _K4C, _COLL_MIT),
)  # fmt: skip

CAP = CapPolicy(
    ratio=Fraction(1, 5),
    exception_ratio=Fraction(1, 4),
    base=CapBase.EXCLUDING_HTXSNV,
    rounding=Rounding.FLOOR,
    source=_s(f"{_K1}, tiết 1.5"),
    exception_source=_s(f"{_K1}, tiết 1.5", "up to 25% for outstanding organizations, recorded"),
    convention_source=Source(DESIGN, "C.18", "text silent on base and rounding", uncertain=True),
)

PROVINCIAL = AuthorityRule(
    SubjectKind.PARTY_ORGANIZATION,
    OrgKind.PROVINCIAL,
    None,
    (
        (Step.SELF_RATE, Body.PROVINCIAL_STANDING_COMMITTEE),
        (Step.APPROVE, Body.PROVINCIAL_EXECUTIVE_COMMITTEE),
        (Step.APPRAISE, Body.CENTRAL_ORGANIZATION_COMMITTEE),
        (Step.DECIDE, Body.POLITBURO_SECRETARIAT),
    ),
    Source(HD43, "mục 3"),
    cap_source=_s(
        f"{_K1}, tiết 1.5",
        "the Politburo/Secretariat decide and apply the cap within their group of organizations"
        " directly under the Central Committee",
        uncertain=True,
    ),
)

REG366 = RuleSet(
    code="366",
    name_vi="Quy định 366-QĐ/TW và Hướng dẫn 43-HD/BTCTW",
    regulation=QD366,
    guidance=HD43,
    first_year=2025,
    last_year=None,
    levels_source=_s("Điều 11"),
    score=SCORE,
    criteria=(),
    task_conditions=TASKS,
    collective_discipline=(CollectiveDisciplineRule(Level.HTXSNV, False, _s(f"{_K1}, tiết 1.1")),),
    triggers=TRIGGERS,
    head=HeadConstraint(
        HeadMode.LED_UNIT_CONDITIONS,
        _s("Điều 11, khoản 1 tiết 1.2, khoản 2, khoản 3, khoản 4 tiết 4.1"),
    ),
    cap=CAP,
    vote=common.vote_policy(),
    quorum=common.quorum_policy(),
    scope=ScopeRules(
        exempted=_s("Điều 5, khoản 2"),
        suspended=_s("Điều 5, khoản 2"),
        min_months_since_admission=6,
        admission=_s("Điều 5, khoản 2"),
        temporary_activity=Source(HD43, "mục 7.6"),
    ),
    authority=(
        *common.organization_authority(HD43),
        PROVINCIAL,
        *common.individual_authority(QD366, "Điều 3"),
    ),
    order_rules=common.order_rules(QD366, "Điều 12, khoản 2"),
    deadlines=common.deadlines(HD43),
    documents_notice=Sourced(3, common.HD43_NOTICE),
)
