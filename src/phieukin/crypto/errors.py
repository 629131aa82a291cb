"""Typed errors of the verifiable-ballot core (docs/architecture.md §3.3, protocol.md §6.7).

Every rejection carries a stable ``code`` so the API and the verifier report *why*, and a message
that never contains a secret (only public values, indices and lengths).
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_ENCODING = "invalid_encoding"
    NON_CANONICAL = "non_canonical"
    TOO_LARGE = "too_large"
    INVALID_SCHEMA = "invalid_schema"
    INVALID_PROOF = "invalid_proof"
    INVALID_SIGNATURE = "invalid_signature"
    INVALID_BALLOT = "invalid_ballot"
    WRONG_ELECTION = "wrong_election"
    UNKNOWN_CREDENTIAL = "unknown_credential"
    DUPLICATE_CREDENTIAL = "duplicate_credential"
    INVALID_SHARE = "invalid_share"
    INVALID_CREDENTIAL_CODE = "invalid_credential_code"
    BROKEN_CHAIN = "broken_chain"
    OUT_OF_ORDER = "out_of_order"
    TALLY_MISMATCH = "tally_mismatch"
    RESULT_MISMATCH = "result_mismatch"
    NOT_ENOUGH_SHARES = "not_enough_shares"
    # PHIEUKIN-v2 (protocol.md §6.7): the record's invariants and cross-references.
    CREDENTIALS_EXCEED_PRESENT = "credentials_exceed_present"
    COUNTED_EXCEEDS_PRESENT = "counted_exceeds_present"
    QUORUM_NOT_MET = "quorum_not_met"
    EVENT_MISMATCH = "event_mismatch"
    ABSENT_TRUSTEE = "absent_trustee"
    MISSING_BALLOT = "missing_ballot"
    EMPTY_RECORD = "empty_record"
    INCOMPLETE_RECORD = "incomplete_record"
    # Paper ballots (protocol.md §4.11): the counting board's signed paper count.
    PAPER_UNRECONCILED = "paper_unreconciled"
    PAPER_EXCEEDS_PRESENT = "paper_exceeds_present"


class CryptoError(Exception):
    """Base of every error raised by ``phieukin.crypto`` and ``phieukin.record``."""

    code: ErrorCode = ErrorCode.INVALID_ENCODING

    def __init__(self, message: str, *, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidEncoding(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_ENCODING


class NonCanonical(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.NON_CANONICAL


class TooLarge(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.TOO_LARGE


class InvalidSchema(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_SCHEMA


class InvalidProof(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_PROOF


class InvalidSignature(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_SIGNATURE


class InvalidBallot(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_BALLOT


class InvalidShare(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_SHARE


class InvalidCredentialCode(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.INVALID_CREDENTIAL_CODE


class NotEnoughShares(CryptoError):  # noqa: N818 — the names protocol.md §6.7 uses
    code = ErrorCode.NOT_ENOUGH_SHARES


class WrongElection(InvalidBallot):
    code = ErrorCode.WRONG_ELECTION


class UnknownCredential(InvalidBallot):
    code = ErrorCode.UNKNOWN_CREDENTIAL
