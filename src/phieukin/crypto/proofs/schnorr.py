"""Schnorr proofs of knowledge and signatures (protocol.md §4.1).

Prove ``X = x·G``: ``A = w·G``, ``c = H2S(dst, ctx…, X, A)``, ``s = w − c·x``.
A signature is the same proof with the message as the last context part.
"""

from __future__ import annotations

from collections.abc import Sequence

from phieukin.crypto.check import Check, check
from phieukin.crypto.group import Element, Scalar, base_double_mul_public, base_mul
from phieukin.crypto.hashing import HashPart, hash_to_scalar
from phieukin.crypto.proofs import Proof
from phieukin.crypto.randomness import SYSTEM, RandomSource


def prove_schnorr(
    secret: Scalar,
    public: Element,
    dst: str,
    context: Sequence[HashPart],
    rng: RandomSource = SYSTEM,
) -> Proof:
    w = rng.scalar()
    commitment = base_mul(w)  # A
    c = hash_to_scalar(dst, *context, public, commitment)
    return Proof(c, w - c * secret)


def verify_schnorr(proof: Proof, public: Element, dst: str, context: Sequence[HashPart]) -> Check:
    commitment = base_double_mul_public(proof.s, proof.c, public)  # A' = s·G + c·X
    expected = hash_to_scalar(dst, *context, public, commitment)
    return check("schnorr", consistent_challenge=expected == proof.c)
