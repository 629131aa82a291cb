"""The mandatory order of rating (QĐ 366 Điều 12 k2; QĐ 124 Điều 11)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import (
    REG124,
    REG366,
    RuleError,
    SubjectGraph,
    SubjectKind,
    SubjectNode,
    order_violations,
)
from phieukin.rules import order as o

K = SubjectKind


def _city() -> SubjectGraph:
    """A city organization with its standing committee, a ward, a cell and two members."""
    return SubjectGraph(
        [
            SubjectNode("city", K.PARTY_ORGANIZATION),
            SubjectNode("city-btv", K.STANDING_COMMITTEE, parent="city"),
            SubjectNode("city-gov", K.LEADERSHIP_COLLECTIVE, parent="city"),
            SubjectNode("ward", K.PARTY_ORGANIZATION, parent="city"),
            SubjectNode("cell", K.PARTY_ORGANIZATION, parent="ward"),
            SubjectNode("secretary", K.LEADER, parent="cell", head_of="city-btv"),
            SubjectNode("deputy", K.LEADER, parent="cell", member_of=frozenset({"city-btv"})),
            SubjectNode("an", K.MEMBER, parent="cell"),
        ]
    )


def test_it_rates_the_leadership_collective_before_its_members() -> None:
    (v,) = order_violations(REG366, _city(), "deputy", set())
    assert v.code == o.LEADERSHIP_BEFORE_MEMBERS
    assert v.source.cite() == "Quy định 366-QĐ/TW, Điều 12, khoản 2, tiết 1"
    assert order_violations(REG366, _city(), "deputy", {"city-btv"}) == []


def test_it_rates_the_collective_before_its_head() -> None:
    (v,) = order_violations(REG366, _city(), "secretary", set())
    assert v.code == o.COLLECTIVE_BEFORE_HEAD
    assert "cần xếp loại «city-btv» trước «secretary»" in v.message_vi


def test_it_rates_members_and_subordinates_before_the_organization() -> None:
    codes = {v.code for v in order_violations(REG366, _city(), "cell", set())}
    assert codes == {o.CONTENTS_BEFORE_ORGANIZATION}
    city = {v.code for v in order_violations(REG366, _city(), "city", set())}
    assert city == {
        o.CONTENTS_BEFORE_ORGANIZATION,
        o.UNIT_BEFORE_PARTY_ORGANIZATION,
        o.LOWER_BEFORE_HIGHER,
    }


def test_it_cites_124_for_124_periods() -> None:
    (v,) = order_violations(REG124, _city(), "secretary", set())
    assert v.source.document.code == "124-QĐ/TW"


def test_it_gives_a_complete_order() -> None:
    order = _city().decision_order(REG366)
    assert order.index("city-btv") < order.index("secretary") < order.index("cell")
    assert order.index("ward") < order.index("city")
    assert order[-1] == "city"


def test_it_refuses_unknown_links_and_cycles() -> None:
    with pytest.raises(RuleError):
        SubjectGraph([SubjectNode("a", K.MEMBER, parent="nowhere")])
    graph = SubjectGraph(
        [
            SubjectNode("org", K.PARTY_ORGANIZATION),
            SubjectNode("board", K.LEADERSHIP_COLLECTIVE, parent="org"),
            SubjectNode("boss", K.LEADER, parent="org", head_of="board"),
            SubjectNode("org2", K.PARTY_ORGANIZATION, parent="org"),
        ]
    )
    graph.decision_order(REG366)
    cyclic = SubjectGraph(
        [
            SubjectNode("x", K.PARTY_ORGANIZATION, parent="y"),
            SubjectNode("y", K.PARTY_ORGANIZATION, parent="x"),
        ]
    )
    with pytest.raises(RuleError) as exc:
        cyclic.decision_order(REG366)
    assert exc.value.code == "input.order.cycle"


@st.composite
def _trees(draw: st.DrawFn) -> SubjectGraph:
    """Random organization trees with committees, heads and members."""
    nodes = [SubjectNode("o0", K.PARTY_ORGANIZATION)]
    orgs = ["o0"]
    collectives: list[str] = []
    for i in range(draw(st.integers(0, 6))):
        orgs.append(f"o{i + 1}")
        nodes.append(
            SubjectNode(orgs[-1], K.PARTY_ORGANIZATION, parent=draw(st.sampled_from(orgs[:-1])))
        )
    for i in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from([K.STANDING_COMMITTEE, K.LEADERSHIP_COLLECTIVE]))
        collectives.append(f"c{i}")
        nodes.append(SubjectNode(f"c{i}", kind, parent=draw(st.sampled_from(orgs))))
    for i in range(draw(st.integers(0, 10))):
        head = draw(st.none() | st.sampled_from(collectives)) if collectives else None
        seats = draw(st.frozensets(st.sampled_from(collectives))) if collectives else frozenset()
        kind = K.LEADER if head or seats else K.MEMBER
        nodes.append(
            SubjectNode(
                f"m{i}", kind, parent=draw(st.sampled_from(orgs)), head_of=head, member_of=seats
            )
        )
    return SubjectGraph(nodes)


@given(_trees())
def test_it_is_consistent_with_a_topological_order(graph: SubjectGraph) -> None:
    order = graph.decision_order(REG366)
    assert sorted(order) == sorted(graph.nodes)
    for i, subject in enumerate(order):
        assert order_violations(REG366, graph, subject, order[:i]) == []


@given(_trees(), st.data())
def test_it_blocks_whoever_has_an_undecided_prerequisite(
    graph: SubjectGraph, data: st.DataObject
) -> None:
    decided = data.draw(st.sets(st.sampled_from(sorted(graph.nodes))))
    subject = data.draw(st.sampled_from(sorted(graph.nodes)))
    violations = order_violations(REG366, graph, subject, decided)
    missing = set(graph.prerequisites(REG366, subject)) - decided
    assert len(violations) == len(missing)
    order = graph.decision_order(REG366)
    for other in missing:
        assert order.index(other) < order.index(subject)
