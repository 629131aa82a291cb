"""Property-based run of every API operation (bounded examples).

Checked: never a 5xx, and every documented response matches its schema and content type.
Undocumented 401/403/404/422 are not flagged: their JSON shape is fixed by
``phieukin.api.errors`` and tested in ``test_errors.py``.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from phieukin.accounts.services import do_create_api_token

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def token(world):
    # Schemathesis drives the raw WSGI handler, whose request signals would close the database
    # connection and with it the test's transaction (Django's test client avoids this the same way).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield do_create_api_token(world.staff, "schemathesis", actor=None)[1]
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_never_answers_5xx(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
