"""From a rating vote to a level: quorum, denominator, strategies, and what happens on failure.

No text of QĐ 124/HD 25 or QĐ 366/HD 43 says how a rating vote becomes a level
(docs/sources.md G.40), so the strategy, threshold and denominator are per-rule-set settings
with a documented default: a level passes with *more than half* of the official members
convened minus the listed exclusions (the Party's "đa số quá bán" and its denominator from the
election regulation, QĐ 244 Điều 32 k2 / QĐ 190 Điều 2; G.39). The quorum default (2/3 of the
denominator present, G.41) is Party meeting practice, also not verified for rating votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from math import floor

from phieukin.rules.errors import input_error
from phieukin.rules.sources import Source


class VoteStrategy(StrEnum):
    MAJORITY_SINGLE_LEVEL = "majority_single_level"  # one level with > threshold
    CUMULATIVE_TOP_DOWN = "cumulative_top_down"  # accumulate from HTXSNV down
    TWO_THIRDS_FOR_TOP = "two_thirds_for_top"  # HD 07/2011: top needs >= 2/3, others > 1/2


class OnFailure(StrEnum):
    """When no level reaches the threshold."""

    REVOTE = "revote"  # vote again (election regulation: further rounds), then refer upward
    NEXT_LEVEL_DOWN = "next_level_down"  # take the highest level reached cumulatively
    REFER_TO_COMPETENT_LEVEL = "refer"  # no result from the vote; the competent level decides


class Exclusion(StrEnum):
    """Members convened but left out of the denominator (QĐ 244 Điều 32 k2; G.39)."""

    TEMPORARY_ACTIVITY_ELSEWHERE = "temporary_activity_elsewhere"
    EXEMPTED_ABSENT = "exempted_absent"  # miễn công tác, sinh hoạt đảng, vắng mặt
    SUSPENDED = "suspended"  # đình chỉ sinh hoạt đảng
    PROSECUTED_OR_DETAINED = "prosecuted_or_detained"  # bị khởi tố, truy tố, tạm giam
    ABSENT_WITH_APPROVED_REASON = "absent_with_approved_reason"  # vắng cả buổi, có lý do


@dataclass(frozen=True)
class VotePolicy:
    strategy: VoteStrategy
    threshold: Fraction  # share of the denominator
    strict: bool  # True: more than (quá bán); False: at least
    top_threshold: Fraction  # TWO_THIRDS_FOR_TOP only, always "at least"
    exclusions: frozenset[Exclusion]
    on_failure: OnFailure
    result_is_proposal: bool  # the vote proposes; the competent level decides (G.40)
    source: Source
    denominator_source: Source


@dataclass(frozen=True)
class QuorumPolicy:
    fraction: Fraction
    source: Source


@dataclass(frozen=True)
class Denominator:
    """Official members convened minus exclusions; printed in the minutes."""

    convened: int
    excluded: Mapping[Exclusion, int] = field(default_factory=dict)

    @property
    def value(self) -> int:
        return self.convened - sum(self.excluded.values())


def denominator(
    policy: VotePolicy, convened: int, excluded: Mapping[Exclusion, int]
) -> Denominator:
    """Validate and build the denominator; only the policy's exclusions may be subtracted."""
    if convened < 0 or any(n < 0 for n in excluded.values()):
        raise input_error("denominator", "Số lượng không được âm", "counts must be >= 0")
    unknown = set(excluded) - set(policy.exclusions)
    if unknown:
        raise input_error(
            "denominator",
            "Loại trừ không được quy định cho cuộc bỏ phiếu này",
            f"exclusions not allowed by the rule set: {sorted(unknown)}",
        )
    result = Denominator(convened, dict(excluded))
    if result.value <= 0:
        raise input_error("denominator", "Mẫu số phải dương", "the denominator must be positive")
    return result


@dataclass(frozen=True)
class QuorumCheck:
    met: bool
    present: int
    required: int
    explanation_vi: str
    source: Source


def check_quorum(policy: QuorumPolicy, denom: Denominator, present: int) -> QuorumCheck:
    """Quorum: ``present >= fraction × denominator`` (rounded up: a person is not divisible)."""
    if not 0 <= present <= denom.convened:
        raise input_error(
            "quorum", "Số có mặt phải từ 0 đến số triệu tập", "present must be in [0, convened]"
        )
    required = -(-policy.fraction.numerator * denom.value // policy.fraction.denominator)
    met = present >= required
    text = (
        f"Có mặt {present}/{denom.value} đảng viên chính thức; cần ít nhất {required}"
        f" ({policy.fraction.numerator}/{policy.fraction.denominator}):"
        f" {'đủ' if met else 'không đủ'} điều kiện tiến hành"
    )
    return QuorumCheck(met, present, required, text, policy.source)


def votes_needed(threshold: Fraction, strict: bool, denom: int) -> int:
    """Smallest count that passes: > t·D (strict) or >= t·D."""
    exact = threshold * denom
    return floor(exact) + 1 if strict else -(-exact.numerator // exact.denominator)
