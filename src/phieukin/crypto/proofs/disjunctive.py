"""Disjunctive (CDS) proof that a ciphertext encrypts a value in ``[lo, hi]`` (protocol.md §4.4).

Used for each option (``dst="option"``, [0, 1]) and for each question's sum (``dst="sum"``,
[min, max]). Branch ``j``: ``A_j = s_j·G + c_j·α``, ``B_j = s_j·Y + c_j·(β − j·G)``, and
``Σ c_j = H2S(dst, fp, K, Y, u32(lo), u32(hi), α, β, A_lo, B_lo, …, A_hi, B_hi)``. Binding the
fingerprint ``fp`` and the credential ``K`` (strong Fiat–Shamir) stops a proof from being
replayed in another election or under another credential.
"""

from __future__ import annotations

from phieukin.crypto.check import Check, check
from phieukin.crypto.elgamal import Ciphertext
from phieukin.crypto.group import (
    Element,
    Scalar,
    base_double_mul_public,
    base_mul,
    double_mul,
    precomputed,
    small_multiple,
)
from phieukin.crypto.hashing import hash_to_scalar
from phieukin.crypto.proofs import Proof
from phieukin.crypto.randomness import SYSTEM, RandomSource


def _commit(s: Scalar, c: Scalar, ct: Ciphertext, key: Element, j: int) -> tuple[Element, Element]:
    """A fake branch's commitments while proving: constant time, or the time spent on the fake
    branches (computable from the published ``s``, ``c``) would tell which branch is real."""
    a = base_mul(s) + c * ct.alpha
    shifted = ct.beta - small_multiple(j) if j else ct.beta
    return a, double_mul(s, key, c, shifted)


def _recommit(
    s: Scalar, c: Scalar, ct: Ciphertext, key: Element, j: int
) -> tuple[Element, Element]:
    """The verifier's commitments (public scalars): one double multiplication each."""
    shifted = ct.beta - small_multiple(j) if j else ct.beta
    return base_double_mul_public(s, c, ct.alpha), double_mul(s, key, c, shifted)


def prove_range(
    ct: Ciphertext,
    m: int,
    nonce: Scalar,
    *,
    key: Element,
    lo: int,
    hi: int,
    dst: str,
    fingerprint: bytes,
    credential: Element,
    rng: RandomSource = SYSTEM,
) -> tuple[Proof, ...]:
    if not lo <= m <= hi:
        raise ValueError("plaintext outside the proven range")
    fakes: dict[int, Proof] = {}
    commitments: list[Element] = []
    w = rng.scalar()
    table = precomputed(key)
    for j in range(lo, hi + 1):
        if j == m:
            commitments += [base_mul(w), table.mul(w)]
        else:
            fake = Proof(rng.scalar(), rng.scalar())
            fakes[j] = fake
            commitments += _commit(fake.s, fake.c, ct, key, j)
    c = hash_to_scalar(dst, fingerprint, credential, key, lo, hi, ct.alpha, ct.beta, *commitments)
    c_m = c
    for fake in fakes.values():
        c_m = c_m - fake.c
    real = Proof(c_m, w - c_m * nonce)
    return tuple(real if j == m else fakes[j] for j in range(lo, hi + 1))


def verify_range(
    proofs: tuple[Proof, ...],
    ct: Ciphertext,
    *,
    key: Element,
    lo: int,
    hi: int,
    dst: str,
    fingerprint: bytes,
    credential: Element,
) -> Check:
    if len(proofs) != hi - lo + 1:
        return check("disjunctive", branch_count=False)
    commitments: list[Element] = []
    total = Scalar(0)
    for j, proof in zip(range(lo, hi + 1), proofs, strict=True):
        commitments += _recommit(proof.s, proof.c, ct, key, j)
        total = total + proof.c
    c = hash_to_scalar(dst, fingerprint, credential, key, lo, hi, ct.alpha, ct.beta, *commitments)
    return check("disjunctive", challenges_sum=c == total)
