"""Casting and auditing ballots: verify everything, then append under the board lock.

docs/architecture.md §3.8: every check (schema, fingerprint, credential on the list, every proof,
the signature) runs synchronously before the ballot is accepted; the append happens in the same
request, in a transaction holding the Ballot row lock, and the unique constraint on (ballot,
credential) is the last line of defence for one-ballot-per-credential.

Secrecy: this module takes no request, user or address. Nothing it writes or logs names a
person; the board row holds only what the public record holds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.errors import cast_rejected
from phieukin.voting.models import (
    Ballot,
    BallotCiphertext,
    BallotStatus,
    BoardEvent,
    Credential,
    EventKind,
)

MAX_BALLOT_BYTES = 1 << 20  # protocol.md §3.1: one record line ≤ 1 MiB


@dataclass(frozen=True)
class Receipt:
    """What the booth shows after the board accepted a ballot, with the server's signed receipt
    (protocol.md §4.9) that the voter keeps: it proves the ballot was acknowledged at ``seq``."""

    status: str  # "accepted" | "audited"
    tracking_code: str
    seq: int
    event_hash: str
    signed: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "tracking_code": self.tracking_code,
            "seq": self.seq,
            "event_hash": self.event_hash,
            "receipt": self.signed,
        }


def parse_body(raw: bytes) -> Any:
    """Strict JSON (no floats, no duplicate keys, ≤ 1 MiB) or ``malformed_request``."""
    if len(raw) > MAX_BALLOT_BYTES:
        raise cast_rejected("too_large")
    try:
        return cx.loads(raw, max_bytes=MAX_BALLOT_BYTES)
    except cx.CoreRejection:
        raise cast_rejected("malformed_request") from None


def _signer(data: Any, *, audited: bool) -> str:
    inner = data.get("ballot") if audited and isinstance(data, dict) else data
    key = inner.get("credential") if isinstance(inner, dict) else None
    if not isinstance(key, str) or len(key) != 64:
        raise cast_rejected("invalid_schema")
    return key


def _setup(ballot: Ballot) -> tuple[dict[str, Any], str]:
    """The setup payload and the chair's key (what the election context needs)."""
    rows = dict(
        BoardEvent.objects.filter(
            ballot=ballot, kind__in=[EventKind.SETUP, EventKind.CHAIR_KEY]
        ).values_list("kind", "body")
    )
    setup = json.loads(rows[EventKind.SETUP])["payload"]
    chair = (
        json.loads(rows[EventKind.CHAIR_KEY])["payload"]["public_key"]
        if EventKind.CHAIR_KEY in rows
        else ""
    )
    return setup, chair


def verify(ballot: Ballot, data: Any, *, audited: bool) -> tuple[str, str]:
    """All checks that need no lock; returns (credential key, tracking code) or raises."""
    if ballot.status != BallotStatus.OPEN:
        raise cast_rejected("ballot_not_open")
    key = _signer(data, audited=audited)
    known = Credential.objects.filter(ballot=ballot, public_key=key).exists()
    setup, chair = _setup(ballot)
    if setup.get("server_key") != cx.server_public_key():
        # The receipt would not verify against the key in the setup: refuse rather than hand
        # out a worthless receipt (the operator changed PHIEUKIN_RECEIPT_KEY mid-ballot).
        raise cast_rejected("receipt_key_changed")
    ctx = cx.election_context(setup, ballot.election_public_key, chair)
    try:
        code = cx.check_ballot(data, ctx, {key} if known else set(), audited=audited)
    except cx.CoreRejection as exc:
        raise cast_rejected(exc.code) from None
    alphas = cx.ciphertext_ids(data["ballot"] if audited else data)
    if len(set(alphas)) != len(alphas):  # a nonce repeated inside one ballot
        raise cast_rejected("reused_ciphertext")
    return key, code


def do_cast(ballot_id: int, data: Any, *, audited: bool = False) -> Receipt:
    """Verify and append one ballot (``audited``: an opened ballot, published, never counted).

    Raises ``CastRejectedError`` with a protocol code: ballot_not_open, wrong_election,
    unknown_credential, invalid_proof, invalid_signature, invalid_schema, duplicate_credential,
    audited_ballot_replay (a cast copying an audited ballot's ciphertexts), reused_ciphertext
    (an audit of a ballot already on the board, or a ballot repeating a ciphertext).
    """
    ballot = Ballot.objects.only("id", "status", "election_public_key", "fingerprint").get(
        pk=ballot_id
    )
    key, code = verify(ballot, data, audited=audited)
    try:
        return _append(ballot_id, data, key, code, audited=audited, fingerprint=ballot.fingerprint)
    except IntegrityError:
        # Two casts of one credential raced past the lock's check (cannot happen while the
        # row lock holds, but the constraint is what the guarantee rests on).
        raise cast_rejected("duplicate_credential") from None


@transaction.atomic
def _append(
    ballot_id: int, data: Any, key: str, code: str, *, audited: bool, fingerprint: str
) -> Receipt:
    # The lean lock: only the row, no joins; every cast of this ballot queues here.
    ballot = Ballot.objects.select_for_update().only("id", "status").get(pk=ballot_id)
    if ballot.status != BallotStatus.OPEN:  # closed while we were verifying
        raise cast_rejected("ballot_not_open")
    alphas = cx.ciphertext_ids(data["ballot"] if audited else data)
    clash = (
        BallotCiphertext.objects.filter(ballot_id=ballot_id, alpha__in=alphas)
        .values_list("event__kind", flat=True)
        .first()
    )
    if clash is not None:
        # Proofs bind the credential, so a cast sharing a cast ballot's ciphertexts is the same
        # card again (a replay); one sharing an audited ballot's copies a public ballot; an
        # audit sharing any opens a ballot already on the board (a vote-buying receipt).
        # Each would make the record fail verification.
        if audited:
            raise cast_rejected("reused_ciphertext")
        raise cast_rejected(
            "duplicate_credential" if clash == EventKind.BALLOT else "audited_ballot_replay"
        )
    # A second ballot of one credential is refused by the unique constraint on
    # (ballot, credential_key) at the insert below (IntegrityError -> duplicate_credential).
    kind = EventKind.AUDITED if audited else EventKind.BALLOT
    event = board.append(
        ballot, kind, data, credential_key="" if audited else key, tracking_code=code
    )
    BallotCiphertext.objects.bulk_create(
        BallotCiphertext(ballot_id=ballot_id, event=event, alpha=a) for a in alphas
    )
    signed = cx.sign_receipt(
        fingerprint,
        seq=event.seq,
        kind=kind,
        event_hash=event.hash,
        ballot=data["ballot"] if audited else data,
    )
    return Receipt("audited" if audited else "accepted", code, event.seq, event.hash, signed)
