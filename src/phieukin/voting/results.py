"""The result as people read it: counts, percentages of convened and present, the decision.

Denominators come from the board's ``attendance`` event (the numbers frozen at opening), so the
percentages shown are the ones anyone can recompute from the record. What a rating question's
count decides is not the voting app's to say: the app that created the ballot answers
``signals.result_outcomes`` with the outcome it recorded (evaluations: decision or proposal,
with its denominator), so the result page and the minutes print that one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from phieukin.voting import board
from phieukin.voting.models import Ballot, EventKind
from phieukin.voting.signals import result_outcomes


@dataclass(frozen=True)
class OptionRow:
    label: str
    count: int
    of_convened: str
    of_present: str
    electronic: int | None = None  # a hybrid poll: the booth's part of ``count``
    paper: int | None = None  # and the paper ballots' part


@dataclass(frozen=True)
class QuestionResult:
    label: str
    kind: str
    options: list[OptionRow]
    decision: str  # the outcome recorded by the app that created the ballot, or ""
    hybrid: bool = False  # the counts are electronic + paper (docs/paper.md)


def _pct(part: int, whole: int) -> str:
    if whole <= 0:
        return "—"
    tenths = (part * 1000 + whole // 2) // whole
    return f"{tenths // 10},{tenths % 10}%"


def attendance(ballot: Ballot) -> dict[str, int]:
    events = board.payloads(ballot, EventKind.ATTENDANCE)
    return events[-1] if events else {"convened": 0, "present": 0, "quorum_required": 0}


def _outcomes(ballot: Ballot) -> list[str]:
    """Per question, the outcome the creating app recorded (see ``signals.result_outcomes``)."""
    for _receiver, lines in result_outcomes.send(sender=Ballot, ballot=ballot):
        if lines is not None:
            return list(lines)
    return []


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
    sheets = paper_numbers(ballot) or {}
    return {
        **seen,
        **{f"paper_{k}": v for k, v in sheets.items()},
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
    outcomes = _outcomes(ballot)
    rows = []
    questions = ballot.questions.order_by("order")
    electronic = result.get("electronic")
    paper = (result.get("paper") or {}).get("counts")
    for i, (q, counts) in enumerate(zip(questions, result["counts"], strict=True)):
        options = [
            OptionRow(
                label,
                n,
                _pct(n, seen["convened"]),
                _pct(n, seen["present"]),
                electronic[i][o] if electronic else None,
                paper[i][o] if paper else None,
            )
            for o, (label, n) in enumerate(zip(q.options, counts, strict=True))
        ]
        decision = outcomes[i] if i < len(outcomes) else ""
        rows.append(QuestionResult(q.prompt, q.kind, options, decision, bool(paper)))
    return rows


def paper_numbers(ballot: Ballot) -> dict[str, int] | None:
    """A hybrid poll's sheet figures (issued, returned, spoiled, unused, valid, invalid) as the
    counting board signed them, or None."""
    paper = (ballot.result or {}).get("paper")
    return dict(paper["sheets"]) if paper else None
