"""The database goes away in the middle of a cast: 503, nothing half-written, the card still works.

tests/web/test_security_db_unavailable.py checks the middleware with a simulated error; here
PostgreSQL really terminates the request's backend (``pg_terminate_backend``) just as the board
row is inserted, so the driver raises what it raises in production.
"""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record
from phieukin.voting import board
from phieukin.voting.models import BoardEvent
from tests.voting.helpers import build_ballot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server backend needs PostgreSQL")


def _terminate_on_board_insert(execute: Any, sql: str, params: Any, many: bool, context: Any):
    if sql.lstrip().upper().startswith("INSERT") and "voting_boardevent" in sql:
        settings = connection.settings_dict
        pid = connection.connection.info.backend_pid
        dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']}"
        with psycopg.connect(f"{dsn} dbname={settings['NAME']}", autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    return execute(sql, params, many, context)


def test_it_answers_503_and_keeps_the_card_usable(client, open_ballot) -> None:
    cache.clear()
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[0], [[0, 1, 0, 0, 0]])
    url = reverse("voting:api_cast", args=[ballot.pk])
    before = BoardEvent.objects.filter(ballot=ballot).count()
    with connection.execute_wrapper(_terminate_on_board_insert):
        response = client.post(url, json.dumps(data), content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    connection.close()  # the dead connection; Django opens a new one on the next query
    assert BoardEvent.objects.filter(ballot=ballot).count() == before  # nothing half-written
    again = client.post(url, json.dumps(data), content_type="application/json")
    assert again.status_code == 201, again.content  # the same captured ballot goes in once
    lines = board.export_jsonl(ballot).splitlines()
    assert verify_record([parse_event(line) for line in lines]).ok
