"""Bước 3: the competent level's decision — by vote, show of hands or the superior — and re-rating.

``do_decide`` refuses every block of ``check_decision`` (each rule named with its source) and,
when the comparable group's HTXSNV cap would be exceeded, refuses with ``CapConfirmationError``
listing the violations until the caller confirms them (``confirm_cap=True``; under QĐ 366 the
exception up to 25% is recorded first with ``do_record_cap_exception``). ``do_record_vote``
turns vote counts into an outcome with ``decide_from_votes``; the vote is the decision only when
the voting body is the DECIDE body of the authority chain, otherwise a proposal.

Every change of a decided level runs under the Period row lock (``lock_subject``) and moves the
subject's count in the live roll-up (``rollup_live.move``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import (
    CapException,
    Decision,
    DecisionMethod,
    Level,
    Period,
    Subject,
    VoteRecord,
)
from phieukin.evaluations.rollup_live import key_of, move
from phieukin.evaluations.services.checks import DecisionCheck, check_decision
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.kinds import authority, rules_for
from phieukin.rules import Body, RuleError


class CapConfirmationError(RuleRefusedError):
    """The decision would exceed the HTXSNV cap: shown, and taken only when confirmed."""

    code = "cap_confirmation_needed"


def lock_subject(subject: Subject) -> Subject:
    """Lock the subject's Period row, then the subject; return the subject, fresh.

    On purpose, the period first: the HTXSNV cap counts every decided subject of the
    comparable group, so two decisions in one group must not both read "one place left" and
    both commit. Locking the one row every decision of the period shares serializes them (and
    the live roll-up counts they move) on PostgreSQL; SQLite has one writer at a time anyway.
    The lock is taken by its own query, not as a side effect of ``select_for_update()`` over
    ``select_related("period")`` (which also locks the joined row only while no ``of=`` is
    given). Always period, then subject: one lock order, no deadlock between writers.
    """
    Period.objects.select_for_update().filter(pk=subject.period_id).values_list("pk").get()
    return Subject.objects.select_for_update().select_related("period").get(pk=subject.pk)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _body(value: str | Body) -> Body:
    try:
        return Body(value)
    except ValueError:
        raise EvaluationError(_("Unknown deciding body %(body)s."), body=value) from None


def _audit(event: str, subject: Subject, actor: Any, **data: Any) -> None:
    record_event(
        f"evaluations.{event}",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data=data,
    )


def _validate_request(
    subject: Subject, level: str, method: str, granted: Collection[str], reasons: str
) -> None:
    if level not in Level.values:
        raise EvaluationError(_("Choose one of the four levels."))
    if method not in DecisionMethod.values or method == DecisionMethod.RE_RATE:
        raise EvaluationError(_("Unknown way of deciding."))
    if subject.decisions.filter(cancelled_at__isnull=True).exists():
        raise EvaluationError(
            _("This subject is already rated; only the superior may cancel and re-rate it.")
        )
    if granted and not reasons.strip():
        raise EvaluationError(_("Granting a mitigation needs the reasons recorded."))


def _passed(check: DecisionCheck, granted: Collection[str], confirm_cap: bool) -> DecisionCheck:
    """Refuse on any block, on a grant of nothing pending, and on unconfirmed cap warnings."""
    if check.blocks:
        raise RuleRefusedError(check.blocks)
    if check.assessment is not None:
        pending = {item.code for item in check.assessment.needs_decision}
        unknown = set(granted) - pending - {n.code for n in check.assessment.notes}
        if unknown:
            raise EvaluationError(
                _("Nothing to grant for %(codes)s."), codes=", ".join(sorted(unknown))
            )
    if check.cap_warnings and not confirm_cap:
        raise CapConfirmationError(check.cap_warnings)
    return check


@transaction.atomic
def do_decide(
    subject: Subject,
    level: str,
    *,
    body: str | Body,
    method: str,
    actor: Any,
    number: str = "",
    reasons: str = "",
    granted: Collection[str] = (),
    confirm_cap: bool = False,
    vote: VoteRecord | None = None,
) -> Decision:
    """Record the competent level's decision after every rule check (see module docstring).

    Takes the period lock (``lock_subject``) before reading the cap's group."""
    subject = lock_subject(subject)
    _validate_request(subject, level, method, granted, reasons)
    check = _passed(
        check_decision(subject, level, body=_body(body), granted=granted, reasons=reasons),
        granted,
        confirm_cap,
    )
    decision = _write(
        subject,
        level=level,
        body=check.body,
        method=method,
        actor=actor,
        number=number,
        reasons=reasons,
        granted=granted,
        vote=vote,
    )
    decision.warnings = [v.explain_vi() for v in check.cap_warnings]
    decision.cap_exception = check.exception
    decision.cap_info = "\n".join(v.explain_vi() for v in check.cap_info)
    decision.save(update_fields=["warnings", "cap_exception", "cap_info"])
    _audit(
        "decided",
        subject,
        actor,
        level=level,
        method=method,
        body=str(check.body),
        cap_warnings=[v.code for v in check.cap_warnings],
        granted=sorted(granted),
    )
    return decision


def _write(
    subject: Subject,
    *,
    level: str,
    body: Body,
    method: str,
    actor: Any,
    number: str,
    reasons: str,
    granted: Collection[str],
    vote: VoteRecord | None,
    replaces: Decision | None = None,
) -> Decision:
    now = timezone.now()
    before = key_of(subject)
    decision = Decision.objects.create(
        subject=subject,
        level=level,
        method=method,
        body=str(body),
        vote=vote,
        number=number.strip()[:60],
        reasons=reasons.strip(),
        granted=sorted(granted),
        replaces=replaces,
        decided_at=now,
        decided_by=_user(actor),
    )
    subject.decided_level, subject.decided_at = level, now
    subject.decided_by = str(body)[:300]
    subject.save(update_fields=["decided_level", "decided_at", "decided_by"])
    move(subject, before, key_of(subject))
    return decision


@transaction.atomic
def do_cancel_and_rerate(
    decision: Decision,
    *,
    level: str,
    reasons: str,
    actor: Any,
    number: str = "",
    confirm_cap: bool = False,
    granted: Collection[str] = (),
) -> Decision:
    """Mẫu 03: the superior cancels a decision and re-rates; the old row stays, cancelled."""
    subject = lock_subject(decision.subject)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.cancelled_at is not None:
        raise EvaluationError(_("This decision was already cancelled."))
    if not reasons.strip():
        raise EvaluationError(_("Re-rating needs the reasons recorded."))
    if level not in Level.values:
        raise EvaluationError(_("Choose one of the four levels."))
    body = Body(authority(subject).decider)
    check = check_decision(
        subject, level, body=body, granted=granted, check_order=False, reasons=reasons
    )
    _passed(check, granted, confirm_cap)
    decision.cancelled_at, decision.cancelled_by = timezone.now(), _user(actor)
    decision.cancel_reason = reasons.strip()
    decision.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    new = _write(
        subject,
        level=level,
        body=body,
        method=DecisionMethod.RE_RATE,
        actor=actor,
        number=number,
        reasons=reasons,
        granted=granted,
        vote=None,
        replaces=decision,
    )
    new.warnings = [v.explain_vi() for v in check.cap_warnings]
    new.cap_info = "\n".join(v.explain_vi() for v in check.cap_info)
    new.save(update_fields=["warnings", "cap_info"])
    _audit("re_rated", subject, actor, old=decision.level, new=level, decision=new.pk)
    return new


@transaction.atomic
def do_record_cap_exception(period: Period, group: str, *, reason: str, actor: Any) -> CapException:
    """QĐ 366 Điều 11 k1.5: allow up to 25% in a group, with the reason (refused under 124)."""
    if not reason.strip() or not group.strip():
        raise EvaluationError(_("Name the group and record the reason for the exception."))
    try:
        rules_for(period).cap.limit(0, 0, exception=True)
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None
    exception, created = CapException.objects.get_or_create(
        period=period,
        group=group.strip(),
        defaults={
            "reason": reason.strip(),
            "recorded_at": timezone.now(),
            "recorded_by": _user(actor),
        },
    )
    if not created:
        raise EvaluationError(_("This group already has its exception recorded."))
    record_event(
        "evaluations.cap_exception_recorded",
        actor=actor,
        obj=period,
        data={"group": exception.group},
    )
    return exception


@transaction.atomic
def do_set_comparable_group(subject: Subject, group: str, *, actor: Any) -> Subject:
    """Move a subject to another group of comparable subjects (before it is decided)."""
    group = group.strip()
    if not group or len(group) > 120:
        raise EvaluationError(_("A group name has 1 to 120 characters."))
    subject = lock_subject(subject)
    if subject.decided_level:
        raise EvaluationError(_("A rated subject keeps its group."))
    before = key_of(subject)
    old, subject.comparable_group = subject.comparable_group, group
    subject.save(update_fields=["comparable_group"])
    move(subject, before, key_of(subject))
    _audit("group_changed", subject, actor, old=old, new=group)
    return subject
