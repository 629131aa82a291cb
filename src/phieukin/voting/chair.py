"""The chair's part: a signing key, the signed attendance, what blocks opening, open, live count.

The chair's key is made in the chair's browser (like the trustees'); the server appends its
public half (``chair_key``) and the fingerprint binds it. Before the cards are issued, the
chair signs the attendance the room sees (convened, present, excluded, the quorum), computed
here by the rule set's quorum policy through ``rules.check_quorum``, the same computation the
conference page shows. The live count is ballots received vs cards issued, never a partial
result (the tally does not exist before close, and the server could not decrypt it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.voting import board, ceremony
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.attendance import (
    attendance_counts,
    attendance_now,
    quorum_message,
    signed_attendance,
)
from phieukin.voting.errors import QuorumNotMetError, SetupError
from phieukin.voting.lifecycle import do_transition
from phieukin.voting.models import Ballot, BallotStatus, BoardEvent, CredentialBatch, EventKind


@transaction.atomic
def do_register_chair_key(ballot: Ballot, payload: Any, *, actor: Any) -> BoardEvent:
    """Append the chair's public key (made in the chair's browser) once, during the ceremony.

    Precondition: the ballot is frozen (``setup`` on the board) and has no chair key yet.
    """
    ballot = lock_ballot(ballot.pk)
    if ballot.status != BallotStatus.CEREMONY:
        raise SetupError(
            _("The chair's key is registered while the counting board makes its keys.")
        )
    if ceremony.state(ballot).chair_key is not None:
        raise SetupError(_("This ballot already has the chair's key."))
    if not isinstance(payload, dict):
        raise SetupError(_("The message is malformed."))
    name = actor.get_full_name() or str(actor)
    message = {**payload, "name": name[:200]}
    _check(ballot, EventKind.CHAIR_KEY, message)
    event = board.append(ballot, EventKind.CHAIR_KEY, message)
    audit("voting.chair_key", actor=actor, ballot=ballot)
    ceremony.finish_if_ready(ballot, actor=actor)
    return event


def _check(ballot: Ballot, kind: str, payload: Any) -> None:
    try:
        board.check_next(ballot, kind, payload)
    except cx.CoreRejection as exc:
        raise SetupError(
            _("The board refused this message: %(reason)s") % {"reason": exc}
        ) from None


@transaction.atomic
def do_sign_attendance(ballot: Ballot, payload: Any, *, actor: Any) -> BoardEvent:
    """Append the chair-signed attendance; it must say what the attendance list says now.

    Preconditions: the ceremony is done, every qualified trustee proved its key, no attendance
    yet, the quorum is met. Runs under the Ballot row lock.
    """
    ballot = lock_ballot(ballot.pk)
    if ballot.status != BallotStatus.READY or signed_attendance(ballot) is not None:
        raise SetupError(_("The attendance is signed once, after the key ceremony."))
    missing = missing_possessions(ballot)
    if missing:
        raise SetupError(
            _("Trustees %(who)s have not yet proven that they hold their keys.")
            % {"who": ", ".join(map(str, missing))}
        )
    now = attendance_now(ballot)
    if not now.met:
        raise QuorumNotMetError(quorum_message(now))
    signed = (
        {k: v for k, v in payload.items() if k != "signature"} if isinstance(payload, dict) else {}
    )
    if signed != now.payload():
        raise SetupError(
            _("The attendance changed since you signed it: check the numbers and sign again.")
        )
    _check(ballot, EventKind.ATTENDANCE, payload)
    event = board.append(ballot, EventKind.ATTENDANCE, payload)
    audit("voting.attendance_signed", actor=actor, ballot=ballot, data=now.payload())
    return event


def missing_possessions(ballot: Ballot) -> list[int]:
    st = ceremony.state(ballot)
    return [i for i in st.qualified if i not in st.possessions]


def endorsements_needed(ballot: Ballot) -> int:
    """How many more trustees must sign the credential list (issuer + endorsers ≥ t)."""
    signers = len(board.payloads(ballot, EventKind.CREDENTIALS)) + len(
        board.payloads(ballot, EventKind.ENDORSEMENT)
    )
    return max(0, ballot.threshold - signers)


def open_blockers(ballot: Ballot) -> list[str]:
    """Why the ballot cannot open now (empty when it can), in the chair's language."""
    if ballot.status in (BallotStatus.DRAFT, BallotStatus.CEREMONY):
        return [_("The counting board has not finished its key ceremony.")]
    if ballot.status != BallotStatus.READY:
        return [_("The ballot is not waiting to be opened.")]
    reasons: list[str] = []
    if missing_possessions(ballot):
        reasons.append(_("Not every trustee has proven that they hold their key."))
    if signed_attendance(ballot) is None:
        now = attendance_now(ballot)
        reasons.append(quorum_message(now) if not now.met else _("Sign the attendance."))
    elif not CredentialBatch.objects.filter(ballot=ballot).exists():
        reasons.append(_("The ballot cards have not been issued."))
    elif endorsements_needed(ballot):
        reasons.append(
            _("%(n)d more trustee(s) must confirm the list of cards.")
            % {"n": endorsements_needed(ballot)}
        )
    return reasons


def quorum_blocker(ballot: Ballot) -> str:
    """The quorum message if the members present do not reach the quorum, else ""."""
    now = attendance_now(ballot)
    return "" if now.met else quorum_message(now)


def privacy_warnings(ballot: Ballot) -> list[str]:
    """Plain warnings shown to the chair before opening and in the booth."""
    warnings: list[str] = []
    batch = CredentialBatch.objects.filter(ballot=ballot).first()
    voters = batch.count if batch else attendance_counts(ballot)[1]
    if voters < ballot.small_group_threshold:
        warnings.append(
            _(
                "Small group: only %(n)d voters. A unanimous or near-unanimous result will "
                "reveal how individuals voted."
            )
            % {"n": voters}
        )
    if ballot.single_trustee:
        warnings.append(
            _(
                "One trustee (1-of-1) can decrypt every ballot alone: "
                "the secrecy rests on one person."
            )
        )
    return warnings


@transaction.atomic
def do_open(ballot: Ballot, *, actor: Any) -> Ballot:
    """Open voting once the attendance is signed and the signed card list is complete."""
    ballot = lock_ballot(ballot.pk)
    blockers = open_blockers(ballot)
    if blockers:
        error = QuorumNotMetError if quorum_blocker(ballot) else SetupError
        raise error(" ".join(blockers))
    do_transition(ballot, BallotStatus.OPEN)
    audit("voting.ballot_opened", actor=actor, ballot=ballot, data=attendance_now(ballot).payload())
    return ballot


@dataclass(frozen=True)
class LiveCount:
    issued: int
    received: int
    audited: int


def live_count(ballot: Ballot) -> LiveCount:
    batch = CredentialBatch.objects.filter(ballot=ballot).first()
    events = BoardEvent.objects.filter(ballot=ballot)
    return LiveCount(
        issued=batch.count if batch else 0,
        received=events.filter(kind=EventKind.BALLOT).count(),
        audited=events.filter(kind=EventKind.AUDITED).count(),
    )


def head_hash(ballot: Ballot) -> str:
    return board.head_hash(ballot)
