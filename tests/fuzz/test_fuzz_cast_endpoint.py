"""The cast and audit endpoints with fuzzed bodies: never a 500, only documented reason codes.

Every response is a 4xx JSON ``{"code", "message"}`` whose code is in the voting app's list
(``CAST_MESSAGES``), and the board does not move. The budget is a tenth of the others' (each
example is a whole request through the middleware stack) but at least 20.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from phieukin.crypto.audit import audit_payload
from phieukin.voting.errors import CAST_MESSAGES
from phieukin.voting.models import Ballot, BoardEvent
from tests.faults.conftest import (  # noqa: F401 - fixtures for pytest
    agenda_item,
    alice,
    board_users,
    charles,
    conference,
    draft_ballot,
    members,
    open_ballot,
    org,
    ready_ballot,
)
from tests.voting.helpers import build_ballot

from .mutations import EXAMPLES, FUZZ, mutated

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]
ENDPOINT = settings(FUZZ, max_examples=max(20, EXAMPLES // 10))
Valid = tuple[Ballot, dict[str, Any], dict[str, Any]]


@pytest.fixture
def valid(open_ballot: tuple[Ballot, list[str]]) -> Valid:  # noqa: F811
    ballot, codes = open_ballot
    data, secrets = build_ballot(ballot, codes[0], [[0, 1, 0, 0, 0]])
    return ballot, data, audit_payload(data, secrets)


def _check(client: Client, ballot: Ballot, kind: str, body: bytes) -> None:
    cache.clear()  # the throttle would otherwise answer 429 after 30 examples
    before = BoardEvent.objects.filter(ballot=ballot).count()
    url = reverse(f"voting:api_{kind}", args=[ballot.pk])
    response = client.post(url, body, content_type="application/json")
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response.json()["code"] in CAST_MESSAGES, response.content[:300]
    assert BoardEvent.objects.filter(ballot=ballot).count() == before


def _body(data: st.DataObject, original: dict[str, Any]) -> bytes:
    if data.draw(st.booleans(), label="raw bytes"):
        return data.draw(st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
    bad = data.draw(mutated(original))
    assume(bad != original)
    try:
        return json.dumps(bad, allow_nan=True).encode()
    except (ValueError, RecursionError):
        return repr(bad).encode()


@ENDPOINT
@given(st.data(), st.sampled_from(["cast", "audit"]))
def test_it_answers_fuzzed_bodies_with_a_reason_code(client, valid: Valid, data, kind) -> None:
    """One test (one ceremony): mutated ballots, mutated audits and random bytes."""
    ballot, cast_body, audit_body = valid
    _check(client, ballot, kind, _body(data, cast_body if kind == "cast" else audit_body))
