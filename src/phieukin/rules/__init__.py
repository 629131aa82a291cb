"""Versioned rating rules (pure package: no Django imports; see docs/architecture.md §2 and
docs/rules.md).

Rule sets: ``REG124`` (QĐ 124-QĐ/TW + HD 25-HD/BTCTW, 2023–2024) and ``REG366`` (QĐ 366-QĐ/TW +
HD 43-HD/BTCTW, 2025–). Every value carries its :class:`Source`; every refusal is a
:class:`RuleViolation` (or a :class:`RuleError` carrying one). docs/rules.md states the rules.
"""

from __future__ import annotations

from phieukin.rules.assessment import Assessment, DecisionItem, LevelBlock, assess
from phieukin.rules.cap import CapBase, CapCheck, CapDecision, CapPolicy, Rounding, check_cap
from phieukin.rules.criteria import CriterionItem, TaskResults, group_scores
from phieukin.rules.cycles import (
    PeriodKind,
    check_period_kind,
    period_rank,
    quarter_dates,
)
from phieukin.rules.deadlines import (
    PUBLIC_HOLIDAYS,
    Deadline,
    deadlines_for,
    documents_notice_violation,
    subtract_working_days,
    working_days_between,
)
from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.inputs import AssessmentInputs, Discipline, DisciplineForm, Mitigation
from phieukin.rules.levels import CriterionRating, Level, OrgKind, SubjectClass, SubjectKind
from phieukin.rules.order import SubjectGraph, SubjectNode, order_violations
from phieukin.rules.reg124 import REG124
from phieukin.rules.reg366 import REG366
from phieukin.rules.registry import RULE_SETS, rule_set_for, rule_set_for_year
from phieukin.rules.ruleset import RuleSet
from phieukin.rules.scope import (
    AuthorityRule,
    Body,
    MemberStanding,
    ScopeFacts,
    Step,
    authority_for,
    check_decider,
    out_of_scope,
)
from phieukin.rules.sources import Source
from phieukin.rules.vote_decision import Tally, VoteOutcome, VoteReason, decide_from_votes
from phieukin.rules.votes import (
    Denominator,
    Exclusion,
    OnFailure,
    QuorumCheck,
    VoteStrategy,
    check_quorum,
    denominator,
)

__all__ = [
    "PUBLIC_HOLIDAYS",
    "REG124",
    "REG366",
    "RULE_SETS",
    "Assessment",
    "AssessmentInputs",
    "AuthorityRule",
    "Body",
    "CapBase",
    "CapCheck",
    "CapDecision",
    "CapPolicy",
    "CriterionItem",
    "CriterionRating",
    "Deadline",
    "DecisionItem",
    "Denominator",
    "Discipline",
    "DisciplineForm",
    "Exclusion",
    "Level",
    "LevelBlock",
    "MemberStanding",
    "Mitigation",
    "OnFailure",
    "OrgKind",
    "PeriodKind",
    "QuorumCheck",
    "Rounding",
    "RuleError",
    "RuleSet",
    "RuleViolation",
    "ScopeFacts",
    "Source",
    "Step",
    "SubjectClass",
    "SubjectGraph",
    "SubjectKind",
    "SubjectNode",
    "Tally",
    "TaskResults",
    "VoteOutcome",
    "VoteReason",
    "VoteStrategy",
    "assess",
    "authority_for",
    "check_cap",
    "check_decider",
    "check_period_kind",
    "check_quorum",
    "deadlines_for",
    "decide_from_votes",
    "denominator",
    "documents_notice_violation",
    "group_scores",
    "order_violations",
    "out_of_scope",
    "period_rank",
    "quarter_dates",
    "rule_set_for",
    "rule_set_for_year",
    "subtract_working_days",
    "working_days_between",
]
