"""What each level requires: score bands (366), criterion ratings (124), task conditions.

These are the rule-set *tables* (frozen dataclasses holding values and their sources) plus the
small pure functions that read them. No thresholds live in code paths: a future revision of
the regulation is a new table, not an edit here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from phieukin.rules.errors import RuleError, RuleViolation, input_error
from phieukin.rules.levels import CriterionRating, Level
from phieukin.rules.sources import Source

Number = int | Decimal | Fraction


def as_fraction(value: Number | float) -> Fraction:
    """Exact arithmetic for scores: 89.99 must never round up into the 90 band."""
    if isinstance(value, bool):
        raise TypeError("a score is a number, not a bool")
    if isinstance(value, float):
        return Fraction(Decimal(str(value)))
    return Fraction(value)


@dataclass(frozen=True)
class ScoreBand:
    """Score band [minimum, below) for a level; ``below=None`` means up to the maximum."""

    level: Level
    minimum: Fraction
    below: Fraction | None
    source: Source

    def contains(self, score: Fraction) -> bool:
        return score >= self.minimum and (self.below is None or score < self.below)


@dataclass(frozen=True)
class ScoreScheme:
    """The 100-point scale of QĐ 366: group maxima and bands (weights below groups are local)."""

    maximum: Fraction
    groups: Mapping[str, Fraction]  # {"I": 30, "II": 70}
    groups_source: Source
    bands: tuple[ScoreBand, ...]

    def total(self, group_scores: Mapping[str, Number | float]) -> Fraction:
        """Validate each group's score and return the total; refuses out-of-range input."""
        unknown = set(group_scores) - set(self.groups)
        missing = set(self.groups) - set(group_scores)
        if unknown or missing:
            raise RuleError(
                RuleViolation(
                    "score.groups",
                    f"Nhóm tiêu chí không hợp lệ (thiếu: {sorted(missing)},"
                    f" thừa: {sorted(unknown)})",
                    f"score groups must be exactly {sorted(self.groups)};"
                    f" missing {sorted(missing)}, unknown {sorted(unknown)}",
                    self.groups_source,
                )
            )
        total = Fraction(0)
        for name, maximum in self.groups.items():
            score = as_fraction(group_scores[name])
            if not 0 <= score <= maximum:
                raise RuleError(
                    RuleViolation(
                        "score.out_of_range",
                        f"Điểm nhóm {name} phải từ 0 đến {maximum}, nhận được {float(score):g}",
                        f"group {name} score must be between 0 and {maximum}, got {float(score):g}",
                        self.groups_source,
                    )
                )
            total += score
        return total

    def band_for(self, score: Fraction) -> ScoreBand:
        for band in self.bands:
            if band.contains(score):
                return band
        raise RuleError(
            RuleViolation(
                "score.out_of_range",
                f"Tổng điểm phải từ 0 đến {self.maximum}",
                f"total score must be between 0 and {self.maximum}",
                self.groups_source,
            )
        )

    def level_for(self, score: Fraction) -> Level:
        """The highest level the score alone allows (monotone in the score)."""
        return self.band_for(score).level


@dataclass(frozen=True)
class CriteriaRequirement:
    """QĐ 124: the minimum per-criterion rating for a level.

    ``general_min``: every general criterion (political quality, ethics, discipline, ...) must be
    at least this; ``tasks_min``: the rating of the year's task results must be at least this.
    """

    level: Level
    general_min: CriterionRating
    tasks_min: CriterionRating
    source: Source


@dataclass(frozen=True)
class TaskCondition:
    """QĐ 366 Điều 11: the qualitative task conditions a level requires besides its band.

    Shares are of the planned tasks. ``late`` = completed but not on time. ``led_units_too``:
    leaders' directly led localities/units must meet the same shares (Điều 11 k1.2, k2, k3).
    ``shortcomings_remedied``: share of previously identified shortcomings remedied (k1.4).
    """

    level: Level
    min_completed: Fraction
    min_on_time: Fraction | None
    min_exceeding: Fraction | None
    max_late: Fraction | None
    led_units_too: bool
    shortcomings_remedied: Fraction | None
    source: Source


@dataclass(frozen=True)
class TaskResults:
    """Counts of the year's planned tasks (kept as counts so shares are exact)."""

    planned: int
    completed: int
    on_time: int
    exceeding: int = 0

    def __post_init__(self) -> None:
        if self.planned <= 0:
            raise input_error("tasks", "Số nhiệm vụ kế hoạch phải dương", "planned must be > 0")
        if not 0 <= self.on_time <= self.completed <= self.planned:
            raise input_error(
                "tasks",
                "Cần 0 ≤ đúng hạn ≤ hoàn thành ≤ kế hoạch",
                "need 0 <= on_time <= completed <= planned",
            )
        if not 0 <= self.exceeding <= self.completed:
            raise input_error(
                "tasks", "Cần 0 ≤ vượt yêu cầu ≤ hoàn thành", "need 0 <= exceeding <= completed"
            )

    def share(self, count: int) -> Fraction:
        return Fraction(count, self.planned)

    @property
    def late(self) -> int:
        return self.completed - self.on_time


@dataclass(frozen=True)
class CriterionItem:
    """One locally weighted criterion of a QĐ 366 framework (Phụ lục 1–5): its group and max."""

    code: str
    group: str  # "I" or "II"
    max_score: Fraction


def group_scores(
    scheme: ScoreScheme, items: tuple[CriterionItem, ...], scores: Mapping[str, Number | float]
) -> dict[str, Fraction]:
    """Check a local framework (item maxima add up to each group's maximum) and per-item
    self-scores (each in [0, max], none missing or unknown); return the group totals."""
    for group, maximum in scheme.groups.items():
        total = sum((i.max_score for i in items if i.group == group), Fraction(0))
        if total != maximum:
            raise input_error(
                "framework",
                f"Tổng điểm tối đa các tiêu chí nhóm {group} là {total}, phải bằng {maximum}",
                f"item maxima of group {group} add up to {total}, must equal {maximum}",
            )
    known = {i.code for i in items}
    if set(scores) != known:
        raise input_error(
            "criterion_scores",
            "Thiếu hoặc thừa tiêu chí chấm điểm",
            f"missing {sorted(known - set(scores))}, unknown {sorted(set(scores) - known)}",
        )
    totals = dict.fromkeys(scheme.groups, Fraction(0))
    for item in items:
        score = as_fraction(scores[item.code])
        if not 0 <= score <= item.max_score:
            raise RuleError(
                RuleViolation(
                    "score.out_of_range",
                    f"Điểm tiêu chí {item.code} phải từ 0 đến {item.max_score}",
                    f"criterion {item.code} must be scored 0..{item.max_score}",
                    scheme.groups_source,
                )
            )
        totals[item.group] += score
    return totals
