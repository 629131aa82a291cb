"""Bước 1 and Bước 2: the self-review with its scores and shortcomings, the appraisal, comments.

Every step is one ``do_<verb>(..., *, actor)`` in a transaction, audited. Scores are checked by
the rules (``group_scores`` with the period's local framework, or the group maxima), task
counts by ``TaskResults``, and a self-proposed or appraised level by ``assess`` — each refusal
names its rule and source. Shortcomings named in the review become tracked items; the review
also reports on the earlier items of the same owner (Mẫu 01/02 section III).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import (
    Appraisal,
    Level,
    SelfReview,
    Shortcoming,
    ShortcomingStatus,
    Subject,
    SubjectComment,
)
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.frameworks import framework_items
from phieukin.evaluations.services.inputs import (
    assessment_inputs,
    clean_facts,
    earlier_shortcomings,
    to_rules_level,
)
from phieukin.evaluations.services.kinds import authority, rules_for, rules_kind
from phieukin.rules import (
    CriterionRating,
    RuleError,
    RuleViolation,
    TaskResults,
    assess,
    group_scores,
)
from phieukin.rules import SubjectKind as RulesKind

TEXT_FIELDS = (
    "results",
    "limitations",
    "causes",
    "remedy_results",
    "explanations",
    "responsibility",
    "remedies",
    "commitment",
)


@dataclass(frozen=True)
class ShortcomingSpec:
    text: str
    remedy: str
    owner: str
    cause: str = ""
    deadline: date | None = None


@dataclass(frozen=True)
class SelfReviewData:
    """What the subject writes (Mẫu 01 / 2A / 2B / 2C); numbers as entered (str or number)."""

    proposed_level: str
    texts: Mapping[str, str] = field(default_factory=dict)
    criterion_scores: Mapping[str, Any] = field(default_factory=dict)  # 366, local framework
    group_i: Any = None  # 366 without a local framework
    group_ii: Any = None
    criteria_ratings: Mapping[str, str] = field(default_factory=dict)  # 124: {"c1": "TOT"}
    task_rating: str = ""  # 124
    tasks: tuple[int, int, int, int] | None = None  # planned, completed, on time, exceeding
    led_tasks: tuple[int, int, int, int] | None = None
    shortcomings: Sequence[ShortcomingSpec] = ()
    earlier: Mapping[int, tuple[str, str]] = field(default_factory=dict)  # id -> (status, note)


def _decimal(value: Any, name: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise EvaluationError(_("%(name)s is not a number."), name=name) from None
    if not number.is_finite():
        raise EvaluationError(_("%(name)s is not a number."), name=name)
    return number


def _scores(subject: Subject, data: SelfReviewData) -> tuple[dict[str, str], Decimal, Decimal]:
    """Per-item scores and group totals, checked by the rules (366 only)."""
    rules = rules_for(subject.period)
    assert rules.score is not None
    items = framework_items(subject.period.criteria_framework, rules_kind(subject).form)
    try:
        if items:
            scores = {k: _decimal(v, k) for k, v in data.criterion_scores.items()}
            totals = group_scores(rules.score, items, scores)
            return (
                {k: str(v) for k, v in scores.items()},
                Decimal(totals["I"].numerator) / Decimal(totals["I"].denominator),
                Decimal(totals["II"].numerator) / Decimal(totals["II"].denominator),
            )
        if data.group_i in (None, "") or data.group_ii in (None, ""):
            raise EvaluationError(_("Enter the scores of group I (/30) and group II (/70)."))
        g1, g2 = _decimal(data.group_i, "I"), _decimal(data.group_ii, "II")
        rules.score.total({"I": g1, "II": g2})
        return {}, g1, g2
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None


def _ratings(data: SelfReviewData) -> dict[str, str]:
    if not data.criteria_ratings or not data.task_rating:
        raise EvaluationError(_("Rate every criterion and the task results (Regulation 124)."))
    names = set(CriterionRating.__members__)
    bad = sorted(v for v in [*data.criteria_ratings.values(), data.task_rating] if v not in names)
    if bad:
        raise EvaluationError(_("Unknown criterion rating: %(values)s."), values=", ".join(bad))
    return dict(data.criteria_ratings)


def _check_tasks(counts: tuple[int, int, int, int] | None) -> None:
    if counts is None:
        return
    try:
        TaskResults(*counts)
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None


def _require_open(subject: Subject) -> None:
    if not subject.in_scope:
        raise EvaluationError(
            _("This subject is not reviewed or rated: %(reason)s"),
            reason=subject.out_of_scope_reason,
        )
    if subject.decided_level:
        raise EvaluationError(
            _("This subject is already rated; only the superior may cancel and re-rate it.")
        )


def _level(value: str) -> str:
    if value not in Level.values:
        raise EvaluationError(_("Choose one of the four levels."))
    return value


@transaction.atomic
def do_submit_self_review(subject: Subject, data: SelfReviewData, *, actor: Any) -> SelfReview:
    """Record (or replace, before the appraisal) the subject's self-review and self-rating."""
    subject = (
        Subject.objects.select_for_update(of=("self",)).select_related("period").get(pk=subject.pk)
    )
    _require_open(subject)
    if subject.appraisals.exists():
        raise EvaluationError(_("The advisory body has already appraised this self-review."))
    level = _level(data.proposed_level)
    rules = rules_for(subject.period)
    values: dict[str, Any] = {name: (data.texts.get(name) or "").strip() for name in TEXT_FIELDS}
    if rules.score is not None:
        values["criterion_scores"], values["group_i"], values["group_ii"] = _scores(subject, data)
    else:
        values["criteria_ratings"], values["task_rating"] = _ratings(data), data.task_rating
    _check_tasks(data.tasks)
    _check_tasks(data.led_tasks)
    keys = ("planned", "completed", "on_time", "exceeding")
    for prefix, counts in (("tasks_", data.tasks), ("led_", data.led_tasks)):
        values.update({prefix + k: (counts[i] if counts else None) for i, k in enumerate(keys)})
    review, _created = SelfReview.objects.update_or_create(
        subject=subject,
        defaults={
            **values,
            "form": rules_kind(subject).form,
            "proposed_level": level,
            "submitted_at": timezone.now(),
            "submitted_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    _update_earlier(subject, data.earlier)
    _replace_shortcomings(subject, data.shortcomings)
    _check_level(subject, level)
    subject.self_level = level
    subject.save(update_fields=["self_level"])
    record_event(
        "evaluations.self_review_submitted",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data={"level": level, "form": review.form, "shortcomings": len(data.shortcomings)},
    )
    review.refresh_from_db()  # the stored (quantized) scores, as every later reader sees them
    return review


def _check_level(subject: Subject, level: str, granted: Sequence[str] = ()) -> None:
    """``assess`` refuses a level above what the scores, conditions and triggers allow."""
    subject.refresh_from_db()
    try:
        result = assess(rules_for(subject.period), assessment_inputs(subject), granted=granted)
        result.check(to_rules_level(level))
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None


def _update_earlier(subject: Subject, updates: Mapping[int, tuple[str, str]]) -> None:
    earlier = {s.pk: s for s in earlier_shortcomings(subject)}
    for pk, (status, note) in updates.items():
        if pk not in earlier:
            raise EvaluationError(_("Shortcoming %(pk)s is not one of this subject's."), pk=pk)
        if status not in ShortcomingStatus.values:
            raise EvaluationError(_("Unknown status of a shortcoming."))
        item = earlier[pk]
        item.status, item.status_note, item.reviewed_in = status, note.strip(), subject
        item.save(update_fields=["status", "status_note", "reviewed_in", "updated_at"])


def _replace_shortcomings(subject: Subject, specs: Sequence[ShortcomingSpec]) -> None:
    subject.shortcomings.all().delete()
    rows = []
    for spec in specs:
        if not spec.text.strip() or not spec.remedy.strip() or not spec.owner.strip():
            raise EvaluationError(
                _("Each shortcoming needs its text, its remedy and who is responsible.")
            )
        rows.append(
            Shortcoming(
                subject=subject,
                member_id=subject.member_id,
                organization_id=subject.organization_id,
                collective_kind=subject.collective_kind,
                text=spec.text.strip(),
                cause=spec.cause.strip(),
                remedy=spec.remedy.strip(),
                owner=spec.owner.strip()[:300],
                deadline=spec.deadline,
            )
        )
    Shortcoming.objects.bulk_create(rows)


FORM_KINDS = {"2B": RulesKind.MEMBER, "2C": RulesKind.MEMBER_OUTSIDE_SYSTEM}


@transaction.atomic
def do_set_member_form(subject: Subject, form: str, *, actor: Any) -> Subject:
    """Mẫu 2B or 2C for a member without a leading post: 2C is the form of a party member
    who does not work in the political system (HD 43; QĐ 366 Phụ lục 5), chosen by the
    member's position. Refused for a collective or a leader (Mẫu 01 / 2A), and once the
    self-review is written (it was written on the other form's criteria)."""
    subject = Subject.objects.select_for_update(of=("self",)).get(pk=subject.pk)
    if form not in FORM_KINDS:
        raise EvaluationError(_("Choose form 2B or 2C."))
    if subject.member_id is None or subject.is_leader:
        raise EvaluationError(
            _("Only a member without a leading post is reviewed on form 2B or 2C.")
        )
    old = rules_kind(subject)
    if old not in FORM_KINDS.values():
        raise EvaluationError(
            _("Only a member without a leading post is reviewed on form 2B or 2C.")
        )
    if old == FORM_KINDS[form]:
        return subject
    if hasattr(subject, "self_review"):
        raise EvaluationError(
            _("The self-review is already written on form %(form)s: the form cannot change."),
            form=subject.self_review.form,
        )
    subject.rules_kind = FORM_KINDS[form].value
    subject.save(update_fields=["rules_kind"])
    record_event(
        "evaluations.member_form_set",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data={"old": old.form, "new": form},
    )
    return subject


def step_violation(subject: Subject, message_vi: str, message_en: str) -> RuleViolation:
    """A step taken before the one the chain puts first (QĐ 366 Điều 12 k1 / QĐ 124 Điều 11)."""
    return RuleViolation("workflow.step_order", message_vi, message_en, authority(subject).source)


@transaction.atomic
def do_appraise(
    subject: Subject,
    *,
    level: str,
    body: str,
    actor: Any,
    remarks: str = "",
    facts: Mapping[str, Any] | None = None,
) -> Appraisal:
    """Bước 2: the advisory body's appraisal and proposed level, after the self-review."""
    subject = (
        Subject.objects.select_for_update(of=("self",)).select_related("period").get(pk=subject.pk)
    )
    _require_open(subject)
    level = _level(level)
    if not SelfReview.objects.filter(subject=subject).exists():
        raise RuleRefusedError(
            [
                step_violation(
                    subject,
                    "Chưa có bản tự kiểm điểm, tự đánh giá (Bước 1) nên chưa thể thẩm định",
                    "no self-review (step 1) yet: nothing to appraise",
                )
            ]
        )
    if not body.strip():
        raise EvaluationError(_("Name the advisory body."))
    appraisal = Appraisal.objects.create(
        subject=subject,
        body=body.strip()[:300],
        level=level,
        remarks=remarks.strip(),
        facts=clean_facts(dict(facts or {})),
        appraised_at=timezone.now(),
        appraised_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_level(subject, level)
    subject.proposed_level = level
    subject.save(update_fields=["proposed_level"])
    record_event(
        "evaluations.appraised",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data={"level": level, "body": appraisal.body},
    )
    return appraisal


@transaction.atomic
def do_comment(subject: Subject, *, author_name: str, text: str, actor: Any) -> SubjectComment:
    """A written comment on the subject's review."""
    if not text.strip() or not author_name.strip():
        raise EvaluationError(_("A comment needs its author and its text."))
    comment = SubjectComment.objects.create(
        subject=subject,
        author_name=author_name.strip()[:300],
        text=text.strip(),
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        "evaluations.commented",
        actor=actor,
        obj=subject,
        organization=subject.period.organization,
        data={"comment": comment.pk},
    )
    return comment
