"""A versioned rule set: one regulation with its guidance, as a frozen table of values.

``reg124`` (QĐ 124-QĐ/TW + HD 25-HD/BTCTW, evaluation years 2023–2024) and ``reg366``
(QĐ 366-QĐ/TW + HD 43-HD/BTCTW, from 2025) are instances; the functions in the sibling
modules take a rule set and read it, so a period keeps the rules it was opened with.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from phieukin.rules.cap import CapPolicy
from phieukin.rules.criteria import CriteriaRequirement, ScoreScheme, TaskCondition
from phieukin.rules.deadlines import DeadlineRule
from phieukin.rules.levels import Level
from phieukin.rules.order import OrderRule
from phieukin.rules.scope import AuthorityRule, ScopeRules
from phieukin.rules.sources import Document, Source, Sourced
from phieukin.rules.triggers import TriggerRule
from phieukin.rules.votes import QuorumPolicy, VotePolicy


@dataclass(frozen=True)
class CollectiveDisciplineRule:
    """A collective may not be rated ``level`` (or higher) if a subordinate organization or a
    member of its leadership collective was disciplined in the year. ``self_found_exception``:
    the text exempts self-found and remedied cases (routed to a human decision)."""

    level: Level
    self_found_exception: bool
    source: Source


class HeadMode(StrEnum):
    ORDER_ONLY = "order_only"  # only "the collective before its head"
    LED_UNIT_CONDITIONS = "led_unit_conditions"  # via the leader's led-unit task conditions
    NOT_ABOVE_COLLECTIVE = "not_above_collective"  # head's level <= the collective's level


@dataclass(frozen=True)
class HeadConstraint:
    """How a head's level depends on the collective they head (besides the order rule)."""

    mode: HeadMode
    source: Source


@dataclass(frozen=True)
class RuleSet:
    code: str  # "124" / "366"
    name_vi: str
    regulation: Document
    guidance: Document
    first_year: int
    last_year: int | None
    levels_source: Source
    score: ScoreScheme | None
    criteria: tuple[CriteriaRequirement, ...]
    task_conditions: tuple[TaskCondition, ...]
    collective_discipline: tuple[CollectiveDisciplineRule, ...]
    triggers: tuple[TriggerRule, ...]
    head: HeadConstraint
    cap: CapPolicy
    vote: VotePolicy
    quorum: QuorumPolicy
    scope: ScopeRules
    authority: tuple[AuthorityRule, ...]
    order_rules: tuple[OrderRule, ...]
    deadlines: tuple[DeadlineRule, ...]
    documents_notice: Sourced[int]  # working days before the meeting

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)

    def configured(self, **changes: Any) -> RuleSet:
        """A copy with some settings changed (e.g. ``cap=replace(rs.cap, base=...)``); the
        evaluations app stores which settings a period overrides."""
        return replace(self, **changes)
