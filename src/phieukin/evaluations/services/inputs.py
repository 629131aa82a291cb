"""The facts of a subject as the rules read them (``AssessmentInputs``).

Self-scores and task counts come from the self-review (Bước 1); the trigger facts (discipline,
confidence votes, conclusions) are established by the advisory body's appraisal (Bước 2) and
validated here against the field names of ``AssessmentInputs``; earlier shortcomings come from
the tracked items of previous periods (QĐ 366 Điều 11 k1.4).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import Level, Shortcoming, ShortcomingStatus, Subject
from phieukin.evaluations.services.errors import EvaluationError
from phieukin.evaluations.services.kinds import rules_kind
from phieukin.rules import (
    AssessmentInputs,
    CriterionRating,
    Discipline,
    DisciplineForm,
    Mitigation,
    TaskResults,
)
from phieukin.rules import Level as RulesLevel

BOOL_FACTS = (
    "concluded_degraded",
    "violated_prohibitions",
    "violated_exemplary_duty",
    "missed_basic_targets",
    "corruption_in_managed_units",
    "personnel_wrongdoing_or_disunity",
    "member_degraded",
)
INT_FACTS = ("confidence_votes_total", "confidence_votes_low", "led_units_total", "led_units_khtnv")
DISCIPLINE_FACTS = ("disciplines", "member_disciplines", "subordinate_disciplines")


def to_rules_level(level: str) -> RulesLevel:
    return RulesLevel[level.upper()]


def from_rules_level(level: RulesLevel) -> str:
    return Level(level.name.lower()).value


def _discipline(row: Any, attested_by: str = "") -> Discipline:
    """One discipline fact; ``attested_by``: who established it when the row does not say (the
    appraisal's advisory body), so "self-found and remedied" always names who attested it."""
    if not isinstance(row, dict):
        raise EvaluationError(_("Each discipline record must be an object."))
    try:
        return Discipline(
            form=DisciplineForm[str(row["form"]).upper()],
            year_disciplined=int(row["year"]),
            duty_related=bool(row.get("duty_related", True)),
            self_found_and_remedied=bool(row.get("self_found_and_remedied", False)),
            at_previous_unit=bool(row.get("at_previous_unit", False)),
            attested_by=str(row.get("attested_by") or attested_by)[:300],
        )
    except (KeyError, ValueError, TypeError):
        raise EvaluationError(
            _("A discipline record needs a form (KHIEN_TRACH, CANH_CAO, ...) and a year.")
        ) from None


def clean_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """Validate appraisal facts: only known fields, of the right types (refused otherwise)."""
    known = {*BOOL_FACTS, *INT_FACTS, *DISCIPLINE_FACTS, "mitigations_claimed"}
    unknown = sorted(set(facts) - known)
    if unknown:
        raise EvaluationError(_("Unknown facts: %(names)s."), names=", ".join(unknown))
    for name in INT_FACTS:
        if name in facts and (not isinstance(facts[name], int) or facts[name] < 0):
            raise EvaluationError(_("%(name)s must be a whole number ≥ 0."), name=name)
    for name in DISCIPLINE_FACTS:
        for row in facts.get(name, []):
            _discipline(row)
    for value in facts.get("mitigations_claimed", []):
        if value not in Mitigation.__members__.values() and value not in {
            m.value for m in Mitigation
        }:
            raise EvaluationError(_("Unknown mitigation %(value)s."), value=value)
    return dict(facts)


def earlier_shortcomings(subject: Subject) -> list[Shortcoming]:
    """Shortcomings named for the same owner in earlier periods, oldest first.

    "Earlier" is the sequence of reviews (``Period.rank``): earlier years, and within a year
    the quarters (QĐ 366) before this period — a quarter's items reach the next quarter's
    review and the year's, where the review says whether each was remedied."""
    period = subject.period
    items = Shortcoming.objects.filter(subject__period__year__lte=period.year).exclude(
        subject__period=period
    )
    if subject.member_id is not None:
        items = items.filter(member_id=subject.member_id)
    else:
        items = items.filter(
            organization_id=subject.organization_id, collective_kind=subject.collective_kind
        )
    rank = period.rank
    earlier = [s for s in items.select_related("subject__period") if s.subject.period.rank < rank]
    return sorted(earlier, key=lambda s: (s.subject.period.rank, s.pk))


def _tasks(
    planned: int | None, completed: int | None, on_time: int | None, exceeding: int | None
) -> TaskResults | None:
    if planned is None:
        return None
    return TaskResults(planned, completed or 0, on_time or 0, exceeding or 0)


def _fraction(value: Decimal | None) -> Decimal | None:
    return value


def assessment_inputs(subject: Subject) -> AssessmentInputs:
    """Everything the rules need about ``subject`` (missing self-review fields stay None, and
    ``assess`` then refuses with the field it needs)."""
    review = getattr(subject, "self_review", None)
    appraisal = subject.appraisals.order_by("-appraised_at", "-id").first()
    facts = appraisal.facts if appraisal is not None else {}
    earlier = earlier_shortcomings(subject)
    kwargs: dict[str, Any] = {
        "kind": rules_kind(subject),
        "year": subject.period.year,
        "shortcomings_identified": len(earlier),
        "shortcomings_remedied": sum(s.status == ShortcomingStatus.REMEDIED for s in earlier),
    }
    if review is not None:
        if review.group_i is not None and review.group_ii is not None:
            kwargs["group_scores"] = {"I": review.group_i, "II": review.group_ii}
        kwargs["tasks"] = _tasks(
            review.tasks_planned,
            review.tasks_completed,
            review.tasks_on_time,
            review.tasks_exceeding,
        )
        kwargs["led_unit_tasks"] = _tasks(
            review.led_planned, review.led_completed, review.led_on_time, review.led_exceeding
        )
        if review.criteria_ratings:
            kwargs["criteria"] = {k: CriterionRating[v] for k, v in review.criteria_ratings.items()}
        if review.task_rating:
            kwargs["task_rating"] = CriterionRating[review.task_rating]
    for name in BOOL_FACTS:
        kwargs[name] = bool(facts.get(name, False))
    for name in INT_FACTS:
        kwargs[name] = int(facts.get(name, 0))
    body = appraisal.body if appraisal is not None else ""
    for name in DISCIPLINE_FACTS:
        kwargs[name] = tuple(_discipline(row, body) for row in facts.get(name, []))
    kwargs["mitigations_claimed"] = frozenset(
        Mitigation(m) for m in facts.get("mitigations_claimed", [])
    )
    head_of = subject.head_of
    if head_of is not None and head_of.decided_level:
        kwargs["headed_collective_level"] = to_rules_level(head_of.decided_level)
    return AssessmentInputs(**kwargs)
