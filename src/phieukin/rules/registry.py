"""Rule sets by regulation code and by evaluation year."""

from __future__ import annotations

from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.reg124 import REG124
from phieukin.rules.reg366 import REG366
from phieukin.rules.ruleset import RuleSet
from phieukin.rules.sources import DESIGN, Source

RULE_SETS: dict[str, RuleSet] = {rs.code: rs for rs in (REG124, REG366)}


def rule_set_for(regulation_code: str) -> RuleSet:
    """ "124", "366", "124-QĐ/TW" or "366-QĐ/TW"."""
    key = regulation_code.strip().split("-")[0]
    try:
        return RULE_SETS[key]
    except KeyError:
        raise RuleError(
            RuleViolation(
                "ruleset.unknown",
                f"Không có bộ quy tắc cho quy định «{regulation_code}»",
                f"no rule set for regulation {regulation_code!r}; known: {sorted(RULE_SETS)}",
                Source(DESIGN, "A.1"),
            )
        ) from None


def rule_set_for_year(year: int) -> RuleSet:
    """The regulation in force for an evaluation year (2023–2024: 124; 2025–: 366)."""
    for rule_set in RULE_SETS.values():
        if rule_set.covers(year):
            return rule_set
    raise RuleError(
        RuleViolation(
            "ruleset.no_year",
            f"Không có bộ quy tắc cho năm đánh giá {year}",
            f"no rule set covers evaluation year {year} (first: 2023)",
            Source(DESIGN, "A.1"),
        )
    )
