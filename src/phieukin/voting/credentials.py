"""The signed list of credentials (protocol.md §4.10): the server receives public keys only.

A trustee generates the cards where they are handed out (the counting-board page builds the PDF
in the browser; ``phieukin cards`` does it on the trustee's computer) and posts the signed list:
one credential per official member present on the chair-signed attendance. Further trustees
endorse it until ``t`` have signed. The counts convened/present/issued go into the minutes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.attendance import attendance_counts, signed_attendance
from phieukin.voting.errors import SetupError
from phieukin.voting.models import (
    Ballot,
    BallotStatus,
    BoardEvent,
    Credential,
    CredentialBatch,
    EventKind,
    RejectedSubmission,
    Trustee,
)
from phieukin.voting.paper import cards_to_issue

__all__ = [
    "attendance_counts",
    "credentials_summary",
    "do_endorse_credentials",
    "do_submit_credentials",
]


def _refuse_into_record(ballot: Ballot, trustee: Trustee, kind: str, exc: cx.CoreRejection) -> None:
    RejectedSubmission.objects.create(
        ballot=ballot, trustee=trustee, kind=kind, code=exc.code, reason=str(exc)[:500]
    )


def do_submit_credentials(ballot: Ballot, trustee: Trustee, payload: Any) -> BoardEvent:
    """Append the issuer's signed list of public keys; record the batch for the minutes."""
    try:
        return _append_credentials(ballot.pk, trustee, payload)
    except cx.CoreRejection as exc:
        _refuse_into_record(ballot, trustee, EventKind.CREDENTIALS, exc)
        raise SetupError(_("The board refused this list: %(reason)s") % {"reason": exc}) from None


@transaction.atomic
def _append_credentials(ballot_id: int, trustee: Trustee, payload: Any) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    if ballot.status != BallotStatus.READY:
        raise SetupError(_("Cards can be issued only after the counting board's key ceremony."))
    attendance = signed_attendance(ballot)
    if attendance is None:
        raise SetupError(_("The chair must sign the attendance before the cards are issued."))
    if CredentialBatch.objects.filter(ballot=ballot).exists():
        raise SetupError(_("Cards were already issued for this ballot."))
    if not isinstance(payload, dict) or payload.get("issuer") != trustee.index:
        raise SetupError(_("The list is not signed for your seat on the board."))
    cards = cards_to_issue(ballot, attendance["present"])
    if cards < 0:
        raise SetupError(
            _("More members on paper (%(k)d) than members present.") % {"k": ballot.paper_members}
        )
    if payload.get("count") != cards:
        raise SetupError(
            _("Issue exactly one card per member present who does not vote on paper: %(n)d.")
            % {"n": cards}
        )
    board.check_next(ballot, EventKind.CREDENTIALS, payload)
    event = board.append(ballot, EventKind.CREDENTIALS, payload)
    Credential.objects.bulk_create(
        Credential(ballot=ballot, public_key=key) for key in payload["credentials"]
    )
    CredentialBatch.objects.create(
        ballot=ballot,
        count=payload["count"],
        convened_count=attendance["convened"],
        present_count=attendance["present"],
        issued_by=trustee.user,
    )
    audit(
        "voting.credentials_issued",
        actor=trustee.user,
        ballot=ballot,
        data={"count": payload["count"], "trustee": trustee.index},
    )
    return event


def do_endorse_credentials(ballot: Ballot, trustee: Trustee, payload: Any) -> BoardEvent:
    """Another trustee signs the list's event hash (after comparing its short code aloud)."""
    try:
        return _append_endorsement(ballot.pk, trustee, payload)
    except cx.CoreRejection as exc:
        _refuse_into_record(ballot, trustee, EventKind.ENDORSEMENT, exc)
        raise SetupError(
            _("The board refused this message: %(reason)s") % {"reason": exc}
        ) from None


@transaction.atomic
def _append_endorsement(ballot_id: int, trustee: Trustee, payload: Any) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    if ballot.status != BallotStatus.READY or board.one(ballot, EventKind.CREDENTIALS) is None:
        raise SetupError(_("There is no list of cards to confirm."))
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise SetupError(_("The message is not signed for your seat on the board."))
    board.check_next(ballot, EventKind.ENDORSEMENT, payload)
    event = board.append(ballot, EventKind.ENDORSEMENT, payload)
    audit(
        "voting.credentials_endorsed",
        actor=trustee.user,
        ballot=ballot,
        data={"trustee": trustee.index},
    )
    return event


def credentials_summary(ballot: Ballot) -> dict[str, Any] | None:
    """What trustees compare before endorsing: issuer, count and the list's short code."""
    found = board.one(ballot, EventKind.CREDENTIALS)
    if found is None:
        return None
    payload, event_hash = found
    signers = [
        payload["issuer"],
        *(p["trustee"] for p in board.payloads(ballot, EventKind.ENDORSEMENT)),
    ]
    return {
        "issuer": payload["issuer"],
        "count": payload["count"],
        "event": event_hash,
        "short_code": cx.short_code(event_hash),
        "signers": signers,
    }
