"""The v2 signatures of people other than voters and trustees (protocol.md §4.8, §4.9).

- The chair's key ``C`` (``chair_key`` event, with a proof of possession) signs the attendance;
  ``fp`` binds ``C``, so swapping the chair's key would invalidate every ballot.
- The server's key ``S`` (``setup.server_key``) signs the booth's receipts: a voter holding a
  receipt for a ballot the record lacks proves that the server dropped it.
- A trustee proves, before the ballot opens, that the key file it saved still holds its share
  ``s_i`` (``key_possession``: a Schnorr proof for ``Y_i``, signed with ``z_i``).

All are Schnorr signatures (§4.1) under their own DST; the message is the canonical payload
without its ``signature`` key.
"""

from __future__ import annotations

from typing import Any, Final

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.check import Check
from phieukin.crypto.group import Element, Scalar, base_mul
from phieukin.crypto.proofs import Proof
from phieukin.crypto.proofs.schnorr import prove_schnorr, verify_schnorr
from phieukin.crypto.randomness import SYSTEM, RandomSource
from phieukin.crypto.threshold import sign_payload, verify_payload_signature

CHAIR_KEY_DST: Final = "chair-key"
CHAIR_SIGNATURE_DST: Final = "chair-signature"
RECEIPT_DST: Final = "receipt"
POSSESSION_DST: Final = "key-possession"


def unsigned(payload: dict[str, Any]) -> bytes:
    """``msg``: the canonical payload without its ``signature`` key."""
    return canonical_bytes({k: v for k, v in payload.items() if k != "signature"})


def chair_key_payload(
    secret: Scalar, election_id: str, name: str, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    """The ``chair_key`` event: ``C = c·G`` with a proof of knowledge of ``c``."""
    public = base_mul(secret)
    proof = prove_schnorr(secret, public, CHAIR_KEY_DST, [election_id], rng)
    return {"name": name, "public_key": public.hex(), "key_proof": proof.to_json()}


def verify_chair_key(payload: dict[str, Any], election_id: str) -> tuple[Element, Check]:
    public = Element.from_hex(payload["public_key"], "chair_key.public_key")
    proof = Proof.from_json(payload["key_proof"], "chair_key.key_proof")
    return public, verify_schnorr(proof, public, CHAIR_KEY_DST, [election_id])


def sign_as_chair(
    payload: dict[str, Any], secret: Scalar, fingerprint: bytes, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    proof = prove_schnorr(
        secret, base_mul(secret), CHAIR_SIGNATURE_DST, [fingerprint, unsigned(payload)], rng
    )
    return {**payload, "signature": proof.to_json()}


def verify_chair_signature(payload: dict[str, Any], chair: Element, fingerprint: bytes) -> Check:
    proof = Proof.from_json(payload.get("signature"), "signature")
    return verify_schnorr(proof, chair, CHAIR_SIGNATURE_DST, [fingerprint, unsigned(payload)])


def receipt(
    secret: Scalar,
    *,
    fingerprint: bytes,
    seq: int,
    kind: str,
    event_hash: str,
    ballot_hash: str,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """The server's signed acknowledgement of the ballot appended at ``seq`` (§4.9)."""
    body = {
        "election": fingerprint.hex(),
        "seq": seq,
        "kind": kind,
        "event": event_hash,
        "ballot": ballot_hash,
    }
    proof = prove_schnorr(secret, base_mul(secret), RECEIPT_DST, [canonical_bytes(body)], rng)
    return {**body, "signature": proof.to_json()}


RECEIPT_KEYS: Final = frozenset({"election", "seq", "kind", "event", "ballot", "signature"})


def verify_receipt_signature(data: dict[str, Any], server: Element) -> Check:
    proof = Proof.from_json(data.get("signature"), "receipt.signature")
    return verify_schnorr(proof, server, RECEIPT_DST, [unsigned(data)])


def key_possession(
    key: Scalar,
    share: Scalar,
    *,
    election_id: str,
    index: int,
    fingerprint: bytes,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """Trustee ``i`` shows that its saved key file opens: ``s_i`` for ``Y_i``, signed by ``z_i``."""
    proof = prove_schnorr(share, base_mul(share), POSSESSION_DST, [fingerprint, index], rng)
    payload = {"trustee": index, "share_proof": proof.to_json()}
    return sign_payload(payload, key, election_id, index, rng)


def verify_key_possession(
    payload: dict[str, Any],
    *,
    election_id: str,
    fingerprint: bytes,
    verification_key: Element,
    trustee_key: Element,
) -> Check:
    index = payload["trustee"]
    proof = Proof.from_json(payload["share_proof"], "share_proof")
    share = verify_schnorr(proof, verification_key, POSSESSION_DST, [fingerprint, index])
    if not share:
        return Check("key_possession", ("share_proof",))
    signed = verify_payload_signature(payload, trustee_key, election_id, index)
    return Check("key_possession", () if signed else ("signature",))
