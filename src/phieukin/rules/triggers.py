"""Forced "Không hoàn thành nhiệm vụ" triggers (QĐ 124 Điều 12 k4; QĐ 366 Điều 11 k4).

A rule set lists :class:`TriggerRule` rows (which subjects, threshold, allowed mitigations,
source); the predicates here read the facts. A trigger that fires caps the subject at KHTNV.
When the facts show a mitigation the regulation lets the competent level weigh, the trigger
still fires: the assessment returns a ``needs_decision`` item instead of clearing it, because
QĐ 366 Điều 11 k4 leaves that to the competent level ("cấp có thẩm quyền xem xét").

Where the text of the trigger itself excepts a circumstance (QĐ 124 Điều 12 k4 tiết 4.3 điểm d:
"bị xử lý kỷ luật trong năm đánh giá (trừ trường hợp tự phát hiện và khắc phục xong hậu quả)"),
the trigger does not fire when every record shows it (``TriggerRule.excepted``); the hit is
returned as ``excepted`` so the assessment notes who attested the fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from phieukin.rules.inputs import AssessmentInputs, Discipline, Mitigation
from phieukin.rules.levels import SubjectClass
from phieukin.rules.sources import Source


@dataclass(frozen=True)
class TriggerRule:
    """One forced-KHTNV case of a regulation."""

    code: str
    check: str  # key into PREDICATES
    applies_to: frozenset[SubjectClass]
    message_vi: str
    message_en: str
    source: Source
    threshold: Fraction | None = None
    mitigations: frozenset[Mitigation] = frozenset()
    duty_related_only: bool = False  # QĐ 366: only violations related to duties count
    # Circumstances the trigger's own text excepts: no trigger, no decision to take.
    excepted: frozenset[Mitigation] = frozenset()


@dataclass(frozen=True)
class Fired:
    """A trigger that fired; ``mitigation`` is set when the facts show an allowed one;
    ``excepted``: the facts meet the exception written in the trigger, so it does not apply."""

    rule: TriggerRule
    detail: str
    mitigation: Mitigation | None
    excepted: bool = False


def _counted(rule: TriggerRule, records: tuple[Discipline, ...]) -> tuple[Discipline, ...]:
    return tuple(d for d in records if d.duty_related or not rule.duty_related_only)


def _discipline_hit(
    rule: TriggerRule, inputs: AssessmentInputs, records: tuple[Discipline, ...]
) -> Fired | None:
    counted = _counted(rule, inputs.in_year(records))
    if not counted:
        return None
    forms = ", ".join(f.label_vi for f in sorted({d.form for d in counted}))
    self_found = all(d.self_found_and_remedied for d in counted)
    if Mitigation.SELF_FOUND_AND_REMEDIED in rule.excepted and self_found:
        attested = sorted({d.attested_by for d in counted if d.attested_by})
        detail = f"{forms}; xác nhận: {', '.join(attested)}" if attested else forms
        return Fired(rule, detail, None, excepted=True)
    if Mitigation.SELF_FOUND_AND_REMEDIED in rule.mitigations and all(
        d.self_found_and_remedied for d in counted
    ):
        return Fired(rule, forms, Mitigation.SELF_FOUND_AND_REMEDIED)
    return Fired(rule, forms, _claimed(rule, inputs, exclude_self_found=True))


def _claimed(
    rule: TriggerRule, inputs: AssessmentInputs, *, exclude_self_found: bool = False
) -> Mitigation | None:
    allowed = set(rule.mitigations) & set(inputs.mitigations_claimed)
    if exclude_self_found:
        allowed.discard(Mitigation.SELF_FOUND_AND_REMEDIED)
    return min(allowed) if allowed else None


def _share_over(rule: TriggerRule, part: int, whole: int) -> bool:
    assert rule.threshold is not None
    return whole > 0 and Fraction(part, whole) > rule.threshold


def _flag(name: str) -> Callable[[TriggerRule, AssessmentInputs], Fired | None]:
    def check(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
        return Fired(rule, name, _claimed(rule, inputs)) if getattr(inputs, name) else None

    return check


def _disciplined(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    return _discipline_hit(rule, inputs, inputs.disciplines)


def _member_disciplined(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    # QĐ 366 Điều 11 k4: except violations at a previous unit (they count against that unit).
    return _discipline_hit(
        rule, inputs, tuple(d for d in inputs.member_disciplines if not d.at_previous_unit)
    )


def _tasks_below(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    tasks = inputs.led_unit_tasks if inputs.kind.subject_class is SubjectClass.LEADER else None
    tasks = tasks or inputs.tasks
    assert rule.threshold is not None
    if tasks is None or tasks.share(tasks.completed) >= rule.threshold:
        return None
    return Fired(rule, f"{tasks.completed}/{tasks.planned}", _claimed(rule, inputs))


def _tasks_not_done_over(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    tasks = inputs.tasks
    if tasks is None or not _share_over(rule, tasks.planned - tasks.completed, tasks.planned):
        return None
    return Fired(rule, f"{tasks.planned - tasks.completed}/{tasks.planned}", _claimed(rule, inputs))


def _led_units_khtnv_over(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    if not _share_over(rule, inputs.led_units_khtnv, inputs.led_units_total):
        return None
    detail = f"{inputs.led_units_khtnv}/{inputs.led_units_total}"
    return Fired(rule, detail, _claimed(rule, inputs))


def _low_confidence_over(rule: TriggerRule, inputs: AssessmentInputs) -> Fired | None:
    if not _share_over(rule, inputs.confidence_votes_low, inputs.confidence_votes_total):
        return None
    detail = f"{inputs.confidence_votes_low}/{inputs.confidence_votes_total}"
    return Fired(rule, detail, _claimed(rule, inputs))


PREDICATES: dict[str, Callable[[TriggerRule, AssessmentInputs], Fired | None]] = {
    "disciplined": _disciplined,
    "member_disciplined": _member_disciplined,
    "tasks_below": _tasks_below,
    "tasks_not_done_over": _tasks_not_done_over,
    "led_units_khtnv_over": _led_units_khtnv_over,
    "low_confidence_over": _low_confidence_over,
    "missed_basic_targets": _flag("missed_basic_targets"),
    "concluded_degraded": _flag("concluded_degraded"),
    "violated_prohibitions": _flag("violated_prohibitions"),
    "violated_exemplary_duty": _flag("violated_exemplary_duty"),
    "corruption_in_managed_units": _flag("corruption_in_managed_units"),
    "personnel_wrongdoing": _flag("personnel_wrongdoing_or_disunity"),
    "member_degraded": _flag("member_degraded"),
}


def fired_triggers(rules: tuple[TriggerRule, ...], inputs: AssessmentInputs) -> list[Fired]:
    """The triggers of a rule set that apply to this subject's class and fire (or would, but
    for an exception written in them: ``Fired.excepted``)."""
    cls = inputs.kind.subject_class
    hits = (PREDICATES[rule.check](rule, inputs) for rule in rules if cls in rule.applies_to)
    return [hit for hit in hits if hit is not None]
