"""The order of a record's events, per protocol version (protocol.md §2.3 item 2).

A plan is a list of phases; each phase admits some event types, between ``at_least`` and
``at_most`` of them (functions of the state: ``n`` trustees, threshold ``t``, the qualified
set). An event either continues the current phase or opens a later one, skipping only phases
that may be empty. A few types float: v1's ``attendance`` anywhere between setup and close,
v2's ``chair_key`` once between setup and ``joint_key``, v2's optional ``paper_count`` (a hybrid
poll's paper part, protocol.md §4.11) once between ``close`` and ``result``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from phieukin.crypto.threshold import qualified_dealers

if TYPE_CHECKING:
    from phieukin.record.state import RecordState

Count = Callable[["RecordState"], int]
UNBOUNDED: Final = 1 << 62


@dataclass(frozen=True)
class Phase:
    types: frozenset[str]
    at_least: Count
    at_most: Count


def _one(_: RecordState) -> int:
    return 1


def _zero(_: RecordState) -> int:
    return 0


def _many(_: RecordState) -> int:
    return UNBOUNDED


def _n(st: RecordState) -> int:
    return len(st.setup.trustees) if st.setup else 0


def _t(st: RecordState) -> int:
    return st.setup.threshold if st.setup else 0


def _q(st: RecordState) -> int:
    """|QUAL|: fixed at the first ack; before it, what the complaints so far leave."""
    if st.acks or st.setup is None:
        return len(st.qualified)
    return len(qualified_dealers(st.setup.trustee_indices, st.checks, st.answers))


def _complaints(st: RecordState) -> int:
    return sum(len(c["complaints"]) for c in st.checks.values())


def _endorsements_needed(st: RecordState) -> int:
    return max(0, _t(st) - 1)


def _endorsements_possible(st: RecordState) -> int:
    return max(0, len(st.qualified) - 1)


def _phase(types: str, at_least: Count, at_most: Count) -> Phase:
    return Phase(frozenset(types.split()), at_least, at_most)


V1_PLAN: Final = (
    _phase("setup", _one, _one),
    _phase("dkg_commit", _n, _n),
    _phase("dkg_reveal", _n, _n),
    _phase("dkg_ack", _n, _n),
    _phase("joint_key", _one, _one),
    _phase("credentials", _one, _one),
    _phase("ballot audited_ballot", _zero, _many),
    _phase("close", _one, _one),
    _phase("encrypted_tally", _one, _one),
    _phase("partial_decryption", _t, _n),
    _phase("result", _one, _one),
)
V2_PLAN: Final = (
    _phase("setup", _one, _one),
    _phase("dkg_commit", _n, _n),
    _phase("dkg_reveal", _n, _n),
    _phase("dkg_check", _n, _n),
    _phase("dkg_answer", _zero, _complaints),
    _phase("dkg_ack", _q, _q),
    _phase("joint_key", _one, _one),
    _phase("key_possession", _q, _q),
    _phase("attendance", _one, _one),
    _phase("credentials", _one, _one),
    _phase("credentials_endorsement", _endorsements_needed, _endorsements_possible),
    _phase("ballot audited_ballot", _zero, _many),
    _phase("close", _one, _one),
    _phase("encrypted_tally", _one, _one),
    _phase("partial_decryption", _t, _q),
    _phase("result", _one, _one),
)
PLANS: Final = {"PHIEUKIN-v1": V1_PLAN, "PHIEUKIN-v2": V2_PLAN}
FLOATING: Final = {
    "PHIEUKIN-v1": frozenset({"attendance"}),
    "PHIEUKIN-v2": frozenset({"chair_key", "paper_count"}),
}


def _index(plan: tuple[Phase, ...], type_: str) -> int:
    return next(k for k, p in enumerate(plan) if type_ in p.types)


def floating_types(st: RecordState) -> frozenset[str]:
    return FLOATING[st.setup.version] if st.setup else frozenset()


def floating_allowed(st: RecordState, type_: str) -> bool:
    """v1 ``attendance``: after setup, before close; v2 ``chair_key``: once, before joint_key;
    v2 ``paper_count``: once, after close and before result."""
    if type_ == "attendance":
        return st.phase < _index(st.plan, "close")
    if type_ == "paper_count":
        close, result = _index(st.plan, "close"), _index(st.plan, "result")
        return st.paper is None and close <= st.phase < result
    return st.chair_key is None and st.phase < _index(st.plan, "joint_key")
