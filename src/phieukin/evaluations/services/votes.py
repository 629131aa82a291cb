"""Conference votes on a subject's level: a published secret ballot or a recorded show of hands.

The counts per level become an outcome under the rule set's vote policy (``decide_from_votes``:
strategy, threshold, denominator of official members convened minus the listed exclusions).
The vote is the decision only when the voting body is the DECIDE body of the subject's
authority chain (``AuthorityRule.role_of``); otherwise it is that body's proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import DecisionMethod, Subject, VoteMethod, VoteRecord
from phieukin.evaluations.services.decisions import (
    _audit,
    _body,
    _user,
    do_decide,
    lock_subject,
)
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.inputs import from_rules_level, to_rules_level
from phieukin.evaluations.services.kinds import authority, rules_for
from phieukin.rules import (
    Body,
    Exclusion,
    RuleError,
    Step,
    Tally,
    VoteOutcome,
    decide_from_votes,
    denominator,
)
from phieukin.rules import Level as RulesLevel


def _excluded(values: Mapping[str, int]) -> dict[Exclusion, int]:
    try:
        return {Exclusion(k): int(v) for k, v in values.items() if int(v)}
    except ValueError:
        raise EvaluationError(_("Unknown exclusion from the denominator.")) from None


def _outcome(
    subject: Subject,
    *,
    counts: Mapping[str, int],
    convened: int,
    blank: int,
    invalid: int,
    excluded: Mapping[str, int],
) -> tuple[dict[RulesLevel, int], VoteOutcome]:
    """The counts checked and turned into a level by the rule set's vote policy."""
    rules = rules_for(subject.period)
    try:
        levels = {to_rules_level(k.lower()): int(v) for k, v in counts.items()}
        denom = denominator(rules.vote, int(convened), _excluded(excluded))
        proposed = subject.proposed_level or subject.self_level
        outcome = decide_from_votes(
            rules.vote,
            Tally(levels, blank=int(blank), invalid=int(invalid)),
            denom,
            proposed=to_rules_level(proposed) if proposed else None,
        )
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None
    except (KeyError, ValueError) as exc:
        raise EvaluationError(
            _("The vote counts are not valid: %(error)s"), error=str(exc)
        ) from None
    return levels, outcome


@transaction.atomic
def do_record_vote(
    subject: Subject,
    *,
    method: str,
    body: str | Body,
    counts: Mapping[str, int],
    convened: int,
    actor: Any,
    blank: int = 0,
    invalid: int = 0,
    excluded: Mapping[str, int] | None = None,
    ballot_ref: str = "",
    agenda_item: Any = None,
    ballot: Any = None,
    head_hash: str = "",
    vote_round: int = 1,
) -> VoteRecord:
    """A conference vote on the subject's level (secret ballot or recorded show of hands).

    The counts per level give the outcome under the rule set's vote policy; the vote is the
    decision when the voting body decides (then ``do_decide`` runs — if a rule refuses or the
    cap needs confirming, the vote stays recorded and the decision waits for staff), otherwise
    it is the body's proposal (``Subject.proposed_level``) to the competent level.

    Takes the period lock first (``lock_subject``): the decision it may take reads the cap."""
    if method not in VoteMethod.values:
        raise EvaluationError(_("A vote is by secret ballot or by show of hands."))
    subject = lock_subject(subject)
    body = _body(body)
    levels, outcome = _outcome(
        subject, counts=counts, convened=convened, blank=blank, invalid=invalid,
        excluded=excluded or {},
    )  # fmt: skip
    chain = authority(subject)
    is_decision = chain.role_of(body) is Step.DECIDE
    policy = rules_for(subject.period).vote
    vote = _create(
        subject=subject,
        method=method,
        body=str(body),
        counts={lv.name: n for lv, n in levels.items()},
        blank=blank,
        invalid=invalid,
        convened=convened,
        excluded=dict(excluded or {}),
        denominator=outcome.denominator,
        needed=outcome.needed,
        threshold=f"{'>' if policy.strict else '≥'} {policy.threshold}",
        competent_body=str(chain.decider),
        ballot=ballot,
        head_hash=head_hash[:128],
        round=vote_round,
        outcome_level=from_rules_level(outcome.level) if outcome.level else None,
        reason_code=str(outcome.reason),
        explanation=outcome.explanation_vi,
        is_decision=is_decision,
        ballot_ref=ballot_ref[:200],
        agenda_item=agenda_item,
        recorded_at=timezone.now(),
        recorded_by=_user(actor),
    )
    _audit(
        "vote_recorded",
        subject,
        actor,
        vote_record=vote.pk,
        outcome=vote.outcome_level,
        decision=is_decision,
    )
    if vote.outcome_level and not is_decision:
        subject.proposed_level = vote.outcome_level
        subject.save(update_fields=["proposed_level"])
    elif vote.outcome_level:
        _decide_from_vote(subject, vote, actor)
    return vote


def _create(**fields: Any) -> VoteRecord:
    """One vote per ballot and subject (the unique constraint is the guard against replays)."""
    try:
        with transaction.atomic():
            return VoteRecord.objects.create(**fields)
    except IntegrityError:
        raise EvaluationError(_("This ballot's result is already recorded.")) from None


def _decide_from_vote(subject: Subject, vote: VoteRecord, actor: Any) -> None:
    method = (
        DecisionMethod.SECRET_BALLOT
        if vote.method == VoteMethod.SECRET_BALLOT
        else DecisionMethod.SHOW_OF_HANDS
    )
    try:
        with transaction.atomic():
            do_decide(
                subject,
                vote.outcome_level or "",
                body=vote.body,
                method=method,
                actor=actor,
                vote=vote,
            )
    except (RuleRefusedError, EvaluationError) as exc:
        _audit("vote_decision_pending", subject, actor, vote_record=vote.pk, reason=str(exc)[:500])
