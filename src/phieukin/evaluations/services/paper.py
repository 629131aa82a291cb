"""A paper-only rating vote (docs/paper.md §1, item 3): a cell meets without a server, votes on
numbered paper sheets, and the secretary enters the counting minutes' numbers afterwards.

The same rules decide as for an electronic ballot: the quorum of the rule set on the
denominator (official members convened minus the listed exclusions), the reconciliation of the
sheets (``rules.paper``), then per subject ``do_record_vote`` (threshold, denominator, decision
or proposal). Everything is checked before anything is written; one refusal writes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import Subject, VoteMethod, VoteRecord
from phieukin.evaluations.services.ballots import LEVEL_OPTIONS, item_subjects, question_label
from phieukin.evaluations.services.conference import do_announce_result
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.kinds import body_of, rules_for
from phieukin.evaluations.services.votes import _excluded, do_record_vote
from phieukin.meetings.models import AgendaItem, AgendaKind
from phieukin.meetings.services import MeetingError
from phieukin.rules import RuleError, RuleViolation, check_quorum, denominator
from phieukin.rules.paper import check_issuance, count_problems, parse_count

OPTIONS = len(LEVEL_OPTIONS) + 1  # the four levels, then the blank column


def paper_ref(item: AgendaItem) -> str:
    """What a paper-only vote records as its ballot: the item whose minutes it copies."""
    return f"paper-minutes:meetings.AgendaItem:{item.pk}"


@dataclass(frozen=True)
class PaperMinutes:
    """The counting minutes' numbers, as the secretary copies them."""

    convened: int  # official members convened
    present: int  # present when the vote was taken
    sheets: Mapping[str, Any]  # issued, returned, spoiled, unused, valid, invalid
    counts: Sequence[Sequence[Any]]  # per subject: HTXSNV, HTTNV, HTNV, KHTNV, blank
    excluded: Mapping[str, int] = field(default_factory=dict)  # exclusions from the denominator


@transaction.atomic
def do_record_paper_only(
    item: AgendaItem,
    minutes: PaperMinutes,
    *,
    actor: Any,
    subjects: Sequence[Subject] | None = None,
) -> list[VoteRecord]:
    """Record a paper-only vote of a rating item from its counting minutes.

    Refuses a non-rating item, an item already recorded this way, a quorum not met, a count
    that does not reconcile (every numbered sheet accounted for; option totals ≤ valid sheets;
    sheets handed out ≤ members present) and counts the rules refuse. Then one ``VoteRecord``
    per subject (in ``subjects``' order, by default the item's), the decision or the proposal
    the body's authority gives, and the item's resolution."""
    if item.kind != AgendaKind.RATING:
        raise EvaluationError(_("Only a rating agenda item holds a rating vote."))
    chosen = list(subjects) if subjects is not None else item_subjects(item)
    if not chosen:
        raise EvaluationError(_("No proposal (Tờ trình) is before the conference to vote on."))
    ref = paper_ref(item)
    if VoteRecord.objects.filter(agenda_item=item, ballot_ref=ref).exists():
        raise EvaluationError(_("This item's paper vote is already recorded."))
    rules = rules_for(chosen[0].period)
    try:
        denom = denominator(rules.vote, int(minutes.convened), _excluded(minutes.excluded))
        quorum = check_quorum(rules.quorum, denom, int(minutes.present))
        count = parse_count(
            {"sheets": dict(minutes.sheets), "counts": [list(r) for r in minutes.counts]},
            [OPTIONS] * len(chosen),
        )
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None
    except (TypeError, ValueError) as exc:
        raise EvaluationError(
            _("The minutes' numbers are not valid: %(error)s"), error=str(exc)
        ) from None
    if not quorum.met:
        english = f"quorum not met: {quorum.present} present, {quorum.required} required"
        raise RuleRefusedError(
            [RuleViolation("quorum_not_met", quorum.explanation_vi, english, quorum.source)]
        )
    problems = count_problems(count, [question_label(s) for s in chosen])
    over = check_issuance(present=int(minutes.present), cards=0, sheets=count.sheets)
    if over is not None:
        problems.append(over)
    if problems:
        raise RuleRefusedError(problems)
    conference = item.conference
    votes = []
    for subject, row in zip(chosen, count.counts, strict=True):
        votes.append(
            do_record_vote(
                subject,
                method=VoteMethod.SECRET_BALLOT,
                body=body_of(conference.committee, conference.organization, subject),
                counts=dict(zip(LEVEL_OPTIONS, row[:4], strict=True)),
                blank=row[4],
                invalid=count.sheets.returned - sum(row),
                convened=int(minutes.convened),
                excluded=dict(minutes.excluded),
                ballot_ref=ref,
                agenda_item=item,
                actor=actor,
            )
        )
    record_event(
        "evaluations.paper_vote_recorded",
        actor=actor,
        obj=item,
        organization=conference.organization,
        data={
            "present": int(minutes.present),
            "convened": int(minutes.convened),
            "sheets": count.sheets.as_dict(),
            "votes": [v.pk for v in votes],
        },
    )
    with contextlib.suppress(EvaluationError, MeetingError):
        do_announce_result(item, votes, actor=actor)
    return votes
