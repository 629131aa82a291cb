"""The counting board's key ceremony, relayed by the server (protocol.md §2, §4.6, §4.6.1).

Trustees generate their secrets locally (browser or ``phieukin trustee``); the server only
checks each public message with the verifier's own rules (``board.check_next``) and appends it.
Steps: commit, reveal, check (complaints), answers to complaints, ack (over the qualified
dealers). When every qualified trustee has acknowledged and the chair has registered a key, the
server appends ``joint_key`` and the ballot is ready; each trustee then proves, by reloading its
saved key file, that it can decrypt (``key_possession``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.errors import CeremonyError
from phieukin.voting.lifecycle import do_transition
from phieukin.voting.models import (
    Ballot,
    BallotStatus,
    BoardEvent,
    EventKind,
    RejectedSubmission,
    Trustee,
)

PHASES = (
    EventKind.DKG_COMMIT,
    EventKind.DKG_REVEAL,
    EventKind.DKG_CHECK,
    EventKind.DKG_ACK,
)
_PREVIOUS = {
    EventKind.DKG_REVEAL: EventKind.DKG_COMMIT,
    EventKind.DKG_CHECK: EventKind.DKG_REVEAL,
    EventKind.DKG_ANSWER: EventKind.DKG_CHECK,
    EventKind.DKG_ACK: EventKind.DKG_CHECK,
}


@dataclass(frozen=True)
class CeremonyState:
    """Who has posted what, read from the board (the only store of the ceremony's messages)."""

    setup: dict[str, Any]
    commits: dict[int, dict[str, Any]]
    reveals: dict[int, dict[str, Any]]
    checks: dict[int, dict[str, Any]]
    answers: dict[tuple[int, int], dict[str, Any]]
    acks: dict[int, dict[str, Any]]
    chair_key: dict[str, Any] | None
    possessions: dict[int, dict[str, Any]]

    def done(self, phase: str) -> set[int]:
        table = {
            EventKind.DKG_COMMIT: self.commits,
            EventKind.DKG_REVEAL: self.reveals,
            EventKind.DKG_CHECK: self.checks,
            EventKind.DKG_ACK: self.acks,
            EventKind.KEY_POSSESSION: self.possessions,
        }
        return set(table[EventKind(phase)])

    @property
    def n(self) -> int:
        return len(self.setup.get("trustees", []))

    @property
    def qualified(self) -> list[int]:
        """QUAL as it stands (fixed by the first ack)."""
        if self.acks:
            return list(next(iter(self.acks.values()))["qualified"])
        return cx.qualified(list(range(1, self.n + 1)), self.checks, self.answers)

    def open_complaints(self, dealer: int) -> list[int]:
        """Trustees who complained about ``dealer`` and have no answer yet."""
        return [
            j
            for j, c in sorted(self.checks.items())
            if dealer in c["complaints"] and (dealer, j) not in self.answers
        ]


def state(ballot: Ballot) -> CeremonyState:
    (setup,) = board.payloads(ballot, EventKind.SETUP) or [{}]

    def by_trustee(kind: str) -> dict[int, dict[str, Any]]:
        return {p["trustee"]: p for p in board.payloads(ballot, kind)}

    answers = {(p["trustee"], p["to"]): p for p in board.payloads(ballot, EventKind.DKG_ANSWER)}
    chair = board.payloads(ballot, EventKind.CHAIR_KEY)
    return CeremonyState(
        setup,
        by_trustee(EventKind.DKG_COMMIT),
        by_trustee(EventKind.DKG_REVEAL),
        by_trustee(EventKind.DKG_CHECK),
        answers,
        by_trustee(EventKind.DKG_ACK),
        chair[0] if chair else None,
        by_trustee(EventKind.KEY_POSSESSION),
    )


def _refuse(message: str, code: str) -> CeremonyError:
    return CeremonyError(message, code=code)


def _precheck(ballot: Ballot, trustee: Trustee, kind: str, payload: Any, st: CeremonyState) -> None:
    """The board's friendly refusals (the record checks then decide everything else)."""
    if ballot.status != BallotStatus.CEREMONY:
        raise _refuse(_("The key ceremony is not running for this ballot."), "not_in_ceremony")
    if kind not in (*PHASES, EventKind.DKG_ANSWER):
        raise _refuse(_("Unknown ceremony step."), "invalid_schema")
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise _refuse(_("The message is not signed for your seat on the board."), "wrong_trustee")
    if kind != EventKind.DKG_ANSWER and trustee.index in st.done(kind):
        raise _refuse(_("You have already sent this step."), "duplicate_message")
    previous = _PREVIOUS.get(EventKind(kind))
    if previous and len(st.done(previous)) < st.n:
        raise _refuse(_("Wait until every trustee has finished the previous step."), "out_of_order")
    if kind == EventKind.DKG_ANSWER and (
        st.acks or payload.get("to") not in st.open_complaints(trustee.index)
    ):
        raise _refuse(_("There is no open complaint about your shares to answer."), "out_of_order")
    if kind == EventKind.DKG_ACK and trustee.index not in st.qualified:
        raise _refuse(
            _("A complaint about your shares was not answered: you are excluded from the key."),
            "disqualified",
        )


def do_submit_dkg(ballot: Ballot, trustee: Trustee, kind: str, payload: Any) -> BoardEvent:
    """Check one ceremony message and append it; the last ack may also append ``joint_key``.

    Under the Ballot row lock the board replays its record and applies the message with the
    verifier's own rules (the qualified set can change with each answer, so the check must see
    the latest head). A refused message is recorded as a ``RejectedSubmission`` (after the
    rolled-back transaction) so the chair sees which trustee failed; it is never appended.
    """
    _precheck(ballot, trustee, kind, payload, state(ballot))
    return _checked(ballot, trustee, kind, lambda: _append_dkg(ballot.pk, trustee, kind, payload))


def _checked(ballot: Ballot, trustee: Trustee, kind: str, append: Any) -> BoardEvent:
    try:
        event: BoardEvent = append()
    except cx.CoreRejection as exc:
        RejectedSubmission.objects.create(
            ballot=ballot, trustee=trustee, kind=kind, code=exc.code, reason=str(exc)[:500]
        )
        raise CeremonyError(
            _("The board refused this message: %(reason)s") % {"reason": exc}, code=exc.code
        ) from None
    return event


@transaction.atomic
def _append_dkg(ballot_id: int, trustee: Trustee, kind: str, payload: dict[str, Any]) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    _precheck(ballot, trustee, kind, payload, state(ballot))
    board.check_next(ballot, kind, payload)
    event = board.append(ballot, kind, payload)
    audit(f"voting.{kind}", actor=trustee.user, ballot=ballot, data={"trustee": trustee.index})
    finish_if_ready(ballot, actor=trustee.user)
    return event


def finish_if_ready(ballot: Ballot, *, actor: Any) -> None:
    """Append ``joint_key`` once every qualified trustee acked and the chair's key is in.

    Precondition: Ballot row locked (called from the ack and the chair-key appends).
    """
    st = state(ballot)
    qualified = st.qualified
    if st.chair_key is None or not st.acks or len(st.acks) < len(qualified):
        return
    joint = cx.joint_key_payload(st.setup, st.reveals, qualified, st.chair_key["public_key"])
    board.append(ballot, EventKind.JOINT_KEY, joint)
    ballot.election_public_key = joint["public_key"]
    ballot.fingerprint = joint["fingerprint"]
    ballot.save(update_fields=["election_public_key", "fingerprint"])
    do_transition(ballot, BallotStatus.READY)
    audit(
        "voting.joint_key", actor=actor, ballot=ballot, data={"fingerprint": joint["fingerprint"]}
    )


def failed(st: CeremonyState, threshold: int) -> bool:
    """Every check is in and, unless the accused answer, fewer than ``t`` dealers qualify."""
    return len(st.checks) == st.n and len(st.qualified) < threshold


def _possession_precheck(ballot: Ballot, trustee: Trustee, payload: Any) -> None:
    if ballot.status != BallotStatus.READY:
        raise _refuse(_("Keys are checked after the ceremony and before opening."), "out_of_order")
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise _refuse(_("The message is not signed for your seat on the board."), "wrong_trustee")
    if trustee.index in state(ballot).possessions:
        raise _refuse(_("You have already proven that you hold your key."), "duplicate_message")


def do_prove_possession(ballot: Ballot, trustee: Trustee, payload: Any) -> BoardEvent:
    """A qualified trustee shows its reloaded key file opens its share (before opening)."""
    _possession_precheck(ballot, trustee, payload)
    kind = EventKind.KEY_POSSESSION
    return _checked(ballot, trustee, kind, lambda: _append_possession(ballot.pk, trustee, payload))


@transaction.atomic
def _append_possession(ballot_id: int, trustee: Trustee, payload: dict[str, Any]) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    _possession_precheck(ballot, trustee, payload)
    board.check_next(ballot, EventKind.KEY_POSSESSION, payload)
    event = board.append(ballot, EventKind.KEY_POSSESSION, payload)
    audit(
        "voting.key_possession", actor=trustee.user, ballot=ballot, data={"trustee": trustee.index}
    )
    return event
