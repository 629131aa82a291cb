"""DKG, sealed shares, Lagrange: any t of n decrypt, fewer do not."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phieukin.crypto.elgamal import encrypt
from phieukin.crypto.errors import InvalidShare
from phieukin.crypto.group import Element, Scalar, base_mul
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.sharebox import open_share, seal_share
from phieukin.crypto.threshold import (
    dkg_commit,
    dkg_receive,
    dkg_reveal,
    eval_poly,
    joint_keys,
    lagrange_at_zero,
    verify_commit,
    verify_reveal,
)

EID = "threshold-test"


def _ceremony(t: int, n: int, seed: str) -> tuple[dict, dict, dict, dict[int, Scalar]]:
    rng = SeededRandom(seed)
    secrets, commits = {}, {}
    for i in range(1, n + 1):
        secrets[i], commits[i] = dkg_commit(EID, i, t, rng)
    keys = {i: Element.from_hex(c["public_key"]) for i, c in commits.items()}
    reveals = {i: dkg_reveal(secrets[i], EID, keys, rng) for i in secrets}
    shares = {j: dkg_receive(secrets[j], EID, reveals, rng)[0] for j in secrets}
    return secrets, commits, reveals, shares


@pytest.fixture(scope="module")
def ceremony() -> tuple[dict, dict, dict, dict[int, Scalar]]:
    return _ceremony(3, 5, "three-of-five")


def test_it_verifies_every_honest_message(ceremony: Any) -> None:
    _, commits, reveals, _ = ceremony
    for i in commits:
        assert verify_commit(commits[i], EID).ok
        assert verify_reveal(reveals[i], commits[i], EID, [1, 2, 3, 4, 5], 3).ok


def test_it_catches_a_reveal_that_differs_from_its_commitment(ceremony: Any) -> None:
    _, commits, reveals, _ = ceremony
    check = verify_reveal(reveals[1], commits[2], EID, [1, 2, 3, 4, 5], 3)
    assert "matches_commitment" in check.failed


def test_it_lets_any_t_of_n_shares_and_no_fewer_decrypt(ceremony: Any) -> None:
    secrets, _, reveals, shares = ceremony
    secret = sum((s.coefficients[0] for s in secrets.values()), Scalar(0))
    public, verification = joint_keys(reveals, [1, 2, 3, 4, 5])
    assert base_mul(secret) == public
    assert all(verification[j] == base_mul(shares[j]) for j in shares)
    for subset in itertools.combinations(shares, 3):
        rebuilt = sum((lagrange_at_zero(i, subset) * shares[i] for i in subset), Scalar(0))
        assert rebuilt == secret
    for subset in itertools.combinations(shares, 2):
        rebuilt = sum((lagrange_at_zero(i, subset) * shares[i] for i in subset), Scalar(0))
        assert rebuilt != secret


@settings(max_examples=15)
@given(st.lists(st.integers(1, 2**64), min_size=1, max_size=4), st.integers(1, 20))
def test_it_interpolates_polynomials(coefficients: list[int], x: int) -> None:
    poly = [Scalar(c) for c in coefficients]
    points = list(range(1, len(poly) + 1))
    at_zero = sum((lagrange_at_zero(i, points) * eval_poly(poly, i) for i in points), Scalar(0))
    assert at_zero == poly[0]


def test_it_identifies_a_dealer_whose_share_is_wrong(ceremony: Any) -> None:
    secrets, _, reveals, _ = ceremony
    bad = dict(reveals)
    box = dict(bad[2]["shares"][0])  # trustee 2's share for trustee 1
    flipped = ("0" if box["ciphertext"][0] != "0" else "1") + box["ciphertext"][1:]
    bad[2] = {**bad[2], "shares": [{**box, "ciphertext": flipped}, *bad[2]["shares"][1:]]}
    with pytest.raises(InvalidShare, match="trustee 2"):
        dkg_receive(secrets[1], EID, bad)


def test_it_seals_shares_to_their_recipient_only() -> None:
    rng = SeededRandom("box")
    recipient, other, share = rng.scalar(), rng.scalar(), rng.scalar()
    route = {"election_id": EID, "sender": 1, "recipient": 2}
    box = seal_share(share, base_mul(recipient), **route, rng=rng)
    assert open_share(box, recipient, **route) == share
    with pytest.raises(InvalidShare):
        open_share(box, other, **route)
    with pytest.raises(InvalidShare):
        open_share(box, recipient, **{**route, "sender": 3})
    tag = box["tag"]
    with pytest.raises(InvalidShare):
        open_share({**box, "tag": ("1" if tag[0] == "0" else "0") + tag[1:]}, recipient, **route)


def test_it_keeps_secrets_out_of_reprs(ceremony: Any) -> None:
    secrets, _, _, _ = ceremony
    text = repr(secrets[1])
    assert secrets[1].key.hex() not in text and "hidden" in text


def test_it_decrypts_with_the_joint_key(ceremony: Any) -> None:
    secrets, _, reveals, _ = ceremony
    public, _ = joint_keys(reveals, [1, 2, 3, 4, 5])
    secret = sum((s.coefficients[0] for s in secrets.values()), Scalar(0))
    ct = encrypt(3, public, Scalar(11))
    assert ct.beta - secret * ct.alpha == base_mul(Scalar(3))
