"""The chair's controls: what blocks opening, the privacy warnings, open, and the live count.

The live count is ballots received vs cards issued, never a partial result (the tally does
not exist before close, and the server could not decrypt it anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.voting import board
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.credentials import attendance_counts
from phieukin.voting.errors import QuorumNotMetError, SetupError
from phieukin.voting.lifecycle import do_transition
from phieukin.voting.models import Ballot, BallotStatus, BoardEvent, CredentialBatch, EventKind


def quorum_required(ballot: Ballot, convened: int) -> int:
    """Smallest attendance meeting the quorum fraction (default 2/3 of convened, G.41)."""
    num, den = ballot.quorum_numerator, ballot.quorum_denominator
    return -(-convened * num // den)  # ceiling without floats


def open_blockers(ballot: Ballot) -> list[str]:
    """Why the ballot cannot open now (empty when it can), in the chair's language."""
    reasons: list[str] = []
    if ballot.status in (BallotStatus.DRAFT, BallotStatus.CEREMONY):
        reasons.append(_("The counting board has not finished its key ceremony."))
    elif ballot.status != BallotStatus.READY:
        reasons.append(_("The ballot is not waiting to be opened."))
    if not CredentialBatch.objects.filter(ballot=ballot).exists():
        reasons.append(_("The ballot cards have not been issued."))
    quorum = quorum_blocker(ballot)
    if quorum:
        reasons.append(quorum)
    return reasons


def quorum_blocker(ballot: Ballot) -> str:
    """The quorum message if the members present do not reach the quorum, else ""."""
    convened, present = attendance_counts(ballot)
    needed = quorum_required(ballot, convened)
    if convened and present >= needed:
        return ""
    return _(
        "Quorum not met: %(present)d of %(convened)d members present, %(needed)d required."
    ) % {
        "present": present,
        "convened": convened,
        "needed": needed,
    }


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
    """Open voting; puts the attendance and the quorum check on the board first (protocol §2)."""
    ballot = lock_ballot(ballot.pk)
    blockers = open_blockers(ballot)
    if blockers:
        error = QuorumNotMetError if quorum_blocker(ballot) else SetupError
        raise error(" ".join(blockers))
    convened, present = attendance_counts(ballot)
    payload = {
        "convened": convened,
        "present": present,
        "quorum_required": quorum_required(ballot, convened),
    }
    board.append(ballot, EventKind.ATTENDANCE, payload)
    do_transition(ballot, BallotStatus.OPEN)
    audit("voting.ballot_opened", actor=actor, ballot=ballot, data=payload)
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
