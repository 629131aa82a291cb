"""The level a rating vote yields, with a structured reason and a Vietnamese explanation.

The voting app calls :func:`decide_from_votes` with the per-level counts it decrypted; the
evaluations app records the outcome as the body's proposal (or decision, when the rule set says
the body decides). Strategies and defaults: see :mod:`phieukin.rules.votes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from phieukin.rules.errors import input_error
from phieukin.rules.levels import Level
from phieukin.rules.sources import Source
from phieukin.rules.votes import Denominator, OnFailure, VotePolicy, VoteStrategy, votes_needed

_TOP_DOWN = sorted(Level, reverse=True)


class VoteReason(StrEnum):
    PASSED = "vote.passed"
    PASSED_CUMULATIVE = "vote.passed_cumulative"
    PASSED_TOP_TWO_THIRDS = "vote.passed_top_two_thirds"
    FALLBACK_NEXT_LEVEL_DOWN = "vote.fallback_next_level_down"
    NO_MAJORITY_REVOTE = "vote.no_majority_revote"
    NO_MAJORITY_REFER = "vote.no_majority_refer"


@dataclass(frozen=True)
class Tally:
    """Per-level counts of valid ballots, plus blank (phiếu trắng) and invalid ballots."""

    counts: Mapping[Level, int]
    blank: int = 0
    invalid: int = 0

    def count(self, level: Level) -> int:
        return self.counts.get(level, 0)

    @property
    def ballots(self) -> int:
        return sum(self.counts.values()) + self.blank + self.invalid


@dataclass(frozen=True)
class VoteOutcome:
    level: Level | None
    reason: VoteReason
    explanation_vi: str
    explanation_en: str
    needed: int  # votes a level needed
    denominator: int
    proposed: Level | None
    proposed_passed: bool | None
    is_final: bool  # False: the vote is a proposal for the competent level
    source: Source
    shares: Mapping[Level, Fraction] = field(default_factory=dict)  # count / denominator


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}".replace(".", ",") + "%"


def _validate(tally: Tally, denom: Denominator) -> None:
    values = [*tally.counts.values(), tally.blank, tally.invalid]
    if any(v < 0 for v in values):
        raise input_error("tally", "Số phiếu không được âm", "vote counts must be >= 0")
    if tally.ballots > denom.value:
        raise input_error(
            "tally",
            f"Tổng số phiếu ({tally.ballots}) lớn hơn mẫu số ({denom.value})",
            f"ballots ({tally.ballots}) exceed the denominator ({denom.value})",
        )


def _majority(tally: Tally, needed: int, levels: list[Level]) -> Level | None:
    passing = [lv for lv in levels if tally.count(lv) >= needed]
    # With a threshold of 1/2 at most one level passes; with a lower configured threshold the
    # most-voted wins and a tie goes to the lower level (the cautious reading).
    return max(passing, key=lambda lv: (tally.count(lv), -lv), default=None)


def _cumulative(tally: Tally, needed: int) -> Level | None:
    running = 0
    for level in _TOP_DOWN:
        running += tally.count(level)
        if running >= needed:
            return level
    return None


def _apply(policy: VotePolicy, tally: Tally, denom: int) -> tuple[Level | None, VoteReason, int]:
    needed = votes_needed(policy.threshold, policy.strict, denom)
    if policy.strategy is VoteStrategy.CUMULATIVE_TOP_DOWN:
        return _cumulative(tally, needed), VoteReason.PASSED_CUMULATIVE, needed
    if policy.strategy is VoteStrategy.TWO_THIRDS_FOR_TOP:
        top_needed = votes_needed(policy.top_threshold, False, denom)
        if tally.count(Level.HTXSNV) >= top_needed:
            return Level.HTXSNV, VoteReason.PASSED_TOP_TWO_THIRDS, top_needed
        return _majority(tally, needed, _TOP_DOWN[1:]), VoteReason.PASSED, needed
    return _majority(tally, needed, _TOP_DOWN), VoteReason.PASSED, needed


def decide_from_votes(
    policy: VotePolicy, tally: Tally, denom: Denominator, *, proposed: Level | None = None
) -> VoteOutcome:
    """Apply the rule set's strategy; on failure apply its ``on_failure`` setting."""
    _validate(tally, denom)
    d = denom.value
    level, reason, needed = _apply(policy, tally, d)
    if level is None:
        level, reason = _on_failure(policy, tally, d)
    basis = (
        f"mẫu số {d} = {denom.convened} đảng viên chính thức được triệu tập"
        f" trừ {denom.convened - d} trường hợp loại trừ"
    )
    if level is None:
        vi = f"Không mức nào đạt {needed}/{d} phiếu cần thiết ({basis}); " + (
            "biểu quyết lại."
            if reason is VoteReason.NO_MAJORITY_REVOTE
            else "trình cấp có thẩm quyền."
        )
        en = f"no level reached the {needed} of {d} votes needed; " + (
            "vote again"
            if reason is VoteReason.NO_MAJORITY_REVOTE
            else "refer to the competent level"
        )
    else:
        got = _got(tally, level, reason)
        vi = (
            f"Mức «{level.label_vi}» đạt {got}/{d} phiếu ({_pct(got, d)}; {basis});"
            f" cần ít nhất {needed} phiếu"
        )
        en = f"{level.abbr} reached {got} of {d} votes ({_pct(got, d)}); at least {needed} needed"
    return VoteOutcome(
        level=level,
        reason=reason,
        explanation_vi=vi,
        explanation_en=en,
        needed=needed,
        denominator=d,
        proposed=proposed,
        proposed_passed=None if proposed is None else level == proposed,
        is_final=not policy.result_is_proposal,
        source=policy.source,
        shares={lv: Fraction(tally.count(lv), d) for lv in Level},
    )


def _got(tally: Tally, level: Level, reason: VoteReason) -> int:
    if reason in (VoteReason.PASSED_CUMULATIVE, VoteReason.FALLBACK_NEXT_LEVEL_DOWN):
        return sum(tally.count(lv) for lv in Level if lv >= level)
    return tally.count(level)


def _on_failure(policy: VotePolicy, tally: Tally, d: int) -> tuple[Level | None, VoteReason]:
    if policy.on_failure is OnFailure.NEXT_LEVEL_DOWN:
        level = _cumulative(tally, votes_needed(policy.threshold, policy.strict, d))
        if level is not None:
            return level, VoteReason.FALLBACK_NEXT_LEVEL_DOWN
        return None, VoteReason.NO_MAJORITY_REFER
    if policy.on_failure is OnFailure.REVOTE:
        return None, VoteReason.NO_MAJORITY_REVOTE
    return None, VoteReason.NO_MAJORITY_REFER
