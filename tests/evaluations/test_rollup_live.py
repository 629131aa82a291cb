"""The roll-up is live: each decision, re-rating and change of group moves one count along the
path up in its own transaction, and the tables then equal a full rebuild (``refresh_rollup``,
the bulk command's). A dashboard read right after a decision counts it."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from phieukin.evaluations.models import OwnCount, Period, RollupSnapshot, Subject, SubtreeCount
from phieukin.evaluations.rollup import refresh_rollup, rollup
from phieukin.evaluations.rollup_live import key_of, move
from phieukin.evaluations.services import (
    do_cancel_and_rerate,
    do_decide,
    do_set_comparable_group,
)
from phieukin.rules import Body
from tests.evaluations.world import World, self_review, subject_of
from tests.reports.tree import Tree, build_tree

pytestmark = pytest.mark.django_db


def tables(period: Period) -> tuple[Counter[Any], Counter[Any]]:
    """Both tables as multisets of their keys and counts (ids and row order aside)."""
    own = OwnCount.objects.filter(period=period, n__gt=0).values_list(
        "organization_id", "path", "depth", "kind", "comparable_group", "level", "in_scope", "n"
    )
    sub = SubtreeCount.objects.filter(period=period, n__gt=0).values_list(
        "organization_id", "parent_id", "depth", "kind", "level", "in_scope", "n"
    )
    return Counter(own), Counter(sub)


def rebuilt(period: Period) -> tuple[Counter[Any], Counter[Any]]:
    sid = transaction.savepoint()
    refresh_rollup(period)
    fresh = tables(period)
    transaction.savepoint_rollback(sid)
    return fresh


def _set(subject: Subject, **fields: Any) -> None:
    before = key_of(subject)
    for name, value in fields.items():
        setattr(subject, name, value)
    if "decided_level" in fields:
        subject.decided_at = timezone.now() if fields["decided_level"] else None
    subject.save()
    move(subject, before, key_of(subject))


def test_each_move_keeps_the_tables_equal_to_a_rebuild(db: None) -> None:
    tree: Tree = build_tree()
    refresh_rollup(tree.period)
    subjects = list(Subject.objects.filter(period=tree.period, in_scope=True).order_by("pk"))
    unrated = [s for s in subjects if s.decided_level is None]
    rated = [s for s in subjects if s.decided_level is not None]
    _set(unrated[0], decided_level="htxsnv")  # a new decision (a member deep in a cell)
    _set(rated[0], decided_level="htnv")  # a re-rating
    _set(rated[1], comparable_group="Nhóm mới")  # another group, same level
    _set(unrated[1], decided_level="khtnv")  # a collective decided
    assert tables(tree.period) == rebuilt(tree.period)
    live = rollup(tree.province, tree.period)
    assert live.individuals.unrated + live.collectives.unrated == 0


def test_a_decision_updates_the_dashboard_in_its_own_transaction(
    period: Period, world: World
) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    before = rollup(world.city, period).individuals.levels["httnv"]
    decision = do_decide(
        member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )
    assert rollup(world.city, period).individuals.levels["httnv"] == before + 1
    do_cancel_and_rerate(decision, level="htnv", reasons="Kiểm tra lại", actor=world.staff)
    after = rollup(world.city, period).individuals
    assert (after.levels["httnv"], after.levels["htnv"]) == (before, 1)
    other = subject_of(period, world, "m2")
    do_set_comparable_group(other, "Nhóm khác", actor=world.staff)
    assert tables(period) == rebuilt(period)


def test_a_period_never_aggregated_is_built_at_its_first_change(
    period: Period, world: World
) -> None:
    RollupSnapshot.objects.filter(period=period).delete()
    OwnCount.objects.filter(period=period).delete()
    SubtreeCount.objects.filter(period=period).delete()
    member = subject_of(period, world, "m1")
    self_review(member, world)
    do_decide(member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff)
    assert RollupSnapshot.objects.filter(period=period).exists()
    assert tables(period) == rebuilt(period)
    assert rollup(world.city, period).individuals.levels["httnv"] == 1


def test_a_freshly_opened_period_counts_its_subjects_at_once(period: Period, world: World) -> None:
    """The bug was «100% rated» beside «0 members in scope» until someone pressed recompute."""
    live = rollup(world.city, period)
    in_scope = Subject.objects.filter(period=period, kind="individual", in_scope=True).count()
    assert live.individuals.in_scope == in_scope > 0 and live.individuals.progress == 0
