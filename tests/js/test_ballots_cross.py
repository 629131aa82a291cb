"""Ballots cross both ways: the JS booth's ballots pass the Python verifier and vice versa.

Also checks that both sides compute the same tracking code and credential key, and that a
tampered ballot is rejected by both with the same error code.
"""

from __future__ import annotations

import copy
from typing import Any

from phieukin.crypto.ballot import ballot_hash, check_ballot, encrypt_ballot, tracking_code
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.errors import CryptoError

from .conftest import RunJs, ok, python_election

CHOICES = [[0, 1, 0, 0, 0], [1, 0, 1, 0]]


def python_code(ballot: dict[str, Any], election: dict[str, Any], creds: list[str]) -> str | None:
    try:
        check_ballot(ballot, election["ctx"], creds)
    except CryptoError as exc:
        return str(exc.code)
    return None


def test_it_python_accepts_js_ballots_with_the_same_tracking_code(run_js: RunJs) -> None:
    election = python_election()
    code = generate_code()
    cred = derive_credential(election["election"]["election_id"], code)
    made, key = run_js(
        [
            (
                "encrypt_ballot",
                {
                    "manifest": election["setup"]["manifest"],
                    "election": election["election"],
                    "choices": CHOICES,
                    "code": code.lower(),
                },
            ),
            ("credential", {"election_id": election["election"]["election_id"], "code": code}),
        ]
    )
    result = ok(made)
    assert ok(key)["public_key"] == cred.public.hex()
    ballot = result["ballot"]
    assert python_code(ballot, election, [cred.public.hex()]) is None
    assert result["ballotHash"] == ballot_hash(ballot)
    assert result["trackingCode"] == tracking_code(ballot)


def test_it_js_accepts_python_ballots(run_js: RunJs) -> None:
    election = python_election()
    cred = derive_credential(election["election"]["election_id"], generate_code())
    ballot, _ = encrypt_ballot(election["ctx"], cred, CHOICES)
    ctx = {
        **election["election"],
        "manifest": election["setup"]["manifest"],
        "credentials": [cred.public.hex()],
    }
    verdict, tracked = run_js(
        [("verify_ballot", {"ballot": ballot, "ctx": ctx}), ("tracking_code", {"ballot": ballot})]
    )
    assert ok(verdict) is True
    assert ok(tracked) == tracking_code(ballot)


def tampered(ballot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """One variant per kind of tampering, each a deep copy."""
    variants = {}

    def variant(name: str) -> dict[str, Any]:
        variants[name] = copy.deepcopy(ballot)
        return variants[name]

    variant("other_election")["election"] = "ab" * 32
    variant("flipped_alpha")["answers"][0]["choices"][1]["alpha"] = "00" * 32
    variant("bad_hex")["answers"][1]["choices"][0]["beta"] = "zz" * 32
    variant("swapped_choices")["answers"][0]["choices"].reverse()
    variant("missing_key").pop("signature")
    variant("extra_key")["extra"] = 1
    s = variant("non_canonical_scalar")["signature"]
    s["s"] = "ff" * 32
    v = variant("forged_signature")["signature"]
    v["s"] = ballot["answers"][0]["proofs"][0][0]["s"]
    v = variant("short_sum_proof")["answers"][0]
    v["sum_proof"] = v["sum_proof"][:0]
    return variants


def test_it_rejects_tampered_ballots_like_python(run_js: RunJs) -> None:
    election = python_election()
    cred = derive_credential(election["election"]["election_id"], generate_code())
    ballot, _ = encrypt_ballot(election["ctx"], cred, CHOICES)
    creds = [cred.public.hex()]
    ctx = {**election["election"], "manifest": election["setup"]["manifest"], "credentials": creds}
    variants = tampered(ballot)
    variants["unknown_credential"] = ballot
    results = run_js(
        [
            (
                "verify_ballot",
                {
                    "ballot": b,
                    "ctx": ctx
                    if n != "unknown_credential"
                    else {**ctx, "credentials": ["cd" * 32]},
                },
            )
            for n, b in variants.items()
        ]
    )
    for (name, b), result in zip(variants.items(), results, strict=True):
        want = python_code(b, election, creds if name != "unknown_credential" else ["cd" * 32])
        assert want is not None, name
        assert "error" in result, f"JS accepted the {name} ballot"
        assert result["error"]["code"] == want, (name, result["error"], want)
