"""The mandatory order of rating (QĐ 366 Điều 12 k2; QĐ 124 Điều 11).

1. a leadership collective before its individual members;
2. a collective before its head;
3. the committee, subordinate organizations and members before the party organization;
4. the (government/professional/mass) organization's leadership collective before its party
   organization;
5. lower-level collectives before higher-level ones.

The Django side describes subjects abstractly (:class:`SubjectNode`: ids, kinds and links) and
asks :func:`order_violations` before recording a decision.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from phieukin.rules.errors import RuleViolation, input_error
from phieukin.rules.levels import SubjectKind
from phieukin.rules.sources import Source

if TYPE_CHECKING:
    from phieukin.rules.ruleset import RuleSet

LEADERSHIP_BEFORE_MEMBERS = "order.leadership_before_members"
COLLECTIVE_BEFORE_HEAD = "order.collective_before_head"
CONTENTS_BEFORE_ORGANIZATION = "order.contents_before_organization"
UNIT_BEFORE_PARTY_ORGANIZATION = "order.unit_before_party_organization"
LOWER_BEFORE_HIGHER = "order.lower_before_higher"


@dataclass(frozen=True)
class OrderRule:
    code: str
    message_vi: str
    message_en: str
    source: Source


@dataclass(frozen=True)
class SubjectNode:
    """One subject. ``parent``: the subject id of the party organization it belongs to (for a
    member: their cell; for a committee or leadership collective: its party organization; for a
    party organization: the one above). ``head_of``: the collective this person heads.
    ``member_of``: leadership collectives/committees this person sits on."""

    id: str
    kind: SubjectKind
    parent: str | None = None
    head_of: str | None = None
    member_of: frozenset[str] = frozenset()


class SubjectGraph:
    """Subjects and their links, validated, with the reverse (children) index."""

    def __init__(self, nodes: Iterable[SubjectNode]) -> None:
        self.nodes = {n.id: n for n in nodes}
        self.children: dict[str, list[str]] = {i: [] for i in self.nodes}
        for node in self.nodes.values():
            refs = [node.parent, node.head_of, *node.member_of]
            missing = [r for r in refs if r is not None and r not in self.nodes]
            if missing:
                raise input_error(
                    "order.graph", f"Tham chiếu không tồn tại: {missing}", f"unknown ids {missing}"
                )
            if node.parent is not None:
                self.children[node.parent].append(node.id)

    def prerequisites(self, rules: RuleSet, subject_id: str) -> dict[str, OrderRule]:
        """Subjects that must be decided before ``subject_id``, each with the rule demanding it."""
        by_code = {r.code: r for r in rules.order_rules}
        node = self.nodes[subject_id]
        found: dict[str, OrderRule] = {}

        def need(other: str, code: str) -> None:
            if code in by_code and other != subject_id:
                found.setdefault(other, by_code[code])

        if node.head_of is not None:
            need(node.head_of, COLLECTIVE_BEFORE_HEAD)
        for collective in sorted(node.member_of):
            need(collective, LEADERSHIP_BEFORE_MEMBERS)
        if node.kind is SubjectKind.PARTY_ORGANIZATION:
            for child_id in self.children[subject_id]:
                child = self.nodes[child_id].kind
                if child is SubjectKind.PARTY_ORGANIZATION:
                    need(child_id, LOWER_BEFORE_HIGHER)
                elif child is SubjectKind.LEADERSHIP_COLLECTIVE:
                    need(child_id, UNIT_BEFORE_PARTY_ORGANIZATION)
                else:
                    need(child_id, CONTENTS_BEFORE_ORGANIZATION)
        return found

    def decision_order(self, rules: RuleSet) -> list[str]:
        """A topological order satisfying every order rule; refuses cyclic descriptions."""
        sorter: TopologicalSorter[str] = TopologicalSorter()
        for node_id in sorted(self.nodes):
            sorter.add(node_id, *sorted(self.prerequisites(rules, node_id)))
        try:
            return list(sorter.static_order())
        except CycleError as exc:
            raise input_error(
                "order.cycle",
                "Quan hệ giữa các đối tượng tạo thành vòng lặp",
                f"subject links form a cycle: {exc.args[1]}",
            ) from exc


def order_violations(
    rules: RuleSet, graph: SubjectGraph, subject_id: str, already_decided: Collection[str]
) -> list[RuleViolation]:
    """Why ``subject_id`` may not be decided yet: one violation per undecided prerequisite."""
    decided = set(already_decided)
    result = []
    for other, rule in sorted(graph.prerequisites(rules, subject_id).items()):
        if other not in decided:
            result.append(
                RuleViolation(
                    rule.code,
                    f"{rule.message_vi}: cần xếp loại «{other}» trước «{subject_id}»",
                    f"{rule.message_en}: {other!r} must be rated before {subject_id!r}",
                    rule.source,
                )
            )
    return result
