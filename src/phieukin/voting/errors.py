"""Typed errors of the voting app: a stable English ``code`` and a Vietnamese message.

See docs/architecture.md §3.3.

The booth shows ``message`` to the voter; the API returns ``{"code", "message"}``. Messages never
contain a credential, a choice or anything that identifies a voter.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class VotingError(Exception):
    """Base class. ``code`` is for machines (English), ``message`` for people (translated)."""

    code = "voting_error"
    status = 400

    def __init__(self, message: object, *, code: str | None = None) -> None:
        super().__init__(str(message))
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class IllegalTransitionError(VotingError):
    code = "illegal_transition"
    status = 409


class SetupError(VotingError):
    code = "invalid_setup"


class QuorumNotMetError(VotingError):
    code = "quorum_not_met"
    status = 409


class CeremonyError(VotingError):
    code = "invalid_ceremony_message"


class CastRejectedError(VotingError):
    """A ballot the board refuses. ``code`` is one of protocol.md §6.7 or ours below."""

    code = "invalid_ballot"


class DecryptionRejectedError(VotingError):
    code = "invalid_partial_decryption"


# Vietnamese messages for every reason the booth may be told (protocol codes + ours).
CAST_MESSAGES: dict[str, object] = {
    "duplicate_credential": _("This card has already been used to cast a ballot."),
    "wrong_election": _("This ballot was prepared for another vote."),
    "unknown_credential": _("This card does not belong to this vote."),
    "invalid_schema": _("The ballot is malformed."),
    "invalid_encoding": _("The ballot is malformed."),
    "non_canonical": _("The ballot is malformed."),
    "too_large": _("The ballot is too large."),
    "invalid_proof": _("The ballot's proofs are invalid (forged or damaged ballot)."),
    "invalid_signature": _("The ballot's signature is invalid (forged or damaged ballot)."),
    "invalid_ballot": _("The ballot is invalid."),
    "audited_ballot_replay": _(
        "This ballot was opened for checking and can no longer be cast: encrypt a new one."
    ),
    "reused_ciphertext": _(
        "This ballot repeats an encryption already on the board: encrypt a new ballot."
    ),
    "ballot_not_open": _("Voting is not open for this ballot."),
    "receipt_key_changed": _(
        "The server cannot sign receipts for this ballot (its receipt key changed): "
        "tell the counting board."
    ),
    "throttled": _("Too many invalid attempts from this device. Wait a minute and try again."),
    "malformed_request": _("The request is malformed."),
}


def cast_rejected(code: str) -> CastRejectedError:
    """Build the rejection for ``code`` with its Vietnamese message."""
    return CastRejectedError(CAST_MESSAGES.get(code, CAST_MESSAGES["invalid_ballot"]), code=code)
