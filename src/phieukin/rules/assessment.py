"""The highest level a subject may be given, with every block and pending decision named.

:func:`assess` reads a rule set and a subject's :class:`AssessmentInputs` and returns an
:class:`Assessment`: the highest level allowed, the blocks (each level excluded, with the rule
and source), the notes (rules applied that did not block), and ``needs_decision`` items —
mitigations the regulation leaves to the competent level. Those are never applied silently:
until the workflow passes the item's code in ``granted`` (a recorded human decision), the
conservative result stands.

No silent default between HTNV and KHTNV: a subject whose score band allows HTNV but whose task
conditions meet neither HTNV's nor any KHTNV case (QĐ 366 Điều 11 k3, k4 — e.g. 95 points and
19 of 20 tasks completed) is ``unresolved``: the competent level decides HTNV or KHTNV and
records its reasons (``refusal(level, with_reasons=True)``); neither level passes without them.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction

from phieukin.rules.criteria import TaskCondition, TaskResults
from phieukin.rules.errors import RuleError, RuleViolation, input_error
from phieukin.rules.inputs import AssessmentInputs, Mitigation
from phieukin.rules.levels import Level, SubjectClass
from phieukin.rules.ruleset import HeadMode, RuleSet
from phieukin.rules.sources import Source
from phieukin.rules.triggers import fired_triggers

_ABOVE_FLOOR = [lv for lv in Level if lv > Level.KHTNV]


@dataclass(frozen=True)
class LevelBlock:
    level: Level
    violation: RuleViolation


@dataclass(frozen=True)
class DecisionItem:
    """A mitigation the competent level must rule on (grant or refuse), with its reasons."""

    code: str
    mitigation: Mitigation
    message_vi: str
    message_en: str
    violation: RuleViolation  # the rule that applies unless the mitigation is granted
    level_if_granted: Level


@dataclass(frozen=True)
class Assessment:
    highest_level: Level
    blocks: tuple[LevelBlock, ...]
    forced: tuple[RuleViolation, ...]  # triggers forcing KHTNV (not lifted)
    needs_decision: tuple[DecisionItem, ...]
    notes: tuple[RuleViolation, ...]  # rules applied without blocking (e.g. granted items)
    score: Fraction | None
    # Neither HTNV's conditions nor a KHTNV case: for the competent level, with the reasons.
    unresolved: tuple[RuleViolation, ...] = ()

    def allows(self, level: Level) -> bool:
        return level <= self.highest_level

    def refusal(self, level: Level, *, with_reasons: bool = False) -> RuleViolation | None:
        """The rule that refuses ``level`` (the first block at that level or just above the
        highest allowed), or ``None`` when allowed. An unresolved subject may be given HTNV or
        KHTNV only ``with_reasons`` recorded by the competent level."""
        if self.unresolved and level in (Level.HTNV, Level.KHTNV):
            return None if with_reasons else self.unresolved[0]
        if self.allows(level):
            return None
        at_level = [b.violation for b in self.blocks if b.level == level]
        nearest = [b.violation for b in self.blocks if b.level == self.highest_level + 1]
        return (at_level or nearest)[0]

    def check(self, level: Level) -> None:
        """Raise :class:`RuleError` naming the rule when ``level`` is not allowed."""
        violation = self.refusal(level)
        if violation is not None:
            raise RuleError(violation)


def assess(
    rules: RuleSet, inputs: AssessmentInputs, *, granted: Collection[str] = ()
) -> Assessment:
    """Apply score bands / criteria, task conditions, collective discipline, head rule and
    triggers; ``granted``: codes of ``needs_decision`` items the competent level granted."""
    blocks: list[LevelBlock] = []
    notes: list[RuleViolation] = []
    pending: list[tuple[str, Mitigation, RuleViolation]] = []
    score = _score_blocks(rules, inputs, blocks)
    _criteria_blocks(rules, inputs, blocks)
    _task_blocks(rules, inputs, blocks)
    _collective_discipline(rules, inputs, blocks, pending)
    _head_blocks(rules, inputs, blocks)
    forced = _trigger_blocks(rules, inputs, blocks, pending, notes)
    notes.extend(_unrelated_discipline(rules, inputs))
    granted_codes = {code for code, _, _ in pending if code in granted}
    live = [b for b in blocks if b.violation.code not in granted_codes]
    notes.extend(b.violation for b in blocks if b.violation.code in granted_codes)
    forced = [v for v in forced if v.code not in granted_codes]
    items = tuple(
        DecisionItem(
            code,
            mitigation,
            f"Cấp có thẩm quyền xem xét tình tiết «{mitigation.label_vi}» đối với: {v.message_vi}",
            f"the competent level must rule on {mitigation!r} for: {v.message_en}",
            v,
            _highest([b for b in live if b.violation.code != code]),
        )
        for code, mitigation, v in dict.fromkeys(pending)
        if code not in granted_codes
    )
    unique_notes = tuple(dict.fromkeys(notes))
    highest = _highest(live)
    unresolved = _unresolved(rules, live, forced) if highest is Level.KHTNV else ()
    return Assessment(highest, tuple(live), tuple(forced), items, unique_notes, score, unresolved)


def _unresolved(
    rules: RuleSet, live: list[LevelBlock], forced: list[RuleViolation]
) -> tuple[RuleViolation, ...]:
    """HTNV refused only by its task conditions, and no KHTNV case (trigger, score band,
    criterion rated Kém) applies: the regulation names no level for this subject."""
    at_htnv = [b.violation for b in live if b.level is Level.HTNV]
    if forced or not at_htnv or any(v.code != "tasks.condition" for v in at_htnv):
        return ()
    reasons = "; ".join(v.message_vi for v in at_htnv)
    return (
        RuleViolation(
            "assessment.unresolved",
            f"Không đủ điều kiện HTNV ({reasons}) nhưng cũng không thuộc trường hợp KHTNV nào:"
            " cấp có thẩm quyền xem xét, quyết định mức HTNV hoặc KHTNV và ghi rõ lý do",
            f"neither HTNV's conditions ({'; '.join(v.message_en for v in at_htnv)}) nor any"
            " KHTNV case: the competent level decides HTNV or KHTNV and records its reasons",
            Source(
                rules.regulation,
                "Điều 11, khoản 3, khoản 4",
                "the text names no level between HTNV and KHTNV; referred to the competent level",
                uncertain=True,
            ),
        ),
    )


def _trigger_blocks(
    rules: RuleSet,
    inputs: AssessmentInputs,
    blocks: list[LevelBlock],
    pending: list[tuple[str, Mitigation, RuleViolation]],
    notes: list[RuleViolation],
) -> list[RuleViolation]:
    """Each fired trigger blocks every level above KHTNV; an allowed mitigation shown by the
    facts adds a pending decision (the block stays until the decision grants it). A hit the
    trigger's own text excepts is a note, never a block."""
    forced = []
    for hit in fired_triggers(rules.triggers, inputs):
        r = hit.rule
        if hit.excepted:
            notes.append(
                RuleViolation(
                    f"{r.code}.excepted",
                    f"{r.message_vi} ({hit.detail}): tự phát hiện và khắc phục xong hậu quả,"
                    " không thuộc trường hợp KHTNV",
                    f"{r.message_en} ({hit.detail}): self-found and remedied, excepted",
                    r.source,
                )
            )
            continue
        violation = RuleViolation(
            r.code, f"{r.message_vi} ({hit.detail})", f"{r.message_en} ({hit.detail})", r.source
        )
        if hit.mitigation is not None:
            pending.append((r.code, hit.mitigation, violation))
        forced.append(violation)
        blocks.extend(LevelBlock(lv, violation) for lv in _ABOVE_FLOOR)
    return forced


def _unrelated_discipline(rules: RuleSet, inputs: AssessmentInputs) -> list[RuleViolation]:
    """QĐ 366 counts only duty-related discipline as a trigger; other discipline in the year is
    shown (never dropped silently) so the competent level weighs it (Điều 11 k4.3)."""
    duty_only = [t for t in rules.triggers if t.duty_related_only and t.check == "disciplined"]
    if inputs.kind.is_collective or not duty_only:
        return []
    other = [d for d in inputs.in_year(inputs.disciplines) if not d.duty_related]
    if not other:
        return []
    forms = ", ".join(d.form.label_vi for d in other)
    return [
        RuleViolation(
            "discipline.not_duty_related",
            f"Kỷ luật trong năm không liên quan thực thi nhiệm vụ ({forms}): cấp có thẩm quyền"
            " xem xét khi xếp loại",
            f"discipline in the year not related to duties ({forms}): for the competent level",
            Source(rules.regulation, "Điều 11, khoản 4, tiết 4.3"),
        )
    ]


def _highest(blocks: list[LevelBlock]) -> Level:
    blocked = {b.level for b in blocks}
    return max((lv for lv in Level if lv not in blocked), default=Level.KHTNV)


def _score_blocks(
    rules: RuleSet, inputs: AssessmentInputs, blocks: list[LevelBlock]
) -> Fraction | None:
    if rules.score is None:
        return None
    if inputs.group_scores is None:
        raise input_error("score.missing", "Thiếu điểm tự chấm", "group scores are required")
    total = rules.score.total(inputs.group_scores)
    band = rules.score.band_for(total)
    shown = f"{float(total):g}"
    blocks.extend(
        LevelBlock(
            other.level,
            RuleViolation(
                "score.band",
                f"Tổng điểm {shown} dưới mức {other.minimum} cần cho {other.level.abbr}",
                f"total score {shown} is below {other.minimum} for {other.level.abbr}",
                other.source,
            ),
        )
        for other in rules.score.bands
        if other.level > band.level
    )
    return total


def _criteria_blocks(rules: RuleSet, inputs: AssessmentInputs, blocks: list[LevelBlock]) -> None:
    if not rules.criteria:
        return
    if inputs.criteria is None or inputs.task_rating is None:
        raise input_error(
            "criteria.missing", "Thiếu đánh giá theo tiêu chí", "criterion ratings are required"
        )
    worst = min(inputs.criteria.values(), default=None)
    task = inputs.task_rating
    blocks.extend(
        LevelBlock(
            req.level,
            RuleViolation(
                "criteria.rating",
                f"{req.level.abbr} cần các tiêu chí đạt «{req.general_min.label_vi}» trở lên"
                f" và kết quả nhiệm vụ «{req.tasks_min.label_vi}» trở lên",
                f"{req.level.abbr} needs every criterion >= {req.general_min.name}"
                f" and task results >= {req.tasks_min.name}",
                req.source,
            ),
        )
        for req in rules.criteria
        if (worst is not None and worst < req.general_min) or task < req.tasks_min
    )


def _condition_failures(cond: TaskCondition, tasks: TaskResults) -> list[str]:
    failed = []
    if tasks.share(tasks.completed) < cond.min_completed:
        failed.append(f"hoàn thành {tasks.completed}/{tasks.planned}")
    if cond.min_on_time is not None and tasks.share(tasks.on_time) < cond.min_on_time:
        failed.append(f"đúng hạn {tasks.on_time}/{tasks.planned}")
    if cond.min_exceeding is not None and tasks.share(tasks.exceeding) < cond.min_exceeding:
        failed.append(f"vượt yêu cầu {tasks.exceeding}/{tasks.planned} (< {cond.min_exceeding})")
    if cond.max_late is not None and tasks.share(tasks.late) > cond.max_late:
        failed.append(f"chậm tiến độ {tasks.late}/{tasks.planned} (> {cond.max_late})")
    return failed


def _task_blocks(rules: RuleSet, inputs: AssessmentInputs, blocks: list[LevelBlock]) -> None:
    if not rules.task_conditions:
        return
    if inputs.tasks is None:
        raise input_error("tasks.missing", "Thiếu kết quả thực hiện nhiệm vụ", "tasks are required")
    leader = inputs.kind.subject_class is SubjectClass.LEADER
    if leader and inputs.led_unit_tasks is None:
        raise input_error(
            "tasks.led_unit_missing",
            "Thiếu kết quả nhiệm vụ của địa phương, đơn vị do cán bộ trực tiếp lãnh đạo",
            "leaders need the task results of the units they directly lead",
        )
    for cond in rules.task_conditions:
        failed = _condition_failures(cond, inputs.tasks)
        if leader and cond.led_units_too and inputs.led_unit_tasks is not None:
            failed += [f"đơn vị: {f}" for f in _condition_failures(cond, inputs.led_unit_tasks)]
        found, fixed = inputs.shortcomings_identified, inputs.shortcomings_remedied
        need = cond.shortcomings_remedied
        if need is not None and found > 0 and Fraction(fixed, found) < need:
            failed.append(f"khắc phục hạn chế {fixed}/{found}")
        if failed:
            text = "; ".join(failed)
            blocks.append(
                LevelBlock(
                    cond.level,
                    RuleViolation(
                        "tasks.condition",
                        f"Chưa đủ điều kiện {cond.level.abbr}: {text}",
                        f"conditions for {cond.level.abbr} not met: {text}",
                        cond.source,
                    ),
                )
            )


def _collective_discipline(
    rules: RuleSet,
    inputs: AssessmentInputs,
    blocks: list[LevelBlock],
    pending: list[tuple[str, Mitigation, RuleViolation]],
) -> None:
    if not inputs.kind.is_collective:
        return
    records = inputs.in_year(inputs.subordinate_disciplines) + tuple(
        d for d in inputs.in_year(inputs.member_disciplines) if not d.at_previous_unit
    )
    if not records:
        return
    for rule in rules.collective_discipline:
        code = (
            "collective_discipline.with_exception"
            if rule.self_found_exception
            else f"collective_discipline.{rule.level.abbr.lower()}"
        )
        violation = RuleViolation(
            code,
            f"Tổ chức trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật trong năm:"
            f" không được xếp loại {rule.level.abbr}",
            f"a subordinate organization or leadership member was disciplined in the year:"
            f" {rule.level.abbr} not allowed",
            rule.source,
        )
        if rule.self_found_exception and all(d.self_found_and_remedied for d in records):
            pending.append((code, Mitigation.SELF_FOUND_AND_REMEDIED, violation))
        blocks.extend(LevelBlock(lv, violation) for lv in Level if lv >= rule.level)


def _head_blocks(rules: RuleSet, inputs: AssessmentInputs, blocks: list[LevelBlock]) -> None:
    collective = inputs.headed_collective_level
    if rules.head.mode != HeadMode.NOT_ABOVE_COLLECTIVE or collective is None:
        return
    violation = RuleViolation(
        "head.above_collective",
        f"Người đứng đầu không được xếp loại cao hơn tập thể ({collective.abbr})",
        f"the head may not be rated above the collective ({collective.abbr})",
        rules.head.source,
    )
    blocks.extend(LevelBlock(lv, violation) for lv in Level if lv > collective)
