"""The signed credential list (protocol.md §4.10, PHIEUKIN-v2).

The trustee who issues the cards (in a browser or with ``phieukin cards``) signs the sorted
public keys, their count and the election fingerprint; further trustees endorse the list by
signing the hash of its record event, until ``t`` trustees have signed. The server only relays
public keys: it can neither add a credential (the signatures break) nor learn a card's code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from phieukin.crypto.check import Check
from phieukin.crypto.credentials import Credential, generate_credentials
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.randomness import SYSTEM, RandomSource
from phieukin.crypto.threshold import sign_payload, verify_payload_signature


def credential_list(
    publics: Sequence[str],
    *,
    fingerprint: bytes,
    issuer: int,
    key: Scalar,
    election_id: str,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """The ``credentials`` payload (v2): sorted keys, count and ``fp``, signed by the issuer."""
    ordered = sorted(publics)
    payload = {
        "election": fingerprint.hex(),
        "issuer": issuer,
        "count": len(ordered),
        "credentials": ordered,
    }
    return sign_payload(payload, key, election_id, issuer, rng)


def issue(
    count: int,
    *,
    fingerprint: bytes,
    issuer: int,
    key: Scalar,
    election_id: str,
    rng: RandomSource = SYSTEM,
) -> tuple[list[Credential], dict[str, Any]]:
    """``count`` fresh credentials (their codes go on the cards, nowhere else) and the list."""
    creds = generate_credentials(election_id, count, rng)
    payload = credential_list(
        [c.public.hex() for c in creds],
        fingerprint=fingerprint,
        issuer=issuer,
        key=key,
        election_id=election_id,
        rng=rng,
    )
    return creds, payload


def endorsement(
    event_hash: str, *, trustee: int, key: Scalar, election_id: str, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    """A trustee's ``credentials_endorsement``: it signs the hash of the ``credentials`` event."""
    return sign_payload({"trustee": trustee, "event": event_hash}, key, election_id, trustee, rng)


def verify_signed(payload: dict[str, Any], key: Element, election_id: str, index: int) -> Check:
    return verify_payload_signature(payload, key, election_id, index)
