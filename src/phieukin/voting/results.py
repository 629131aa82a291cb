"""The result as people read it: counts, percentages of convened and present, the decision.

Denominators come from the board's ``attendance`` event (the numbers frozen at opening), so the
percentages shown are the ones anyone can recompute from the record. For a rating question
the decision follows the rule set (``phieukin.rules``): by default > 1/2 of the official
members convened, and the outcome is a proposal to the competent level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from phieukin.voting import board
from phieukin.voting.models import Ballot, EventKind, QuestionKind


@dataclass(frozen=True)
class OptionRow:
    label: str
    count: int
    of_convened: str
    of_present: str


@dataclass(frozen=True)
class QuestionResult:
    label: str
    kind: str
    options: list[OptionRow]
    decision: str  # Vietnamese explanation from the rule set, or ""


def _pct(part: int, whole: int) -> str:
    if whole <= 0:
        return "—"
    tenths = (part * 1000 + whole // 2) // whole
    return f"{tenths // 10},{tenths % 10}%"


def attendance(ballot: Ballot) -> dict[str, int]:
    events = board.payloads(ballot, EventKind.ATTENDANCE)
    return events[-1] if events else {"convened": 0, "present": 0, "quorum_required": 0}


def _decision(counts: list[int], convened: int) -> str:
    """The rule set's outcome for a rating question (levels best first, then blank)."""
    try:
        from phieukin.rules.common import vote_policy
        from phieukin.rules.levels import Level
        from phieukin.rules.vote_decision import Tally, decide_from_votes
        from phieukin.rules.votes import Denominator

        levels = [Level.HTXSNV, Level.HTTNV, Level.HTNV, Level.KHTNV]
        tally = Tally(counts=dict(zip(levels, counts[:4], strict=True)), blank=counts[4])
        outcome = decide_from_votes(vote_policy(), tally, Denominator(convened))
    except ValueError:  # RuleError (e.g. no denominator): the counts stand, no decision
        return ""
    suffix = " (đề xuất lên cấp có thẩm quyền)" if not outcome.is_final else ""
    return outcome.explanation_vi + suffix


def minutes_numbers(ballot: Ballot) -> dict[str, int | str]:
    """The numbers the minutes record (Biên bản kiểm phiếu): every one is on the board.

    convened/present/quorum_required from the ``attendance`` event; cards issued from the
    ``credentials`` event; ballots received (counted) and opened for checking (audited, not
    counted); unused cards voided = issued − received; the record's head hash.
    """
    seen = attendance(ballot)
    issued = sum(len(p["credentials"]) for p in board.payloads(ballot, EventKind.CREDENTIALS))
    events = ballot.events
    received = events.filter(kind=EventKind.BALLOT).count()
    return {
        **seen,
        "cards_issued": issued,
        "ballots_received": received,
        "ballots_audited": events.filter(kind=EventKind.AUDITED).count(),
        "cards_unused_voided": issued - received,
        "head_hash": board.head_hash(ballot),
    }


def result_warnings(ballot: Ballot) -> list[str]:
    """Plain warnings when the published result reveals individual choices (small group)."""
    result = ballot.result or {}
    received = ballot.events.filter(kind=EventKind.BALLOT).count()
    if not result or received >= ballot.small_group_threshold:
        return []
    warnings = [
        _("Small group: only %(n)d ballots. Read the result with care for the secrecy of the vote.")
        % {"n": received}
    ]
    if any(received and max(counts) >= received - 1 for counts in result["counts"]):
        warnings.append(
            _(
                "A unanimous or near-unanimous result in a small group reveals how "
                "(almost) every member voted."
            )
        )
    return warnings


def question_results(ballot: Ballot) -> list[QuestionResult]:
    """One entry per question; empty before the result is published."""
    result: dict[str, Any] | None = ballot.result
    if not result:
        return []
    seen = attendance(ballot)
    rows = []
    for q, counts in zip(ballot.questions.order_by("order"), result["counts"], strict=True):
        options = [
            OptionRow(label, n, _pct(n, seen["convened"]), _pct(n, seen["present"]))
            for label, n in zip(q.options, counts, strict=True)
        ]
        decision = _decision(counts, seen["convened"]) if q.kind == QuestionKind.RATING else ""
        rows.append(QuestionResult(q.prompt, q.kind, options, decision))
    return rows
