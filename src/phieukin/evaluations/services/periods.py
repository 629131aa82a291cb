"""Opening a period: its rule set, deadlines and the subjects generated from the tree.

Subjects come from the organization tree under the period's organization: each party
organization (and cell), each of its committees sitting on the review date (Executive,
Standing, cell committee) as collectives, and each member registered in a cell of the subtree
as an individual — out-of-scope members are listed with the rule that excludes them
(``out_of_scope``: suspended, exempted, admitted < 6 months, transferred), so the list of
who is not rated is as visible as who is. Leaders are flagged from committee seats.
Everything is written in one transaction with bulk inserts (a province has tens of thousands).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import (
    CollectiveKind,
    Cycle,
    Period,
    PeriodStatus,
    Regulation,
    Subject,
    SubjectKind,
)
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.frameworks import DEFAULT_FRAMEWORKS
from phieukin.evaluations.services.groups import default_group
from phieukin.evaluations.services.kinds import COMMITTEE_COLLECTIVE
from phieukin.organizations.models import (
    CELL_KINDS,
    Committee,
    CommitteeKind,
    CommitteeSeat,
    Member,
    Organization,
    SeatRole,
)
from phieukin.rules import (
    Deadline,
    MemberStanding,
    PeriodKind,
    RuleError,
    RuleSet,
    ScopeFacts,
    check_period_kind,
    deadlines_for,
    out_of_scope,
    quarter_dates,
    rule_set_for,
    rule_set_for_year,
)
from phieukin.rules import SubjectKind as RulesKind
from phieukin.rules.cycles import title_vi as cycle_title

LEADER_ROLES = {SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.STANDING_MEMBER}


def period_deadlines(period: Period) -> dict[str, Deadline]:
    """The period's deadlines from its rule set (finish, special cycle, dossiers, report)."""
    rules = rule_set_for(period.regulation.removeprefix("reg"))
    return deadlines_for(rules.deadlines, period.year)


def _rule_set(year: int, regulation: str | None) -> RuleSet:
    """The rule set named, or the one in force for the year; refused with the rule if none."""
    try:
        rules = rule_set_for(regulation) if regulation else rule_set_for_year(year)
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None
    if f"reg{rules.code}" not in Regulation.values:
        raise EvaluationError(_("Unknown regulation %(code)s."), code=rules.code)
    return rules


def _dates(
    kind: PeriodKind, year: int, quarter: int | None, due: dict[str, Deadline], finish: Deadline
) -> tuple[date, date, date]:
    """(starts_on, ends_on, deadline) of a period. A year: 1/1 to the dossiers' deadline,
    reports due at the regulation's finish. A quarter: its first day to the 15th of the month
    after it, reports due then (phieukin's default: HD 43 sets no day; docs/rules.md §12)."""
    if kind is PeriodKind.QUARTERLY and quarter is not None:
        first, last = quarter_dates(year, quarter)
        due_on = date(last.year + (last.month == 12), last.month % 12 + 1, 15)
        return first, due_on, due_on
    return date(year, 1, 1), due["dossiers_to_coc"].last_day, finish.last_day


def _refuse_duplicate(
    organization: Organization, year: int, kind: PeriodKind, quarter: int | None
) -> None:
    same = Period.objects.filter(organization=organization, year=year, cycle=kind.value)
    if kind is PeriodKind.ANNUAL and same.exists():
        raise EvaluationError(
            _("%(org)s already has an annual period for %(year)s."),
            org=organization.name,
            year=year,
        )
    if kind is PeriodKind.QUARTERLY and same.filter(quarter=quarter).exists():
        raise EvaluationError(
            _("%(org)s already has a period for quarter %(quarter)s of %(year)s."),
            org=organization.name,
            quarter=quarter,
            year=year,
        )


@transaction.atomic
def do_open_period(
    organization: Organization,
    year: int,
    *,
    actor: Any,
    regulation: str | None = None,
    title: str = "",
    review_on: date | None = None,
    special_cycle: bool = False,
    cycle: str = Cycle.ANNUAL,
    quarter: int | None = None,
    reason: str = "",
    depth: int | None = None,
    seat_kinds: Collection[str] | None = None,
) -> Period:
    """Open the period under the regulation in force for ``year`` (or the one named) and
    generate its subjects. ``cycle``: annual, or (QĐ 366 only) quarterly with its ``quarter``,
    by term, or ad hoc with its ``reason`` — ``phieukin.rules.check_period_kind`` refuses the
    others with the rule. ``depth``: how many levels of the tree below the organization to
    include (None: all; 1: the organization and those directly under it, with its committees
    and their members — what the organization's own bodies rate). ``seat_kinds``: the kinds
    of committee whose sitting members registered outside the included cells are rated here
    (None: every kind; {"standing"}: the Standing Committee members the conference reviews,
    the other Executive Committee members being rated where they work). Refuses an unknown
    regulation, a second annual period or a second period for the same quarter."""
    rules = _rule_set(year, regulation)
    try:
        kind = check_period_kind(rules.code, cycle, quarter, reason)
    except RuleError as exc:
        raise RuleRefusedError.from_rule_error(exc) from None
    due = deadlines_for(rules.deadlines, year)
    finish = due["finish_special_cycle" if special_cycle else "finish"]
    _refuse_duplicate(organization, year, kind, quarter)
    starts_on, ends_on, deadline = _dates(kind, year, quarter, due, finish)
    default_review = quarter_dates(year, quarter)[1] if quarter else finish.last_day
    try:
        with transaction.atomic():
            period = Period.objects.create(
                organization=organization,
                title=title.strip() or cycle_title(kind, year, quarter, organization.name),
                year=year,
                cycle=kind.value,
                quarter=quarter,
                cycle_reason=reason.strip(),
                regulation=f"reg{rules.code}",
                starts_on=starts_on,
                ends_on=ends_on,
                deadline=deadline,
                review_on=review_on or default_review,
                special_cycle=special_cycle,
                criteria_framework=DEFAULT_FRAMEWORKS if rules.score is not None else {},
                status=PeriodStatus.OPEN,
            )
    except IntegrityError:
        raise EvaluationError(_("The period's dates are not consistent.")) from None
    counts = generate_subjects(period, depth=depth, seat_kinds=seat_kinds)
    refresh_rollup(period)  # the roll-up counts every subject from the start, then moves live
    record_event(
        "evaluations.period_opened",
        actor=actor,
        obj=period,
        data={
            "year": year,
            "regulation": period.regulation,
            "cycle": period.cycle,
            "quarter": quarter,
            "subjects": counts,
        },
    )
    return period


@transaction.atomic
def do_change_regulation(period: Period, regulation: str, *, actor: Any) -> Period:
    """Put an open period under another rule set, before anything is decided under it.

    Refused once the period has decisions or is closed (``Period.regulation_frozen``): those
    records were decided under the old rules. The subjects stay; their checks read the new
    rule set from now on."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    rules = _rule_set(period.year, regulation)
    old, period.regulation = period.regulation, f"reg{rules.code}"
    if old == period.regulation:
        return period
    if period.regulation_change_refused() is not None:
        raise EvaluationError(
            _("The period has decisions or is closed: its regulation cannot change.")
        )
    period.save(update_fields=["regulation"])
    record_event(
        "evaluations.regulation_changed",
        actor=actor,
        obj=period,
        data={"old": old, "new": period.regulation},
    )
    return period


@transaction.atomic
def do_close_period(period: Period, *, actor: Any) -> Period:
    """Close a period: its regulation is frozen from now on."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.CLOSED:
        raise EvaluationError(_("The period is already closed."))
    period.status = PeriodStatus.CLOSED
    period.save(update_fields=["status"])
    record_event("evaluations.period_closed", actor=actor, obj=period, data={})
    return period


@dataclass
class _Build:
    period: Period
    rules: Any
    review_on: date
    org_subject: dict[int, Subject]
    committee_subject: dict[int, Subject]


def generate_subjects(
    period: Period, *, depth: int | None = None, seat_kinds: Collection[str] | None = None
) -> dict[str, int]:
    """Create the period's subjects from the tree (call inside the opening transaction)."""
    rules = rule_set_for(period.regulation.removeprefix("reg"))
    build = _Build(period, rules, period.review_on or period.ends_on, {}, {})
    tree = period.organization.subtree().filter(is_active=True)
    if depth is not None:
        tree = tree.filter(depth__lte=period.organization.depth + depth)
    orgs = list(tree.order_by("depth", "path"))
    _organization_subjects(build, orgs)
    committees = _committee_subjects(build, orgs)
    individuals = _member_subjects(build, orgs, committees, seat_kinds)
    in_scope = sum(s.in_scope for s in individuals)
    return {
        "collectives": len(build.org_subject) + len(build.committee_subject),
        "individuals": len(individuals),
        "out_of_scope": len(individuals) - in_scope,
    }


def _organization_subjects(build: _Build, orgs: list[Organization]) -> None:
    by_depth: dict[int, list[Organization]] = {}
    for org in orgs:
        by_depth.setdefault(org.depth, []).append(org)
    for depth in sorted(by_depth):
        rows = []
        for org in by_depth[depth]:
            ck = (
                CollectiveKind.CELL if org.kind in CELL_KINDS else CollectiveKind.PARTY_ORGANIZATION
            )
            subject = Subject(
                period=build.period,
                kind=SubjectKind.COLLECTIVE,
                collective_kind=ck,
                organization=org,
                rules_kind=RulesKind.PARTY_ORGANIZATION,
                parent=build.org_subject.get(org.parent_id or 0),
            )
            subject.comparable_group = default_group(subject, org)
            rows.append(subject)
        for s in Subject.objects.bulk_create(rows):
            build.org_subject[s.organization_id] = s  # type: ignore[index]


def _current_committees(build: _Build, orgs: list[Organization]) -> list[Committee]:
    on = build.review_on
    current = (
        Committee.objects.filter(organization__in=orgs, term_start__lte=on)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=on))
        .select_related("organization")
        .order_by("organization_id", "kind", "-term_start")
    )
    latest: dict[tuple[int, str], Committee] = {}
    for committee in current:
        latest.setdefault((committee.organization_id, committee.kind), committee)
    return list(latest.values())


def _committee_subjects(build: _Build, orgs: list[Organization]) -> list[Committee]:
    committees = _current_committees(build, orgs)
    rows = []
    for committee in committees:
        ck = COMMITTEE_COLLECTIVE[CommitteeKind(committee.kind)]
        subject = Subject(
            period=build.period,
            kind=SubjectKind.COLLECTIVE,
            collective_kind=ck,
            organization=committee.organization,
            committee=committee,
            rules_kind=RulesKind.STANDING_COMMITTEE
            if ck == CollectiveKind.STANDING_COMMITTEE
            else RulesKind.PARTY_COMMITTEE,
            parent=build.org_subject[committee.organization_id],
        )
        subject.comparable_group = default_group(subject, committee.organization)
        rows.append(subject)
    for s in Subject.objects.bulk_create(rows):
        build.committee_subject[s.committee_id] = s  # type: ignore[index]
    return committees


def _seats(build: _Build, committees: list[Committee]) -> dict[int, list[CommitteeSeat]]:
    on = build.review_on
    seats = (
        CommitteeSeat.objects.filter(committee__in=committees, start_on__lte=on)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=on))
        .select_related("committee__organization")
    )
    by_member: dict[int, list[CommitteeSeat]] = {}
    for seat in seats:
        by_member.setdefault(seat.member_id, []).append(seat)
    return by_member


def _is_leader(seats: list[CommitteeSeat]) -> bool:
    return any(
        seat.role in LEADER_ROLES
        or (seat.committee.kind != CommitteeKind.CELL and not seat.committee.organization.is_cell)
        for seat in seats
    )


def _member_subjects(
    build: _Build,
    orgs: list[Organization],
    committees: list[Committee],
    seat_kinds: Collection[str] | None,
) -> list[Subject]:
    seats = _seats(build, committees)
    cells = [o for o in orgs if o.is_cell]
    seated = [
        pk
        for pk, rows in seats.items()
        if seat_kinds is None or any(r.committee.kind in seat_kinds for r in rows)
    ]
    members = Member.objects.filter(Q(organization__in=cells) | Q(pk__in=seated)).select_related(
        "organization"
    )
    rows = [_member_subject(build, m, seats.get(m.pk, [])) for m in members]
    created = Subject.objects.bulk_create(rows)
    _link_leadership(build, created, seats)
    return created


def _member_subject(build: _Build, member: Member, seats: list[CommitteeSeat]) -> Subject:
    facts = ScopeFacts(MemberStanding(member.status), member.admitted_on, build.review_on)
    refusal = out_of_scope(build.rules, facts)
    leader = _is_leader(seats)
    subject = Subject(
        period=build.period,
        kind=SubjectKind.INDIVIDUAL,
        member=member,
        title=member.position[:300],
        rules_kind=RulesKind.LEADER if leader else RulesKind.MEMBER,
        is_leader=leader,
        in_scope=refusal is None,
        out_of_scope_reason=refusal.explain_vi()[:300] if refusal else "",
        parent=build.org_subject.get(member.organization_id),
    )
    subject.comparable_group = default_group(subject, member.organization)
    return subject


def _link_leadership(
    build: _Build, created: list[Subject], seats: dict[int, list[CommitteeSeat]]
) -> None:
    """Leadership collectives each member sits on, and the collective each Secretary heads."""
    through = Subject.leadership_of.through
    links = []
    heads = []
    for subject in created:
        for seat in seats.get(subject.member_id or 0, []):
            collective = build.committee_subject.get(seat.committee_id)
            if collective is None:
                continue
            links.append(through(from_subject_id=subject.pk, to_subject_id=collective.pk))
            if seat.role == SeatRole.SECRETARY and subject.head_of_id is None:
                subject.head_of = _headed(build, seat.committee)
                heads.append(subject)
    through.objects.bulk_create(links)
    Subject.objects.bulk_update(heads, ["head_of"])


def _headed(build: _Build, committee: Committee) -> Subject:
    """A Secretary heads the leadership collective: the Standing Committee where there is one
    (the executive committee or cell committee otherwise)."""
    same_org = [
        s
        for s in build.committee_subject.values()
        if s.organization_id == committee.organization_id
    ]
    standing = [s for s in same_org if s.collective_kind == CollectiveKind.STANDING_COMMITTEE]
    return (standing or [build.committee_subject[committee.pk]])[0]
