"""A rating item at a conference: the Tờ trình, its notice check, the announced result.

The submission (Tờ trình) proposing a subject's level is attached to an agenda item with its
document; ``submission_warnings`` applies the rule set's notice (≥ 3 working days, HD 43 mục
2.1) to the item's documents. After the vote(s), ``do_announce_result`` writes the item's
resolution (``AgendaItem.conclusion`` and a structured ``meetings.Resolution``) from the
recorded votes, which the minutes print.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import Level, Subject, Submission, VoteMethod, VoteRecord
from phieukin.evaluations.services.errors import EvaluationError
from phieukin.evaluations.services.kinds import rules_for
from phieukin.meetings.discussion import do_record_resolution, notice_violations
from phieukin.meetings.models import AgendaDocument, AgendaItem, Resolution, ResolutionMethod
from phieukin.rules import Level as RulesLevel
from phieukin.rules import RuleViolation


@transaction.atomic
def do_submit_to_conference(
    subject: Subject,
    agenda_item: AgendaItem,
    *,
    proposed_level: str,
    issuer: str,
    actor: Any,
    number: str = "",
    basis: str = "",
    document: AgendaDocument | None = None,
) -> Submission:
    """Put the Tờ trình proposing ``proposed_level`` for ``subject`` before the conference."""
    if proposed_level not in Level.values:
        raise EvaluationError(_("Choose one of the four levels."))
    if not issuer.strip():
        raise EvaluationError(_("Name who submits the proposal."))
    if agenda_item.conference.organization_id is None or not subject.in_scope:
        raise EvaluationError(_("This subject is not reviewed or rated."))
    if document is not None and document.agenda_item_id != agenda_item.pk:
        raise EvaluationError(_("The document belongs to another agenda item."))
    if Submission.objects.filter(subject=subject, agenda_item=agenda_item).exists():
        raise EvaluationError(_("This proposal is already before the conference."))
    submission = Submission.objects.create(
        subject=subject,
        agenda_item=agenda_item,
        document=document,
        number=(number or (document.number if document else "")).strip()[:60],
        issuer=issuer.strip()[:300],
        proposed_level=proposed_level,
        basis=basis.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if not subject.proposed_level:
        subject.proposed_level = proposed_level
        subject.save(update_fields=["proposed_level"])
    record_event(
        "evaluations.submitted_to_conference",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data={"agenda_item": agenda_item.pk, "level": proposed_level},
    )
    return submission


def submission_warnings(submission: Submission) -> list[RuleViolation]:
    """Late distribution of the item's documents (warned, not refused)."""
    notice = rules_for(submission.subject.period).documents_notice
    return notice_violations(
        submission.agenda_item, working_days=notice.value, source=notice.source
    )


def _line(vote: VoteRecord) -> str:
    level = RulesLevel[vote.outcome_level.upper()].label_vi if vote.outcome_level else "—"
    return f"{vote.subject}: {level}. {vote.explanation}"


@transaction.atomic
def do_announce_result(
    agenda_item: AgendaItem, votes: Sequence[VoteRecord], *, actor: Any
) -> Resolution:
    """The announced result of the item's vote(s) becomes its resolution."""
    if not votes:
        raise EvaluationError(_("No vote is recorded on this agenda item."))
    methods = {v.method for v in votes}
    method = (
        ResolutionMethod.SECRET_BALLOT
        if VoteMethod.SECRET_BALLOT in methods
        else ResolutionMethod.SHOW_OF_HANDS
    )
    single = votes[0] if len(votes) == 1 else None
    return do_record_resolution(
        agenda_item,
        method=method,
        text="\n".join(_line(v) for v in votes),
        outcome=(single.outcome_level or "").upper() if single else "",
        counts=dict(single.counts) if single else {},
        denominator=single.denominator if single else None,
        decides=f"evaluations.Subject:{single.subject_id}" if single else "",
        actor=actor,
    )
