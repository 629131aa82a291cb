"""Replay and bad input at the cast endpoint: each refused with a JSON reason, nothing written.

Complements tests/voting/test_cast.py (which checks the codes) by asserting the board and the
audit log did not move, and by the attacks it does not cover: a fully valid ballot for another
election, bodies over the size limits, a wrong signer, a ballot after a real close, and a cast
re-using an audited ballot's (public) ciphertexts under a fresh signature.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from phieukin.crypto.audit import audit_payload
from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.credentials import derive_credential
from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record
from phieukin.voting import board, ceremony, tally
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.models import Ballot
from tests.voting.helpers import build_ballot, resign

from .helpers import written

GOOD = [[0, 1, 0, 0, 0]]
CodeList = list[str]


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def post(client: Client, ballot: Ballot, body: bytes | dict[str, Any], kind: str = "cast") -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    url = reverse(f"voting:api_{kind}", args=[ballot.pk])
    return client.post(url, raw, content_type="application/json")


def refused(client: Client, ballot: Ballot, body: bytes | dict[str, Any], codes: set[str]) -> str:
    """Post, expect a 4xx JSON rejection with one of ``codes``, and prove nothing was written."""
    before = written(ballot)
    response = post(client, ballot, body)
    assert 400 <= response.status_code < 500, response.content[:200]
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    reason = response.json()
    assert reason["code"] in codes and reason["message"], reason
    assert written(ballot) == before
    return str(reason["code"])


def other_election(ballot: Ballot, code: str) -> dict[str, Any]:
    """A ballot valid in every respect, but for another election (its own setup and card)."""
    setup = {**ceremony.state(ballot).setup, "election_id": "another-election"}
    chair = ceremony.state(ballot).chair_key
    assert chair is not None
    ctx = cx.election_context(setup, ballot.election_public_key, chair["public_key"])
    data, _ = encrypt_ballot(ctx, derive_credential("another-election", code), GOOD)
    return data


def record_ok(ballot: Ballot) -> None:
    lines = board.export_jsonl(ballot).splitlines()
    report = verify_record([parse_event(line) for line in lines])
    assert report.ok, report.failure


def test_it_refuses_a_second_cast_and_a_replayed_request(client, open_ballot) -> None:
    ballot, codes = open_ballot
    first, _ = build_ballot(ballot, codes[0], GOOD)
    captured = json.dumps(first).encode()
    assert post(client, ballot, captured).status_code == 201
    second, _ = build_ballot(ballot, codes[0], [[1, 0, 0, 0, 0]])
    assert refused(client, ballot, second, {"duplicate_credential"})
    assert refused(client, ballot, captured, {"duplicate_credential"})  # byte-for-byte replay
    assert refused(Client(REMOTE_ADDR="10.1.2.3"), ballot, captured, {"duplicate_credential"})
    record_ok(ballot)


Attack = Callable[[Ballot, CodeList], bytes | dict[str, Any]]


def _forged_proof(ballot: Ballot, codes: CodeList) -> dict[str, Any]:
    data, _ = build_ballot(ballot, codes[1], GOOD)
    proof = data["answers"][0]["proofs"][0]
    proof[0], proof[1] = proof[1], proof[0]
    return resign(ballot, codes[1], data)


def _wrong_signer(ballot: Ballot, codes: CodeList) -> dict[str, Any]:
    data, _ = build_ballot(ballot, codes[1], GOOD)
    return resign(ballot, codes[2], data)  # signed by another card, claims codes[1]'s key


def _huge_ballot(ballot: Ballot, codes: CodeList) -> dict[str, Any]:
    data, _ = build_ballot(ballot, codes[1], GOOD)
    data["answers"][0]["choices"] *= 3_000  # ~2 MiB of well-formed ciphertexts
    return data


ATTACKS: dict[str, tuple[Attack, set[str]]] = {
    "another election": (lambda b, c: other_election(b, c[1]), {"wrong_election"}),
    "malformed json": (lambda b, c: b'{"answers": [', {"malformed_request"}),
    "not an object": (lambda b, c: b"[1, 2, 3]", {"invalid_schema"}),
    "float": (lambda b, c: b'{"election": 1e308}', {"malformed_request"}),
    "duplicate keys": (lambda b, c: b'{"a": 1, "a": 2}', {"malformed_request"}),
    "deep nesting": (lambda b, c: b"[" * 100_000 + b"]" * 100_000, {"malformed_request"}),
    "huge body 1.5 MiB": (lambda b, c: b" " * (3 << 19), {"too_large"}),
    "huge ballot": (_huge_ballot, {"too_large"}),
    "forged proof": (_forged_proof, {"invalid_proof"}),
    "wrong signature": (_wrong_signer, {"invalid_signature"}),
}


def test_it_refuses_bad_input_with_a_reason_and_writes_nothing(client, open_ballot) -> None:
    """One ballot for every attack (a ceremony per case would cost a second each)."""
    ballot, codes = open_ballot
    for name, (attack, expected) in ATTACKS.items():
        cache.clear()
        try:
            refused(client, ballot, attack(ballot, codes), expected)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc
    honest, _ = build_ballot(ballot, codes[1], GOOD)
    assert post(client, ballot, honest).status_code == 201  # the card is still usable
    record_ok(ballot)


def test_it_refuses_a_body_over_the_request_size_limit_with_a_json_reason(
    client, open_ballot
) -> None:
    ballot, _codes = open_ballot
    refused(client, ballot, b" " * (6 << 20), {"too_large"})  # over DATA_UPLOAD_MAX_MEMORY_SIZE


def test_it_refuses_a_ballot_after_the_real_close(client, open_ballot, charles) -> None:
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[0], GOOD)
    tally.do_close(ballot, actor=charles)
    refused(client, ballot, data, {"ballot_not_open"})
    record_ok(ballot)


def test_it_refuses_a_resigned_copy_of_an_audited_ballot(client, open_ballot) -> None:
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[2], GOOD)
    assert post(client, ballot, audit_payload(data, secrets), kind="audit").status_code == 201
    copy = resign(ballot, codes[2], data)  # same ciphertexts, fresh signature
    refused(client, ballot, copy, {"audited_ballot_replay", "invalid_ballot"})
    record_ok(ballot)


def test_it_refuses_to_open_a_resigned_copy_of_a_cast_ballot(client, open_ballot) -> None:
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[3], GOOD)
    assert post(client, ballot, data).status_code == 201
    opened = audit_payload(resign(ballot, codes[3], data), secrets)
    before = written(ballot)
    response = post(client, ballot, opened, kind="audit")
    assert response.status_code in (400, 409), response.content
    assert written(ballot) == before
    record_ok(ballot)
