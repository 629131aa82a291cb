"""Completeness and soundness of the three proof systems (docs/architecture.md §3.10)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from phieukin.crypto.elgamal import KeyPair, encrypt
from phieukin.crypto.group import GENERATOR, Element, Scalar, base_mul
from phieukin.crypto.proofs import Proof
from phieukin.crypto.proofs.chaum_pedersen import prove_decryption, verify_decryption
from phieukin.crypto.proofs.disjunctive import prove_range, verify_range
from phieukin.crypto.proofs.schnorr import prove_schnorr, verify_schnorr
from tests.strategies import keypairs, nonzero_scalars, scalars

FP = bytes(range(32))


def _range_kwargs(key: Element, lo: int, hi: int, fp: bytes = FP) -> dict:
    return {
        "key": key,
        "lo": lo,
        "hi": hi,
        "dst": "sum",
        "fingerprint": fp,
        "credential": GENERATOR,
    }


@given(nonzero_scalars(), st.binary(max_size=64))
def test_it_signs_and_verifies_schnorr(secret: Scalar, message: bytes) -> None:
    public = base_mul(secret)
    proof = prove_schnorr(secret, public, "test", [message])
    assert verify_schnorr(proof, public, "test", [message]).ok
    assert verify_schnorr(proof, public, "test", [message + b"x"]).failed == (
        "consistent_challenge",
    )
    assert not verify_schnorr(proof, public, "other", [message])
    assert not verify_schnorr(proof, public + GENERATOR, "test", [message])


@given(nonzero_scalars(), scalars(), scalars())
def test_it_never_accepts_a_forged_schnorr_proof(secret: Scalar, c: Scalar, s: Scalar) -> None:
    assert not verify_schnorr(Proof(c, s), base_mul(secret), "test", [b"m"])


@settings(max_examples=20)
@given(keypairs(), st.integers(0, 3), scalars(), st.integers(0, 3))
def test_it_proves_a_range_only_for_the_true_value(
    key: KeyPair, m: int, r: Scalar, claim: int
) -> None:
    ct = encrypt(m, key.public, r)
    proof = prove_range(ct, m, r, **_range_kwargs(key.public, 0, 3))
    assert verify_range(proof, ct, **_range_kwargs(key.public, 0, 3)).ok
    assert not verify_range(proof, ct, **_range_kwargs(key.public, 0, 3, fp=bytes(32)))
    assert not verify_range(proof, ct, **_range_kwargs(key.public, 1, 4))
    # A dishonest prover claiming another value (using the nonce it has) fails.
    forged = prove_range(ct, claim, r, **_range_kwargs(key.public, 0, 3)) if claim == m else None
    if claim != m:
        fake_ct = encrypt(claim, key.public, r)
        lie = prove_range(fake_ct, claim, r, **_range_kwargs(key.public, 0, 3))
        assert not verify_range(lie, ct, **_range_kwargs(key.public, 0, 3))
    else:
        assert forged is not None


@settings(max_examples=20)
@given(keypairs(), scalars(), st.lists(st.tuples(scalars(), scalars()), min_size=2, max_size=2))
def test_it_never_accepts_a_random_range_proof(key: KeyPair, r: Scalar, pairs: list) -> None:
    ct = encrypt(5, key.public, r)  # out of [0, 1]: no honest proof exists
    proof = tuple(Proof(c, s) for c, s in pairs)
    assert verify_range(proof, ct, **_range_kwargs(key.public, 0, 1)).failed == ("challenges_sum",)


@settings(max_examples=20)
@given(nonzero_scalars(), scalars(), scalars())
def test_it_proves_a_correct_partial_decryption(share: Scalar, r: Scalar, other: Scalar) -> None:
    vk = base_mul(share)
    ct = encrypt(1, base_mul(Scalar(9)), r)
    statement = {"verification_key": vk, "fingerprint": FP, "trustee": 2}
    factor, proof = prove_decryption(share, ct, **statement)
    assert verify_decryption(proof, factor, ct, **statement).ok
    assert not verify_decryption(proof, factor + GENERATOR, ct, **statement)
    assert not verify_decryption(proof, factor, ct, **{**statement, "trustee": 3})
    if other != share:
        wrong, wrong_proof = prove_decryption(other, ct, **statement)
        assert not verify_decryption(wrong_proof, wrong, ct, **statement)
