"""The HTXSNV cap: at most 20% (25% by recorded exception, QĐ 366) of those rated HTTNV.

QĐ 366 Điều 11 k1.5 (and QĐ 124 Điều 12): "số lượng ... được xếp loại HTXSNV không vượt quá 20%
tổng số được xếp loại HTTNV", per group of comparable subjects, decided by the competent level.

The text does not say whether "those rated HTTNV" includes the ones then rated HTXSNV, nor how
to round. Default (``CapBase.EXCLUDING_HTXSNV``, ``Rounding.FLOOR``): count only subjects whose
level is HTTNV, and round down. Both choices are the *stricter* reading — a group that satisfies
it satisfies every other reading too — and "không vượt quá" (must not exceed) forbids rounding
up. The alternative (``INCLUDING_HTXSNV``: HTXSNV chosen from among those qualifying HTTNV, the
practice of some local guidance) is a switch on the rule set; docs/rules.md records the choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from math import ceil, floor

from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.levels import Level
from phieukin.rules.sources import Source


class CapBase(StrEnum):
    EXCLUDING_HTXSNV = "excluding_htxsnv"  # base = number finally rated HTTNV
    INCLUDING_HTXSNV = "including_htxsnv"  # base = HTTNV + HTXSNV


class Rounding(StrEnum):
    FLOOR = "floor"
    CEIL = "ceil"


@dataclass(frozen=True)
class CapPolicy:
    ratio: Fraction
    exception_ratio: Fraction | None  # None: no exception exists under this regulation
    base: CapBase
    rounding: Rounding
    source: Source
    exception_source: Source | None = None
    convention_source: Source | None = None

    def limit(self, n_httnv: int, n_htxsnv: int, *, exception: bool = False) -> int:
        """The maximum number of HTXSNV for these counts."""
        ratio = self.ratio
        if exception:
            if self.exception_ratio is None:
                raise RuleError(
                    RuleViolation(
                        "cap.no_exception",
                        "Quy định này không cho phép nâng tỷ lệ HTXSNV lên 25%",
                        "this regulation has no cap exception (25% exists under QĐ 366 only)",
                        self.source,
                    )
                )
            ratio = self.exception_ratio
        base = n_httnv + (n_htxsnv if self.base is CapBase.INCLUDING_HTXSNV else 0)
        value = ratio * base
        return floor(value) if self.rounding is Rounding.FLOOR else ceil(value)


@dataclass(frozen=True)
class CapDecision:
    """A subject's level in a group; ``proposed`` = not yet decided (a proposal to check)."""

    subject_id: str
    group: str
    level: Level
    proposed: bool = False


@dataclass(frozen=True)
class CapCheck:
    """The state of one comparable group against the cap."""

    group: str
    n_htxsnv: int
    n_httnv: int
    limit: int
    remaining: int  # how many more HTXSNV (from subjects not yet counted as HTTNV) fit
    remaining_by_promotion: int  # ... if each is promoted from the HTTNV already counted
    breaking: tuple[str, ...]  # proposals that, accepted in order, would exceed the cap
    violation: RuleViolation | None

    @property
    def ok(self) -> bool:
        return self.violation is None


def _promotable(policy: CapPolicy, n_t: int, n_x: int, exception: bool) -> int:
    k = 0
    while k < n_t and n_x + k + 1 <= policy.limit(n_t - k - 1, n_x + k + 1, exception=exception):
        k += 1
    return k


def check_cap(
    decisions: Iterable[CapDecision], group: str, policy: CapPolicy, *, exception: bool = False
) -> CapCheck:
    """Check one group: decided levels first, then proposals in the order given.

    A proposal for HTXSNV that would push the group over its limit is listed in ``breaking``
    and not counted further; proposals for other levels are counted (an HTTNV proposal raises
    the limit). ``violation`` is set when decided levels already break the cap, or when any
    proposal breaks it.
    """
    rows = [d for d in decisions if d.group == group]
    decided = [d for d in rows if not d.proposed]
    n_x = sum(d.level is Level.HTXSNV for d in decided)
    n_t = sum(d.level is Level.HTTNV for d in decided)
    over_already = n_x > policy.limit(n_t, n_x, exception=exception)
    for d in rows:
        if d.proposed and d.level is Level.HTTNV:
            n_t += 1
    breaking: list[str] = []
    for d in rows:
        if d.proposed and d.level is Level.HTXSNV:
            if n_x + 1 <= policy.limit(n_t, n_x + 1, exception=exception):
                n_x += 1
            else:
                breaking.append(d.subject_id)
    limit = policy.limit(n_t, n_x, exception=exception)
    violation = None
    if over_already or breaking:
        violation = _violation(policy, group, n_x + len(breaking), n_t, limit, exception=exception)
    return CapCheck(
        group=group,
        n_htxsnv=n_x,
        n_httnv=n_t,
        limit=limit,
        remaining=max(0, _remaining(policy, n_t, n_x, exception)),
        remaining_by_promotion=_promotable(policy, n_t, n_x, exception),
        breaking=tuple(breaking),
        violation=violation,
    )


def _remaining(policy: CapPolicy, n_t: int, n_x: int, exception: bool) -> int:
    k = 0
    while n_x + k + 1 <= policy.limit(n_t, n_x + k + 1, exception=exception):
        k += 1
        if k > n_t + n_x + 1:  # INCLUDING base grows with k; ratio < 1 keeps this finite
            break
    return k


def _violation(
    policy: CapPolicy, group: str, n_x: int, n_t: int, limit: int, *, exception: bool
) -> RuleViolation:
    ratio = policy.exception_ratio if exception else policy.ratio
    pct = f"{float((ratio or Fraction(0)) * 100):g}%"
    source = policy.exception_source if exception and policy.exception_source else policy.source
    return RuleViolation(
        "cap.exceeded",
        f"Nhóm «{group}»: {n_x} HTXSNV vượt quá {pct} số được xếp loại HTTNV ({n_t});"
        f" tối đa {limit}",
        f"group {group!r}: {n_x} HTXSNV exceeds {pct} of those rated HTTNV ({n_t}); max {limit}",
        source,
    )
