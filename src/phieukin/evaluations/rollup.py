"""Roll-up of decided levels over the organization tree (docs/architecture.md §6: national < 1 s).

Two tables (``rollup_models``), both set-based SQL over the materialized path, never a Python
loop over subjects:

1. ``refresh_rollup(period)`` aggregates the period's subjects once into ``OwnCount`` (per home
   organization: the collective's own organization or the member's *current* cell) and then,
   one depth at a time from the leaves up, into ``SubtreeCount`` (per organization, its whole
   subtree). At national scale (5.6 M subjects) this is one pass of a few seconds. It runs when
   a period opens and as the command for bulk loads; from then on every decision, re-rating
   and change of group moves its one subject in its own transaction (``rollup_live.move``), so
   the figures are never stale.
2. The readers (``rollup``, ``children_rollup``, ``cap_groups``, ``unrated``,
   ``member_history``) answer from those tables; a dashboard read touches tens of rows.

The cap per comparable group uses the period's rule set (``phieukin.rules.check_cap``); groups
are read for the organization itself and the two levels below it — the subjects its committee
and its immediate subordinates decide (HD 43 mục 3), not the 60,000 member groups of the whole
country.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from phieukin.evaluations.models import (
    CapException,
    Level,
    OwnCount,
    Period,
    RollupSnapshot,
    Subject,
    SubjectKind,
    SubtreeCount,
)
from phieukin.organizations.models import Organization
from phieukin.rules.cap import CapCheck, CapDecision, check_cap
from phieukin.rules.levels import Level as RulesLevel
from phieukin.rules.registry import rule_set_for

LEVELS: tuple[str, ...] = tuple(Level.values)  # best first

# Collectives by their own organization, individuals by their member's cell: two plain joins
# (one COALESCE join cannot use the path index for a subtree).
_OWN_SQL = (
    """
    INSERT INTO evaluations_owncount
        (period_id, organization_id, path, depth, kind, comparable_group, level, in_scope, n)
    SELECT s.period_id, o.id, o.path, o.depth, s.kind, s.comparable_group, s.decided_level,
           s.in_scope, COUNT(*)
    FROM evaluations_subject s JOIN organizations_organization o ON o.id = s.organization_id
    WHERE s.period_id = %s AND s.member_id IS NULL AND o.path LIKE %s
    GROUP BY s.period_id, o.id, o.path, o.depth, s.kind, s.comparable_group, s.decided_level,
             s.in_scope
    """,
    """
    INSERT INTO evaluations_owncount
        (period_id, organization_id, path, depth, kind, comparable_group, level, in_scope, n)
    SELECT s.period_id, o.id, o.path, o.depth, s.kind, s.comparable_group, s.decided_level,
           s.in_scope, COUNT(*)
    FROM evaluations_subject s JOIN organizations_member m ON m.id = s.member_id
    JOIN organizations_organization o ON o.id = m.organization_id
    WHERE s.period_id = %s AND o.path LIKE %s
    GROUP BY s.period_id, o.id, o.path, o.depth, s.kind, s.comparable_group, s.decided_level,
             s.in_scope
    """,
)

# Rows of depth d under a prefix = own rows at depth d + subtree rows of their children.
_UP_SQL = """
INSERT INTO evaluations_subtreecount
    (period_id, organization_id, parent_id, depth, kind, level, in_scope, n)
SELECT %s, x.org, o.parent_id, %s, x.kind, x.level, x.in_scope, SUM(x.n)
FROM (
    SELECT organization_id AS org, kind, level, in_scope, n
    FROM evaluations_owncount WHERE period_id = %s AND depth = %s AND path LIKE %s
    UNION ALL
    SELECT sc.parent_id AS org, sc.kind, sc.level, sc.in_scope, sc.n
    FROM evaluations_subtreecount sc JOIN organizations_organization p ON p.id = sc.parent_id
    WHERE sc.period_id = %s AND sc.depth = %s AND p.path LIKE %s
) x
JOIN organizations_organization o ON o.id = x.org
GROUP BY x.org, o.parent_id, x.kind, x.level, x.in_scope
"""


def _up(cur: Any, period: Period, depth: int, prefix: str) -> None:
    like = prefix + "%"
    cur.execute(_UP_SQL, [period.pk, depth, period.pk, depth, like, period.pk, depth + 1, like])


def refresh_rollup(period: Period, *, under: Organization | None = None) -> RollupSnapshot:
    """Re-aggregate ``period`` (or only the subtree ``under`` and its ancestors' totals).

    One transaction: readers see the old figures or the new, never half. After decisions in
    one province, ``under=province`` redoes that province and the 1–2 rows above it instead of
    the whole country.
    """
    prefix = under.path if under is not None else "/"
    ancestors = Organization.objects.filter(pk__in=under.ancestor_ids()) if under else None
    with transaction.atomic(), connection.cursor() as cur:
        # The live updates of decisions hold this lock too (services.decisions.lock_subject).
        Period.objects.select_for_update().filter(pk=period.pk).values_list("pk").get()
        OwnCount.objects.filter(period=period, path__startswith=prefix).delete()
        stale = SubtreeCount.objects.filter(period=period)
        if under is not None:
            stale = stale.filter(
                Q(organization__path__startswith=prefix) | Q(organization__in=ancestors)
            )
        stale.delete()
        for sql in _OWN_SQL:
            cur.execute(sql, [period.pk, prefix + "%"])
        deepest = OwnCount.objects.filter(period=period).aggregate(d=Max("depth"))["d"]
        top = under.depth if under is not None else 0
        for depth in range(deepest if deepest is not None else -1, top - 1, -1):
            _up(cur, period, depth, prefix)
        for ancestor in ancestors.order_by("-depth") if ancestors is not None else []:
            _up(cur, period, ancestor.depth, ancestor.path)
        if connection.vendor == "postgresql" and under is None:  # or the planner guesses 1 row
            cur.execute("ANALYZE evaluations_owncount, evaluations_subtreecount")
        total = OwnCount.objects.filter(period=period).aggregate(n=Sum("n"))["n"] or 0
        snapshot, _ = RollupSnapshot.objects.update_or_create(
            period=period, defaults={"refreshed_at": timezone.now(), "subjects": total}
        )
    return snapshot


@dataclass(frozen=True)
class Distribution:
    """Counts of one kind of subject (collectives or individuals) in a subtree."""

    levels: dict[str, int]  # level value -> count of decided subjects
    unrated: int  # in scope, no decided level yet
    out_of_scope: int

    @property
    def decided(self) -> int:
        return sum(self.levels.values())

    @property
    def in_scope(self) -> int:
        return self.decided + self.unrated

    def percent(self, level: str) -> float:
        """Share of the decided subjects (the base of the published tables)."""
        return 100 * self.levels.get(level, 0) / self.decided if self.decided else 0.0

    @property
    def progress(self) -> float:
        return 100 * self.decided / self.in_scope if self.in_scope else 100.0


def _distribution(rows: Iterable[tuple[str | None, bool, int]]) -> Distribution:
    levels = dict.fromkeys(LEVELS, 0)
    unrated = out = 0
    for level, in_scope, n in rows:
        if not in_scope:
            out += n
        elif level is None:
            unrated += n
        else:
            levels[level] += n
    return Distribution(levels, unrated, out)


def distribution(rows: Iterable[tuple[str | None, bool, int]]) -> Distribution:
    """A ``Distribution`` from (level, in scope, count) rows (also the imported counts)."""
    return _distribution(rows)


@dataclass(frozen=True)
class Rollup:
    organization: Organization
    period: Period
    collectives: Distribution
    individuals: Distribution
    as_of: datetime | None
    children: list[ChildRollup] = field(default_factory=list)


@dataclass(frozen=True)
class ChildRollup:
    organization: Organization
    collectives: Distribution
    individuals: Distribution


def _split(rows: list[tuple[str, str | None, bool, int]]) -> tuple[Distribution, Distribution]:
    coll = [(lv, sc, n) for kind, lv, sc, n in rows if kind == SubjectKind.COLLECTIVE]
    ind = [(lv, sc, n) for kind, lv, sc, n in rows if kind == SubjectKind.INDIVIDUAL]
    return _distribution(coll), _distribution(ind)


def rollup(org: Organization, period: Period, *, with_children: bool = True) -> Rollup:
    """Distribution for ``org``'s subtree, and (one level down) for each child."""
    base = SubtreeCount.objects.filter(period=period)
    own = list(base.filter(organization=org).values_list("kind", "level", "in_scope", "n"))
    collectives, individuals = _split(own)
    snapshot = RollupSnapshot.objects.filter(period=period).first()
    kids = children_rollup(org, period) if with_children else []
    as_of = snapshot.refreshed_at if snapshot else None
    return Rollup(org, period, collectives, individuals, as_of, kids)


def children_rollup(org: Organization, period: Period) -> list[ChildRollup]:
    """Each direct child's subtree aggregate (children without subjects show zeros)."""
    rows: dict[int, list[tuple[str, str | None, bool, int]]] = {}
    query = SubtreeCount.objects.filter(period=period, parent=org)
    for org_id, kind, level, in_scope, n in query.values_list(
        "organization_id", "kind", "level", "in_scope", "n"
    ):
        rows.setdefault(org_id, []).append((kind, level, in_scope, n))
    result = []
    for child in org.children.order_by("name"):
        collectives, individuals = _split(rows.get(child.pk, []))
        result.append(ChildRollup(child, collectives, individuals))
    return result


@dataclass(frozen=True)
class GroupCap:
    group: str
    levels: dict[str, int]
    exception: bool
    check: CapCheck


def cap_groups(org: Organization, period: Period, *, limit: int = 200) -> list[GroupCap]:
    """Cap status of the comparable groups decided at ``org`` and the two levels below it.

    One aggregate query (``path__startswith`` bounded by depth) gives each group's decided
    counts; ``check_cap`` of the period's rule set judges each group. Groups over the cap
    come first.
    """
    rows = (
        OwnCount.objects.filter(
            period=period,
            depth__in=[org.depth, org.depth + 1, org.depth + 2],
            path__startswith=org.path,
            in_scope=True,
            level__isnull=False,
        )
        .exclude(comparable_group="")
        .values_list("comparable_group", "level")
        .annotate(total=Sum("n"))
    )
    counts: dict[str, dict[str, int]] = {}
    for group, level, n in rows:
        counts.setdefault(group, dict.fromkeys(LEVELS, 0))[level] += n
    excepted = set(
        CapException.objects.filter(period=period, group__in=list(counts)).values_list(
            "group", flat=True
        )
    )
    policy = rule_set_for(period.regulation.removeprefix("reg")).cap
    result = []
    for group in sorted(counts)[:limit]:
        levels = counts[group]
        decisions = [
            CapDecision(f"{group}#{lv}{i}", group, RulesLevel[lv.upper()])
            for lv in (Level.HTXSNV, Level.HTTNV)
            for i in range(levels[lv])
        ]
        check = check_cap(decisions, group, policy, exception=group in excepted)
        result.append(GroupCap(group, levels, group in excepted, check))
    result.sort(key=lambda g: (g.check.ok, g.group))
    return result


def live_distribution(
    org: Organization, period: Period, *, exclude: Subject | None = None
) -> tuple[Distribution, Distribution]:
    """(collectives, individuals) of ``org``'s subtree counted live, for documents that must
    print the figures of the moment: two aggregates, each over one path-prefix index (the
    collective's organization, the member's cell), never an OR across joins."""
    base = Subject.objects.filter(period=period)
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    rows: list[tuple[str, str | None, bool, int]] = []
    for lookup in ("organization__path__startswith", "member__organization__path__startswith"):
        query = base.filter(**{lookup: org.path})
        rows += query.values_list("kind", "decided_level", "in_scope").annotate(n=Count("id"))
    return _split(rows)


def unrated(org: Organization, period: Period, *, limit: int = 50) -> list[Subject]:
    """Subjects in ``org``'s subtree still waiting for a decision, nearest the top first.

    The count tables name the organizations with unrated subjects (an index range per depth,
    stopping at ``limit``); the subjects themselves are read from their own rows.
    """
    waiting = OwnCount.objects.filter(period=period, in_scope=True, level__isnull=True)
    deepest = OwnCount.objects.filter(period=period).aggregate(d=Max("depth"))["d"]  # index end
    homes: list[tuple[int, str]] = []
    for depth in range(org.depth, (deepest if deepest is not None else -1) + 1):
        # One index range per depth, read in path order, stopping at ``limit``.
        level_rows = waiting.filter(depth=depth, path__startswith=org.path).order_by("path")
        homes += level_rows.values_list("organization_id", "kind")[: limit - len(homes)]
        if len(homes) >= limit:
            break
    collective = [o for o, kind in homes if kind == SubjectKind.COLLECTIVE]
    individual = [o for o, kind in homes if kind == SubjectKind.INDIVIDUAL]
    base = Subject.objects.filter(period=period, in_scope=True, decided_level__isnull=True)
    # Two index paths, not one OR across a join (which PostgreSQL answers with a full scan).
    ids = list(base.filter(organization_id__in=collective).values_list("id", flat=True)[:limit])
    by_cell = base.filter(member__organization_id__in=individual).values_list("id", flat=True)
    ids += list(by_cell[: limit - len(ids)])
    rows = Subject.objects.filter(pk__in=ids).select_related("organization", "member")
    return sorted(rows, key=lambda s: (s.kind, s.pk))
