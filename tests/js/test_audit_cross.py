"""Benaloh audits cross both ways: an audited ballot from the JS booth opens in Python and a
Python one opens in JS; a lying reveal (other choices or randomness) is refused by both."""

from __future__ import annotations

import copy
from typing import Any

from phieukin.crypto.audit import audit_payload, check_audited_ballot
from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.errors import CryptoError

from .conftest import RunJs, ok, python_election

CHOICES = [[0, 0, 1, 0, 0], [0, 1, 0, 1]]


def python_verdict(audited: dict[str, Any], election: dict[str, Any], cred: str) -> str | None:
    try:
        check_audited_ballot(audited, election["ctx"], [cred])
    except CryptoError as exc:
        return str(exc.code)
    return None


def lies(audited: dict[str, Any]) -> list[dict[str, Any]]:
    other_choice = copy.deepcopy(audited)
    other_choice["choices"][0] = [0, 0, 0, 1, 0]
    other_randomness = copy.deepcopy(audited)
    row = other_randomness["randomness"][1]
    row[0], row[1] = row[1], row[0]
    return [other_choice, other_randomness]


def test_it_opens_js_audits_in_python(run_js: RunJs) -> None:
    election = python_election()
    code = generate_code()
    cred = derive_credential(election["election"]["election_id"], code).public.hex()
    args = {
        "manifest": election["setup"]["manifest"],
        "election": election["election"],
        "choices": CHOICES,
        "code": code,
    }
    audited = ok(run_js([("encrypt_ballot", args)])[0])["audit"]
    assert audited["choices"] == CHOICES
    assert python_verdict(audited, election, cred) is None
    for lie in lies(audited):
        assert python_verdict(lie, election, cred) == "invalid_ballot"


def test_it_opens_python_audits_in_js(run_js: RunJs) -> None:
    election = python_election()
    cred = derive_credential(election["election"]["election_id"], generate_code())
    ballot, secrets = encrypt_ballot(election["ctx"], cred, CHOICES)
    audited = audit_payload(ballot, secrets)
    ctx = {**election["election"], "manifest": election["setup"]["manifest"]}
    results = run_js(
        [("verify_audit", {"audited": a, "ctx": ctx}) for a in [audited, *lies(audited)]]
    )
    assert ok(results[0]) == CHOICES
    for refused in results[1:]:
        assert refused["error"]["code"] == "invalid_ballot"
