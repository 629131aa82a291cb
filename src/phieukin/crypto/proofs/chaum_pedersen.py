"""Chaum–Pedersen proof of a correct partial decryption (protocol.md §4.3).

Statement: ``Y_i = s_i·G`` and ``D = s_i·α``. Commitments ``A = w·G``, ``B = w·α``;
``c = H2S("decryption", fp, u32(i), Y_i, α, β, D, A, B)``; ``s = w − c·s_i``.
"""

from __future__ import annotations

from phieukin.crypto.check import Check, check
from phieukin.crypto.elgamal import Ciphertext
from phieukin.crypto.group import Element, Scalar, base_double_mul_public, base_mul, double_mul
from phieukin.crypto.hashing import hash_to_scalar
from phieukin.crypto.proofs import Proof
from phieukin.crypto.randomness import SYSTEM, RandomSource

DST = "decryption"


def _challenge(
    statement: tuple[bytes, int, Element],
    ciphertext: Ciphertext,
    factor: Element,
    a: Element,
    b: Element,
) -> Scalar:
    fingerprint, trustee, verification_key = statement
    alpha, beta = ciphertext.alpha, ciphertext.beta
    return hash_to_scalar(DST, fingerprint, trustee, verification_key, alpha, beta, factor, a, b)


def prove_decryption(
    share: Scalar,
    ciphertext: Ciphertext,
    *,
    verification_key: Element,
    fingerprint: bytes,
    trustee: int,
    rng: RandomSource = SYSTEM,
) -> tuple[Element, Proof]:
    """Return ``D = s_i·α`` and its proof."""
    factor = share * ciphertext.alpha
    w = rng.scalar()
    a, b = base_mul(w), w * ciphertext.alpha
    c = _challenge((fingerprint, trustee, verification_key), ciphertext, factor, a, b)
    return factor, Proof(c, w - c * share)


def verify_decryption(
    proof: Proof,
    factor: Element,
    ciphertext: Ciphertext,
    *,
    verification_key: Element,
    fingerprint: bytes,
    trustee: int,
) -> Check:
    c, s = proof.c, proof.s
    a = base_double_mul_public(s, c, verification_key)  # A' = s·G + c·Y_i
    b = double_mul(s, ciphertext.alpha, c, factor)  # B' = s·α + c·D
    expected = _challenge((fingerprint, trustee, verification_key), ciphertext, factor, a, b)
    return check("chaum_pedersen", consistent_challenge=expected == c)
