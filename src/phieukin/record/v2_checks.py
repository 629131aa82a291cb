"""Record checks of the events PHIEUKIN-v2 adds or changes (protocol.md §6.8 rows K1–K2, A2,
C2–C3, T5–T6).

One small function per event type, each raising the row's code; ``state.py`` calls them in
record order and keeps what later events need.
"""

from __future__ import annotations

import itertools
from typing import Any

from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.errors import ErrorCode, InvalidProof, InvalidSchema, InvalidSignature
from phieukin.crypto.errors import WrongElection as WrongElectionError
from phieukin.crypto.group import Element, decode_hex32
from phieukin.crypto.signing import (
    verify_chair_key,
    verify_chair_signature,
    verify_key_possession,
)
from phieukin.crypto.threshold import verify_payload_signature
from phieukin.record.events import RecordError
from phieukin.record.state_helpers import require_keys, trustee_index

ATTENDANCE_COUNTS = ("convened", "present", "excluded", "quorum_required")


def check_chair_key(payload: dict[str, Any], setup: Setup) -> Element:
    """K1: the chair's name, key ``C`` and proof of knowledge of ``c``."""
    require_keys(payload, {"name", "public_key", "key_proof"}, "chair_key")
    name = payload["name"]
    if not isinstance(name, str) or not 1 <= len(name) <= 200:
        raise InvalidSchema("chair_key.name must be a string of 1..200 chars")
    public, proof = verify_chair_key(payload, setup.election_id)
    proof.require(InvalidProof, "chair key proof")
    return public


def check_key_possession(
    payload: dict[str, Any],
    ctx: ElectionContext,
    *,
    commits: dict[int, dict[str, Any]],
    verification_keys: dict[int, Element],
    qualified: list[int],
    seen: dict[int, Any],
) -> None:
    """K2: a qualified trustee proves its saved key file still opens (``s_i`` and ``z_i``)."""
    require_keys(payload, {"trustee", "share_proof", "signature"}, "key_possession")
    index = trustee_index(payload, ctx.setup, seen)
    if index not in qualified:
        raise InvalidSchema(f"trustee {index} is not qualified")
    result = verify_key_possession(
        payload,
        election_id=ctx.setup.election_id,
        fingerprint=ctx.fingerprint,
        verification_key=verification_keys[index],
        trustee_key=Element.from_hex(commits[index]["public_key"], "public_key"),
    )
    if result.failed == ("signature",):
        result.require(InvalidSignature, f"trustee {index} key possession")
    result.require(InvalidProof, f"trustee {index} key possession")
    seen[index] = payload


def check_attendance_v2(payload: dict[str, Any], ctx: ElectionContext) -> dict[str, int]:
    """A2: the chair-signed counts; the quorum must be met (the ballot could not open else)."""
    require_keys(payload, {*ATTENDANCE_COUNTS, "signature"}, "attendance")
    counts = {k: payload[k] for k in ATTENDANCE_COUNTS}
    if any(type(v) is not int or v < 0 for v in counts.values()):
        raise InvalidSchema("attendance counts must be integers ≥ 0")
    if counts["present"] > counts["convened"] or counts["excluded"] > counts["convened"]:
        raise InvalidSchema("attendance needs present ≤ convened and excluded ≤ convened")
    assert ctx.chair_key is not None
    verify_chair_signature(payload, ctx.chair_key, ctx.fingerprint).require(
        InvalidSignature, "attendance (chair)"
    )
    if counts["present"] < counts["quorum_required"]:
        raise RecordError(
            f"{counts['present']} present, quorum {counts['quorum_required']}",
            code=ErrorCode.QUORUM_NOT_MET,
        )
    return counts


def check_credential_keys(creds: Any) -> frozenset[str]:
    """C1: a non-empty, strictly ascending list of non-identity elements."""
    if not isinstance(creds, list) or not creds:
        raise InvalidSchema("credentials must be a non-empty list")
    for k, cred in enumerate(creds):
        Element.from_hex(cred, f"credentials[{k}]")
    if any(a >= b for a, b in itertools.pairwise(creds)):
        raise InvalidSchema("credentials must be strictly ascending (no duplicates)")
    return frozenset(creds)


def check_credentials_v2(
    payload: dict[str, Any],
    ctx: ElectionContext,
    commits: dict[int, dict[str, Any]],
    qualified: list[int],
    present: int,
) -> frozenset[str]:
    """C2: the list, its count ≤ present, for this election, signed by a qualified issuer."""
    require_keys(
        payload, {"election", "issuer", "count", "credentials", "signature"}, "credentials"
    )
    issuer = payload["issuer"]
    if type(issuer) is not int or issuer not in qualified:
        raise InvalidSchema("credentials.issuer must be a qualified trustee")
    if decode_hex32(payload["election"], "election") != ctx.fingerprint:
        raise WrongElectionError("credential list is for another election")
    keys = check_credential_keys(payload["credentials"])
    if type(payload["count"]) is not int or payload["count"] != len(keys):
        raise InvalidSchema("credentials.count must be the number of credentials")
    key = Element.from_hex(commits[issuer]["public_key"], "public_key")
    verify_payload_signature(payload, key, ctx.setup.election_id, issuer).require(
        InvalidSignature, f"credential list (issuer {issuer})"
    )
    check_not_above_present(len(keys), present)
    return keys


def check_not_above_present(issued: int, present: int) -> None:
    """Invariant: at most one card per member present."""
    if issued > present:
        raise RecordError(
            f"{issued} credentials for {present} members present",
            code=ErrorCode.CREDENTIALS_EXCEED_PRESENT,
        )


def check_endorsement(
    payload: dict[str, Any],
    setup: Setup,
    *,
    commits: dict[int, dict[str, Any]],
    qualified: list[int],
    issuer: int,
    credentials_hash: str,
    seen: dict[int, Any],
) -> None:
    """C3: another qualified trustee signs the hash of the ``credentials`` event."""
    require_keys(payload, {"trustee", "event", "signature"}, "credentials_endorsement")
    index = trustee_index(payload, setup, seen)
    if index not in qualified or index == issuer:
        raise InvalidSchema(f"trustee {index} cannot endorse (issuer or not qualified)")
    if payload["event"] != credentials_hash:
        raise RecordError(
            "endorsement names another credentials event", code=ErrorCode.EVENT_MISMATCH
        )
    key = Element.from_hex(commits[index]["public_key"], "public_key")
    verify_payload_signature(payload, key, setup.election_id, index).require(
        InvalidSignature, f"trustee {index} endorsement"
    )
    seen[index] = payload


def check_partial_v2(
    payload: dict[str, Any],
    setup: Setup,
    commits: dict[int, dict[str, Any]],
    qualified: list[int],
    close_hash: str,
) -> None:
    """T5 (before the proofs): a qualified trustee, the close it decrypts, its signature."""
    keys = {"trustee", "close", "factors", "proofs", "signature"}
    require_keys(payload, keys, "partial_decryption")
    index = payload["trustee"]
    if type(index) is not int or index not in qualified:
        raise InvalidSchema("partial_decryption.trustee must be a qualified trustee")
    if payload["close"] != close_hash:
        raise RecordError(f"trustee {index} decrypted another close", code=ErrorCode.EVENT_MISMATCH)
    key = Element.from_hex(commits[index]["public_key"], "public_key")
    verify_payload_signature(payload, key, setup.election_id, index).require(
        InvalidSignature, f"trustee {index} partial decryption"
    )
