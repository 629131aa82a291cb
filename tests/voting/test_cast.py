from __future__ import annotations

import copy
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from phieukin.crypto.audit import audit_payload
from phieukin.crypto.credentials import generate_code
from phieukin.voting import chair
from phieukin.voting.models import Ballot, BoardEvent

from .helpers import build_ballot, resign

RATING_GOOD = [[0, 1, 0, 0, 0]]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def post(client, ballot, data, *, kind="cast"):
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    url = reverse(f"voting:api_{kind}", args=[ballot.pk])
    return client.post(url, body, content_type="application/json")


def test_it_accepts_a_valid_ballot_and_puts_it_on_the_board(client, open_ballot):
    ballot, codes = open_ballot
    data, _secrets = build_ballot(ballot, codes[0], RATING_GOOD)
    response = post(client, ballot, data)
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["status"] == "accepted" and len(receipt["tracking_code"]) == 19
    event = BoardEvent.objects.get(ballot=ballot, kind="ballot")
    assert json.loads(event.body)["payload"] == data
    assert event.hash == receipt["event_hash"] and event.tracking_code == receipt["tracking_code"]
    assert chair.live_count(ballot).received == 1


def test_it_refuses_a_second_ballot_with_the_same_card(client, open_ballot):
    ballot, codes = open_ballot
    first, _ = build_ballot(ballot, codes[0], RATING_GOOD)
    second, _ = build_ballot(ballot, codes[0], [[1, 0, 0, 0, 0]])
    assert post(client, ballot, first).status_code == 201
    response = post(client, ballot, second)
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_credential"
    assert "đã được dùng" in response.json()["message"]
    replay = post(client, ballot, first)  # a captured request sent again
    assert replay.json()["code"] == "duplicate_credential"
    assert BoardEvent.objects.filter(ballot=ballot, kind="ballot").count() == 1


def swap_branches(b):
    proof = b["answers"][0]["proofs"][0]
    proof[0], proof[1] = proof[1], proof[0]


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (lambda b: b.update(election="ab" * 32), "wrong_election"),
        (swap_branches, "invalid_signature"),
        (
            lambda b: b["signature"].update(s=b["answers"][0]["proofs"][0][0]["s"]),
            "invalid_signature",
        ),
        (lambda b: b["answers"][0]["choices"].pop(), "invalid_schema"),
        (lambda b: b.pop("signature"), "invalid_schema"),
        (lambda b: b.update(credential="zz" * 32), "invalid_encoding"),
    ],
)
def test_it_rejects_forged_or_malformed_ballots_with_a_reason(client, open_ballot, tamper, code):
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[1], RATING_GOOD)
    bad = copy.deepcopy(data)
    tamper(bad)
    response = post(client, ballot, bad)
    assert response.status_code == 400
    assert response.json()["code"] == code and response.json()["message"]
    assert not BoardEvent.objects.filter(ballot=ballot, kind="ballot").exists()
    assert post(client, ballot, data).status_code == 201  # the honest one still goes in


def test_it_rejects_a_forged_proof_even_when_signed_by_a_real_card(client, open_ballot):
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[1], RATING_GOOD)
    swap_branches(data)
    response = post(client, ballot, resign(ballot, codes[1], data))
    assert response.status_code == 400 and response.json()["code"] == "invalid_proof"
    assert "giả mạo" in response.json()["message"]


def test_it_rejects_a_card_that_is_not_on_the_list(client, open_ballot):
    ballot, _codes = open_ballot
    data, _ = build_ballot(ballot, generate_code(), RATING_GOOD)
    response = post(client, ballot, data)
    assert response.json()["code"] == "unknown_credential"


@pytest.mark.parametrize("body", [b"not json", b'{"a": 1.5}', b"[]", b"{" * 100, b"\xff\xfe"])
def test_it_rejects_garbage_without_a_500(client, open_ballot, body):
    ballot, _codes = open_ballot
    response = post(client, ballot, body)
    assert response.status_code == 400
    assert response.json()["code"] in {"malformed_request", "invalid_schema"}


def test_it_refuses_ballots_when_not_open(client, open_ballot, ready_ballot):
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[0], RATING_GOOD)
    Ballot.objects.filter(pk=ballot.pk).update(status="closed")
    response = post(client, ballot, data)
    assert response.status_code == 409 and response.json()["code"] == "ballot_not_open"
    assert post(client, Ballot(pk=99999), data).status_code == 404


def test_it_publishes_an_audited_ballot_and_never_counts_it(client, open_ballot):
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[2], RATING_GOOD)
    response = post(client, ballot, audit_payload(data, secrets), kind="audit")
    assert response.status_code == 201 and response.json()["status"] == "audited"
    counts = chair.live_count(ballot)
    assert (counts.received, counts.audited) == (0, 1)
    replay = post(client, ballot, data)  # the opened ballot must not be cast afterwards
    assert replay.json()["code"] == "audited_ballot_replay"
    again, _ = build_ballot(ballot, codes[2], RATING_GOOD)  # the booth re-encrypts
    assert post(client, ballot, again).status_code == 201


def test_it_rejects_an_audit_whose_opening_is_false(client, open_ballot):
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[2], RATING_GOOD)
    payload = audit_payload(data, secrets)
    payload["choices"] = [[1, 0, 0, 0, 0]]
    response = post(client, ballot, payload, kind="audit")
    assert response.status_code == 400 and response.json()["code"] == "invalid_ballot"


def test_it_throttles_a_client_that_keeps_sending_bad_ballots(client, open_ballot):
    ballot, codes = open_ballot
    for _ in range(30):
        post(client, ballot, b"junk")
    response = post(client, ballot, b"junk")
    assert response.status_code == 429 and response.json()["code"] == "throttled"
    data, _ = build_ballot(ballot, codes[0], RATING_GOOD)
    assert post(client, ballot, data).status_code == 429
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert post(other, ballot, data).status_code == 201


def test_it_refuses_a_resigned_copy_of_an_audited_ballot(client, open_ballot):
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[4], RATING_GOOD)
    assert post(client, ballot, audit_payload(data, secrets), kind="audit").status_code == 201
    response = post(client, ballot, resign(ballot, codes[4], data))
    assert response.status_code == 409 and response.json()["code"] == "audited_ballot_replay"


def test_it_refuses_to_open_a_cast_ballot_a_vote_buying_receipt(client, open_ballot):
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[5], RATING_GOOD)
    assert post(client, ballot, data).status_code == 201
    opened = audit_payload(resign(ballot, codes[5], data), secrets)
    response = post(client, ballot, opened, kind="audit")
    assert response.status_code == 409 and response.json()["code"] == "reused_ciphertext"
    assert not BoardEvent.objects.filter(ballot=ballot, kind="audited_ballot").exists()


def test_it_refuses_an_oversized_body_with_a_json_reason(client, open_ballot):
    ballot, _codes = open_ballot
    response = post(client, ballot, b" " * (6 << 20))
    assert response.status_code == 413 and response.json()["code"] == "too_large"
