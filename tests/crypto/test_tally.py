"""Homomorphic tally, partial decryptions with proofs, identification of bad shares."""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.ballot import encrypt_ballot, parse_ballot
from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.errors import NotEnoughShares
from phieukin.crypto.group import Element
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.tally import (
    combine,
    identify_invalid,
    partial_decrypt,
    tally_ballots,
    verify_partial_decryption,
)
from tests.crypto.conftest import RATING
from tests.crypto.test_threshold import _ceremony

CHOICES = [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 1]]


@pytest.fixture(scope="module")
def election() -> dict[str, Any]:
    _, _, reveals, shares = _ceremony(2, 3, "tally")
    from phieukin.crypto.threshold import joint_keys

    public, vks = joint_keys(reveals, [1, 2, 3])
    ctx = ElectionContext.create(Setup("tally-e", RATING, 2, ("A", "B", "C"), "last"), public)
    rng = SeededRandom("tally-ballots")
    from phieukin.crypto.credentials import derive_credential, generate_code

    ballots = []
    for choices in CHOICES:
        cred = derive_credential("tally-e", generate_code(rng))
        ballots.append(parse_ballot(encrypt_ballot(ctx, cred, [choices], rng)[0], RATING))
    tally = tally_ballots(RATING, ballots)
    partials = {
        i: partial_decrypt(
            shares[i], tally, verification_key=vks[i], trustee=i, fingerprint=ctx.fingerprint
        )
        for i in shares
    }
    return {"ctx": ctx, "tally": tally, "partials": partials, "vks": vks}


def test_it_decrypts_the_sum_with_any_two_of_three(election: dict[str, Any]) -> None:
    expected = [[2, 1, 0, 0, 1]]
    for pair in ([1, 2], [1, 3], [2, 3]):
        partials = {i: election["partials"][i] for i in pair}
        used, counts = combine(election["tally"], partials, 2, len(CHOICES))
        assert used == pair and counts == expected


def test_it_refuses_to_decrypt_with_one_share(election: dict[str, Any]) -> None:
    with pytest.raises(NotEnoughShares):
        combine(election["tally"], {1: election["partials"][1]}, 2, len(CHOICES))


def test_it_identifies_an_invalid_partial_decryption(election: dict[str, Any]) -> None:
    bad = dict(election["partials"][2])
    other = election["partials"][3]["factors"][0][0]
    bad["factors"] = [[other, *bad["factors"][0][1:]]]
    partials = {**election["partials"], 2: bad}
    ctx = election["ctx"]
    assert identify_invalid(partials, election["tally"], election["vks"], ctx.fingerprint) == [2]
    check = verify_partial_decryption(bad, election["tally"], election["vks"][2], ctx.fingerprint)
    assert check.failed == ("proof[0][0]",)
    good = {i: p for i, p in partials.items() if i != 2}
    assert combine(election["tally"], good, 2, len(CHOICES))[1] == [[2, 1, 0, 0, 1]]


def test_it_flags_malformed_partials_as_invalid(election: dict[str, Any]) -> None:
    ctx = election["ctx"]
    broken = {1: {"trustee": 1, "factors": "x", "proofs": []}, 2: election["partials"][2]}
    vks: dict[int, Element] = election["vks"]
    assert identify_invalid(broken, election["tally"], vks, ctx.fingerprint) == [1]
