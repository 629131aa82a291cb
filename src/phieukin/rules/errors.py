"""Typed refusals: every "no" names its rule and the rule's source.

A :class:`RuleViolation` is a value (returned in lists: blocks, order violations, cap checks);
:class:`RuleError` is the exception that carries one, raised where a call cannot proceed
(a score out of range, an unknown regulation). The Django side maps ``RuleError`` to a form
error or an API error with ``code``, and prints ``source.cite()`` to the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from phieukin.rules.sources import Source


@dataclass(frozen=True)
class RuleViolation:
    """A rule that refuses something, in both languages, with its source."""

    code: str
    message_vi: str
    message_en: str
    source: Source

    def explain_vi(self) -> str:
        """ "<message> (Quy định 366-QĐ/TW, Điều 11, khoản 1)" — what the workflow shows."""
        return f"{self.message_vi} ({self.source.cite()})"

    def explain_en(self) -> str:
        return f"{self.message_en} ({self.source.cite()})"


class RuleError(ValueError):
    """Raised when input breaks a rule or is malformed; carries the violation."""

    def __init__(self, violation: RuleViolation) -> None:
        super().__init__(violation.explain_en())
        self.violation = violation

    @property
    def code(self) -> str:
        return self.violation.code


def input_error(code: str, message_vi: str, message_en: str) -> RuleError:
    """Malformed input (not a regulation's refusal): cited as a phieukin validation rule."""
    from phieukin.rules.sources import DESIGN

    return RuleError(
        RuleViolation(f"input.{code}", message_vi, message_en, Source(DESIGN, "input validation"))
    )
