"""Typed refusals of the review workflow.

``RuleRefusedError`` carries the :class:`phieukin.rules.RuleViolation` list that refused a
step, so a page prints each rule with its source ("… (Quy định 366-QĐ/TW, Điều 11, khoản 1)")
and an API prints the English text; ``EvaluationError`` is for workflow-state refusals
(already decided, not in scope) that are phieukin's own rules rather than a regulation's.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from phieukin.lib.errors import TranslatableError
from phieukin.rules import RuleError, RuleViolation


class EvaluationError(TranslatableError):
    """A workflow step cannot be taken as asked."""

    code = "evaluation_error"


class RuleRefusedError(EvaluationError):
    """A step refused by one or more rules of the regulation (each named with its source)."""

    code = "rule_refused"

    def __init__(self, violations: Sequence[RuleViolation]) -> None:
        self.violations = tuple(violations)
        super().__init__(_("Refused: %(rules)s"), rules="")

    def __str__(self) -> str:
        if translation.get_language() and translation.get_language().startswith("en"):
            return self.english
        return "Không thực hiện được: " + "; ".join(v.explain_vi() for v in self.violations)

    @property
    def english(self) -> str:
        return "Refused: " + "; ".join(v.explain_en() for v in self.violations)

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.violations]

    @classmethod
    def from_rule_error(cls, exc: RuleError) -> RuleRefusedError:
        return cls([exc.violation])
