"""What the rules say about deciding a level now: blocks (refuse) and cap warnings (confirm).

``check_decision`` gathers, for one subject, level and deciding body: scope, authority
(``check_decider``), the steps before (a self-review must exist), the level the facts allow
(``assess``), the mandatory order (``order_violations`` on the subject's local graph) and the
HTXSNV cap of its comparable group (``check_cap``). Blocks are refused outright; cap
violations are shown and need an explicit confirmation (or the recorded 25% exception).

Where the body that applies the cap sits above this installation (a province's own rating: the
Politburo/Secretariat count it within the group of organizations directly under the Central
Committee, ``AuthorityRule.cap_body``), the group here is not the group the cap is counted in:
the state of the group is shown as information (``cap_info``), asks for no confirmation, and
its counts are reported upward (docs/rules.md §5.1).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Q

from phieukin.evaluations.models import CapException, Level, Period, SelfReview, Subject
from phieukin.evaluations.services.inputs import assessment_inputs, to_rules_level
from phieukin.evaluations.services.kinds import (
    BODY_LABELS,
    authority,
    home_organization,
    outside_installation,
    rules_for,
    rules_kind,
)
from phieukin.evaluations.services.reviews import step_violation
from phieukin.rules import (
    Assessment,
    Body,
    CapCheck,
    CapDecision,
    MemberStanding,
    OrgKind,
    RuleError,
    RuleViolation,
    ScopeFacts,
    SubjectGraph,
    SubjectNode,
    assess,
    check_cap,
    check_decider,
    order_violations,
    out_of_scope,
)
from phieukin.rules.sources import DESIGN, Source


@dataclass(frozen=True)
class DecisionCheck:
    level: str
    body: Body
    blocks: tuple[RuleViolation, ...]
    cap_warnings: tuple[RuleViolation, ...]
    assessment: Assessment | None
    cap: CapCheck | None
    exception: bool
    cap_info: tuple[RuleViolation, ...] = ()  # the cap applied above this installation

    @property
    def ok(self) -> bool:
        return not self.blocks and not self.cap_warnings


def scope_violation(subject: Subject) -> RuleViolation | None:
    if subject.in_scope:
        return None
    if subject.member_id is not None:
        member = subject.member
        review_on = subject.period.review_on or subject.period.ends_on
        facts = ScopeFacts(MemberStanding(member.status), member.admitted_on, review_on)
        found = out_of_scope(rules_for(subject.period), facts)
        if found is not None:
            return found
    return RuleViolation(
        "scope.excluded",
        f"Đối tượng không thuộc diện xếp loại: {subject.out_of_scope_reason}",
        f"subject not rated: {subject.out_of_scope_reason}",
        Source(DESIGN, "B.3"),
    )


def _authority(subject: Subject, body: Body) -> list[RuleViolation]:
    org = home_organization(subject)
    try:
        check_decider(
            rules_for(subject.period),
            body,
            rules_kind(subject),
            OrgKind(org.kind),
            parent_kind=OrgKind(org.parent.kind) if org.parent is not None else None,
        )
    except RuleError as exc:
        return [exc.violation]
    return []


def _node(subject: Subject, *, links: bool) -> SubjectNode:
    """A node for the order rules; only the subject being decided needs its own links (its
    prerequisites are its children, the collective it heads and those it sits on)."""
    member_of = subject.leadership_of.values_list("pk", flat=True) if links else []
    return SubjectNode(
        str(subject.pk),
        rules_kind(subject),
        head_of=str(subject.head_of_id) if links and subject.head_of_id else None,
        member_of=frozenset(str(pk) for pk in member_of),
    )


def order_blocks(subject: Subject) -> list[RuleViolation]:
    """Order rules on the subject's neighbourhood: its in-scope children and linked collectives."""
    own = _node(subject, links=True)
    nodes = {own.id: own}
    for child in subject.children.filter(in_scope=True).select_related("member"):
        nodes[str(child.pk)] = SubjectNode(str(child.pk), rules_kind(child), parent=own.id)
    linked = [int(n) for n in (own.head_of, *own.member_of) if n]
    for other in Subject.objects.filter(pk__in=linked).select_related("member"):
        nodes.setdefault(str(other.pk), _node(other, links=False))
    ids = [int(x) for x in nodes if x != own.id]
    others = Subject.objects.filter(pk__in=ids).select_related("member", "organization")
    names = {str(s.pk): str(s) for s in others}
    decided = {str(s.pk) for s in others if s.decided_level}
    found = order_violations(
        rules_for(subject.period), SubjectGraph(nodes.values()), own.id, decided
    )
    return [_named(v, names, subject) for v in found]


def _named(v: RuleViolation, names: dict[str, str], subject: Subject) -> RuleViolation:
    """Replace ids by names in the message: users read names, not database ids."""
    vi, en = v.message_vi, v.message_en
    for pk, name in names.items():
        vi = vi.replace(f"«{pk}»", f"«{name}»")
        en = en.replace(f"'{pk}'", f"'{name}'")
    vi = vi.replace(f"«{subject.pk}»", f"«{subject}»")
    en = en.replace(f"'{subject.pk}'", f"'{subject}'")
    return RuleViolation(v.code, vi, en, v.source)


def cap_state(subject: Subject, level: str) -> tuple[CapCheck, bool]:
    """The subject's comparable group with this level proposed (decided rows counted first)."""
    group = subject.comparable_group
    period = subject.period
    exception = CapException.objects.filter(period=period, group=group).exists()
    decided = (
        Subject.objects.filter(period=period, comparable_group=group, decided_level__isnull=False)
        .exclude(pk=subject.pk)
        .values_list("pk", "decided_level")
    )
    rows = [CapDecision(str(pk), group, to_rules_level(lv)) for pk, lv in decided]
    rows.append(CapDecision(str(subject.pk), group, to_rules_level(level), proposed=True))
    return check_cap(rows, group, rules_for(period).cap, exception=exception), exception


def cap_applied_above(subject: Subject) -> RuleViolation | None:
    """The information shown instead of a cap check when the cap's body is outside here."""
    try:
        chain = authority(subject)
    except RuleError:
        return None
    if not outside_installation(subject, chain.cap_body):
        return None
    rules = rules_for(subject.period)
    body = BODY_LABELS.get(chain.cap_body, chain.cap_body)
    return RuleViolation(
        "cap.applied_above",
        f"Giới hạn HTXSNV (không quá {float(rules.cap.ratio * 100):g}% số được xếp loại HTTNV)"
        f" do cấp trên áp dụng trong nhóm của cấp trên ({body}); số liệu nhóm"
        f" «{subject.comparable_group}» tại đây được báo cáo lên cấp trên",
        f"the HTXSNV cap is applied by {chain.cap_body} within its own group; the counts of"
        f" group {subject.comparable_group!r} here are reported upward",
        chain.cap_source or rules.cap.source,
    )


def groups_capped_above(period: Period, groups: Collection[str]) -> set[str]:
    """Of ``groups``, those whose cap is applied above this installation (shown as information
    on the roll-up, counts reported upward). Only subjects of a top organization here can have
    their cap's body outside, so only those are read."""
    tops = (
        Subject.objects.filter(period=period, comparable_group__in=list(groups))
        .filter(
            Q(organization__parent__isnull=True, member__isnull=True)
            | Q(member__organization__parent__isnull=True)
        )
        .select_related("period", "organization", "member__organization")
        .order_by("comparable_group", "pk")
    )
    found: set[str] = set()
    for subject in tops:
        if subject.comparable_group not in found and cap_applied_above(subject) is not None:
            found.add(subject.comparable_group)
    return found


def check_decision(
    subject: Subject,
    level: str,
    *,
    body: Body,
    granted: Collection[str] = (),
    check_order: bool = True,
    reasons: str = "",
) -> DecisionCheck:
    """Everything that refuses or warns about deciding ``level`` for ``subject`` by ``body``.

    ``reasons``: the competent level's recorded reasons; an unresolved subject (neither HTNV's
    conditions nor a KHTNV case) may be given HTNV or KHTNV only with them."""
    blocks: list[RuleViolation] = []
    scope = scope_violation(subject)
    if scope is not None:
        blocks.append(scope)
    blocks += _authority(subject, body)
    if not SelfReview.objects.filter(subject=subject).exists():
        blocks.append(
            step_violation(
                subject,
                "Chưa có bản tự kiểm điểm, tự đánh giá, xếp loại (Bước 1)",
                "no self-review and self-rating (step 1) yet",
            )
        )
    assessment = None
    if level not in Level.values:
        raise ValueError(f"unknown level {level!r}")
    try:
        assessment = assess(rules_for(subject.period), assessment_inputs(subject), granted=granted)
        refusal = assessment.refusal(to_rules_level(level), with_reasons=bool(reasons.strip()))
        if refusal is not None:
            blocks.append(refusal)
    except RuleError as exc:
        blocks.append(exc.violation)
    if check_order:
        blocks += order_blocks(subject)
    cap, exception = cap_state(subject, level)
    above = cap_applied_above(subject)
    if above is not None:
        return DecisionCheck(level, body, tuple(blocks), (), assessment, cap, exception, (above,))
    warnings = (cap.violation,) if cap.violation is not None else ()
    return DecisionCheck(level, body, tuple(blocks), warnings, assessment, cap, exception)
