"""The counting board's key ceremony, relayed by the server (protocol.md §2, §4.6).

Trustees generate their secrets locally (browser or ``phieukin trustee``); the server only
checks each public message against the earlier ones and appends it to the board. After the
n-th ``dkg_ack`` it appends ``joint_key`` and the ballot becomes ready for cards.
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

PHASES = (EventKind.DKG_COMMIT, EventKind.DKG_REVEAL, EventKind.DKG_ACK)
_PREVIOUS = {EventKind.DKG_REVEAL: EventKind.DKG_COMMIT, EventKind.DKG_ACK: EventKind.DKG_REVEAL}


@dataclass(frozen=True)
class CeremonyState:
    """Who has posted what: ``done[phase]`` is the set of trustee indices."""

    setup: dict[str, Any]
    commits: dict[int, dict[str, Any]]
    reveals: dict[int, dict[str, Any]]
    acks: dict[int, dict[str, Any]]

    def done(self, phase: str) -> set[int]:
        return set(
            {"dkg_commit": self.commits, "dkg_reveal": self.reveals, "dkg_ack": self.acks}[phase]
        )


def state(ballot: Ballot) -> CeremonyState:
    """Read the ceremony from the board (the board is the only store of its messages)."""
    (setup,) = board.payloads(ballot, EventKind.SETUP) or [{}]
    by_index = {kind: {p["trustee"]: p for p in board.payloads(ballot, kind)} for kind in PHASES}
    return CeremonyState(setup, *(by_index[k] for k in PHASES))


def _precheck(ballot: Ballot, trustee: Trustee, kind: str, payload: Any, st: CeremonyState) -> None:
    if ballot.status != BallotStatus.CEREMONY:
        raise CeremonyError(
            _("The key ceremony is not running for this ballot."), code="not_in_ceremony"
        )
    if kind not in PHASES:
        raise CeremonyError(_("Unknown ceremony step."), code="invalid_schema")
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise CeremonyError(
            _("The message is not signed for your seat on the board."), code="wrong_trustee"
        )
    if trustee.index in st.done(kind):
        raise CeremonyError(_("You have already sent this step."), code="duplicate_message")
    previous = _PREVIOUS.get(kind)
    if previous and len(st.done(previous)) < ballot.trustee_count:
        raise CeremonyError(
            _("Wait until every trustee has finished the previous step."), code="out_of_order"
        )


def do_submit_dkg(ballot: Ballot, trustee: Trustee, kind: str, payload: Any) -> BoardEvent:
    """Check one ceremony message and append it; the last ack also appends ``joint_key``.

    The message is verified before the lock (proofs cost milliseconds) and the order and
    duplicates are re-checked under the lock. A message with a bad proof is refused, recorded
    as a ``RejectedSubmission`` so the chair sees which trustee failed, and never appended.
    """
    st = state(ballot)
    _precheck(ballot, trustee, kind, payload, st)
    try:
        cx.check_dkg(kind, payload, st.setup, st.commits, st.reveals)
    except cx.CoreRejection as exc:
        RejectedSubmission.objects.create(
            ballot=ballot, trustee=trustee, kind=kind, code=exc.code, reason=str(exc)[:500]
        )
        raise CeremonyError(
            _("The board refused this message: %(reason)s") % {"reason": exc}, code=exc.code
        ) from None
    return _append_dkg(ballot.pk, trustee, kind, payload)


@transaction.atomic
def _append_dkg(ballot_id: int, trustee: Trustee, kind: str, payload: dict[str, Any]) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    st = state(ballot)
    _precheck(ballot, trustee, kind, payload, st)
    event = board.append(ballot, kind, payload)
    audit(f"voting.{kind}", actor=trustee.user, ballot=ballot, data={"trustee": trustee.index})
    if kind == EventKind.DKG_ACK and len(st.acks) + 1 == ballot.trustee_count:
        joint = cx.joint_key_payload(st.setup, st.reveals)
        board.append(ballot, EventKind.JOINT_KEY, joint)
        ballot.election_public_key = joint["public_key"]
        ballot.fingerprint = joint["fingerprint"]
        ballot.save(update_fields=["election_public_key", "fingerprint"])
        do_transition(ballot, BallotStatus.READY)
        audit(
            "voting.joint_key",
            actor=trustee.user,
            ballot=ballot,
            data={"fingerprint": joint["fingerprint"]},
        )
    return event
