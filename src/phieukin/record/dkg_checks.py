"""Record checks of the key ceremony (protocol.md §4.6, audit checklist item 4)."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.errors import InvalidProof, InvalidSchema, InvalidSignature
from phieukin.crypto.group import Element, Scalar, decode_hex32
from phieukin.crypto.threshold import (
    joint_keys,
    verify_answer,
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
        if type(box["to"]) is not int:
            raise InvalidSchema("share.to must be an integer")
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
    return _acked_keys(payload, setup, commits, reveals, acks, index, None)


def _acked_keys(  # noqa: PLR0917 - the ack's state, shared by v1 and v2
    payload: dict[str, Any],
    setup: Setup,
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
    acks: dict[int, dict[str, Any]],
    index: int,
    qualified: list[int] | None,
) -> dict[int, Element]:
    """The ack's ``Y`` and ``Y_j`` against the (qualified) Feldman values, then its signature."""
    public, verification = joint_keys(reveals, setup.trustee_indices, qualified)
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


# -- PHIEUKIN-v2: complaint round (protocol.md §4.6.1, rows D5–D7) ----------------------------


def check_dkg_check(
    payload: dict[str, Any],
    setup: Setup,
    commits: dict[int, dict[str, Any]],
    checks: dict[int, dict[str, Any]],
) -> None:
    """A trustee's signed verdict on the shares it received: the dealers it accuses."""
    require_keys(payload, {"trustee", "complaints", "signature"}, "dkg_check")
    index = trustee_index(payload, setup, checks)
    complaints = payload["complaints"]
    if (
        not isinstance(complaints, list)
        or any(
            type(i) is not int or i == index or i not in setup.trustee_indices for i in complaints
        )
        or complaints != sorted(set(complaints))
    ):
        raise InvalidSchema("complaints must be ascending indices of other trustees")
    key = Element.from_hex(commits[index]["public_key"], "public_key")
    verify_payload_signature(payload, key, setup.election_id, index).require(
        InvalidSignature, f"trustee {index} check"
    )
    checks[index] = payload


def check_answer(
    payload: dict[str, Any],
    setup: Setup,
    *,
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
    checks: dict[int, dict[str, Any]],
    answers: dict[tuple[int, int], dict[str, Any]],
) -> None:
    """A dealer publishes the share a complainer said was bad; it must lie on its polynomial."""
    require_keys(payload, {"trustee", "to", "share", "signature"}, "dkg_answer")
    dealer, to = payload["trustee"], payload["to"]
    if type(dealer) is not int or type(to) is not int:
        raise InvalidSchema("dkg_answer trustee and to must be integers")
    if dealer not in checks.get(to, {}).get("complaints", []) or (dealer, to) in answers:
        raise InvalidSchema(f"no open complaint of trustee {to} against trustee {dealer}")
    Scalar.from_hex(payload["share"], "share")
    if not verify_answer(payload, reveals[dealer]):
        raise InvalidProof(f"trustee {dealer}'s answer is not on its committed polynomial")
    key = Element.from_hex(commits[dealer]["public_key"], "public_key")
    verify_payload_signature(payload, key, setup.election_id, dealer).require(
        InvalidSignature, f"trustee {dealer} answer"
    )
    answers[(dealer, to)] = payload


def check_ack_v2(
    payload: dict[str, Any],
    setup: Setup,
    *,
    commits: dict[int, dict[str, Any]],
    reveals: dict[int, dict[str, Any]],
    acks: dict[int, dict[str, Any]],
    qualified: list[int],
) -> dict[int, Element]:
    """A qualified trustee's ack of ``Y``, its ``Y_j`` and QUAL (all over QUAL's dealers)."""
    keys = {"trustee", "qualified", "public_key", "verification_key", "signature"}
    require_keys(payload, keys, "dkg_ack")
    index = trustee_index(payload, setup, acks)
    if index not in qualified:
        raise InvalidSchema(f"trustee {index} is disqualified and cannot acknowledge")
    if len(qualified) < setup.threshold:
        raise InvalidProof(f"only {len(qualified)} qualified trustees, {setup.threshold} needed")
    if payload["qualified"] != qualified:
        raise InvalidProof(f"trustee {index} acknowledged another qualified set")
    return _acked_keys(payload, setup, commits, reveals, acks, index, qualified)


def check_joint_key_v2(
    payload: dict[str, Any],
    setup: Setup,
    reveals: dict[int, dict[str, Any]],
    qualified: list[int],
    chair_key: Element,
) -> ElectionContext:
    """``joint_key`` over QUAL; the fingerprint binds the chair's key (§6.3)."""
    require_keys(
        payload, {"qualified", "public_key", "verification_keys", "fingerprint"}, "joint_key"
    )
    if payload["qualified"] != qualified:
        raise InvalidProof("joint key names another qualified set")
    public, verification = joint_keys(reveals, setup.trustee_indices, qualified)
    if public.is_identity:
        raise InvalidProof("the election key is the identity")
    expected_vks = [verification[j].hex() for j in setup.trustee_indices]
    if payload["public_key"] != public.hex() or payload["verification_keys"] != expected_vks:
        raise InvalidProof("joint key differs from the value computed from the DKG")
    ctx = ElectionContext.create(setup, public, chair_key)
    if payload["fingerprint"] != ctx.fingerprint.hex():
        raise InvalidProof("fingerprint differs from D32(fingerprint, setup, Y, C)")
    return ctx
