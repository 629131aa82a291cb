"""Benaloh audit of a ballot (protocol.md §4.5): reveal choices and nonces, let anyone re-check.

An audited ballot is never counted; the booth re-encrypts afterwards.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from phieukin.crypto.ballot import Ballot, BallotSecrets, check_ballot, check_choices
from phieukin.crypto.check import Check, check
from phieukin.crypto.election import ElectionContext
from phieukin.crypto.elgamal import encrypt
from phieukin.crypto.errors import CryptoError, InvalidBallot, InvalidSchema
from phieukin.crypto.group import Scalar
from phieukin.crypto.tally import shape_of


def audit_payload(ballot: dict[str, Any], secrets: BallotSecrets) -> dict[str, Any]:
    """The ``audited_ballot`` payload: the ballot plus what opens it."""
    return {
        "ballot": ballot,
        "choices": [list(row) for row in secrets.choices],
        "randomness": [[r.hex() for r in row] for row in secrets.nonces],
    }


def verify_opening(ballot: Ballot, payload: dict[str, Any], ctx: ElectionContext) -> Check:
    """The revealed choices satisfy the manifest and every ciphertext opens to them."""
    choices, randomness = payload["choices"], payload["randomness"]
    if not isinstance(choices, list) or not all(isinstance(row, list) for row in choices):
        raise InvalidSchema("choices must be an array of arrays")  # protocol.md §4.5 (b)
    try:
        check_choices(ctx.manifest, choices)
    except InvalidBallot:
        return check("audit", choices_in_bounds=False)
    if shape_of(randomness) != [len(row) for row in choices]:
        raise InvalidSchema("randomness must mirror the shape of choices")
    for k, (answer, row, nonces) in enumerate(
        zip(ballot.answers, choices, randomness, strict=True)
    ):
        for o, (ct, m, r) in enumerate(zip(answer.choices, row, nonces, strict=True)):
            if encrypt(m, ctx.public_key, Scalar.from_hex(r, "randomness")) != ct:
                return Check("audit", (f"opens[{k}][{o}]",))
    return Check("audit")


def check_audited_ballot(payload: Any, ctx: ElectionContext, credentials: Container[str]) -> Ballot:
    """Validate an ``audited_ballot`` payload: a valid ballot that opens as revealed."""
    if not isinstance(payload, dict) or set(payload) != {"ballot", "choices", "randomness"}:
        raise InvalidSchema("audited ballot must have exactly ballot, choices, randomness")
    ballot = check_ballot(payload["ballot"], ctx, credentials)
    try:
        verify_opening(ballot, payload, ctx).require(InvalidBallot, "audited ballot")
    except (TypeError, ValueError) as exc:
        raise InvalidSchema("audited ballot reveal is malformed") from exc
    except CryptoError:
        raise
    return ballot
