"""Roll-up over a small tree with known numbers: counts, children, cap, progress, history."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.evaluations.models import Period, Subject
from phieukin.evaluations.rollup import (
    cap_groups,
    children_rollup,
    refresh_rollup,
    rollup,
    unrated,
)
from phieukin.evaluations.services.history import member_history, streak
from tests.reports.tree import DECIDED_AT, Tree, build_tree


@pytest.fixture
def tree(db: None) -> Tree:
    t = build_tree()
    refresh_rollup(t.period)
    return t


def test_it_counts_the_whole_province(tree: Tree) -> None:
    r = rollup(tree.province, tree.period)
    assert r.individuals.levels == {"htxsnv": 6, "httnv": 12, "htnv": 1, "khtnv": 0}
    assert (r.individuals.unrated, r.individuals.out_of_scope) == (1, 1)
    assert r.collectives.levels == {"htxsnv": 2, "httnv": 3, "htnv": 0, "khtnv": 0}
    assert r.collectives.unrated == 1
    assert r.individuals.percent("htxsnv") == pytest.approx(100 * 6 / 19)
    assert r.individuals.progress == pytest.approx(100 * 19 / 20)
    assert r.as_of is not None


def test_it_drills_down_one_level_at_a_time(tree: Tree) -> None:
    kids = {c.organization.code: c for c in children_rollup(tree.province, tree.period)}
    assert set(kids) == {"A", "B"}
    assert kids["A"].individuals.levels["httnv"] == 9
    assert kids["A"].collectives.decided == 3  # A, G1, C1 (C2 unrated)
    assert kids["B"].individuals.levels == {"htxsnv": 2, "httnv": 3, "htnv": 0, "khtnv": 0}
    cells = {c.organization.code: c for c in children_rollup(tree.g1, tree.period)}
    assert cells["C2"].individuals.levels["htxsnv"] == 1
    assert cells["C2"].collectives.unrated == 1


def test_it_judges_the_cap_per_comparable_group(tree: Tree) -> None:
    groups = {g.group: g for g in cap_groups(tree.a, tree.period)}
    g1 = groups["Đảng viên — G1"]
    assert (g1.check.n_htxsnv, g1.check.n_httnv, g1.check.limit) == (4, 9, 1)
    assert not g1.check.ok
    ok = groups["Chi bộ trực thuộc G1"]
    assert ok.check.ok is False  # 1 HTXSNV, 0 HTTNV: limit 0
    province = {g.group: g for g in cap_groups(tree.province, tree.period)}
    assert "Đảng viên — G1" not in province  # three levels below: decided by the grassroots
    assert province["Đảng bộ cấp trên cơ sở trực thuộc P"].check.limit == 0


def test_it_lists_who_is_not_yet_rated(tree: Tree) -> None:
    waiting = list(unrated(tree.province, tree.period))
    assert {str(s.organization or s.member.card_number) for s in waiting} == {
        "Chi bộ Tổ Văn",
        "C10009",
    }
    assert list(unrated(tree.b, tree.period)) == []


def test_it_sees_a_new_decision_after_a_refresh(tree: Tree) -> None:
    Subject.objects.filter(organization=tree.c2).update(decided_level="htnv", decided_at=DECIDED_AT)
    assert rollup(tree.g1, tree.period).collectives.unrated == 1  # snapshot
    refresh_rollup(tree.period)
    assert rollup(tree.g1, tree.period).collectives.levels["htnv"] == 1


def test_it_reads_a_member_s_history_and_streak(tree: Tree) -> None:
    member = tree.members["c1"][0]
    for year in (2021, 2022, 2023, 2024):
        p = Period.objects.create(
            organization=tree.province,
            title=f"Năm {year}",
            year=year,
            regulation="reg124",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
        )
        level = "httnv" if year == 2021 else "htxsnv"
        Subject.objects.create(
            period=p, kind="individual", member=member, decided_level=level, decided_at=DECIDED_AT
        )
    history = member_history(member)
    assert [h.year for h in history] == [2021, 2022, 2023, 2024, 2025]
    assert streak(history) == 4
    assert streak(member_history(tree.members["c1"][9])) == 0


def _snapshot(tree: Tree) -> dict[str, object]:
    orgs = (tree.province, tree.a, tree.b, tree.g1, tree.c1, tree.c2, tree.g2)
    return {o.code: rollup(o, tree.period, with_children=False) for o in orgs}


def test_it_refreshes_one_subtree_and_its_ancestors_only(tree: Tree) -> None:
    Subject.objects.filter(member=tree.members["c1"][9]).update(
        decided_level="khtnv", decided_at=DECIDED_AT
    )
    Subject.objects.filter(organization=tree.c2).update(decided_level="htnv", decided_at=DECIDED_AT)
    refresh_rollup(tree.period, under=tree.g1)
    partial = _snapshot(tree)
    assert partial["P"].individuals.levels["khtnv"] == 1
    assert partial["A"].collectives.levels["htnv"] == 1
    assert partial["B"].individuals.levels["htxsnv"] == 2  # untouched sibling kept
    refresh_rollup(tree.period)
    full = _snapshot(tree)
    for code, data in full.items():
        assert (data.individuals, data.collectives) == (
            partial[code].individuals,
            partial[code].collectives,
        ), code
