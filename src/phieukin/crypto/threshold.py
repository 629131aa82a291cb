"""t-of-n threshold keys: Pedersen DKG, Feldman commitments, commit-then-reveal (protocol.md §4.6).

Each trustee ``i`` deals a random polynomial ``f_i`` of degree ``t−1``; the election secret
``Σ f_i(0)`` is never assembled anywhere. Committing to the Feldman coefficients before anyone
reveals (and proving knowledge of ``a_i0``) stops a trustee from choosing its key after seeing
the others' (rogue-key attack). Shares travel through the server sealed by ``sharebox``.

PHIEUKIN-v2 adds a complaint round (§4.6.1, after Gennaro–Jarecki–Krawczyk–Rabin): every trustee
posts a signed ``dkg_check`` naming the dealers whose share to it failed; each accused dealer may
answer by publishing that share; a dealer with an unanswered complaint is disqualified, and the
key is the sum over the qualified dealers only (at least ``t`` of them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.check import Check, check
from phieukin.crypto.errors import CryptoError, InvalidSchema, InvalidShare
from phieukin.crypto.group import Element, Scalar, base_mul, sum_elements
from phieukin.crypto.hashing import HashPart, digest32
from phieukin.crypto.proofs import Proof
from phieukin.crypto.proofs.schnorr import prove_schnorr, verify_schnorr
from phieukin.crypto.randomness import SYSTEM, RandomSource
from phieukin.crypto.sharebox import open_share, seal_share


def eval_poly(coefficients: Sequence[Scalar], x: int) -> Scalar:
    result = Scalar(0)
    point = Scalar.reduce(x)
    for coefficient in reversed(coefficients):
        result = result * point + coefficient
    return result


def feldman_eval(commitments: Sequence[Element], x: int) -> Element:
    """``Σ_k x^k·A_k``: the public image of ``f(x)``."""
    terms = [Scalar.reduce(x**k) * a for k, a in enumerate(commitments)]
    return sum_elements(terms)


def lagrange_at_zero(index: int, indices: Sequence[int]) -> Scalar:
    """``λ_i = Π_{j≠i} j·(j − i)^{−1} mod ℓ``."""
    num, den = Scalar(1), Scalar(1)
    for j in indices:
        if j != index:
            num = num * Scalar.reduce(j)
            den = den * Scalar.reduce(j - index)
    return num * den.inverse()


@dataclass(frozen=True)
class TrusteeSecret:
    """What one trustee keeps private during the ceremony (never logged, never sent)."""

    index: int
    threshold: int
    key: Scalar  # z_i, long-term key (share decryption, signatures)
    coefficients: tuple[Scalar, ...]  # a_i0 … a_i,t−1

    def __repr__(self) -> str:
        return f"TrusteeSecret(index={self.index}, <hidden>)"

    @property
    def public_key(self) -> Element:
        return base_mul(self.key)

    @property
    def commitments(self) -> tuple[Element, ...]:
        return tuple(base_mul(a) for a in self.coefficients)


def commitment_hash(election_id: str, index: int, commitments: Sequence[Element]) -> str:
    return digest32("dkg-commit", election_id, index, *commitments).hex()


def sign_payload(
    payload: dict[str, Any], key: Scalar, election_id: str, index: int, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    message = canonical_bytes(payload)
    proof = prove_schnorr(
        key, base_mul(key), "trustee-signature", [election_id, index, message], rng
    )
    return {**payload, "signature": proof.to_json()}


def verify_payload_signature(
    payload: dict[str, Any], key: Element, election_id: str, index: int
) -> Check:
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    proof = Proof.from_json(payload.get("signature"), "signature")
    context: list[HashPart] = [election_id, index, canonical_bytes(unsigned)]
    return verify_schnorr(proof, key, "trustee-signature", context)


def dkg_commit(
    election_id: str, index: int, threshold: int, rng: RandomSource = SYSTEM
) -> tuple[TrusteeSecret, dict[str, Any]]:
    """Round 1: a fresh trustee secret and its ``dkg_commit`` payload."""
    secret = TrusteeSecret(
        index, threshold, rng.scalar(), tuple(rng.scalar() for _ in range(threshold))
    )
    key = secret.public_key
    proof = prove_schnorr(secret.key, key, "dkg-key", [election_id, index], rng)
    payload = {
        "trustee": index,
        "public_key": key.hex(),
        "key_proof": proof.to_json(),
        "commitment": commitment_hash(election_id, index, secret.commitments),
    }
    return secret, payload


def dkg_reveal(
    secret: TrusteeSecret,
    election_id: str,
    trustee_keys: Mapping[int, Element],
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """Round 2: Feldman coefficients, proof of ``a_i0`` and every other trustee's sealed share."""
    i = secret.index
    commitments = secret.commitments
    proof = prove_schnorr(
        secret.coefficients[0], commitments[0], "dkg-secret", [election_id, i], rng
    )
    shares = [
        seal_share(
            eval_poly(secret.coefficients, j),
            trustee_keys[j],
            election_id=election_id,
            sender=i,
            recipient=j,
            rng=rng,
        )
        for j in sorted(trustee_keys)
        if j != i
    ]
    payload = {
        "trustee": i,
        "coefficients": [a.hex() for a in commitments],
        "secret_proof": proof.to_json(),
        "shares": shares,
    }
    return sign_payload(payload, secret.key, election_id, i, rng)


def dkg_receive(
    secret: TrusteeSecret,
    election_id: str,
    reveals: Mapping[int, dict[str, Any]],
    rng: RandomSource = SYSTEM,
) -> tuple[Scalar, dict[str, Any]]:
    """Round 3: open and check every share (``InvalidShare`` names the dealer), sum, ack."""
    j = secret.index
    total = eval_poly(secret.coefficients, j)
    public_parts: list[Element] = []
    for i in sorted(reveals):
        commitments = tuple(Element.from_hex(a, "coefficient") for a in reveals[i]["coefficients"])
        public_parts.append(commitments[0])
        if i == j:
            continue
        box = next((b for b in reveals[i]["shares"] if b.get("to") == j), None)
        if box is None:
            raise InvalidShare(f"trustee {i} sent no share to trustee {j}")
        share = open_share(box, secret.key, election_id=election_id, sender=i, recipient=j)
        if base_mul(share) != feldman_eval(commitments, j):
            raise InvalidShare(f"share from trustee {i} does not match its Feldman commitments")
        total = total + share
    payload = {
        "trustee": j,
        "public_key": sum_elements(public_parts).hex(),
        "verification_key": base_mul(total).hex(),
    }
    return total, sign_payload(payload, secret.key, election_id, j, rng)


def verify_commit(payload: dict[str, Any], election_id: str) -> Check:
    index = payload["trustee"]
    key = Element.from_hex(payload["public_key"], "public_key")
    proof = Proof.from_json(payload["key_proof"], "key_proof")
    return Check("dkg_commit", verify_schnorr(proof, key, "dkg-key", [election_id, index]).failed)


def verify_reveal(
    payload: dict[str, Any],
    commit: dict[str, Any],
    election_id: str,
    trustees: Sequence[int],
    threshold: int,
) -> Check:
    index = payload["trustee"]
    coefficients = payload["coefficients"]
    if not isinstance(coefficients, list) or len(coefficients) != threshold:
        raise InvalidSchema(f"trustee {index} must reveal {threshold} coefficients")
    commitments = [Element.from_hex(a, "coefficient") for a in coefficients]
    proof = Proof.from_json(payload["secret_proof"], "secret_proof")
    key = Element.from_hex(commit["public_key"], "public_key")
    recipients = [box.get("to") if isinstance(box, dict) else None for box in payload["shares"]]
    return check(
        "dkg_reveal",
        matches_commitment=commitment_hash(election_id, index, commitments) == commit["commitment"],
        secret_proof=verify_schnorr(proof, commitments[0], "dkg-secret", [election_id, index]).ok,
        shares_addressed=recipients == [j for j in trustees if j != index],
        signature=verify_payload_signature(payload, key, election_id, index).ok,
    )


def joint_keys(
    reveals: Mapping[int, dict[str, Any]],
    trustees: Sequence[int],
    qualified: Sequence[int] | None = None,
) -> tuple[Element, dict[int, Element]]:
    """``Y = Σ_i A_i0`` and ``Y_j = Σ_i Σ_k j^k·A_ik`` over the (qualified) dealers ``i``."""
    dealers = sorted(reveals) if qualified is None else sorted(qualified)
    all_commitments = [
        [Element.from_hex(a, "coefficient") for a in reveals[i]["coefficients"]] for i in dealers
    ]
    public = sum_elements([c[0] for c in all_commitments])
    verification = {
        j: sum_elements([feldman_eval(c, j) for c in all_commitments]) for j in trustees
    }
    return public, verification


# -- v2: complaint round (protocol.md §4.6.1) ------------------------------------------------


def _dealt_share(
    secret: TrusteeSecret, election_id: str, dealer: int, reveal: dict[str, Any]
) -> Scalar:
    """The share ``σ_ij`` dealer ``i`` sent us, checked against its Feldman commitments."""
    j = secret.index
    commitments = tuple(Element.from_hex(a, "coefficient") for a in reveal["coefficients"])
    box = next((b for b in reveal["shares"] if isinstance(b, dict) and b.get("to") == j), None)
    if box is None:
        raise InvalidShare(f"trustee {dealer} sent no share to trustee {j}")
    share = open_share(box, secret.key, election_id=election_id, sender=dealer, recipient=j)
    if base_mul(share) != feldman_eval(commitments, j):
        raise InvalidShare(f"share from trustee {dealer} does not match its Feldman commitments")
    return share


def dkg_check(
    secret: TrusteeSecret,
    election_id: str,
    reveals: Mapping[int, dict[str, Any]],
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """Round 3 (v2): open every share; the signed ``dkg_check`` names the dealers that failed."""
    j = secret.index
    complaints = []
    for i in sorted(reveals):
        if i == j:
            continue
        try:
            _dealt_share(secret, election_id, i, reveals[i])
        except (InvalidShare, InvalidSchema, CryptoError):
            complaints.append(i)
    return sign_payload({"trustee": j, "complaints": complaints}, secret.key, election_id, j, rng)


def dkg_answer(
    secret: TrusteeSecret, election_id: str, complainer: int, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    """A dealer's answer to a complaint: the share ``f_i(j)`` to trustee ``j``, in the clear.

    Safe to publish: an honest complainer accuses only a dishonest dealer (who knows the share
    anyway), and a dishonest complainer already holds it.
    """
    i = secret.index
    payload = {
        "trustee": i,
        "to": complainer,
        "share": eval_poly(secret.coefficients, complainer).hex(),
    }
    return sign_payload(payload, secret.key, election_id, i, rng)


def verify_answer(payload: dict[str, Any], reveal: dict[str, Any]) -> bool:
    """The revealed share lies on the dealer's committed polynomial: ``σ·G = F_i(j)``."""
    share = Scalar.from_hex(payload["share"], "share")
    commitments = [Element.from_hex(a, "coefficient") for a in reveal["coefficients"]]
    return base_mul(share) == feldman_eval(commitments, payload["to"])


def qualified_dealers(
    trustees: Sequence[int],
    checks: Mapping[int, dict[str, Any]],
    answers: Mapping[tuple[int, int], dict[str, Any]],
) -> list[int]:
    """QUAL: the dealers every complaint against whom was answered (``answers[(i, j)]``)."""
    accused = {(i, j) for j, c in checks.items() for i in c["complaints"]}
    return [i for i in trustees if all((d, j) in answers for d, j in accused if d == i)]


def dkg_receive_v2(
    secret: TrusteeSecret,
    election_id: str,
    reveals: Mapping[int, dict[str, Any]],
    *,
    answers: Mapping[tuple[int, int], dict[str, Any]],
    qualified: Sequence[int],
    rng: RandomSource = SYSTEM,
) -> tuple[Scalar, dict[str, Any]]:
    """Round 5 (v2): ``s_j = Σ_{i∈QUAL} σ_ij`` (answered shares taken from the record); ack."""
    j = secret.index
    total = Scalar(0)
    for i in sorted(qualified):
        answer = answers.get((i, j))
        if i == j:
            total = total + eval_poly(secret.coefficients, j)
        elif answer is not None:
            total = total + Scalar.from_hex(answer["share"], "share")
        else:
            total = total + _dealt_share(secret, election_id, i, reveals[i])
    public, _ = joint_keys(reveals, sorted(reveals), qualified)
    payload = {
        "trustee": j,
        "qualified": sorted(qualified),
        "public_key": public.hex(),
        "verification_key": base_mul(total).hex(),
    }
    return total, sign_payload(payload, secret.key, election_id, j, rng)
