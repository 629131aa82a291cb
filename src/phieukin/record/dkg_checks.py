"""Record checks of the key ceremony (protocol.md §4.6, audit checklist item 4)."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.errors import InvalidProof, InvalidSchema, InvalidSignature
from phieukin.crypto.group import Element, decode_hex32
from phieukin.crypto.threshold import (
    joint_keys,
    verify_commit,
    verify_payload_signature,
    verify_reveal,
)
from phieukin.record.state_helpers import require_keys, trustee_index


def check_commit(payload: dict[str, Any], setup: Setup, commits: dict[int, dict[str, Any]]) -> None:
    require_keys(payload, {"trustee", "public_key", "key_proof", "commitment"}, "dkg_commit")
    index = trustee_index(payload, setup, commits)
    decode_hex32(payload["commitment"], "commitment")
    verify_commit(payload, setup.election_id).require(InvalidProof, f"trustee {index} key proof")
    commits[index] = payload


def check_reveal(
    payload: dict[str, Any],
    setup: Setup,
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
) -> None:
    keys = {"trustee", "coefficients", "secret_proof", "shares", "signature"}
    require_keys(payload, keys, "dkg_reveal")
    index = trustee_index(payload, setup, reveals)
    if not isinstance(payload["shares"], list):
        raise InvalidSchema("shares must be a list")
    for box in payload["shares"]:
        if not isinstance(box, dict) or set(box) != {"to", "ephemeral", "ciphertext", "tag"}:
            raise InvalidSchema("each share must have exactly to, ephemeral, ciphertext, tag")
        Element.from_hex(box["ephemeral"], "share.ephemeral")
        decode_hex32(box["ciphertext"], "share.ciphertext")
        decode_hex32(box["tag"], "share.tag")
    result = verify_reveal(
        payload, commits[index], setup.election_id, setup.trustee_indices, setup.threshold
    )
    result.require(InvalidProof, f"trustee {index} reveal")
    reveals[index] = payload


def check_ack(
    payload: dict[str, Any],
    setup: Setup,
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
    acks: dict[int, dict[str, Any]],
) -> dict[int, Element]:
    require_keys(payload, {"trustee", "public_key", "verification_key", "signature"}, "dkg_ack")
    index = trustee_index(payload, setup, acks)
    public, verification = joint_keys(reveals, setup.trustee_indices)
    if payload["public_key"] != public.hex():
        raise InvalidProof(f"trustee {index} acknowledged a different election key")
    if payload["verification_key"] != verification[index].hex():
        raise InvalidProof(f"trustee {index} verification key differs from the Feldman value")
    key = Element.from_hex(commits[index]["public_key"], "public_key")
    check = verify_payload_signature(payload, key, setup.election_id, index)
    check.require(InvalidSignature, f"trustee {index} ack")
    acks[index] = payload
    return verification


def check_joint_key(
    payload: dict[str, Any], setup: Setup, reveals: dict[int, dict[str, Any]]
) -> ElectionContext:
    require_keys(payload, {"public_key", "verification_keys", "fingerprint"}, "joint_key")
    public, verification = joint_keys(reveals, setup.trustee_indices)
    if public.is_identity:
        raise InvalidProof("the election key is the identity")
    expected_vks = [verification[j].hex() for j in setup.trustee_indices]
    if payload["public_key"] != public.hex() or payload["verification_keys"] != expected_vks:
        raise InvalidProof("joint key differs from the value computed from the DKG")
    ctx = ElectionContext.create(setup, public)
    if payload["fingerprint"] != ctx.fingerprint.hex():
        raise InvalidProof("fingerprint differs from D32(fingerprint, setup, Y)")
    return ctx
